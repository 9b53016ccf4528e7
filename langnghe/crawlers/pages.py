"""Article pages -> main text, title, date and author with trafilatura; Items from a page or a feed entry.

Dates: the page's date (read by :mod:`langnghe.crawlers.extract`) wins, unless it is only a
day (local midnight); then the feed's date, which usually has the time, is the better one.
Naive times are the source's local time (Asia/Ho_Chi_Minh unless the source says otherwise).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import trafilatura

from langnghe.crawlers.feeds import FeedEntry, as_utc
from langnghe.crawlers.urls import canonical_url
from langnghe.item import Item, Kind, make_item_id
from langnghe.pseudonym import mask_handles

# extensive_search would guess dates from running text (often wrong); the feed date is better.
_DATE_PARAMS = {"outputformat": "%Y-%m-%dT%H:%M:%S%z", "original_date": True, "extensive_search": False}

AuthorOf = Callable[[str | None], str | None]


class Article(Protocol):
    """What an article page gave (:class:`langnghe.crawlers.extract.PageExtract`)."""

    @property
    def title(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def published_at(self) -> datetime | None: ...
    @property
    def canonical_url(self) -> str: ...
    @property
    def lang(self) -> str | None: ...
    @property
    def author(self) -> str | None: ...
    @property
    def handles(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class PageContent:
    title: str
    text: str
    date: datetime | None  # as the page wrote it: aware, or naive local time
    author: str | None


@dataclass(frozen=True)
class SourceContext:
    """Per-source constants an Item needs."""

    id: str
    platform: str
    tz: ZoneInfo
    default_kind: Kind | None = None  # None: "post" on forums, else "article"

    @property
    def kind(self) -> Kind:
        if self.default_kind is not None:
            return self.default_kind
        return "post" if self.platform == "forum" else "article"

    def people(self, *handles: str | None, named: tuple[str, ...] = ()) -> tuple[str | None, ...]:
        """The handles to write as pseudonyms in an item's text: everyone a forum page names
        (``named``), and the item's author unless it is a news article (a journalist's byline)."""
        return (*named, *handles) if named or self.kind != "article" else ()


def extract_page(html: str, url: str) -> PageContent | None:
    """Main text and metadata of an article page; None when trafilatura finds no main text."""
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
    )
    if doc is None:
        return None
    title = _nfc(_field(doc, "title"))
    text = _drop_leading_title(_nfc(_field(doc, "text")), title)
    if not text:
        return None
    return PageContent(title=title, text=text, date=_parse_date(_field(doc, "date")), author=_field(doc, "author") or None)


# A page whose text is under this share of the feed summary holds no article.
SUMMARY_LENGTH_RATIO = 0.9


def page_problem(page: PageContent | Article | None, entry: FeedEntry) -> str | None:
    """Why the extracted page should not be used, or None when it is fine.

    On a page without an article (a category page, a login wall) trafilatura returns the
    menu; text clearly shorter than the feed's own summary is the telltale. The margin
    absorbs what extraction legitimately drops (zero-width joiners inside emoji, spacing).
    """
    if page is None or not page.text:
        return "không trích được nội dung chính của trang"
    if len(page.text) < SUMMARY_LENGTH_RATIO * len(entry.summary):
        return "nội dung trang ngắn hơn phần tóm tắt trong nguồn cấp tin (không thấy bài viết trên trang)"
    return None


def _field(doc: Any, name: str) -> str:
    """trafilatura 2 returns a Document, 1.x a dict."""
    value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
    return str(value).strip() if value else ""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _drop_leading_title(text: str, title: str) -> str:
    """trafilatura keeps the <h1> as the first line; the title is stored apart, so drop the repeat."""
    first, _, rest = text.partition("\n")
    return rest.strip() if title and first.strip() == title and rest.strip() else text


def _parse_date(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def choose_published(page_date: datetime | None, feed_date: datetime | None, tz: ZoneInfo) -> datetime | None:
    """The page's date, unless it is only a day (local midnight) and the feed has a time; always UTC."""
    if page_date is None:
        return feed_date
    when = as_utc(page_date, tz)
    if when.astimezone(tz).time() == time(0, 0) and feed_date is not None:
        return feed_date  # a page that gives only the day: the listing's time is better
    return when


def item_from_article(
    ctx: SourceContext, entry: FeedEntry, article: Article, *, page_url: str, author_of: AuthorOf, now: datetime
) -> Item:
    """An Item from an article page read by :func:`langnghe.crawlers.extract.extract_article`.

    Handles left in the title or text (a forum post naming a member) become pseudonyms.
    """
    people = ctx.people(entry.author, article.author, named=article.handles)
    return Item(
        id=make_item_id(ctx.platform, canonical_url=article.canonical_url),
        source=ctx.id,
        platform=ctx.platform,
        kind=ctx.kind,
        url=page_url,
        canonical_url=article.canonical_url,
        title=mask_handles(article.title or entry.title, people, author_of),
        text=mask_handles(article.text, people, author_of),
        lang=article.lang or "vi",
        published_at=choose_published(article.published_at, entry.published, ctx.tz),
        fetched_at=now,
        author=author_of(entry.author or article.author),
        content_from="page",
    )


def item_from_feed(
    ctx: SourceContext, entry: FeedEntry, *, fetch_error: str | None, author_of: AuthorOf, now: datetime
) -> Item | None:
    """An Item from the feed alone (page not followed or not usable); None if the entry has no id or no text."""
    if not (entry.title or entry.summary):
        return None
    canonical = canonical_url(entry.link) if entry.link else None
    if canonical:
        item_id = make_item_id(ctx.platform, canonical_url=canonical)
    elif entry.guid:
        item_id = make_item_id(ctx.platform, native_id=f"{ctx.id}:{entry.guid}")
    else:
        return None
    people = ctx.people(entry.author)
    return Item(
        id=item_id,
        source=ctx.id,
        platform=ctx.platform,
        kind=ctx.kind,
        url=entry.link,
        canonical_url=canonical,
        title=mask_handles(entry.title, people, author_of),
        text=mask_handles(entry.summary, people, author_of),
        published_at=entry.published,
        fetched_at=now,
        author=author_of(entry.author),
        content_from="feed_summary",
        fetch_error=fetch_error,
    )
