"""``kind: sitemap``: XML sitemaps, sitemap indexes and Google News sitemaps, plain or gzipped.

Needs no key. The source's ``url`` (and ``urls``) are sitemaps or sitemap indexes; an index's
children are read newest first, at most ``max_sitemaps`` sitemaps per crawl in all, each
once (an index that lists itself does not loop). Parsing is scrapy's own
:class:`scrapy.utils.sitemap.Sitemap`; a ``.xml.gz`` body is gunzipped with
``DOWNLOAD_MAXSIZE`` as the limit.

Only URLs whose ``news:publication_date`` (else ``lastmod``) is within ``recent`` of now are
kept, newest first, then at most ``max_undated`` URLs that give no date; ``url_pattern``
(a regular expression) must match the URL when set. Each kept URL's page is fetched
(``follow_links``), with ``news:title`` as the title should the page be unusable.

Options: ``recent`` (2d), ``url_pattern``, ``max_sitemaps`` (20), ``max_undated`` (100) and
the common ones (``max_entries`` counts URLs per crawl over all sitemaps).
Requests: a conditional GET per sitemap (ETag / Last-Modified), then a GET per article page.
A body that is not a well-formed sitemap (an HTML page, broken XML, bad gzip) is a
``source_error`` naming the URL.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import lxml.etree
from scrapy.http import Response
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap

from langnghe.config import SourceConfig
from langnghe.crawlers.connectors.base import Connector, ParseError
from langnghe.crawlers.feeds import FeedEntry, html_to_text, parse_date_text
from langnghe.crawlers.options import CommonOptions, SitemapOptions
from langnghe.crawlers.urls import clean_url
from langnghe.crawlers.wording import xml_problem
from langnghe.item import utcnow

if TYPE_CHECKING:
    from langnghe.crawlers.spider import SourceSpider

SitemapKind = Literal["urlset", "sitemapindex"]
_DAY_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")


@dataclass(frozen=True)
class SitemapLink:
    """One ``<url>`` or ``<sitemap>`` entry."""

    loc: str
    when: datetime | None  # UTC: news:publication_date, else lastmod
    day_only: bool  # the date gave no time of day
    title: str  # news:title, or ""


@dataclass(frozen=True)
class ParsedSitemap:
    kind: SitemapKind
    links: list[SitemapLink]


class _NestedSitemap(Sitemap):
    """scrapy's Sitemap keeps only an entry's direct children; this also keeps nested ones
    (``news:news/news:title`` as ``"news:title"``), which Google News sitemaps need."""

    __slots__ = ()

    def _process_sitemap_element(self, elem: lxml.etree._Element) -> dict[str, Any] | None:
        nested = {
            f"{self._get_tag_name(child)}:{self._get_tag_name(leaf)}": (leaf.text or "").strip()
            for child in elem if len(child)
            for leaf in child.iter() if leaf is not child and not len(leaf)
        }
        flat = super()._process_sitemap_element(elem)  # clears elem: read the nested ones first
        return {**nested, **flat} if flat is not None else None


def parse_sitemap(body: bytes, tz: ZoneInfo) -> ParsedSitemap:
    """A sitemap or sitemap index; :class:`ParseError` says what came instead."""
    if not body.strip():
        raise ParseError("câu trả lời rỗng, cần một sitemap")
    try:
        sitemap = _NestedSitemap(body)
    except (lxml.etree.XMLSyntaxError, StopIteration):
        raise ParseError(_not_a_sitemap(body, None)) from None
    if sitemap.type not in ("urlset", "sitemapindex"):
        raise ParseError(_not_a_sitemap(body, sitemap.type))
    raw = list(sitemap)
    errors = [e for e in sitemap.xmliter.error_log if e.level >= lxml.etree.ErrorLevels.ERROR]
    if errors:  # recovered entries may be wrong ("a&b" comes back as "ab"): keep none
        raise ParseError(f"XML sai cú pháp (dòng {errors[0].line}: {xml_problem(errors[0].message)})")
    kind: SitemapKind = "urlset" if sitemap.type == "urlset" else "sitemapindex"
    return ParsedSitemap(kind=kind, links=[_link(entry, tz) for entry in raw if entry.get("loc")])


def _not_a_sitemap(body: bytes, root: str | None) -> str:
    head = body[:512].lstrip().lower()
    if root == "html" or head.startswith((b"<!doctype html", b"<html")):
        return "địa chỉ trả về một trang HTML, không phải sitemap"
    if root is None:
        return "không phải XML, không phải sitemap"
    return f"không phải sitemap (phần tử gốc là <{root}>, cần <urlset> hoặc <sitemapindex>)"


def _link(entry: dict[str, Any], tz: ZoneInfo) -> SitemapLink:
    date_text = entry.get("news:publication_date") or entry.get("lastmod") or ""
    return SitemapLink(
        loc=entry["loc"],
        when=parse_date_text(date_text, tz) if date_text else None,
        day_only=bool(_DAY_ONLY.match(date_text)),
        title=html_to_text(entry.get("news:title") or ""),
    )


def recent_links(
    links: list[SitemapLink], *, cutoff: datetime, pattern: re.Pattern[str] | None, max_undated: int
) -> list[SitemapLink]:
    """Links dated after ``cutoff`` (newest first), then at most ``max_undated`` undated ones.

    A date without a time of day counts as the whole day: "2026-11-20" is recent until the day ends.
    """
    matching = [link for link in links if pattern is None or pattern.search(link.loc)]
    dated = [link for link in matching if link.when is not None and _end_of(link) > cutoff]
    dated.sort(key=lambda link: link.when or cutoff, reverse=True)
    undated = [link for link in matching if link.when is None][:max_undated]
    return dated + undated


def _end_of(link: SitemapLink) -> datetime:
    assert link.when is not None
    return link.when + timedelta(days=1) if link.day_only else link.when


def sitemap_body(response: Response, max_size: int) -> bytes:
    """The body, gunzipped when it is gzip (``.xml.gz`` files, served without Content-Encoding)."""
    return gunzip_sitemap(response.body, max_size) if gzip_magic_number(response) else response.body


def gunzip_sitemap(body: bytes, max_size: int) -> bytes:
    """A gzipped sitemap unpacked, at most ``max_size`` bytes; :class:`ParseError` otherwise."""
    try:
        return gunzip(body, max_size=max_size)
    except ValueError:  # scrapy's size-exceeded error is a ValueError
        raise ParseError(f"sitemap nén gzip lớn hơn giới hạn tải về ({max_size} byte)") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise ParseError(f"không giải nén được sitemap ({exc})") from None


def entry_of(link: SitemapLink, sitemap_url: str) -> FeedEntry:
    loc = urljoin(sitemap_url, link.loc)
    return FeedEntry(link=loc, guid=None, title=link.title, summary="", published=link.when, author=None)


class SitemapConnector(Connector):
    kind = "sitemap"
    options: SitemapOptions

    def __init__(self, source: SourceConfig, options: CommonOptions, spider: SourceSpider) -> None:
        super().__init__(source, options, spider)
        self._sitemaps: set[str] = set()  # read (or asked for) in this crawl
        self._entries_left = self.options.max_entries
        self._pattern = re.compile(self.options.url_pattern) if self.options.url_pattern else None
        self._cutoff = utcnow() - self.options.recent

    def start(self) -> Iterator[Any]:
        for url in self.source.start_urls:
            yield from self._sitemap_request(url)

    def _sitemap_request(self, url: str) -> Iterator[Any]:
        key = clean_url(url)
        if key not in self._sitemaps:  # an index listing itself, or two indexes one child
            self._sitemaps.add(key)
            yield self.request(url, self.parse_sitemap, conditional=True)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        parsed = parse_sitemap(sitemap_body(response, self._max_size()), self.options.tz)
        if parsed.kind == "sitemapindex":
            yield from self._children(parsed.links, response.url)
            return
        undated = self.options.max_undated
        links = recent_links(parsed.links, cutoff=self._cutoff, pattern=self._pattern, max_undated=undated)
        entries = [entry_of(link, response.url) for link in links]
        yield from self.follow(self._take(entries), response.url)

    def _children(self, links: list[SitemapLink], index_url: str) -> Iterator[Any]:
        children = recent_links(links, cutoff=self._cutoff, pattern=None, max_undated=len(links))
        urls: dict[str, str] = {}  # newest first, each once, none already read
        for link in children:
            url = urljoin(index_url, link.loc)
            if clean_url(url) not in self._sitemaps:
                urls.setdefault(clean_url(url), url)
        room = max(self.options.max_sitemaps - len(self._sitemaps), 0)
        for url in list(urls.values())[:room]:
            yield from self._sitemap_request(url)
        if len(urls) > room:
            cap = self.options.max_sitemaps
            reason = f"không đọc {len(urls) - room} sitemap của chỉ mục: đã tới max_sitemaps ({cap})"
            self.emit("source_warning", url=index_url, reason=reason)

    def _take(self, entries: list[FeedEntry]) -> list[FeedEntry]:
        """``max_entries`` counts over every sitemap of the crawl."""
        if self._entries_left is None:
            return entries
        taken = entries[: self._entries_left]
        self._entries_left -= len(taken)
        return taken

    def _max_size(self) -> int:
        return int(self.spider.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
