"""Alerts as one message (Vietnamese): plain text, Markdown for chat, HTML for mail."""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from langnghe.alerts.model import Alert
from langnghe.delivery.message import Message
from langnghe.item import one_line, web_link
from langnghe.labels import DIMENSION_VI, in_sentence

SAME_STORY = f"Cùng {in_sentence(DIMENSION_VI['story'])}"  # other alerts about the same items


def alerts_message(alerts: list[Alert], tz: str) -> Message:
    if not alerts:
        raise ValueError("no alerts to send")
    at = alerts[0].at.astimezone(ZoneInfo(tz))
    when = f"{at:%H:%M %d/%m/%Y}"
    head = alerts[0].title if len(alerts) == 1 else f"{len(alerts)} cảnh báo: {alerts[0].title}"
    subject = one_line(f"[Cảnh báo dư luận] {head}")  # titles may quote a claim written over lines
    key = f"alerts:{at:%Y%m%dT%H%M}:" + ",".join(sorted(f"{a.rule_id}/{a.subject}" for a in alerts))
    return Message(key=key, subject=subject[:200], text=_text(alerts, when), markdown=_markdown(alerts, when),
                   html=_html(alerts, when, subject))


def _text(alerts: list[Alert], when: str) -> str:
    lines = [f"Cảnh báo lúc {when} (giờ Việt Nam)", ""]
    for n, alert in enumerate(alerts, 1):
        lines += [f"{n}. {alert.title}", f"   {alert.detail}"]
        lines += [f"   - {s.title} ({s.source}) {web_link(s.url) or ''}".rstrip() for s in alert.samples]
        if alert.also:
            lines.append(f"   {SAME_STORY}: {'; '.join(alert.also)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    # Telegram's legacy Markdown: escape its four markup characters.
    for char in ("\\", "_", "*", "`", "["):
        text = text.replace(char, "\\" + char)
    return text


def _md_url(url: str) -> str:
    # A ")" or a space would end the link early and let the rest of the address through as text.
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _markdown(alerts: list[Alert], when: str) -> str:
    lines = [f"*Cảnh báo dư luận* - {_md(when)}", ""]
    for alert in alerts:
        lines += [f"*{_md(alert.title)}*", _md(alert.detail)]
        for sample in alert.samples:
            href = web_link(sample.url)
            lines.append(f"- [{_md(sample.title[:80])}]({_md_url(href)})" if href else f"- {_md(sample.title[:80])}")
        if alert.also:
            lines.append(f"{SAME_STORY}: {_md('; '.join(alert.also))}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _html(alerts: list[Alert], when: str, subject: str) -> str:
    parts = [
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">',
        f"<title>{escape(subject)}</title></head>",
        '<body style="font-family: Arial, Helvetica, sans-serif; color: #222; max-width: 760px">',
        f"<p style=\"color:#777\">Cảnh báo lúc {escape(when)} (giờ Việt Nam)</p>",
    ]
    for alert in alerts:
        parts.append('<div style="border-left: 4px solid #b71c1c; padding: 4px 12px; margin: 12px 0">')
        parts.append(f"<h3 style=\"margin: 4px 0\">{escape(alert.title)}</h3><p>{escape(alert.detail)}</p>")
        if alert.samples:
            parts.append("<ul>")
            for s in alert.samples:
                title, href = escape(s.title), web_link(s.url)
                link = f'<a href="{escape(href)}">{title}</a>' if href else title
                parts.append(f"<li>{link} <span style=\"color:#777\">({escape(s.source)})</span></li>")
            parts.append("</ul>")
        if alert.also:
            parts.append(f"<p style=\"color:#777\">{SAME_STORY}: {escape('; '.join(alert.also))}</p>")
        parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts)
