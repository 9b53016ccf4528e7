"""``kind: html``: sites without feeds, read from a listing page (a section's front page).

Needs no key. The source's ``url`` (and ``urls``) are listing pages; CSS selectors say where
the article links are:

    options:
      link_selector: "article.item-news h3.title-news a"   # the links, or elements holding one
      title_selector: "h3"            # optional, inside each matched element; else the link text
      next_selector: "a.next-page"    # optional: the next listing page's link
      max_pages: 3                    # listing pages read per crawl (1)
      url_pattern: "-\\d+\\.html$"    # optional regular expression an article URL must match

Links are resolved against the page, fragments dropped, duplicates (on the page and over
the pages) dropped; each article page is then fetched. ``max_entries`` counts over all
pages. A ``link_selector`` that matches no link is a ``source_warning`` (the site has
probably changed its layout). Requests: a conditional GET (ETag / Last-Modified) per
listing page, then a GET per article page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urljoin

from cssselect import SelectorError
from parsel import Selector
from scrapy.http import HtmlResponse, Response

from langnghe.config import SourceConfig
from langnghe.crawlers.connectors.base import Connector, ParseError, text_of
from langnghe.crawlers.middlewares import response_header
from langnghe.crawlers.feeds import FeedEntry
from langnghe.crawlers.options import CommonOptions, ListingOptions
from langnghe.crawlers.urls import clean_url
from langnghe.errors import ConfigError

if TYPE_CHECKING:
    from langnghe.crawlers.spider import SourceSpider

_HTML_START = re.compile(r"<(!doctype html|html|body)[\s>]", re.IGNORECASE)  # HTML served as text/plain


@dataclass(frozen=True)
class ListingLink:
    url: str
    title: str


@dataclass(frozen=True)
class ListingPage:
    links: list[ListingLink]
    found: int  # links the link selector gave, before url_pattern
    next_url: str | None


def read_listing(html: str, page_url: str, options: ListingOptions) -> ListingPage:
    """The article links (in page order, unique) and the next page's URL of one listing page."""
    sel = Selector(text=html)
    base = sel.css("base::attr(href)").get() or page_url
    matched = sel.css(options.link_selector)
    pattern = re.compile(options.url_pattern) if options.url_pattern else None
    found = [(url, element) for element in matched if (url := _href(element, base)) and url != urldefrag(page_url).url]
    links: dict[str, ListingLink] = {}
    for url, element in found:
        if pattern is None or pattern.search(url):
            links.setdefault(clean_url(url), ListingLink(url=url, title=_title(element, options.title_selector)))
    return ListingPage(links=list(links.values()), found=len(found), next_url=_next_url(sel, base, options))


def _href(element: Selector, base: str) -> str | None:
    """The element's own href, else its first descendant link's; web URLs only."""
    href = element.attrib.get("href") or element.css("a[href]::attr(href)").get()
    if not href or not href.strip():
        return None
    url = urldefrag(urljoin(base, href.strip())).url
    return url if url.startswith(("http://", "https://")) else None


def _title(element: Selector, title_selector: str | None) -> str:
    """The title element's text (else the link's), or its ``title`` attribute (image links)."""
    found = element.css(title_selector) if title_selector else None
    node = found[0] if found else element
    text = node.xpath("normalize-space()").get() or node.attrib.get("title") or ""
    return unicodedata.normalize("NFC", text.strip())


def _next_url(sel: Selector, base: str, options: ListingOptions) -> str | None:
    if not options.next_selector:
        return None
    found = sel.css(options.next_selector)
    return _href(found[0], base) if found else None


def _listing_html(response: Response) -> str:
    """The page's HTML; :class:`ParseError` for what is not an HTML page (a PDF, an image, nothing)."""
    html = text_of(response)
    if not html.strip():
        raise ParseError("câu trả lời rỗng, cần một trang danh sách bài")
    if not isinstance(response, HtmlResponse) and not _HTML_START.search(html[:2048]):
        raise ParseError(f"không phải trang HTML ({response_header(response, 'Content-Type') or 'không rõ kiểu nội dung'})")
    return html


class ListingConnector(Connector):
    kind = "html"
    options: ListingOptions

    def __init__(self, source: SourceConfig, options: CommonOptions, spider: SourceSpider) -> None:
        super().__init__(source, options, spider)
        self._listings: set[str] = set()  # listing pages asked for in this crawl: no pagination loops
        self._articles: set[str] = set()  # article links handed on in this crawl, over every page
        self._entries_left = self.options.max_entries

    def start(self) -> Iterator[Any]:
        self._check_selectors()
        for url in self.source.start_urls:
            yield from self._listing_request(url, page=1)

    def _check_selectors(self) -> None:
        """A selector that does not compile is a config error, reported before any request."""
        for name in ("link_selector", "title_selector", "next_selector"):
            value = getattr(self.options, name)
            try:
                if value:
                    Selector(text="<html></html>").css(value)
            except SelectorError as exc:
                raise ConfigError(f"nguồn {self.source.id}: options.{name}: bộ chọn CSS sai ({exc})") from None

    def _listing_request(self, url: str, page: int) -> Iterator[Any]:
        key = clean_url(url)
        if key not in self._listings:
            self._listings.add(key)
            yield self.request(url, self.parse_listing, conditional=True, cb_kwargs={"page": page})

    def parse_listing(self, response: Response, page: int) -> Iterator[Any]:
        listing = read_listing(_listing_html(response), response.url, self.options)
        self._warn_if_empty(listing, response.url)
        entries = self._take([link for link in listing.links if clean_url(link.url) not in self._articles])
        yield from self.follow(entries, response.url)
        more = self._entries_left is None or self._entries_left > 0
        if listing.next_url and page < self.options.max_pages and more:
            yield from self._listing_request(listing.next_url, page=page + 1)

    def _warn_if_empty(self, listing: ListingPage, url: str) -> None:
        if not listing.found:
            selector = self.options.link_selector
            reason = f"link_selector {selector!r} không khớp liên kết nào (trang có thể đã đổi bố cục)"
        elif not listing.links:
            reason = f"không liên kết nào trong {listing.found} liên kết khớp url_pattern {self.options.url_pattern!r}"
        else:
            return
        self.emit("source_warning", url=url, reason=reason)

    def _take(self, links: list[ListingLink]) -> list[FeedEntry]:
        """``max_entries`` counts over every listing page of the crawl."""
        if self._entries_left is not None:
            links = links[: self._entries_left]
            self._entries_left -= len(links)
        self._articles.update(clean_url(link.url) for link in links)
        return [FeedEntry(link=link.url, guid=None, title=link.title, summary="", published=None, author=None)
                for link in links]
