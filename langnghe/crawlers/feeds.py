"""Feed parsing with feedparser, from bytes already downloaded (scrapy did the fetching,
so robots.txt, throttling and timeouts apply to feeds too)."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from zoneinfo import ZoneInfo

import feedparser
from w3lib.html import remove_tags, remove_tags_with_content, replace_entities

_BLOCK_END = re.compile(r"<\s*br\s*/?\s*>|</\s*(p|div|li|h[1-6]|blockquote|tr)\s*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")


class FeedError(Exception):
    """The body is not a usable RSS or Atom feed; the message says why."""


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


def parse_feed(body: bytes, *, url: str, content_type: str | None, tz: ZoneInfo) -> ParsedFeed:
    """Parse an RSS/Atom body; naive entry dates are read in ``tz``. Raises :class:`FeedError`."""
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True)
    entries = [_entry(raw, tz) for raw in parsed.entries]
    problem = _bozo_reason(parsed)
    if not entries and (problem or not parsed.get("version")):
        raise FeedError(_why_not_a_feed(body, content_type, problem))
    warning = f"the feed has XML errors ({problem}); {len(entries)} entries recovered" if problem else None
    return ParsedFeed(entries=entries, warning=warning)


def _bozo_reason(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    # A declared-vs-actual encoding mismatch is harmless: feedparser decoded it anyway.
    if type(exc).__name__ in ("CharacterEncodingOverride",):
        return None
    return str(exc) or type(exc).__name__


def _why_not_a_feed(body: bytes, content_type: str | None, problem: str | None) -> str:
    head = body[:512].lstrip().lower()
    if not head:
        return "the response is empty, not an RSS or Atom feed"
    if b"<html" in head or b"<!doctype html" in head or "html" in (content_type or ""):
        return "the URL returned an HTML page, not an RSS or Atom feed"
    if problem:
        return f"not well-formed XML ({problem}) and no entries could be read"
    return "not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)"


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
