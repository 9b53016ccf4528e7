"""Feed parsing from bytes already downloaded (scrapy did the fetching, so robots.txt,
throttling and timeouts apply to feeds too): RSS, Atom and RDF with feedparser; JSON Feed
(jsonfeed.org, versions 1 and 1.1), which feedparser 6.0 does not read, from its documented fields."""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
from w3lib.html import remove_tags, remove_tags_with_content, replace_entities

from langnghe.crawlers.decoding import decode_page
from langnghe.crawlers.wording import json_error, xml_error

_BLOCK_END = re.compile(r"<\s*br\s*/?\s*>|</\s*(p|div|li|h[1-6]|blockquote|tr)\s*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_JSON_FEED_VERSION = "https://jsonfeed.org/version/"


class FeedError(Exception):
    """The body is not a usable RSS or Atom feed; the message says why, in Vietnamese (users read it)."""


@dataclass(frozen=True)
class FeedEntry:
    """What the crawler keeps of one feed entry."""

    link: str | None
    guid: str | None
    title: str
    summary: str  # plain text: the entry's content or summary, HTML stripped
    published: datetime | None  # UTC
    author: str | None


@dataclass(frozen=True)
class ParsedFeed:
    entries: list[FeedEntry]
    warning: str | None = None  # the feed had XML errors but entries could be recovered
    title: str = ""  # the feed's own title and home page, as written
    link: str | None = None


def parse_feed(body: bytes, *, url: str, content_type: str | None, tz: ZoneInfo) -> ParsedFeed:
    """Parse an RSS/Atom/JSON Feed body; naive entry dates are read in ``tz``. Raises :class:`FeedError`."""
    if is_json(body):
        return parse_json_feed(body, tz)
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True)
    entries = [_entry(raw, tz) for raw in parsed.entries]
    problem = _bozo_reason(parsed)
    if not entries and (problem or not parsed.get("version")):
        raise FeedError(_why_not_a_feed(body, content_type, problem))
    warning = f"nguồn cấp tin có lỗi XML ({problem}); vẫn đọc được {len(entries)} mục" if problem else None
    head = parsed.get("feed", {})
    return ParsedFeed(entries=entries, warning=warning, title=head.get("title") or "", link=head.get("link") or None)


def is_json(body: bytes) -> bool:
    """Whether the body is JSON text (an object or an array), in any of JSON's encodings."""
    return decode_page(body[:64]).lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def parse_json_feed(body: bytes, tz: ZoneInfo) -> ParsedFeed:
    """A JSON Feed's items as entries; :class:`FeedError` for other JSON."""
    try:
        data = json.loads(decode_page(body).lstrip("\ufeff"))
    except (ValueError, RecursionError) as exc:
        raise FeedError(json_error(exc)) from None
    if not (isinstance(data, dict) and str(data.get("version", "")).startswith(_JSON_FEED_VERSION)):
        raise FeedError("tệp JSON nhưng không phải JSON Feed (thiếu phiên bản jsonfeed.org)")
    items = data.get("items")
    entries = [_json_entry(raw, tz) for raw in items if isinstance(raw, dict)] if isinstance(items, list) else []
    link = data.get("home_page_url")
    return ParsedFeed(entries=entries, title=_json_text(data.get("title")), link=link if isinstance(link, str) else None)


def _json_entry(raw: dict[str, Any], tz: ZoneInfo) -> FeedEntry:
    link = raw.get("url") or raw.get("external_url")
    blocks = [_json_text(raw.get(key)) for key in ("content_html", "content_text", "summary")]
    when = next((parse_date_text(raw[key], tz) for key in ("date_published", "date_modified") if isinstance(raw.get(key), str)), None)
    return FeedEntry(
        link=link.strip() or None if isinstance(link, str) else None,
        guid=str(raw["id"]).strip() or None if isinstance(raw.get("id"), (str, int)) else None,
        title=html_to_text(_json_text(raw.get("title"))),
        summary=max((html_to_text(block) for block in blocks), key=len),
        published=when,
        author=_json_author(raw),
    )


def _json_author(raw: dict[str, Any]) -> str | None:
    """Version 1.1 lists ``authors``; version 1 had one ``author``."""
    listed = raw.get("authors")
    authors: list[Any] = listed if isinstance(listed, list) else [raw.get("author")]
    names = [one.get("name") for one in authors if isinstance(one, dict)]
    return next((name.strip() for name in names if isinstance(name, str) and name.strip()), None)


def _json_text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _bozo_reason(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    # A declared-vs-actual encoding mismatch is harmless: feedparser decoded it anyway.
    if type(exc).__name__ in ("CharacterEncodingOverride",):
        return None
    if type(exc).__name__ == "NonXMLContentType":
        return "máy chủ không khai báo nội dung là XML"
    return xml_error(exc)


def _why_not_a_feed(body: bytes, content_type: str | None, problem: str | None) -> str:
    head = body[:512].lstrip().lower()
    if not head:
        return "câu trả lời rỗng, không phải nguồn cấp tin RSS hay Atom"
    if b"<html" in head or b"<!doctype html" in head or "html" in (content_type or ""):
        return "địa chỉ trả về một trang HTML, không phải nguồn cấp tin RSS hay Atom"
    if problem:
        return f"XML sai cú pháp ({problem}), không đọc được mục nào"
    return "không phải nguồn cấp tin RSS hay Atom (không có phần tử gốc <rss>, <feed> hoặc <rdf:RDF>)"


def _entry(raw: Any, tz: ZoneInfo) -> FeedEntry:
    return FeedEntry(
        link=(raw.get("link") or "").strip() or None,
        guid=(raw.get("id") or "").strip() or None,
        title=html_to_text(raw.get("title") or ""),
        summary=_summary(raw),
        published=entry_date(raw, tz),
        author=_author(raw),
    )


def _summary(raw: Any) -> str:
    """The longest of the entry's content blocks and summary: some feeds carry the whole article."""
    candidates = [block.get("value", "") for block in raw.get("content") or []]
    candidates.append(raw.get("summary") or "")
    return max((html_to_text(text) for text in candidates), key=len, default="")


def _author(raw: Any) -> str | None:
    detail = raw.get("author_detail") or {}
    name = detail.get("name") or raw.get("author") or ""
    return name.strip() or None


def entry_date(raw: Any, tz: ZoneInfo) -> datetime | None:
    """The entry's published (else updated) time in UTC; a date written without zone is ``tz`` time.

    feedparser's own ``*_parsed`` fields read zone-less dates as UTC, so the raw text is
    parsed first and feedparser's result is only the fallback for formats we do not know.
    """
    for key in ("published", "updated", "created"):
        text = raw.get(key)
        when = parse_date_text(text, tz) if text else None
        if when is None and raw.get(f"{key}_parsed"):
            when = datetime.fromtimestamp(calendar.timegm(raw[f"{key}_parsed"]), timezone.utc)
        if when is not None:
            return when
    return None


def parse_date_text(text: str, tz: ZoneInfo) -> datetime | None:
    """RFC 822 (RSS) or ISO 8601 (Atom) text -> UTC; naive times are taken as ``tz`` local time."""
    text = text.strip()
    when: datetime | None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        when = None
    if when is None:
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return as_utc(when, tz)


def as_utc(when: datetime, tz: ZoneInfo) -> datetime:
    if when.tzinfo is None or when.utcoffset() is None:
        when = when.replace(tzinfo=tz)
    return when.astimezone(timezone.utc)


def html_to_text(html: str) -> str:
    """Feed HTML -> plain text with one paragraph per line, NFC-normalised."""
    text = remove_tags_with_content(html, which_ones=("script", "style"))
    text = _BLOCK_END.sub("\n", text)
    text = replace_entities(remove_tags(text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return unicodedata.normalize("NFC", "\n".join(line for line in lines if line))
