"""``kind: xenforo``: XenForo 2 forums (voz.vn and most Vietnamese forums), read as a guest.

The source ``url`` (and ``urls``) is a forum listing (``/forums/<slug>.<id>/``, or any page
listing threads in ``.structItem--thread`` rows, such as ``/whats-new/posts/``) or one thread
(``/threads/<slug>.<id>/``; voz's short ``/f/`` and ``/t/`` routes work too). No keys or
tokens. Options: ``max_threads`` (threads taken from a listing, in its order) and
``max_pages`` (the newest pages read per thread), plus the common ones (``max_entries``
caps the posts kept per crawl).

Requests: the listing (conditional: ETag/Last-Modified), then each thread's first page,
always in full because its page navigation names the last page and its first post is
the thread itself, then the last ``max_pages`` pages (``.../page-N``, conditional).

Items, one id scheme whatever pages are read:

- the thread's first post is kind ``post`` with native id ``<host>:thread-<thread id>``
  and the thread title (``h1.p-title-value``);
- every other post is kind ``comment``, native id ``<host>:post-<post id>``, whose parent
  is the thread (``<host>:thread-<thread id>``), so replies on later pages keep their
  parent even when page 1's replies are outside ``max_pages``.

Text is the post's ``.message-body .bbWrapper`` without quoted posts or the signature;
dates come from ``time.u-dt[datetime]``; likes from the reactions bar.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from parsel import Selector
from scrapy.http import Response

from langnghe.crawlers.connectors.base import Connector, ParseError, text_of
from langnghe.crawlers.feeds import html_to_text, parse_date_text
from langnghe.crawlers.options import XenforoOptions
from langnghe.crawlers.item_pipeline import CrawledItem

# /threads/<slug>.<id>/, /threads/<id>/, voz's /t/<slug>.<id>/, index.php?threads/...
_THREAD = re.compile(r"^(?P<base>.*?[/?](?:threads|t)/(?:[^/?#]*\.)?(?P<id>\d+)/?)(?:page-(?P<page>\d+))?")
_DROPPED = "blockquote.bbCodeBlock--quote, .bbCodeBlock-expandLink, .bbCodeSpoiler-button, script, style"


@dataclass(frozen=True)
class Thread:
    """A thread's address: its first page's URL (ending in ``/``), id and host."""

    url: str
    id: str
    host: str

    def page(self, number: int) -> str:
        return self.url if number <= 1 else f"{self.url}page-{number}"

    @property
    def native_id(self) -> str:
        return f"{self.host}:thread-{self.id}"


@dataclass(frozen=True)
class ForumPost:
    id: str  # the number in data-content="post-<id>"
    author: str | None
    published: datetime | None  # UTC
    text: str
    url: str | None
    likes: int | None
    position: int | None  # the "#N" of the post in the thread, when shown


@dataclass(frozen=True)
class ThreadPage:
    title: str
    page: int
    last_page: int
    posts: list[ForumPost]


def thread_of(url: str) -> Thread | None:
    """The thread a URL points into, or None for anything else (a listing)."""
    match = _THREAD.match(url)
    if match is None:
        return None
    base = match["base"] if match["base"].endswith("/") else match["base"] + "/"
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return Thread(url=base, id=match["id"], host=host)


def page_number(url: str) -> int:
    match = _THREAD.match(url)
    return int(match["page"]) if match and match["page"] else 1


def thread_links(html: str, url: str) -> list[Thread]:
    """The threads a listing page links to, in its order (sticky threads first, as shown)."""
    page = Selector(text=html)
    threads: dict[str, Thread] = {}
    for href in page.css(".structItem--thread .structItem-title a::attr(href)").getall():
        thread = thread_of(urljoin(url, href))
        if thread is not None:  # prefix labels link back to the forum
            threads.setdefault(thread.id, thread)
    if not threads:
        raise ParseError(f"trang danh sách không có chủ đề nào (.structItem--thread): {_what_page(page)}")
    return list(threads.values())


def parse_thread_page(html: str, url: str, tz: ZoneInfo) -> ThreadPage:
    """One thread page's posts; :class:`ParseError` for a page without ``article.message``."""
    page = Selector(text=html)
    articles = page.css("article.message")
    if not articles:
        raise ParseError(f"trang chủ đề không có bài nào (article.message): {_what_page(page)}")
    title = " ".join(page.css("h1.p-title-value").xpath(
        "./text() | ./*[not(contains(@class, 'label'))]//text()").getall())
    posts = [post for post in (_post(article, url, tz) for article in articles) if post is not None]
    current = page_number(url)
    last = max(current, _last_page(page))
    return ThreadPage(title=" ".join(title.split()), page=current, last_page=last, posts=posts)


def _post(article: Selector, url: str, tz: ZoneInfo) -> ForumPost | None:
    content = article.attrib.get("data-content") or article.attrib.get("id", "")
    match = re.search(r"post-(\d+)", content)
    if match is None:
        return None  # not a post (a deleted-post stub, a profile message)
    article.css(".message-signature").drop()
    body = article.css(".message-body .bbWrapper")
    text = _body_text(body[0]) if body else ""
    if not text:
        return None
    link = article.css(".message-attribution-main a[href]::attr(href)").get()
    return ForumPost(
        id=match[1],
        author=article.attrib.get("data-author") or article.css(".message-name .username::text").get(),
        published=_post_time(article, tz),
        text=text,
        url=urljoin(url, link) if link else None,
        likes=reaction_count(article),
        position=_position(article),
    )


def _body_text(body: Selector) -> str:
    for node in body.css(_DROPPED):
        node.root.tail = "\n" + (node.root.tail or "")  # the text around a quote stays two lines
        node.drop()
    return html_to_text(body.get())


def _post_time(article: Selector, tz: ZoneInfo) -> datetime | None:
    time = article.css(".message-attribution time.u-dt") or article.css("time.u-dt")
    if not time:
        return None
    written = time[0].attrib.get("datetime")
    when = parse_date_text(written, tz) if written else None
    stamp = time[0].attrib.get("data-time") or time[0].attrib.get("data-timestamp") or ""
    if when is None and stamp.isdigit():
        when = datetime.fromtimestamp(int(stamp), timezone.utc)
    return when


def _position(article: Selector) -> int | None:
    for text in article.css(".message-attribution-opposite a::text").getall():
        match = re.fullmatch(r"\s*#\s*([\d.,]+)\s*", text)
        if match:
            return int(re.sub(r"\D", "", match[1]))
    return None


def reaction_count(article: Selector) -> int | None:
    """People who reacted: the names shown plus "and N others" ("và N người khác");
    0 under an empty reactions bar, None where the page has no reactions bar."""
    link = article.css(".reactionsBar-link")
    if not link:
        return 0 if article.css(".reactionsBar, .likesBar") else None
    names = link[0].css("bdi")
    others = re.findall(r"\d[\d.,]*", " ".join(link[0].xpath("./text()").getall()))
    if not names and not others:  # a theme without <bdi>: "A, B"
        return len([name for name in link[0].xpath("string()").get("").split(",") if name.strip()])
    return len(names) + sum(int(re.sub(r"\D", "", n)) for n in others)


def _last_page(page: Selector) -> int:
    numbers = [1]
    for anchor in page.css(".pageNav-main a, .pageNav a.pageNav-page, .pageNavSimple a"):
        for value in (anchor.attrib.get("href", ""), anchor.xpath("string()").get("")):
            found = re.search(r"page-(\d+)", value) or re.fullmatch(r"\s*(\d+)\s*", value)
            if found:
                numbers.append(int(found[1]))
    return max(numbers)


def _what_page(page: Selector) -> str:
    """What came instead of a forum page, for the error message."""
    title = " ".join(page.css("title::text").get("").split())
    message = " ".join(" ".join(page.css(".blockMessage ::text").getall()).split())[:160]
    if "just a moment" in title.lower() or page.css("#challenge-form, #cf-wrapper"):
        return f"trang kiểm tra chống bot ({title!r}), không phải diễn đàn"
    if page.css('form[action*="login"]') or "log in" in title.lower() or "đăng nhập" in title.lower():
        return f"trang yêu cầu đăng nhập ({message or title!r}): diễn đàn đòi tài khoản để xem trang này"
    if message:
        return f"diễn đàn báo {message!r}"
    return f"không phải trang XenForo 2? (tiêu đề {title!r})"


class XenforoConnector(Connector):
    kind = "xenforo"
    default_kind = "post"
    options: XenforoOptions
    _kept = 0  # posts kept in this crawl, for max_entries (a connector lives for one crawl)

    def start(self) -> Iterator[Any]:
        for url in self.source.start_urls:
            thread = thread_of(url)
            if thread is None:
                yield self.request(url, self.parse_listing, conditional=True)
            else:
                yield self._first_page(thread)

    def _first_page(self, thread: Thread) -> Any:
        # Never conditional: a 304 here would hide new replies on the last page, which it names.
        return self.request(thread.page(1), self.parse_first_page, cb_kwargs={"thread": thread}, priority=0)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        for thread in thread_links(text_of(response), response.url)[: self.options.max_threads]:
            yield self._first_page(thread)

    def parse_first_page(self, response: Response, thread: Thread) -> Iterator[Any]:
        page = parse_thread_page(text_of(response), response.url, self.options.tz)
        thread = thread_of(response.url) or thread  # after a redirect to the thread's current slug
        first = max(1, page.last_page - self.options.max_pages + 1)
        yield from self._items(page, thread, response.url, replies=first == 1)
        for number in range(max(2, first), page.last_page + 1):
            yield self.request(
                thread.page(number), self.parse_later_page, conditional=True, cb_kwargs={"thread": thread}, priority=0,
            )

    def parse_later_page(self, response: Response, thread: Thread) -> Iterator[Any]:
        page = parse_thread_page(text_of(response), response.url, self.options.tz)
        yield from self._items(page, thread, response.url, replies=True)

    def _items(self, page: ThreadPage, thread: Thread, url: str, *, replies: bool) -> Iterator[CrawledItem]:
        kept = 0
        for index, post in enumerate(page.posts):
            opening = post.position == 1 or (page.page == 1 and index == 0)
            wanted = page.page == 1 if opening else replies  # the first post is the thread, kept from page 1
            if wanted and self._room():
                kept += 1
                yield CrawledItem(item=self._item(post, page, thread, opening=opening))
        self.emit("feed", url=url, entries=kept, known=0)

    def _item(self, post: ForumPost, page: ThreadPage, thread: Thread, *, opening: bool) -> Any:
        return self.native_item(
            thread.native_id if opening else f"{thread.host}:post-{post.id}",
            text=post.text,
            kind="post" if opening else "comment",
            title=page.title if opening else "",
            url=thread.url if opening else (post.url or f"{thread.url}post-{post.id}"),
            published_at=post.published,
            author=post.author,
            parent_native_id=None if opening else thread.native_id,
            engagement={"likes": post.likes},
            named=tuple(other.author for other in page.posts if other.author),
        )

    def _room(self) -> bool:
        """Whether ``max_entries`` leaves room for one more post in this crawl (and count it)."""
        if self.options.max_entries is not None and self._kept >= self.options.max_entries:
            return False
        self._kept += 1
        return True
