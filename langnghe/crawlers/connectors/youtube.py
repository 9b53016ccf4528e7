"""``kind: youtube``: comments on YouTube videos, from the YouTube Data API v3 (``commentThreads``).

Needs a Data API key, read only from the environment variable named by ``api_key_env``
(``YOUTUBE_API_KEY`` unless told); the source ``url`` is the API base,
``https://www.googleapis.com/youtube/v3`` (a test points it at a mock server).

Options: ``video_ids`` (each video's comments), ``channel_id`` (comments on all the channel's
videos), at least one of the two; ``max_pages`` (pages of 100 threads per video or channel,
newest first); ``max_entries`` (comment threads per crawl).

Requests (never conditional: the URL holds the key; see :mod:`.credentials`):

- ``GET <base>/commentThreads?part=snippet,replies&videoId=<id>&maxResults=100&order=time``
  ``&textFormat=plainText[&pageToken=<nextPageToken>]&key=<KEY>``;
- the same with ``allThreadsRelatedToChannelId=<id>`` in place of ``videoId`` for the channel.

Each thread's top-level comment is a ``comment`` whose parent is the video (native id
``video:<videoId>``, no item of its own); the replies the thread carries (the API sends at
most five) are ``comment``s whose parent is the top-level comment. Native ids are the API's
comment ids; authors are the commenter's channel id (else display name), pseudonymised.
API errors are read from the answer's ``error`` body: quota, rate limit and key problems
end the source for this crawl (every further request would fail the same way); comments
disabled on one video is a warning and the other videos go on.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response

from langnghe.config import SourceConfig
from langnghe.crawlers.connectors.base import ParseError, json_int, read_json
from langnghe.crawlers.connectors.credentials import KeyedApiConnector
from langnghe.crawlers.feeds import parse_date_text
from langnghe.crawlers.options import CommonOptions, YoutubeOptions
from langnghe.crawlers.item_pipeline import CrawledItem
from langnghe.item import Item

PAGE_SIZE = 100  # the API's most per page
_UTC = ZoneInfo("UTC")

Target = tuple[str, str]  # ("videoId" | "allThreadsRelatedToChannelId", id)


@dataclass(frozen=True)
class Comment:
    native_id: str
    parent_native_id: str
    video_id: str
    text: str
    author: str | None
    published_at: datetime | None
    likes: int | None
    replies: int | None = None


@dataclass(frozen=True)
class Problem:
    """What an API error answer means for the crawl."""

    reason: str
    severity: Literal["source_error", "source_warning"] = "source_error"
    stop: bool = False  # every further request of this source would fail the same way


def threads_url(base: str, target: Target, key: str, page_token: str | None = None) -> str:
    """The ``commentThreads`` request for a video or a channel, parameters in a fixed order."""
    params = [("part", "snippet,replies"), target, ("maxResults", str(PAGE_SIZE)), ("order", "time"),
              ("textFormat", "plainText")]
    if page_token:
        params.append(("pageToken", page_token))
    params.append(("key", key))
    return f"{base.rstrip('/')}/commentThreads?" + urlencode(params, quote_via=quote, safe=",")


def comment_url(video_id: str, comment_id: str) -> str:
    return f"https://www.youtube.com/watch?v={quote(video_id, safe='')}&lc={quote(comment_id, safe='')}"


def describe(target: Target) -> str:
    return f"video {target[1]}" if target[0] == "videoId" else f"kênh {target[1]}"


def thread_comments(thread: Any) -> list[Comment]:
    """The top-level comment and the replies of one ``commentThread`` resource; ParseError if it has none."""
    snippet = _dict(thread, "snippet")
    top = _dict(snippet, "topLevelComment")
    video_id = snippet.get("videoId") or _dict(top, "snippet").get("videoId")
    if not isinstance(video_id, str) or not video_id:
        raise ParseError("một chuỗi bình luận không có snippet.videoId")
    first = _comment(top, f"video:{video_id}", video_id, replies=json_int(snippet.get("totalReplyCount")))
    replies = thread.get("replies")
    listed = replies.get("comments") if isinstance(replies, dict) else None
    others = listed if isinstance(listed, list) else []
    return [first, *(_comment(reply, first.native_id, video_id) for reply in others)]


def _comment(resource: Any, parent: str, video_id: str, replies: int | None = None) -> Comment:
    native_id = resource.get("id") if isinstance(resource, dict) else None
    if not isinstance(native_id, str) or not native_id:
        raise ParseError("một bình luận không có id")
    snippet = _dict(resource, "snippet")
    text = snippet.get("textOriginal") or snippet.get("textDisplay") or ""
    channel = snippet.get("authorChannelId") or {}
    published = snippet.get("publishedAt")
    return Comment(
        native_id=native_id,
        parent_native_id=parent,
        video_id=video_id,
        text=unicodedata.normalize("NFC", str(text)).strip(),
        author=(channel.get("value") if isinstance(channel, dict) else None) or snippet.get("authorDisplayName"),
        published_at=parse_date_text(published, _UTC) if isinstance(published, str) else None,
        likes=json_int(snippet.get("likeCount")),
        replies=replies,
    )


def _dict(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        raise ParseError(f"một chuỗi bình luận không có {key!r}")
    return value


# -- API errors ---------------------------------------------------------------------------------

_STOPPING = {
    "quotaExceeded": "đã hết hạn mức API (quotaExceeded); lần thu thập đầu tiên sau khi hạn mức ngày được đặt lại sẽ thử lại",
    "dailyLimitExceeded": "đã tới giới hạn ngày của API (dailyLimitExceeded)",
    "rateLimitExceeded": "API giới hạn tần suất (rateLimitExceeded); lần thu thập sau sẽ thử lại",
    "userRateLimitExceeded": "API giới hạn tần suất (userRateLimitExceeded); lần thu thập sau sẽ thử lại",
    "keyInvalid": "khóa API không hợp lệ (keyInvalid): hãy kiểm tra khóa trong {env}",
    "API_KEY_INVALID": "khóa API không hợp lệ (API_KEY_INVALID): hãy kiểm tra khóa trong {env}",
    "keyExpired": "khóa API đã hết hạn (keyExpired): hãy đặt khóa mới vào {env}",
    "accessNotConfigured": "YouTube Data API chưa được bật cho dự án của khóa (accessNotConfigured)",
    "SERVICE_DISABLED": "YouTube Data API chưa được bật cho dự án của khóa (SERVICE_DISABLED)",
    "ipRefererBlocked": "khóa không được dùng từ địa chỉ này (ipRefererBlocked)",
}


def api_problem(status: int, body: Any, what: str, env: str) -> Problem:
    """The meaning of an error answer (``{"error": {"code", "message", "errors": [{"reason"}]}}``)."""
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        return Problem(f"{what}: HTTP {status}, API không kèm mô tả lỗi")
    reasons = _reasons(error)
    message = str(error.get("message") or "")[:200]
    for reason in reasons:
        if reason in _STOPPING:
            return Problem(_STOPPING[reason].format(env=env), stop=True)
    if "commentsDisabled" in reasons:
        return Problem(f"{what} đã tắt bình luận (commentsDisabled)", "source_warning")
    if status == 404 or {"videoNotFound", "channelNotFound", "notFound"} & set(reasons):
        return Problem(f"không tìm thấy {what} (HTTP {status}, {', '.join(reasons) or 'notFound'})")
    if status == 429:
        return Problem("API giới hạn tần suất (HTTP 429); lần thu thập sau sẽ thử lại", stop=True)
    return Problem(f"{what}: HTTP {status} ({', '.join(reasons) or 'không nêu lý do'}): {message}")


def _reasons(error: dict[str, Any]) -> list[str]:
    found = [e.get("reason") for e in error.get("errors") or [] if isinstance(e, dict)]
    found += [d.get("reason") for d in error.get("details") or [] if isinstance(d, dict)]  # google.rpc.ErrorInfo
    return [reason for reason in found if isinstance(reason, str) and reason]


# -- the connector ------------------------------------------------------------------------------


class YoutubeConnector(KeyedApiConnector):
    kind = "youtube"
    default_kind = "comment"
    options: YoutubeOptions

    def __init__(self, source: SourceConfig, options: CommonOptions, spider: Any) -> None:
        super().__init__(source, options, spider)
        self._key = ""
        self._threads = 0  # comment threads taken this crawl (max_entries)
        self._stopped = False

    def start(self) -> Iterator[scrapy.Request]:
        self._key = self.api_secret(self.options.api_key_env, "khóa YouTube Data API")
        targets: list[Target] = [("videoId", video) for video in self.options.video_ids]
        if self.options.channel_id:
            targets.append(("allThreadsRelatedToChannelId", self.options.channel_id))
        for base in self.source.start_urls:
            for target in targets:
                yield self._threads_request(base, target, None, 1)

    def _threads_request(self, base: str, target: Target, token: str | None, page: int) -> scrapy.Request:
        url = threads_url(base, target, self._key, token)
        return self.api_request(url, self.parse_threads, base=base, target=target, page=page)

    def _room(self) -> int:
        cap = self.options.max_entries
        return max(cap - self._threads, 0) if cap is not None else 1 << 30

    def parse_threads(self, response: Response, base: str, target: Target, page: int) -> Iterator[Any]:
        if response.status >= 400:
            self._report(response, target)
            return
        data = read_json(response)
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            raise ParseError("câu trả lời không có danh sách 'items': không phải câu trả lời commentThreads")
        threads = data["items"][: self._room()]
        self._threads += len(threads)
        self.emit("feed", url=response.url, entries=len(threads), known=0)
        yield from self._items(threads, response.url)
        token = data.get("nextPageToken")
        if isinstance(token, str) and token and page < self.options.max_pages and self._room() and not self._stopped:
            yield self._threads_request(base, target, token, page + 1)

    def _items(self, threads: list[Any], url: str) -> Iterator[CrawledItem]:
        skipped, why = 0, ""
        for thread in threads:
            try:
                comments = thread_comments(thread)
            except ParseError as exc:
                skipped, why = skipped + 1, why or str(exc)
                continue
            for comment in comments:
                if comment.text:
                    yield CrawledItem(item=self._item(comment))
        if skipped:
            self.emit("source_warning", url=url, reason=f"bỏ qua {skipped} chuỗi bình luận ({why})")

    def _item(self, comment: Comment) -> Item:
        return self.native_item(
            comment.native_id, text=comment.text, kind="comment", url=comment_url(comment.video_id, comment.native_id),
            published_at=comment.published_at, author=comment.author, parent_native_id=comment.parent_native_id,
            engagement={"likes": comment.likes, "comments": comment.replies},
        )

    def _report(self, response: Response, target: Target) -> None:
        try:
            body = read_json(response)
        except ParseError:
            body = None
        problem = api_problem(response.status, body, describe(target), self.options.api_key_env)
        if problem.stop and self._stopped:
            return  # said once; the other requests in flight fail the same way
        self._stopped = self._stopped or problem.stop
        self.emit(problem.severity, url=response.url, reason=f"{problem.reason} ({response.url})")
