"""The story job's shell: read items from the index in time order, cluster the new ones,
write their ``story_id`` back, save the stories (policy: :mod:`langnghe.detection.stories`).

Incremental: items the store has clustered are skipped, so a second run does only the
new ones; without ``since`` a run reads from one window (``StoryParams.window``) before
the newest clustered item. Items arriving later with an older time need ``since``
(``langnghe ingest`` passes its file's time range). An item the store knows whose
``story_id`` the index lost (a whole-document ``upsert`` replaced it) gets it back.

Only ``story_id`` is written, through :meth:`IndexBackend.update_fields`, guarded by the
version the job read, so it may run beside the enrich stage: an item rewritten meanwhile
answers ``conflict``, is read again and gets its story on the newer version (at most
:data:`MAX_TRIES` times; an item still contended after that, or deleted meanwhile, is
counted in ``unwritten`` and left to the next run's repair, since the store has its story).
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from langnghe.index.base import FieldUpdate, Filters, IndexBackend, Version, Versioned
from langnghe.item import Item
from langnghe.labels import STORY_JOIN_VI
from langnghe.detection.stories import Method, StoryClusterer, StoryParams, StoryState
from langnghe.detection.story_signals import item_signals
from langnghe.detection.story_records import Member, member_of
from langnghe.stores.stories import StoryStore

BATCH = 1000
MAX_TRIES = 5  # guarded writes of one item's story_id that meet a newer write, before giving up
_T = TypeVar("_T")
log = logging.getLogger(__name__)


@dataclass
class StoriesReport:
    scanned: int = 0
    clustered: int = 0
    methods: dict[Method, int] = field(default_factory=dict)
    repaired: int = 0
    written: int = 0
    unwritten: int = 0  # story ids not written: the item kept changing, was deleted, or was refused
    seconds: float = 0.0

    @property
    def new_stories(self) -> int:
        return self.methods.get("new", 0)

    def line(self) -> str:
        joined_by: tuple[Method, ...] = ("similar", "duplicate", "parent")
        joined = ", ".join(f"{self.methods.get(m, 0)} {STORY_JOIN_VI[m]}" for m in joined_by)
        line = f"gom {self.clustered}/{self.scanned} tin vào sự việc: {self.new_stories} sự việc mới, ghép {joined}"
        if self.repaired:
            line += f"; khôi phục {self.repaired} mã sự việc trong chỉ mục"
        if self.unwritten:
            line += f"; {self.unwritten} mã sự việc chưa ghi (để lần chạy sau)"
        return line + f" ({self.seconds:.1f} giây)".replace(".", ",")


def _batched(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def update_stories(
    index: IndexBackend,
    store: StoryStore,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    params: StoryParams | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> StoriesReport:
    """Cluster the items of [since, until) the store has not seen (see module docs)."""
    params = params or StoryParams()
    started, report = time.monotonic(), StoriesReport()
    if since is None and (frontier := store.frontier()) is not None:
        since = frontier - params.window
    clusterer: StoryClusterer | None = None
    for read in _batched(index.scan_versioned(Filters(since=since, until=until), batch=BATCH), BATCH):
        chunk = [entry.item for entry in read]
        known = store.story_of([item.id for item in chunk])
        todo = [item for item in chunk if item.id not in known]
        wanted = {item.id: known[item.id] for item in chunk if item.id in known and item.story_id != known[item.id]}
        report.repaired += len(wanted)
        if todo and clusterer is None:
            clusterer = StoryClusterer(params, store.load_state(todo[0].published_at or todo[0].fetched_at, params))
        members: list[Member] = []
        if todo and clusterer is not None:
            members = _cluster(clusterer, store, todo, params, report)
            wanted.update((item.id, m.story_id) for item, m in zip(todo, members) if item.story_id != m.story_id)
        if wanted:
            write_story_ids(index, wanted, {entry.item.id: entry.version for entry in read}, report)
        if clusterer is not None and members:  # after the index: a kill in between means "not clustered yet"
            store.save(clusterer.take_changes(), members)
        report.scanned += len(chunk)
        if on_batch is not None:
            on_batch(len(chunk))
    report.seconds = time.monotonic() - started
    return report


def write_story_ids(
    index: IndexBackend, wanted: dict[str, str], versions: dict[str, Version], report: StoriesReport
) -> None:
    """Set ``story_id`` of the items in ``wanted`` (id -> story), each guarded by the version
    in ``versions``; an item written since is read again and tried on its new version."""
    pending, read = dict(wanted), dict(versions)
    for attempt in range(1, MAX_TRIES + 1):
        updates = [FieldUpdate(item_id, {"story_id": story}, read[item_id]) for item_id, story in pending.items()]
        conflicted: list[str] = []
        for outcome in index.update_fields(updates):
            if outcome.ok:
                report.written += 1
            elif outcome.status == "conflict" and attempt < MAX_TRIES:
                conflicted.append(outcome.id)
            else:
                report.unwritten += 1
                log.warning("stories: story id of %s not written (%s): %s", outcome.id, outcome.status, outcome.reason)
        fresh: dict[str, Versioned] = index.get_versioned(conflicted) if conflicted else {}
        report.unwritten += sum(1 for item_id in conflicted if item_id not in fresh)  # deleted meanwhile
        pending = {item_id: pending[item_id] for item_id in conflicted if item_id in fresh}
        read.update((item_id, fresh[item_id].version) for item_id in pending)
        for item_id in [i for i in pending if fresh[i].item.story_id == pending[i]]:  # someone wrote it already
            del pending[item_id]
            report.written += 1
        if not pending:
            return


def _cluster(
    clusterer: StoryClusterer, store: StoryStore, items: list[Item], params: StoryParams, report: StoriesReport
) -> list[Member]:
    """Assign each item, in order; returns their members, in the same order."""
    wanted = [i.parent_id for i in items if i.parent_id and clusterer.story_of(i.parent_id) is None]
    parents: dict[str, StoryState] = store.parent_stories(wanted) if wanted else {}
    members: list[Member] = []
    for item in items:
        assignment = clusterer.assign(item_signals(item, params), parents.get(item.parent_id or ""))
        report.clustered += 1
        report.methods[assignment.method] = report.methods.get(assignment.method, 0) + 1
        members.append(member_of(item, assignment))
    return members
