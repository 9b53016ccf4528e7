"""``kind: telegram``: public Telegram channels through their web preview, ``https://t.me/s/<channel>``.

The source ``url`` is the preview (``https://t.me/s/<channel>``; ``https://t.me/<channel>`` is
read as its preview). No account, keys or tokens: only channels whose owners leave the
preview on can be read. Options: ``max_pages`` (preview pages, about 20 posts each, newest
first) and the common ones (``max_entries`` caps the posts kept per crawl).

Requests: the preview page, then older pages ``?before=<smallest post number so far>``,
all conditional (ETag/Last-Modified). Each ``.tgme_widget_message`` with text is an Item of
kind ``post``, native id ``<channel>/<n>`` (its ``data-post``), link ``https://t.me/<channel>/<n>``,
views from ``.tgme_widget_message_views`` ("1.2K" -> 1200). Service messages (pinned,
photo changed) and posts without text (a photo alone, a sticker) are skipped; the text of
a message this post replies to is not part of its text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from parsel import Selector
from scrapy.http import Response

from langnghe.crawlers.connectors.base import Connector, ParseError, text_of
from langnghe.crawlers.feeds import html_to_text, parse_date_text
from langnghe.crawlers.options import TelegramOptions
from langnghe.crawlers.item_pipeline import CrawledItem
from langnghe.errors import ConfigError

_CHANNEL = re.compile(r"^/(?:s/)?(?P<channel>[A-Za-z0-9_]+)/?$")
_COUNT = re.compile(r"^(?P<number>\d+(?:[.,]\d+)?)\s*(?P<unit>[KkMmBb]?)$")
_UNITS = {"": 1, "k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
# The post's own text: a reply's quoted message has a .tgme_widget_message_text of its own.
_TEXT = ".tgme_widget_message_bubble > .tgme_widget_message_text, .media_supported_cont > .tgme_widget_message_text"


@dataclass(frozen=True)
class ChannelPost:
    post: str  # data-post: "<channel>/<n>"
    text: str
    published: datetime | None  # UTC
    views: int | None
    url: str
    author: str | None  # the signature of a signed post, else None


@dataclass(frozen=True)
class PreviewPage:
    posts: list[ChannelPost]  # newest first (the page shows them oldest first)
    oldest: int | None  # the smallest post number on the page, skipped posts included
    skipped: int  # service messages and posts without text


def preview_url(url: str) -> str:
    """The channel's preview URL (``https://t.me/s/<channel>``) for a source URL."""
    parts = urlsplit(url)
    match = _CHANNEL.match(parts.path)
    if match is None:
        raise ConfigError(f"{url!r}: cần địa chỉ xem trước kênh Telegram (https://t.me/s/<kênh>)")
    return f"{parts.scheme}://{parts.netloc}/s/{match['channel']}"


def parse_count(text: str) -> int | None:
    """Telegram's short counts: ``"856"`` -> 856, ``"1.2K"`` -> 1200, ``"3M"`` -> 3000000."""
    match = _COUNT.match(text.strip().replace("\u00a0", ""))
    if match is None:
        return None
    return round(float(match["number"].replace(",", ".")) * _UNITS[match["unit"].lower()])


def parse_preview(html: str, tz: ZoneInfo) -> PreviewPage:
    """The posts of one preview page; :class:`ParseError` when the page is not a channel preview."""
    page = Selector(text=html)
    messages = page.css(".tgme_widget_message[data-post]")
    if not messages and not page.css(".tgme_channel_history"):
        title = " ".join(page.css("title::text").get("").split())
        raise ParseError(f"không phải trang xem trước kênh (không có .tgme_widget_message; tiêu đề trang {title!r}): "
                         "kênh có thể không tồn tại, là kênh riêng tư hoặc đã tắt xem trước trên web")
    posts = [post for post in (_post(message, tz) for message in reversed(messages)) if post is not None]
    numbers = [int(n) for n in (_number(m.attrib["data-post"]) for m in messages) if n is not None]
    return PreviewPage(posts=posts, oldest=min(numbers, default=None), skipped=len(messages) - len(posts))


def _number(post: str) -> str | None:
    number = post.rpartition("/")[2]
    return number if number.isdigit() else None


def _post(message: Selector, tz: ZoneInfo) -> ChannelPost | None:
    post = message.attrib["data-post"].strip()
    service = "service_message" in message.attrib.get("class", "").split() or message.css(".service_message")
    if service or _number(post) is None:
        return None
    body = message.css(_TEXT)
    text = html_to_text(body[0].get()) if body else ""
    if not text:
        return None
    written = message.css(".tgme_widget_message_date time::attr(datetime)").get()
    link = message.css("a.tgme_widget_message_date::attr(href)").get() or ""
    views = message.css(".tgme_widget_message_views::text").get()
    author = message.css(".tgme_widget_message_from_author::text").get()
    return ChannelPost(
        post=post,
        text=text,
        published=parse_date_text(written, tz) if written else None,
        views=parse_count(views) if views else None,
        url=link if link.startswith(("https://", "http://")) else f"https://t.me/{post}",
        author=author.strip() if author and author.strip() else None,
    )


class TelegramConnector(Connector):
    kind = "telegram"
    default_kind = "post"
    options: TelegramOptions
    _kept = 0  # posts kept in this crawl, for max_entries (a connector lives for one crawl)

    def start(self) -> Iterator[Any]:
        for url in self.source.start_urls:
            preview = preview_url(url)
            yield self._page(preview, preview, 1)

    def _page(self, url: str, preview: str, number: int) -> Any:
        return self.request(url, self.parse_page, conditional=True, cb_kwargs={"preview": preview, "number": number})

    def parse_page(self, response: Response, preview: str, number: int) -> Iterator[Any]:
        page = parse_preview(text_of(response), self.options.tz)
        self.emit("feed", url=response.url, entries=len(page.posts), known=0)
        if page.oldest is None:
            self.emit("source_warning", url=response.url, reason=f"{response.url}: trang xem trước kênh không có bài nào")
        channel = preview.rpartition("/")[2]
        for post in page.posts:
            if self._room():
                yield CrawledItem(item=self._item(post, channel))
        if number < self.options.max_pages and page.oldest is not None and page.oldest > 1 and self._room(count=False):
            yield self._page(f"{preview}?before={page.oldest}", preview, number + 1)

    def _item(self, post: ChannelPost, channel: str) -> Any:
        return self.native_item(
            post.post,
            text=post.text,
            kind="post",
            url=post.url,
            published_at=post.published,
            author=post.author or channel,  # unsigned posts are the channel's own
            engagement={"views": post.views},
        )

    def _room(self, *, count: bool = True) -> bool:
        """Whether ``max_entries`` leaves room for one more post in this crawl (and count it)."""
        if self.options.max_entries is not None and self._kept >= self.options.max_entries:
            return False
        self._kept += count
        return True
