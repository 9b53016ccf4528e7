"""The story job's shell: read items from the index in time order, cluster the new ones,
write their ``story_id`` back, save the stories (policy: :mod:`langnghe.detection.stories`).

Incremental: items the store has clustered are skipped, so a second run does only the
new ones; without ``since`` a run reads from one window (``StoryParams.window``) before
the newest clustered item. Items arriving later with an older time need ``since``
(``langnghe ingest`` passes its file's time range). An item the store knows whose
``story_id`` the index lost (the enrich stage rewrote it after a re-crawl) gets it back.
Run it after enrich, not beside it: an item re-enriched while this job holds it would be
written back in its older version.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from langnghe.index.base import Filters, IndexBackend
from langnghe.item import Item
from langnghe.detection.stories import Method, StoryClusterer, StoryParams, StoryState
from langnghe.detection.story_signals import item_signals
from langnghe.detection.story_records import Member, member_of
from langnghe.stores.stories import StoryStore

BATCH = 1000
_T = TypeVar("_T")


@dataclass
class StoriesReport:
    scanned: int = 0
    clustered: int = 0
    methods: dict[Method, int] = field(default_factory=dict)
    repaired: int = 0
    written: int = 0
    seconds: float = 0.0

    @property
    def new_stories(self) -> int:
        return self.methods.get("new", 0)

    def line(self) -> str:
        joined_by: tuple[Method, ...] = ("similar", "duplicate", "parent")
        joined = ", ".join(f"{self.methods.get(m, 0)} {m}" for m in joined_by)
        line = f"{self.clustered} of {self.scanned} items clustered: {self.new_stories} new stories, joined {joined}"
        if self.repaired:
            line += f"; {self.repaired} story ids restored in the index"
        return line + f" ({self.seconds:.1f} s)"


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
    for chunk in _batched(index.scan(Filters(since=since, until=until), batch=BATCH), BATCH):
        known = store.story_of([item.id for item in chunk])
        todo = [item for item in chunk if item.id not in known]
        writes = [item.model_copy(update={"story_id": known[item.id]}) for item in chunk
                  if item.id in known and item.story_id != known[item.id]]  # fmt: skip
        report.repaired += len(writes)
        if todo and clusterer is None:
            clusterer = StoryClusterer(params, store.load_state(todo[0].published_at or todo[0].fetched_at, params))
        members: list[Member] = []
        if todo and clusterer is not None:
            members = _cluster(clusterer, store, todo, params, report)
            writes += [item.model_copy(update={"story_id": m.story_id}) for item, m in zip(todo, members)
                       if item.story_id != m.story_id]  # fmt: skip
        if writes:
            report.written += index.upsert(writes)
        if clusterer is not None and members:  # after the index: a kill in between means "not clustered yet"
            store.save(clusterer.take_changes(), members)
        report.scanned += len(chunk)
        if on_batch is not None:
            on_batch(len(chunk))
    report.seconds = time.monotonic() - started
    return report


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
