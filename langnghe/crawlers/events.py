"""What the crawl child tells its parent, one JSON line per event, and the report folded from them.

Event kinds:

- ``feed``: a feed, sitemap, listing or API page was fetched and parsed; ``entries`` says
  how many entries it held (a progress total), ``known`` how many were queued before.
- ``not_modified``: a conditional request was answered 304: nothing changed since the last crawl.
- ``item``: an Item was committed to the queue; ``new`` is False when the queue already
  held the same content; ``content_from`` is ``page`` or ``feed_summary``.
- ``page_failed``: an entry's page could not be used (``reason``); its item falls back
  on the feed summary. ``blocked`` (here and on ``source_error``): the guard refused the URL:
  its host is an internal address, or it is not http(s) (:mod:`langnghe.crawlers.guard`).
- ``source_warning``: the source was crawled, but something is off (a feed with XML errors).
- ``source_error``: the source gave nothing (feed unreachable, not a feed, bad options).
- ``done``: the crawl finished; ``reason`` is scrapy's finish reason.
- ``child_failed``: sent by the child when it must stop (the queue cannot be written), and
  made by the parent when the child died or exited without ``done``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, TextIO

EventKind = Literal["feed", "not_modified", "item", "page_failed", "source_warning", "source_error", "done", "child_failed"]
_KINDS = frozenset(EventKind.__args__)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CrawlEvent:
    kind: EventKind
    source: str | None = None
    url: str | None = None
    reason: str | None = None
    item_id: str | None = None
    title: str | None = None
    content_from: str | None = None
    new: bool | None = None
    page_fetched: bool | None = None
    entries: int | None = None
    known: int | None = None
    dated: bool | None = None
    future_dated: bool | None = None  # the source's date was in the future: dropped (Item.future_date)
    blocked: bool | None = None
    # the page's metadata time missed its visible byline by whole hours (the byline was kept)
    metadata_off: bool | None = None

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v is not None}, ensure_ascii=False)

    @classmethod
    def from_json(cls, line: str) -> CrawlEvent:
        """Parse one line; raises ValueError for anything that is not an event."""
        data = json.loads(line)
        if not isinstance(data, dict) or data.get("kind") not in _KINDS:
            raise ValueError(f"not a crawl event: {line[:200]!r}")
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class PageFailure:
    url: str
    reason: str


@dataclass
class SourceReport:
    """One source's outcome in one crawl."""

    source: str
    url: str = ""
    entries: int = 0
    known: int = 0
    not_modified: int = 0
    items: int = 0
    items_undated: int = 0
    items_future_dated: int = 0
    items_metadata_off: int = 0
    items_new: int = 0
    items_with_feed_summary: int = 0
    pages_fetched: int = 0
    pages_failed: list[PageFailure] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blocked: int = 0  # URLs the guard refused: internal addresses, not http(s) (pages or the source's own)
    last_blocked: str | None = None  # "<reason>: <url>" of the last of them

    def apply(self, event: CrawlEvent) -> None:
        if event.blocked:
            self.blocked += 1
            self.last_blocked = f"{event.reason}: {event.url}"
        if event.kind == "feed":
            self.entries += event.entries or 0
            self.known += event.known or 0
        elif event.kind == "not_modified":
            self.not_modified += 1
        elif event.kind == "item":
            self._count_item(event)
        elif event.kind == "page_failed":
            self.pages_failed.append(PageFailure(event.url or "", event.reason or "unknown"))
        elif event.kind == "source_error":
            self.errors.append(event.reason or "unknown error")
        elif event.kind == "source_warning":
            self.warnings.append(event.reason or "")

    def _count_item(self, event: CrawlEvent) -> None:
        self.items += 1
        self.items_undated += event.dated is False
        self.items_future_dated += bool(event.future_dated)
        self.items_metadata_off += bool(event.metadata_off)
        self.items_new += bool(event.new)
        self.items_with_feed_summary += event.content_from == "feed_summary"
        self.pages_fetched += bool(event.page_fetched)


@dataclass
class CrawlReport:
    """Per source and in total: what one ``run_crawl`` did."""

    sources: dict[str, SourceReport] = field(default_factory=dict)
    finished: bool = False
    finish_reason: str | None = None
    child_error: str | None = None
    elapsed_s: float = 0.0
    log_path: str | None = None

    @classmethod
    def for_sources(cls, sources: Iterable[tuple[str, str]]) -> CrawlReport:
        return cls(sources={ident: SourceReport(ident, url) for ident, url in sources})

    def apply(self, event: CrawlEvent) -> None:
        if event.kind == "done":
            self.finished = True
            self.finish_reason = event.reason
        elif event.kind == "child_failed":
            self.child_error = event.reason
        elif event.source is not None:
            self.sources.setdefault(event.source, SourceReport(event.source)).apply(event)

    def _total(self, name: str) -> int:
        return sum(int(getattr(report, name)) for report in self.sources.values())

    @property
    def items(self) -> int:
        return self._total("items")

    @property
    def items_new(self) -> int:
        return self._total("items_new")

    @property
    def items_with_feed_summary(self) -> int:
        return self._total("items_with_feed_summary")

    @property
    def pages_fetched(self) -> int:
        return self._total("pages_fetched")

    @property
    def not_modified(self) -> int:
        return self._total("not_modified")

    @property
    def items_undated(self) -> int:
        return self._total("items_undated")

    @property
    def items_future_dated(self) -> int:
        return self._total("items_future_dated")

    @property
    def items_metadata_off(self) -> int:
        return self._total("items_metadata_off")

    @property
    def pages_failed(self) -> int:
        return sum(len(report.pages_failed) for report in self.sources.values())

    @property
    def source_errors(self) -> int:
        return sum(len(report.errors) for report in self.sources.values())

    @property
    def ok(self) -> bool:
        """The child finished and every source gave its feed (failed pages are not errors)."""
        return self.finished and self.child_error is None and self.source_errors == 0

    def problems(self) -> list[str]:
        """One line per thing a user should look at, naming the source."""
        lines = [f"tiến trình thu thập: {self.child_error}"] if self.child_error else []
        for report in self.sources.values():
            lines += [f"nguồn {report.source} ({report.url}): {error}" for error in report.errors]
            lines += [f"nguồn {report.source} ({report.url}): {warning}" for warning in report.warnings]
            lines += _page_failure_lines(report)
        return lines

    def summary_line(self) -> str:
        line = (
            f"đã thu thập {len(self.sources)} nguồn: {self.items} tin ({self.items_new} mới hoặc đã đổi), "
            f"tải {self.pages_fetched} trang, {self.pages_failed} trang lỗi, "
            f"{self.items_with_feed_summary} tin lấy phần tóm tắt của feed"
        )
        if self.items_undated:
            line += f"; {self.items_undated} tin không có ngày đăng"
        if self.items_future_dated:
            line += f" ({self.items_future_dated} tin ghi ngày trong tương lai, đã bỏ ngày)"
        if self.items_metadata_off:
            line += f"; {self.items_metadata_off} trang có giờ trong siêu dữ liệu lệch giờ ghi trên bài cả tiếng (giữ giờ trên bài)"
        if self.not_modified:
            line += f"; {self.not_modified} không đổi từ lần thu thập trước (304)"
        if self.source_errors:
            line += f"; {self.source_errors} nguồn lỗi"
        if self.child_error:
            line += "; tiến trình thu thập dừng sớm (các tin đã vào hàng đợi vẫn được giữ)"
        return line

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["totals"] = {
            name: getattr(self, name)
            for name in (
                "items", "items_new", "items_with_feed_summary", "items_undated", "items_future_dated", "pages_fetched",
                "pages_failed", "not_modified", "items_metadata_off",
            )
        }
        return data


def _page_failure_lines(report: SourceReport, limit: int = 3) -> list[str]:
    """Failed pages grouped by reason, so 200 timeouts make one line, not 200."""
    by_reason: dict[str, list[str]] = {}
    for failure in report.pages_failed:
        by_reason.setdefault(failure.reason, []).append(failure.url)
    lines = []
    for reason, urls in by_reason.items():
        shown = ", ".join(urls[:limit]) + (f" và {len(urls) - limit} trang nữa" if len(urls) > limit else "")
        lines.append(f"nguồn {report.source}: {len(urls)} trang dùng phần tóm tắt của feed ({reason}): {shown}")
    return lines


class EventWriter:
    """Writes events as JSON lines to the parent, flushing each so progress is live."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def emit(self, event: CrawlEvent) -> None:
        self._stream.write(event.to_json() + "\n")
        self._stream.flush()
