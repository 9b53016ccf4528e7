"""What the crawler extracts from one saved file: an article page or an RSS/Atom feed.

Behind ``langnghe extract FILE --url URL``. It reuses the crawler's own code (``pages.extract_page``
for trafilatura, ``feeds.parse_feed`` for feedparser, ``urls.canonical_url``), so what it shows
is what the crawler would store; the page's publication time is read more carefully here, from
the page metadata and the visible Vietnamese date line (:mod:`langnghe.crawlers.page_time`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from parsel import Selector

from langnghe.crawlers.article_parts import (
    best_title, page_author, with_lead, without_closing_name, without_leading_furniture,
)
from langnghe.crawlers.decoding import decode_page, unescape_text
from langnghe.crawlers.feeds import FeedEntry, FeedError, as_utc, parse_feed
from langnghe.crawlers.forum_parts import forum_parts, post_texts
from langnghe.crawlers.layout_tables import without_layout_tables
from langnghe.crawlers.page_time import PageTime, page_time
from langnghe.crawlers.pages import extract_page
from langnghe.crawlers.urls import canonical_url
from langnghe.errors import InputError

DEFAULT_TZ = "Asia/Ho_Chi_Minh"

# The first element's name, namespace prefix left out (``<r:rss>``, ``<a:feed>``, ``<rdf:RDF>``).
_ROOT = re.compile(r"<(?![?!/])(?:[\w.-]+:)?([\w.-]+)")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_FEED_ROOTS = ("rss", "feed", "rdf", "channel")  # <channel>: a CDF file, which feedparser reads
_SITEMAP_ROOTS = ("urlset", "sitemapindex")
_HEAD_CHARS = 4096
_MAX_UNPACKED = 50 * 1024 * 1024
_HTML_TAG = re.compile(r"<(html|head|body|article|main|div|p|h1)[\s>]", re.IGNORECASE)
_VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


class ExtractError(InputError):
    """The file cannot be read as an article page or a feed; the message names it."""


@dataclass(frozen=True)
class PageExtract:
    title: str
    text: str
    published_at: datetime | None  # UTC
    canonical_url: str
    lang: str | None
    author: str | None
    # Forum members the page names (user blocks, quotes): the crawler writes them as pseudonyms.
    handles: tuple[str, ...] = ()
    # Where the time came from: "metadata", "byline" (the date line a reader sees), "tooltip"
    # (a date element's title/data-time), "script" (written in by an inline script), "trafilatura".
    time_from: str | None = None
    # The metadata's time and the byline's differed by this many whole hours (the byline won).
    metadata_off_by_h: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title, "text": self.text, "published_at": _iso(self.published_at),
            "canonical_url": self.canonical_url, "lang": self.lang, "author": self.author,
            "time_from": self.time_from, "metadata_off_by_h": self.metadata_off_by_h,
        }


@dataclass(frozen=True)
class FeedExtract:
    title: str
    url: str
    entries: list[FeedEntry]

    def as_json(self) -> dict[str, Any]:
        entries = [
            {"title": e.title, "url": e.link, "published_at": _iso(e.published), "summary": e.summary, "author": e.author}
            for e in self.entries
        ]
        return {"feed": {"title": self.title, "url": self.url}, "entries": entries}


def extract_file(path: Path, url: str, *, now: datetime | None = None, tz: str = DEFAULT_TZ) -> PageExtract | FeedExtract:
    """Read a saved page or feed. ``now`` (default: the file's modification time) anchors "2 giờ trước"."""
    body = _read(path)
    if body[:2] == b"\x1f\x8b":  # a saved .xml.gz sitemap
        body = _gunzip(path, body)
    text = decode_page(body)
    kind = kind_of(text)
    if kind == "sitemap":
        return _extract_sitemap(path, body, url, tz)
    if kind in ("feed", "json"):  # parse_feed reads a JSON Feed and refuses other JSON
        return _extract_feed(path, body, url, tz)
    if kind != "page":
        raise ExtractError(f"{path}: {kind}")
    when = now or datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)
    return extract_article(text, url, now=when, tz=tz)


def kind_of(text: str) -> str:
    """"page", "feed", "sitemap" or "json" by the first element (or JSON's first character);
    else why the text is none of them (a Vietnamese phrase, for the one-line refusal)."""
    if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        return "json"
    head = _COMMENT.sub("", text[:_HEAD_CHARS])
    found = _ROOT.search(head)
    root = found[1].lower() if found else ""
    if root in _FEED_ROOTS:
        return "feed"
    if root in _SITEMAP_ROOTS:
        return "sitemap"
    if root != "html" and head.lstrip("\ufeff \t\r\n").startswith("<?xml"):
        return f"tệp XML có phần tử gốc <{root[:40]}>, không phải nguồn cấp tin (RSS/Atom) hay sitemap"
    if root == "html" or _HTML_TAG.search(text):
        return "page"
    return "không phải trang HTML, nguồn cấp tin (RSS/Atom/JSON Feed) hay sitemap"


def _read(path: Path) -> bytes:
    try:
        body = path.read_bytes()
    except FileNotFoundError:
        raise ExtractError(f"{path}: không có tệp này") from None
    except OSError as exc:
        raise ExtractError(f"{path}: không đọc được tệp ({exc.strerror or exc})") from None
    if not body.strip():
        raise ExtractError(f"{path}: tệp rỗng")
    return body


def _gunzip(path: Path, body: bytes) -> bytes:
    from langnghe.crawlers.connectors.base import ParseError
    from langnghe.crawlers.connectors.sitemap import gunzip_sitemap

    try:
        return gunzip_sitemap(body, _MAX_UNPACKED)
    except ParseError as exc:
        raise ExtractError(f"{path}: không giải nén được ({exc})") from None


def _extract_sitemap(path: Path, body: bytes, url: str, tz: str) -> FeedExtract:
    """A saved sitemap as the sitemap kind reads it: its URLs (or, for an index, its sitemaps) as entries."""
    from langnghe.crawlers.connectors.base import ParseError
    from langnghe.crawlers.connectors.sitemap import entry_of, parse_sitemap

    try:
        parsed = parse_sitemap(body, ZoneInfo(tz))
    except ParseError as exc:
        raise ExtractError(f"{path}: sitemap không đọc được ({exc})") from None
    title = "sitemap index" if parsed.kind == "sitemapindex" else "sitemap"
    return FeedExtract(title=title, url=url, entries=[entry_of(link, url) for link in parsed.links])


def _extract_feed(path: Path, body: bytes, url: str, tz: str) -> FeedExtract:
    try:
        parsed = parse_feed(body, url=url, content_type=None, tz=ZoneInfo(tz))
    except FeedError as exc:
        raise ExtractError(f"{path}: nguồn cấp tin không đọc được ({exc})") from None
    return FeedExtract(title=unescape_text(parsed.title).strip(), url=parsed.link or url, entries=parsed.entries)


def extract_article(html: str, url: str, *, now: datetime, tz: str = DEFAULT_TZ) -> PageExtract:
    """Title, main text and metadata of an article page (text is "" when trafilatura finds none).

    A forum thread's user blocks and quote attributions stay out of the text; the handles they
    named are listed in ``handles``.
    """
    sel = Selector(text=html, type="html")  # never "json": a JSON body is no page (see extract_file)
    forum = forum_parts(sel)
    readable = forum.html or html
    page = extract_page(without_layout_tables(readable) or readable, url)
    title = page.title if page and page.title else _first(sel, "meta[property='og:title']::attr(content)", "title::text")
    posts = post_texts(forum.sel) if forum.is_forum and page else []
    found = "\n".join(posts) if posts else (unescape_text(page.text) if page else "")
    text, quoted = forum.without_attributions(found)
    when = page_time(forum.for_dates, now=now, tz=tz)  # without profiles: a join date is not the post's
    if when.when is None and page and page.date:
        when = PageTime(as_utc(page.date, ZoneInfo(tz)), "trafilatura")
    author = page_author(page.author if page else None, sel)
    title = best_title(unescape_text(title).strip(), sel)
    if text:  # a page without a body keeps no text: the crawler falls back on the listing's
        text = without_leading_furniture(without_closing_name(text, author), title)
        if not forum.is_forum:  # a thread has no lead: the line under its title is the board's description
            text = with_lead(text, forum.sel)
    return PageExtract(
        title=title,
        text=text,
        published_at=when.when,
        canonical_url=canonical_url(url, _first(sel, "link[rel~='canonical']::attr(href)", "meta[property='og:url']::attr(content)")),
        lang=_lang(sel, text),
        author=author,
        handles=tuple(dict.fromkeys((*forum.handles, *quoted))),
        time_from=when.source,
        metadata_off_by_h=when.metadata_off_by_h,
    )


def published_at(sel: Selector, *, now: datetime, tz: str = DEFAULT_TZ) -> datetime | None:
    """The page's publication time in UTC (:func:`langnghe.crawlers.page_time.page_time`)."""
    return page_time(sel, now=now, tz=tz).when


def _lang(sel: Selector, text: str) -> str | None:
    """The page's declared language (primary subtag); else "vi" when the text is visibly Vietnamese."""
    declared = _first(sel, "html::attr(lang)", "meta[http-equiv='content-language' i]::attr(content)", "meta[property='og:locale']::attr(content)")
    if declared:
        return re.split(r"[-_]", declared.strip())[0].lower() or None
    return "vi" if len(_VIETNAMESE_LETTERS.findall(text)) >= 3 else None


def _first(sel: Selector, *queries: str) -> str:
    for query in queries:
        value = sel.css(query).get()
        if value and value.strip():
            return value.strip()
    return ""


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(timezone.utc).isoformat() if when else None


def summary_lines(path: Path, result: PageExtract | FeedExtract) -> list[str]:
    """A short human-readable account of an extraction."""
    if isinstance(result, FeedExtract):
        lines = [f"{path}: feed {result.title or '(no title)'} <{result.url}>, {len(result.entries)} entries"]
        for entry in result.entries[:10]:
            lines.append(f"  {_iso(entry.published) or '(no date)'}  {entry.title or '(no title)'}  {entry.link or ''}")
        return lines
    preview = " ".join(result.text.split())[:160]
    return [
        f"{path}: article page",
        f"  title:     {result.title or '(none)'}",
        f"  published: {_iso(result.published_at) or '(unknown)'}",
        f"  canonical: {result.canonical_url}",
        f"  lang:      {result.lang or '(unknown)'}    author: {result.author or '(none)'}",
        f"  text:      {len(result.text)} characters" + (f": {preview}…" if preview else " (no main text found)"),
    ]
