"""The digest as one :class:`~langnghe.delivery.message.Message` (HTML for mail with its charts
as ``cid:`` images, Markdown for chat, plain text) and as files for ``langnghe digest``.

The files are the message's own forms: the HTML with each ``cid:`` reference replaced by
a ``data:`` URI (one file that opens anywhere, mailed or moved), and the Markdown.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from langnghe.delivery.message import Image, Message
from langnghe.item import web_link
from langnghe.labels import DIMENSION_VI, EMOTION_VI, FLOOD_NOTE_VI, FLOODS_VI, SENTIMENT_BASIS_NOTE, SENTIMENT_VI, in_sentence
from langnghe.reports import charts
from langnghe.reports.digest import Digest, collect_digest
from langnghe.reports.names import EMOTION_ORDER, SENTIMENT_ORDER
from langnghe.reports.overview import ALL
from langnghe.settings import Settings

CHART_CONCERNS = 8
CHART_PROVINCES = 10
PROVINCES_TITLE = f"{DIMENSION_VI['province']} được nhắc đến nhiều nhất"
SENTIMENT_TITLE = f"{DIMENSION_VI['sentiment']} theo {in_sentence(DIMENSION_VI['concern'])}"
EMOTION_TITLE = f"{DIMENSION_VI['emotion']} theo {in_sentence(DIMENSION_VI['concern'])}"
_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|#"})


def number(value: float) -> str:
    """Vietnamese figures: ``12.345`` for thousands, ``2,5`` for decimals.

    >>> number(12345), number(-3), number(2.5)
    ('12.345', '-3', '2,5')
    """
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def markdown_text(text: str) -> str:
    """Text safe inside Markdown: the characters that would format it are escaped."""
    return " ".join(str(text).split()).translate(_MD_SPECIAL)


def markdown_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def shares(counts: Mapping[str, int], spec: tuple[tuple[str, ...], Mapping[str, str]]) -> str:
    """``"Tiêu cực 60%, Trung tính 30%, Tích cực 10%"`` in the order of ``spec``."""
    order, names = spec
    total = sum(counts.values())
    return ", ".join(f"{names.get(key, key)} {percent(counts[key] / total)}" for key in order if counts.get(key))


_ENV = Environment(
    loader=PackageLoader("langnghe.reports", "templates"),
    autoescape=select_autoescape(["html.j2"], default_for_string=False),
    trim_blocks=True,
    lstrip_blocks=True,
)
# ``weblink``: every address a template shows goes through it (http and https only, else none).
_ENV.filters.update(n=number, dec=number, pct=percent, md=markdown_text, mdurl=markdown_url, shares=shares,
                    sentence=in_sentence, weblink=web_link)
_ENV.globals["dims"] = DIMENSION_VI  # templates name dimensions from the one table
_ENV.globals["sentiment_note"] = SENTIMENT_BASIS_NOTE
_ENV.globals["floods_title"] = f"{FLOODS_VI} ({FLOOD_NOTE_VI})"  # held back from the emerging issues


@dataclass(frozen=True)
class _Shown:
    src: str
    alt: str


def digest_images(digest: Digest) -> tuple[Image, ...]:
    """The digest's charts; a chart with nothing to show is left out (its section says so)."""
    overview, stem = digest.overview, f"digest-{digest.day:%Y%m%d}"
    images = []
    if any(digest.volume.get(ALL, ())):
        title = f"Số tin, bài theo ngày ({len(digest.volume_days)} ngày gần nhất)"
        images.append(Image(f"{stem}-volume", charts.volume_chart(digest.volume_days, digest.volume, title), title))
    provinces = [count for count in overview.of("province") if count.current][:CHART_PROVINCES]
    if provinces:
        png = charts.top_chart([(c.label, c.current) for c in provinces], PROVINCES_TITLE,
                               previous=[c.previous for c in provinces], labels=("Hôm nay", "Hôm trước"))
        images.append(Image(f"{stem}-provinces", png, PROVINCES_TITLE))
    mixes = overview.mixes[:CHART_CONCERNS]
    if mixes:
        sentiment = charts.share_chart([(m.label, m.sentiment) for m in mixes], SENTIMENT_ORDER, SENTIMENT_VI,
                                       charts.SENTIMENT_COLORS, SENTIMENT_TITLE)
        images.append(Image(f"{stem}-sentiment", sentiment, SENTIMENT_TITLE))
    if any(m.emotion for m in mixes):
        emotion = charts.share_chart([(m.label, m.emotion) for m in mixes], EMOTION_ORDER, EMOTION_VI,
                                     charts.EMOTION_COLORS, EMOTION_TITLE)
        images.append(Image(f"{stem}-emotion", emotion, EMOTION_TITLE))
    return tuple(images)


def render_html(digest: Digest, images: tuple[Image, ...]) -> str:
    """HTML for mail: each chart as ``<img src="cid:...">``."""
    shown = {image.cid.rsplit("-", 1)[1]: _Shown(f"cid:{image.cid}", image.alt) for image in images}
    return _ENV.get_template("digest.html.j2").render(d=digest, images=shown)


def render_markdown(digest: Digest) -> str:
    return _tidy(_ENV.get_template("digest.md.j2").render(d=digest))


def render_text(digest: Digest) -> str:
    return _tidy(_ENV.get_template("digest.txt.j2").render(
        d=digest, sentiment_names=(SENTIMENT_ORDER, SENTIMENT_VI), emotion_names=(EMOTION_ORDER, EMOTION_VI)))


def _tidy(text: str) -> str:
    """At most one blank line in a row (Jinja blocks leave more), one final newline."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"


def digest_message(digest: Digest) -> Message:
    images = digest_images(digest)
    return Message(
        key=f"digest:{digest.day:%Y-%m-%d}", subject=f"Bản tin dư luận ngày {digest.day:%d/%m/%Y}",
        text=render_text(digest), html=render_html(digest, images), markdown=render_markdown(digest), images=images,
    )  # fmt: skip


def build_digest_message(settings: Settings, day: date, *, now: datetime | None = None) -> Message:
    """The digest of the local ``day`` (``settings.timezone``) as one message, ready for any channel,
    read through a query service on an app of its own."""
    from langnghe.app import App
    from langnghe.service import QueryService

    with App(settings) as app:
        return digest_message(collect_digest(QueryService(app), day, now=now))


def standalone_html(message: Message) -> str:
    """The message's HTML with its images inlined as ``data:`` URIs."""
    html = message.html or ""
    for image in message.images:
        encoded = base64.b64encode(image.png).decode("ascii")
        html = html.replace(f'src="cid:{image.cid}"', f'src="data:image/png;base64,{encoded}"')
    return html


def write_digest_files(message: Message, out_dir: Path, day: date) -> Path:
    """``out_dir/ban-tin-YYYY-MM-DD.html`` (standalone) and ``.md``, replaced atomically; returns the HTML path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"ban-tin-{day:%Y-%m-%d}.html"
    for target, content in ((path, standalone_html(message)), (path.with_suffix(".md"), message.markdown or "")):
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        tmp.replace(target)
    return path


def write_digest(settings: Settings, day: date, out_dir: Path | None = None, *, now: datetime | None = None) -> Path:
    """Build the digest of ``day`` and write its files (default folder: ``data_dir/digests``)."""
    message = build_digest_message(settings, day, now=now)
    return write_digest_files(message, out_dir or settings.paths.digests, day)
