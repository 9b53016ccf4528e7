"""The application: one object that opens every port once and closes it once.

The CLI, the scheduler, the stage workers, the tests and the HTTP API get their stores from an
:class:`App` built by :meth:`App.from_settings`, never by opening files themselves. A port is
opened on first use (a command that only reads the index never touches the queue) and the
same instance is handed out from then on, to every thread; :meth:`App.close` closes what was
opened, in reverse order. Which implementation backs a port is decided here from the settings
(the embedded SQLite files by default, Elasticsearch for the index when configured). The typed
stores (stories to accounts) are written once on SQLAlchemy Core with Alembic migrations
(:mod:`langnghe.db`): each opens its own SQLite file, or, when ``db_url`` is set (the distributed
mode: PostgreSQL), all of them open that one database, each store's migrations a branch of it.

Ports and their implementations (docs: README "How it works"):

==============  ========================================================  ========================================
port            protocol / class                                          embedded implementation
==============  ========================================================  ========================================
queue           :class:`langnghe.queue.base.ItemQueue`                    ``SQLiteQueue`` (queue.sqlite3)
index           :class:`langnghe.index.base.IndexBackend`                 ``SQLiteIndex`` / ``ElasticsearchIndex``
trends          :class:`langnghe.index.trends.TrendStore`                 ``SQLiteTrendStore`` / ES roll-ups
stories         :class:`langnghe.stores.stories.StoryStore`               stories.sqlite3
detections      :class:`langnghe.stores.detections.DetectionStore`        detections.sqlite3
claims          :class:`langnghe.claims.store.ClaimStore`                 claims.sqlite3
health          :class:`langnghe.stores.health.SourceHealthStore`         health.sqlite3
outbox          :class:`langnghe.delivery.outbox.Outbox`                  outbox.sqlite3
alerts          :class:`langnghe.stores.alerts.AlertLedger`               alerts.sqlite3
runs            :class:`langnghe.stores.runs.RunLog`                      scheduler.sqlite3
accounts        :class:`langnghe.stores.accounts.AccountStore`            accounts.sqlite3
saved_searches  :class:`langnghe.stores.saved_searches.SavedSearchStore`  saved_searches.sqlite3
field_reports   :class:`langnghe.stores.field_reports.FieldReportStore`   field_reports.sqlite3
==============  ========================================================  ========================================

The crawl ledger (:class:`langnghe.crawlers.ledger.CrawlLedger`, embedded: ``CrawlState`` in
crawl_state.sqlite3) is opened by each crawl child process itself (``open_crawl_ledger``):
scrapy runs there, not in the App's process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from langnghe.paths import DataPaths
from langnghe.settings import Settings, load_settings

if TYPE_CHECKING:
    from langnghe.claims.store import ClaimStore
    from langnghe.delivery.outbox import Outbox
    from langnghe.index.base import IndexBackend
    from langnghe.index.trends import TrendStore
    from langnghe.queue.base import ItemQueue
    from langnghe.stores.accounts import AccountStore
    from langnghe.stores.alerts import AlertLedger
    from langnghe.stores.detections import DetectionStore
    from langnghe.stores.field_reports import FieldReportStore
    from langnghe.stores.health import SourceHealthStore
    from langnghe.stores.runs import RunLog
    from langnghe.stores.saved_searches import SavedSearchStore
    from langnghe.stores.stories import StoryStore

log = logging.getLogger(__name__)


class _Closeable(Protocol):
    def close(self) -> None: ...


_P = TypeVar("_P", bound=_Closeable)


class App:
    """Every port of one deployment, opened once on first use (see the module docs)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.paths: DataPaths = settings.paths
        self.paths.restrict()
        self._ports: dict[str, _Closeable] = {}
        self._lock = threading.RLock()
        self._closed = False

    @classmethod
    def from_settings(cls, settings: Settings | None = None, **overrides: object) -> App:
        """The app of ``settings``, or of the environment plus ``overrides`` (None means unset)."""
        return cls(settings if settings is not None else load_settings(**overrides))

    def _port(self, name: str, factory: Callable[[], _P]) -> _P:
        with self._lock:
            if self._closed:
                raise RuntimeError(f"the app is closed: cannot open its {name}")
            if name not in self._ports:
                self.paths.root.mkdir(parents=True, exist_ok=True)
                self._ports[name] = factory()
            return self._ports[name]  # type: ignore[return-value]

    @property
    def queue(self) -> ItemQueue:
        from langnghe.queue import open_queue

        return self._port("queue", lambda: open_queue(self.settings))

    @property
    def index(self) -> IndexBackend:
        from langnghe.index import open_index

        return self._port("index", lambda: open_index(self.settings))

    @property
    def trends(self) -> TrendStore:
        from langnghe.index import open_trend_store

        return self._port("trends", lambda: open_trend_store(self.settings))

    @property
    def stories(self) -> StoryStore:
        from langnghe.stores.stories import StoryStore

        return self._port("stories", lambda: StoryStore(self.settings.store_target("stories")))

    @property
    def detections(self) -> DetectionStore:
        from langnghe.stores.detections import DetectionStore

        return self._port("detections", lambda: DetectionStore(self.settings.store_target("detections")))

    @property
    def claims(self) -> ClaimStore:
        from langnghe.claims.store import ClaimStore

        return self._port("claims", lambda: ClaimStore(self.settings.store_target("claims")))

    @property
    def health(self) -> SourceHealthStore:
        from langnghe.stores.health import SourceHealthStore

        return self._port("health", lambda: SourceHealthStore(self.settings.store_target("health")))

    @property
    def outbox(self) -> Outbox:
        from langnghe.delivery.outbox import Outbox

        return self._port("outbox", lambda: Outbox(self.settings.store_target("outbox")))

    @property
    def alerts(self) -> AlertLedger:
        from langnghe.stores.alerts import AlertLedger

        return self._port("alerts", lambda: AlertLedger(self.settings.store_target("alerts")))

    @property
    def runs(self) -> RunLog:
        from langnghe.stores.runs import RunLog

        return self._port("runs", lambda: RunLog(self.settings.store_target("scheduler")))

    @property
    def accounts(self) -> AccountStore:
        from langnghe.stores.accounts import AccountStore

        return self._port("accounts", lambda: AccountStore(self.settings.store_target("accounts")))

    @property
    def field_reports(self) -> FieldReportStore:
        from langnghe.stores.field_reports import FieldReportStore

        return self._port("field_reports", lambda: FieldReportStore(self.settings.store_target("field_reports")))

    @property
    def saved_searches(self) -> SavedSearchStore:
        from langnghe.stores.saved_searches import SavedSearchStore

        return self._port("saved_searches", lambda: SavedSearchStore(self.settings.store_target("saved_searches")))

    def opened(self) -> list[str]:
        """The ports opened so far, in order."""
        with self._lock:
            return list(self._ports)

    def close(self) -> None:
        """Close every opened port, newest first; a second call does nothing."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            ports, self._ports = list(self._ports.items()), {}
        for name, port in reversed(ports):
            try:
                port.close()
            except Exception:  # one port failing to close must not keep the others open
                log.exception("closing the %s failed", name)

    def __enter__(self) -> App:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
