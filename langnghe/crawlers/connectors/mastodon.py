"""``kind: mastodon``: public statuses from one Mastodon instance's REST API, by hashtag and by account.

The source ``url`` is the instance's base URL (``https://mastodon.social``). No token: only
public endpoints are read (an instance that closes its timelines to anonymous readers
answers 401 or 422, reported as the source's error).

Options: ``hashtags`` (without ``#``), ``accounts`` (``user`` or ``user@instance``; at least
one of the two), ``max_pages`` (pages of 40 per timeline), ``max_entries`` (statuses per crawl).

Requests, with ``Accept: application/json``:

- ``GET /api/v1/timelines/tag/<tag>?limit=40``, conditional;
- ``GET /api/v1/accounts/lookup?acct=<acct>`` (not conditional: a 304 would leave no account
  id to read on), then ``GET /api/v1/accounts/<id>/statuses?limit=40&exclude_reblogs=true``,
  conditional;
- the next pages: the ``Link`` header's ``rel="next"`` URL (``max_id=``), on the same instance only.

Statuses become items with native id ``<instance host>:<status id>``: a status with
``in_reply_to_id`` is a ``comment`` whose parent is ``<host>:<in_reply_to_id>``, the others
``post``s. A reblog stands for the status it reblogs (what was spread, by its own author).
Only ``public`` and ``unlisted`` statuses are kept; the content warning is the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response

from langnghe.config import SourceConfig
from langnghe.crawlers.connectors.base import Connector, ParseError, describe_json, json_int, json_text, read_json
from langnghe.crawlers.middlewares import response_header
from langnghe.crawlers.feeds import html_to_text, parse_date_text
from langnghe.crawlers.options import CommonOptions, MastodonOptions
from langnghe.crawlers.item_pipeline import CrawledItem
from langnghe.item import Item

Status = dict[str, Any]

JSON_HEADERS = {"Accept": "application/json"}
PAGE_SIZE = 40  # the API's most per page
KEPT_VISIBILITY = frozenset({"public", "unlisted"})
_LINK_PART = re.compile(r"<([^>]*)>([^<]*)")
_REL_NEXT = re.compile(r"""\brel\s*=\s*"?[^";,]*\bnext\b""", re.IGNORECASE)
_UTC = ZoneInfo("UTC")  # Mastodon dates carry their zone ("...Z"); this is only the fallback


class MastodonConnector(Connector):
    kind = "mastodon"
    default_kind = "post"
    options: MastodonOptions

    def __init__(self, source: SourceConfig, options: CommonOptions, spider: Any) -> None:
        super().__init__(source, options, spider)
        self._taken: set[str] = set()  # native ids this crawl: a status in two timelines is one item

    def start(self) -> Iterator[scrapy.Request]:
        for instance in (url.rstrip("/") for url in self.source.start_urls):
            for tag in self.options.hashtags:
                url = f"{instance}/api/v1/timelines/tag/{quote(tag.lstrip('#'), safe='')}?limit={PAGE_SIZE}"
                yield self._timeline_request(url, instance, page=1)
            for acct in self.options.accounts:
                url = f"{instance}/api/v1/accounts/lookup?" + urlencode({"acct": acct.lstrip("@")})
                yield self.request(url, self.parse_account, cb_kwargs={"instance": instance}, headers=JSON_HEADERS)

    def _timeline_request(self, url: str, instance: str, page: int) -> scrapy.Request:
        return self.request(url, self.parse_timeline, conditional=True, headers=JSON_HEADERS,
                            cb_kwargs={"instance": instance, "page": page})

    def _room(self) -> int:
        cap = self.options.max_entries
        return max(cap - len(self._taken), 0) if cap is not None else 1 << 30

    def parse_account(self, response: Response, instance: str) -> Iterator[scrapy.Request]:
        account = read_json(response)
        ident = account.get("id") if isinstance(account, dict) else None
        if not isinstance(ident, str | int) or isinstance(ident, bool) or not str(ident):
            raise ParseError(f"cần một tài khoản Mastodon có id, nhận {describe_json(account)}")
        query = urlencode({"limit": PAGE_SIZE, "exclude_reblogs": "true"})
        url = f"{instance}/api/v1/accounts/{quote(str(ident), safe='')}/statuses?{query}"
        yield self._timeline_request(url, instance, page=1)

    def parse_timeline(self, response: Response, instance: str, page: int) -> Iterator[Any]:
        statuses = read_json(response)
        if not isinstance(statuses, list):
            raise ParseError(f"cần một danh sách bài (status) Mastodon, nhận {describe_json(statuses)}")
        self.emit("feed", url=response.url, entries=len(statuses), known=0)
        yield from self._items(statuses, instance_host(instance), response.url)
        following = next_link(response_header(response, "Link"))
        if following and statuses and page < self.options.max_pages and self._room() > 0:
            if urlsplit(following).netloc != urlsplit(response.url).netloc:
                reason = f"không theo trang sau vì nằm trên máy chủ khác: {following}"
                self.emit("source_warning", url=response.url, reason=reason)
                return
            yield self._timeline_request(following, instance, page + 1)

    def _items(self, statuses: list[Any], host: str, url: str) -> Iterator[CrawledItem]:
        malformed = 0
        for raw in statuses:
            status = shown_status(raw)
            ident = status_id(status) if status is not None else None
            if status is None or ident is None:
                malformed += 1
                continue
            native = f"{host}:{ident}"
            if native in self._taken or not self._room() or not is_readable(status):
                continue
            item = self._status_item(status, native, host)
            if item is not None:
                self._taken.add(native)
                yield CrawledItem(item=item)
        if malformed:
            self.emit("source_warning", url=url, reason=f"bỏ qua {malformed} bài: không phải bài (status) có id")

    def _status_item(self, status: Status, native: str, host: str) -> Item | None:
        text = html_to_text(json_text(status.get("content")))
        if not text:
            return None  # media only: nothing to read
        reply_to = status.get("in_reply_to_id")
        parent = f"{host}:{reply_to}" if isinstance(reply_to, str | int) and str(reply_to) else None
        return self.native_item(
            native, kind="comment" if parent else "post", text=text,
            title=html_to_text(json_text(status.get("spoiler_text"))),
            url=json_text(status.get("url")) or json_text(status.get("uri")) or None,
            published_at=date_of(status.get("created_at")),
            author=account_handle(status.get("account"), host), parent_native_id=parent,
            lang=json_text(status.get("language")) or None, engagement=engagement_of(status),
        )


# -- Mastodon's JSON, as pure functions ----------------------------------------------------


def next_link(header: str | None) -> str | None:
    """The ``rel="next"`` URL of a Link header.

    >>> next_link('<https://a.example/api/v1/x?max_id=7>; rel="next", <https://a.example/api/v1/x?min_id=9>; rel="prev"')
    'https://a.example/api/v1/x?max_id=7'
    """
    for url, params in _LINK_PART.findall(header or ""):
        if _REL_NEXT.search(params):
            return str(url).strip() or None
    return None


def shown_status(raw: Any) -> Status | None:
    """The status a timeline entry shows: the reblogged one for a reblog."""
    if not isinstance(raw, dict):
        return None
    reblog = raw.get("reblog")
    return reblog if isinstance(reblog, dict) else raw


def status_id(status: Status) -> str | None:
    ident = status.get("id")
    return str(ident) if isinstance(ident, str | int) and not isinstance(ident, bool) and str(ident) else None


def is_readable(status: Status) -> bool:
    return status.get("visibility", "public") in KEPT_VISIBILITY


def instance_host(instance: str) -> str:
    return urlsplit(instance).netloc.lower()


def account_handle(account: Any, host: str) -> str | None:
    """``user@instance``: a local account's ``acct`` has no instance, and would collide across instances."""
    acct = json_text(account.get("acct")) if isinstance(account, dict) else ""
    if not acct:
        return None
    return acct if "@" in acct else f"{acct}@{host}"


def date_of(value: Any) -> datetime | None:
    return parse_date_text(value, _UTC) if isinstance(value, str) and value else None


def engagement_of(status: Status) -> dict[str, int | None]:
    return {
        "likes": _count(status.get("favourites_count")),
        "comments": _count(status.get("replies_count")),
        "shares": _count(status.get("reblogs_count")),
    }


def _count(value: Any) -> int | None:
    number = json_int(value)
    return number if number is not None and number >= 0 else None
