"""``kind: facebook``: posts and comments of Facebook pages, from the Graph API.

Only pages the operator holds a token for: the page access token is read only from the
environment variable named by ``token_env`` (``FACEBOOK_TOKEN`` unless told). The source
``url`` is the Graph base, ``https://graph.facebook.com/v21.0`` (a test points it at a mock).

Options: ``page_ids`` (ids or names, at least one), ``comments`` (also read each post's
comments; default true), ``max_pages`` (result pages per page's posts and per post's
comments), ``max_entries`` (posts per crawl).

Requests (never conditional: the URL holds the token; see :mod:`.credentials`):

- ``GET <base>/<page>/posts?fields=id,message,created_time,permalink_url,shares,``
  ``reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)&limit=25&access_token=<TOKEN>``;
- ``GET <base>/<post id>/comments?fields=id,message,created_time,from,parent{id},like_count``
  ``&filter=stream&limit=100&access_token=<TOKEN>``, for posts whose comment count is not 0;
- the next pages: ``paging.next`` as given, followed only while it points at the base's host
  (the token must not travel elsewhere).

Posts are ``post``s (native id: the post id; posts without a message are skipped and counted
in a warning); comments are ``comment``s whose parent is ``parent.id`` (a reply) or the post.
``from.name`` is the author, pseudonymised. Graph errors are read from the ``error`` body:
code 190 (token expired or invalid) and the rate limits (4, 17, 32, 613, 80000-80014) end
the source for this crawl.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response

from langnghe.config import SourceConfig
from langnghe.crawlers.connectors.base import ParseError, read_json
from langnghe.crawlers.connectors.credentials import KeyedApiConnector
from langnghe.crawlers.feeds import parse_date_text
from langnghe.crawlers.options import CommonOptions, FacebookOptions
from langnghe.crawlers.item_pipeline import CrawledItem
from langnghe.item import Item

POST_FIELDS = ("id,message,created_time,permalink_url,shares,"
               "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0)")
COMMENT_FIELDS = "id,message,created_time,from,parent{id},like_count"
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, *range(80000, 80015)})
_UTC = ZoneInfo("UTC")
Record = dict[str, Any]


@dataclass(frozen=True)
class Post:
    """What a post's comments need to know of it."""

    native_id: str
    permalink: str | None


def posts_url(base: str, page: str, token: str) -> str:
    params = [("fields", POST_FIELDS), ("limit", "25"), ("access_token", token)]
    return f"{base.rstrip('/')}/{quote(page, safe='')}/posts?" + urlencode(params, quote_via=quote, safe=",()")


def comments_url(base: str, post_id: str, token: str) -> str:
    params = [("fields", COMMENT_FIELDS), ("filter", "stream"), ("limit", "100"), ("access_token", token)]
    return f"{base.rstrip('/')}/{quote(post_id, safe='')}/comments?" + urlencode(params, quote_via=quote, safe=",()")


def next_page(data: Record, base: str, token: str) -> str | None:
    """``paging.next`` when it stays on the base's host (ValueError when it leaves it); None at the end."""
    paging = data.get("paging")
    url = paging.get("next") if isinstance(paging, dict) else None
    if not isinstance(url, str) or not url:
        return None
    if urlsplit(url)[:2] != urlsplit(base)[:2]:
        raise ValueError(f"trang sau nằm trên máy chủ khác ({urlsplit(url).netloc}): không theo, để mã truy cập không lọt ra ngoài")
    if not any(name == "access_token" for name, _ in parse_qsl(urlsplit(url).query)):
        url += ("&" if urlsplit(url).query else "?") + urlencode({"access_token": token})
    return url


def records_of(data: Any) -> list[Record]:
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise ParseError("câu trả lời không có danh sách 'data': không phải danh sách của Graph API")
    return [record for record in data["data"] if isinstance(record, dict)]


def total_count(record: Record, edge: str) -> int | None:
    """``reactions``/``comments`` summary count (``{"summary": {"total_count": n}}``)."""
    summary = (record.get(edge) or {}).get("summary") if isinstance(record.get(edge), dict) else None
    count = summary.get("total_count") if isinstance(summary, dict) else None
    return count if isinstance(count, int) else None


def comment_link(post: Post, comment_id: str) -> str | None:
    if not post.permalink:
        return None
    joiner = "&" if "?" in post.permalink else "?"
    return f"{post.permalink}{joiner}comment_id={quote(comment_id.rpartition('_')[2], safe='')}"


def graph_problem(status: int, body: Any, what: str, env: str) -> tuple[str, bool]:
    """The reason for an error answer (``{"error": {"message", "type", "code"}}``) and whether it ends the source."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return f"{what}: HTTP {status}, Graph API không kèm mô tả lỗi", False
    code, message = error.get("code"), str(error.get("message") or "")[:200]
    if code == 190:
        return f"mã truy cập hết hạn hoặc mất hiệu lực (mã 190, {error.get('type') or 'OAuthException'}): hãy đặt mã mới vào {env}", True
    if code in RATE_LIMIT_CODES:
        return f"Graph API giới hạn tần suất (mã {code}): {message}; lần thu thập sau sẽ thử lại", True
    if code in (10, 200) or (isinstance(code, int) and 200 < code < 300):
        return f"{what}: mã truy cập không có quyền đọc (mã {code}): {message}", False
    return f"{what}: HTTP {status}, {error.get('type') or 'lỗi'} (mã {code}): {message}", False


class FacebookConnector(KeyedApiConnector):
    kind = "facebook"
    default_kind = "post"
    options: FacebookOptions

    def __init__(self, source: SourceConfig, options: CommonOptions, spider: Any) -> None:
        super().__init__(source, options, spider)
        self._token = ""
        self._posts = 0  # posts taken this crawl (max_entries)
        self._stopped = False

    def start(self) -> Iterator[scrapy.Request]:
        self._token = self.api_secret(self.options.token_env, "mã truy cập trang Facebook (page access token)")
        for base in self.source.start_urls:
            for page in self.options.page_ids:
                yield self.api_request(posts_url(base, page, self._token), self.parse_posts, base=base,
                                       what=f"trang {page}", page=1)

    def _room(self) -> int:
        cap = self.options.max_entries
        return max(cap - self._posts, 0) if cap is not None else 1 << 30

    def parse_posts(self, response: Response, base: str, what: str, page: int) -> Iterator[Any]:
        if response.status >= 400:
            self._report(response, what)
            return
        data = read_json(response)
        posts = self._usable(records_of(data), response.url, f"{what}: bài đăng")[: self._room()]
        self._posts += len(posts)
        self.emit("feed", url=response.url, entries=len(posts), known=0)
        for record in posts:
            yield from self._post(record, base)
        if page < self.options.max_pages and self._room():
            yield from self._next(data, base, response.url, self.parse_posts, what=what, page=page + 1)

    def _post(self, record: Record, base: str) -> Iterator[Any]:
        post_id = _id(record)
        shares = record.get("shares")
        item = self.native_item(
            post_id, text=_text(record), kind="post", url=_str(record.get("permalink_url")),
            published_at=_when(record), engagement={
                "likes": total_count(record, "reactions"), "comments": total_count(record, "comments"),
                "shares": shares.get("count") if isinstance(shares, dict) else None,
            },
        )
        yield CrawledItem(item=item)
        if self.options.comments and total_count(record, "comments") != 0 and not self._stopped:
            post = Post(post_id, _str(record.get("permalink_url")))
            yield self.api_request(comments_url(base, post_id, self._token), self.parse_comments, base=base,
                                   post=post, page=1)

    def parse_comments(self, response: Response, base: str, post: Post, page: int) -> Iterator[Any]:
        what = f"bình luận của bài {post.native_id}"
        if response.status >= 400:
            self._report(response, what)
            return
        data = read_json(response)
        records = self._usable(records_of(data), response.url, f"{what}: bình luận")
        self.emit("feed", url=response.url, entries=len(records), known=0)
        for record in records:
            yield CrawledItem(item=self._comment(record, post))
        if page < self.options.max_pages:
            yield from self._next(data, base, response.url, self.parse_comments, post=post, page=page + 1)

    def _comment(self, record: Record, post: Post) -> Item:
        comment_id, parent, author = _id(record), record.get("parent"), record.get("from")
        return self.native_item(
            comment_id, text=_text(record), kind="comment", url=comment_link(post, comment_id),
            published_at=_when(record), author=_str(author.get("name")) if isinstance(author, dict) else None,
            parent_native_id=_str(parent.get("id")) if isinstance(parent, dict) and parent.get("id") else post.native_id,
            engagement={"likes": record.get("like_count") if isinstance(record.get("like_count"), int) else None},
        )

    def _usable(self, records: list[Record], url: str, what: str) -> list[Record]:
        """Records with an id and a message; the others counted in a warning (photo-only posts, stickers)."""
        kept = [record for record in records if _text(record) and _has_id(record)]
        no_id = sum(1 for record in records if not _has_id(record))
        counts = {"không có nội dung": len(records) - len(kept) - no_id, "không có id": no_id}
        why = ", ".join(f"{n} mục {label}" for label, n in counts.items() if n)
        if why:
            self.emit("source_warning", url=url, reason=f"{what}: bỏ qua {why}")
        return kept

    def _next(self, data: Record, base: str, url: str, handler: Any, **cb_kwargs: Any) -> Iterator[scrapy.Request]:
        try:
            found = next_page(data, base, self._token)
        except ValueError as exc:
            self.emit("source_warning", url=url, reason=f"{exc} ({url})")
            return
        if found is not None and not self._stopped:
            yield self.api_request(found, handler, base=base, **cb_kwargs)

    def _report(self, response: Response, what: str) -> None:
        try:
            body = read_json(response)
        except ParseError:
            body = None
        reason, stop = graph_problem(response.status, body, what, self.options.token_env)
        if stop and self._stopped:
            return  # said once; the requests still in flight fail the same way
        self._stopped = self._stopped or stop
        self.emit("source_error", url=response.url, reason=f"{reason} ({response.url})")


def _has_id(record: Record) -> bool:
    value = record.get("id")
    return isinstance(value, str | int) and not isinstance(value, bool) and bool(str(value))


def _id(record: Record) -> str:
    return str(record["id"])  # records were checked by _has_id


def _text(record: Record) -> str:
    message = record.get("message")
    return unicodedata.normalize("NFC", message).strip() if isinstance(message, str) else ""


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _when(record: Record) -> datetime | None:
    created = record.get("created_time")
    return parse_date_text(created, _UTC) if isinstance(created, str) else None
