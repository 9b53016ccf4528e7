"""The shape every source kind has: a :class:`Connector` built per source, with one hook
(:meth:`Connector.start`); the base class owns requests, errors, conditional requests,
the seen-URL check, article pages and events.

A connector's parse methods are generators of requests and :class:`CrawledItem`; they
may raise :class:`ParseError` (or anything else): the error is reported as a
``source_error`` naming the source and the URL, and the rest of the crawl goes on.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from langnghe.config import SourceConfig
from langnghe.crawlers.failures import describe_failure, is_blocked, is_permanent
from langnghe.crawlers.feeds import FeedEntry
from langnghe.crawlers.options import CommonOptions
from langnghe.crawlers.middlewares import CONDITIONAL_META, response_header, validator_key, validators_of
from langnghe.crawlers.decoding import decode_page
from langnghe.crawlers.extract import PageExtract, extract_article
from langnghe.crawlers.pages import SourceContext, item_from_article, item_from_feed, page_problem
from langnghe.crawlers.item_pipeline import CrawledItem, Remember
from langnghe.crawlers.urls import clean_url
from langnghe.crawlers.wording import JSON_KIND_VI, json_error
from langnghe.errors import ConfigError
from langnghe.item import Item, Kind, make_item_id, utcnow
from langnghe.pseudonym import author_value, mask_handles

if TYPE_CHECKING:
    from langnghe.crawlers.spider import SourceSpider

log = logging.getLogger(__name__)

LISTING_PRIORITY = 10  # feeds, sitemaps and listings before article pages: progress totals come early

Handler = Callable[..., Iterable[Any]]


class ParseError(Exception):
    """The response is not what this source kind reads; the message says what it got, in Vietnamese
    (users read it in `langnghe sources` and the alerts)."""


class Connector:
    """One source in one crawl. Subclasses set ``kind`` (and ``default_kind``) and write :meth:`start`;
    their options are the kind's model in :mod:`langnghe.crawlers.options`, as ``self.options``."""

    kind: ClassVar[str]
    default_kind: ClassVar[Kind | None] = None  # None: "post" on forums, else "article"

    def __init__(self, source: SourceConfig, options: CommonOptions, spider: SourceSpider) -> None:
        self.source = source
        self.options = options
        self.spider = spider
        self.ctx = SourceContext(id=source.id, platform=source.platform, tz=options.tz, default_kind=self.default_kind)
        self._answers: dict[int, _Answer] = {}  # answers whose follow-up requests are still out
        self._ids = itertools.count(1)

    def start(self) -> Iterable[scrapy.Request | CrawledItem]:
        raise NotImplementedError

    # -- requests -------------------------------------------------------------------------

    def request(
        self,
        url: str,
        handler: Handler,
        *,
        conditional: bool = False,
        cb_kwargs: dict[str, Any] | None = None,
        errback: Callable[[Failure], Any] | None = None,
        priority: int = LISTING_PRIORITY,
        headers: dict[str, str] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> scrapy.Request:
        """A request whose answer goes to ``handler(response, **cb_kwargs)``, guarded.

        ``conditional``: send the stored validators; a 304 ends here (``not_modified``), and
        the new validators are stored once everything the answer led to is queued. They are
        kept under ``meta["state_key"]`` when given (a URL with its credential removed).
        """
        request_meta = dict(meta or {})
        if self.options.download_timeout:
            request_meta["download_timeout"] = self.options.download_timeout
        if conditional:
            request_meta[CONDITIONAL_META] = True
            request_meta["handle_httpstatus_list"] = [*request_meta.get("handle_httpstatus_list", []), 304]
        return scrapy.Request(
            url,
            callback=self._dispatch,
            errback=errback or self._fetch_failed,
            cb_kwargs={"handler": handler, "conditional": conditional, "kwargs": dict(cb_kwargs or {}), "parent": None},
            headers=headers,
            meta=request_meta,
            priority=priority,
            dont_filter=True,  # two listings may share an article; each gets its outcome
        )

    def _dispatch(
        self, response: Response, handler: Handler, conditional: bool, kwargs: dict[str, Any], parent: int | None
    ) -> Iterator[Any]:
        """Run the handler; every request it makes becomes a follow-up of this answer.

        The answer's validators are stored once all its follow-ups (and theirs) have ended, and
        only when none failed transiently: a crawl cut short, or a page that timed out, asks again
        in full next time (pages already queued are still skipped).
        """
        key = validator_key(response.request) if response.request is not None else response.url
        answer = _Answer(parent, validators_of(response) if conditional else None, key)
        node = next(self._ids)
        self._answers[node] = answer
        if response.status == 304:
            self.emit("not_modified", url=response.url)
            answer.validators = None  # nothing new to store
        else:
            try:
                for out in handler(response, **kwargs):
                    if isinstance(out, scrapy.Request) and out.cb_kwargs.get("parent", 0) is None:
                        out.cb_kwargs["parent"] = node
                        answer.pending += 1
                    yield out
            except ParseError as exc:
                answer.failed = True
                self.emit("source_error", url=response.url, reason=f"{response.url}: {exc}")
            except Exception as exc:  # a parser crash on one answer must not end the crawl
                answer.failed = True
                log.exception("%s: cannot parse %s", self.source.id, response.url)
                self.emit("source_error", url=response.url, reason=f"không đọc được {response.url} ({type(exc).__name__}: {exc})")
        yield from self._ended(node)

    def _ended(self, node: int | None, *, failed: bool = False) -> Iterator[Remember]:
        """One follow-up of ``node`` (or its own handler) ended; when it was the last, store and go up."""
        answer = self._answers.get(node) if node is not None else None
        if answer is None:
            return
        answer.failed |= failed
        answer.pending -= 1
        if answer.pending > 0:
            return
        del self._answers[node]  # type: ignore[arg-type]
        if answer.validators is not None and not answer.failed:
            etag, modified = answer.validators
            yield Remember(url=answer.url, etag=etag, last_modified=modified)
        yield from self._ended(answer.parent, failed=answer.failed)

    def _fetch_failed(self, failure: Failure) -> Iterator[Remember]:
        url = failure.request.url  # type: ignore[attr-defined]
        blocked = is_blocked(failure) or None
        self.emit("source_error", url=url, reason=f"không tải được {url}: {describe_failure(failure)}", blocked=blocked)
        yield from self._ended(failure.request.cb_kwargs.get("parent"), failed=True)  # type: ignore[attr-defined]

    # -- article pages --------------------------------------------------------------------

    def follow(self, entries: list[FeedEntry], listing_url: str) -> Iterator[scrapy.Request | CrawledItem]:
        """Each entry's article page (or the entry itself when links are not followed).

        Entries whose page was queued in an earlier crawl are skipped (the seen-URL store);
        the number is in the ``feed`` event as ``known``.
        """
        entries = _unique(entries)[: self.options.max_entries]
        keys = {entry.link: clean_url(entry.link) for entry in entries if _is_web_url(entry.link)}
        known = self.spider.job.state.seen(self.source.id, keys.values()) if self.source.follow_links else set()
        self.emit("feed", url=listing_url, entries=len(entries), known=len(known))
        skipped = 0
        for entry in entries:
            key = keys.get(entry.link) if entry.link else None
            if self.source.follow_links and key is not None:
                if key in known:
                    continue
                yield self._page_request(entry, key)
                continue
            crawled = self._from_entry(entry, fetch_error=None)
            skipped += crawled is None
            if crawled is not None:
                yield crawled
        if skipped:
            self.emit("source_warning", url=listing_url, reason=f"bỏ qua {skipped} mục: không có liên kết hay mã, hoặc không có cả tiêu đề lẫn nội dung")

    def _page_request(self, entry: FeedEntry, key: str) -> scrapy.Request:
        assert entry.link is not None
        return self.request(
            entry.link, self._parse_page, cb_kwargs={"entry": entry, "key": key}, errback=self._page_failed, priority=0
        )

    def _parse_page(self, response: Response, entry: FeedEntry, key: str) -> Iterator[Any]:
        article, problem = usable_article(response, entry, now=utcnow(), tz=self.options.timezone)
        if article is None:
            yield from self._fallback(entry, problem, True)
        else:
            item = item_from_article(self.ctx, entry, article, page_url=response.url, author_of=self.author, now=utcnow())
            off = article.metadata_off_by_h is not None
            yield CrawledItem(item=item, page_fetched=True, seen_key=key, metadata_off=off)

    def _page_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        reason = describe_failure(failure)
        yield from self._fallback(request.cb_kwargs["kwargs"]["entry"], reason, False, blocked=is_blocked(failure))
        # A missing or forbidden page stays so; a timeout or a 5xx is worth another try.
        yield from self._ended(request.cb_kwargs.get("parent"), failed=not is_permanent(failure))

    def _fallback(self, entry: FeedEntry, reason: str, fetched: bool, *, blocked: bool = False) -> Iterator[CrawledItem]:
        """The page is unusable: say so, and keep what the listing said."""
        self.emit("page_failed", url=entry.link, reason=reason, blocked=blocked or None)
        crawled = self._from_entry(entry, fetch_error=reason, page_fetched=fetched)
        if crawled is not None:
            yield crawled

    def _from_entry(self, entry: FeedEntry, *, fetch_error: str | None, page_fetched: bool = False) -> CrawledItem | None:
        item = item_from_feed(self.ctx, entry, fetch_error=fetch_error, author_of=self.author, now=utcnow())
        return CrawledItem(item=item, page_fetched=page_fetched) if item is not None else None

    # -- items from platforms with ids ----------------------------------------------------

    def native_item(
        self,
        native_id: str,
        *,
        text: str,
        kind: Kind = "post",
        title: str = "",
        url: str | None = None,
        published_at: datetime | None = None,
        author: str | None = None,
        parent_native_id: str | None = None,
        lang: str | None = None,
        engagement: dict[str, int | None] | None = None,
        named: tuple[str, ...] = (),
    ) -> Item:
        """An Item from a platform's own record; ids come from the platform's ids, so a re-crawl upserts.

        ``author`` is the platform handle: pseudonymised here, never stored as written, in the
        text either, where ``named`` handles (the other members of a thread) are pseudonymised too.
        """
        parent = make_item_id(self.ctx.platform, native_id=parent_native_id) if parent_native_id else None
        canonical = clean_url(url) if _is_web_url(url) else None
        return Item(
            id=make_item_id(self.ctx.platform, native_id=native_id),
            source=self.source.id,
            platform=self.ctx.platform,
            kind=kind,
            url=url,
            canonical_url=canonical,
            parent_id=parent,
            title=mask_handles(title, (author, *named), self.author),
            text=mask_handles(text, (author, *named), self.author),
            lang=lang or "vi",
            published_at=published_at,
            fetched_at=utcnow(),
            author=self.author(author),
            engagement={k: v for k, v in (engagement or {}).items() if v is not None},  # type: ignore[arg-type]
            content_from="native",
        )

    # -- small helpers --------------------------------------------------------------------

    def author(self, handle: str | None) -> str | None:
        return author_value(handle, self.spider.job.settings)

    def emit(self, kind: Any, **fields: Any) -> None:
        self.spider.emit(kind, self.source.id, **fields)

    def secret(self, env_name: str, what: str) -> str:
        """A credential from the environment variable named in the config; never from the file itself."""
        value = os.environ.get(env_name, "").strip()
        if not value:
            raise ConfigError(f"nguồn {self.source.id}: thiếu {what}: hãy đặt biến môi trường {env_name}")
        return value


@dataclass
class _Answer:
    """An answer in flight: its follow-ups still out (its own handler counts as one)."""

    parent: int | None
    validators: tuple[str | None, str | None] | None  # to store at the end (conditional requests)
    url: str
    pending: int = 1
    failed: bool = False


def usable_article(response: Response, entry: FeedEntry, *, now: datetime, tz: str) -> tuple[PageExtract | None, str]:
    """The article on an entry's page (as ``langnghe extract`` reads it), or None and why not."""
    if not isinstance(response, TextResponse):
        return None, f"không phải trang HTML ({_content_type(response) or 'không rõ kiểu nội dung'})"
    try:
        # Without a charset in the headers, decode_page tries the BOM, <meta charset>, UTF-8, then cp1258.
        html = response.text if "charset=" in _content_type(response).lower() else decode_page(response.body)
        article = extract_article(html, response.url, now=now, tz=tz)
    except Exception as exc:  # a parser crash on one page must not lose the entry
        return None, f"không trích được nội dung ({type(exc).__name__}: {exc})"
    problem = page_problem(article, entry)
    return (None, problem) if problem is not None else (article, "")


def _content_type(response: Response) -> str:
    return response_header(response, "Content-Type") or ""


def read_json(response: Response) -> Any:
    """The body as JSON; :class:`ParseError` that says what came instead (an HTML page, a login wall)."""
    body = response.body
    head = body[:256].lstrip().lower()
    if not head:
        raise ParseError("câu trả lời rỗng, cần JSON")
    if head.startswith(b"<"):
        raise ParseError("cần JSON, nhận một trang HTML (trang báo lỗi hoặc trang đăng nhập?)")
    try:
        return json.loads(body.decode(_charset(response)))
    except (UnicodeDecodeError, LookupError, ValueError) as exc:
        raise ParseError(json_error(exc)) from None


def describe_json(data: Any) -> str:
    """A few words on an unexpected JSON answer, for an error message (APIs' errors are ``{"error": ...}``)."""
    if isinstance(data, dict):
        if "error" in data:
            message = data.get("message")
            return f"một câu trả lời báo lỗi: {message} ({data['error']})" if message else f"một câu trả lời báo lỗi: {data['error']}"
        return "một đối tượng có các khóa " + ", ".join(sorted(map(str, data))[:6])
    if isinstance(data, list):
        return f"một danh sách {len(data)} phần tử"
    return JSON_KIND_VI.get(type(data).__name__, type(data).__name__)


def json_text(value: Any) -> str:
    """A JSON field that should be a string: "" when it is missing or something else."""
    return value if isinstance(value, str) else ""


def json_int(value: Any) -> int | None:
    """A JSON field that should be an integer (``true`` is not one); None otherwise."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def text_of(response: Response) -> str:
    if not isinstance(response, TextResponse):
        raise ParseError(f"câu trả lời không phải văn bản ({_content_type(response) or 'không rõ kiểu nội dung'})")
    return response.text


def _charset(response: Response) -> str:
    return response.encoding if isinstance(response, TextResponse) else "utf-8"


def _is_web_url(url: str | None) -> TypeGuard[str]:
    return bool(url) and str(url).startswith(("http://", "https://"))


def _unique(entries: list[FeedEntry]) -> list[FeedEntry]:
    """Listings sometimes hold an entry twice; keep the first."""
    seen: set[str] = set()
    unique = []
    for entry in entries:
        key = entry.link or entry.guid or entry.title
        if key not in seen:
            seen.add(key)
            unique.append(entry)
    return unique
