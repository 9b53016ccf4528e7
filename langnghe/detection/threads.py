"""Event threads: stories that continue one another (an incident, a denial, a fine,
compensation) linked into one thread with its timeline (docs: README, "Stories").

A story is one burst of reporting (:mod:`langnghe.detection.stories` closes it when
nothing new comes for three days, or when the next reports use other words); a
developing event comes back days later in other words ("Công ty Phúc Hưng bác bỏ thông
tin xả thải", then "xử phạt", then "bồi thường") and founds a new story each time. Event
threading after Nallapati et al. (2004), online and at the story level, as first-story
detection is at the item level: stories are taken in the order they began, and each one
continues the thread it is most like when

- the thread's latest story was last seen at most ``max_gap`` before the story began
  (and began no later than it: a thread only goes forward in time);
- they are in the same place: when both name places, at least ``place_share`` of the
  story's main places are the thread's (a look-alike event elsewhere, or two stories of
  many places that share one by chance, are not one thread), and, when both name places
  below a province (a commune, a river), one of those (the same province is not the same
  place: two festivals in two communes of Hưng Yên);
- the cosine of the story's *content* centroid to the thread's reaches ``threshold``, or
  ``threshold + unplaced_margin`` when either names no place (forum chatter alike in words).
  Content is the story centroid (TF-IDF, :class:`~langnghe.detection.stories.StoryState`)
  without its place terms (``@lạch_vàng``) and without words that are its places' names:
  sharing a place is a condition, never a reason, so that a festival in the commune of a
  polluting factory stays its own thread.

Otherwise a story founds a thread of its own (:func:`thread_id_for`). Policy only, no I/O:
:func:`link_threads` maps story ids to thread ids, the same on every run for the same
stories; :meth:`langnghe.stores.stories.StoryStore.threads_of` reads the stories of a
window and builds the :class:`Thread` records readers get.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from langnghe.detection.stories import SparseVector, StoryState

_PLACE = "@"


@dataclass(frozen=True)
class ThreadParams:
    """How stories are threaded. ``threshold`` chosen on the planted stream of
    :mod:`langnghe.testing_threads` with seed 1 only (60 chains; B-cubed F1 of threads 0.80 at
    0.2-0.3, 0.81 at 0.4-0.6, 0.79 at 0.7, single stories 0.75): the middle of the plateau,
    as follow-ups in real reports share fewer names than planted ones;
    ``bench/bench_threads.py`` reports other seeds."""

    max_gap: timedelta = timedelta(days=7)  # a thread takes a story this long after its last story's last item
    threshold: float = 0.4  # content cosine of a story to a thread needed to continue it
    unplaced_margin: float = 0.2  # more cosine needed when the story or the thread names no place
    place_share: float = 1 / 3  # of the story's main places the thread must name too
    thread_terms: int = 160  # a thread's centroid keeps its heaviest terms
    lookback: timedelta = timedelta(days=30)  # readers thread the stories seen this long before a moment
    min_size: int = 2  # readers thread stories of at least this many items (a lone post continues nothing)

    @property
    def max_gap_us(self) -> int:
        return int(self.max_gap.total_seconds() * 1_000_000)


def thread_id_for(founder_story_id: str) -> str:
    """A thread's id, from the id of the story that began it.

    >>> thread_id_for("st_4e057ddbdbdd1a95")
    'th_0fe2c6d95893559f'
    """
    return "th_" + hashlib.blake2b(founder_story_id.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class StorySketch:
    """What threading reads of a story: its span (microseconds, UTC), its main places and
    its content centroid (unit length, places left out)."""

    id: str
    first_seen: int
    last_seen: int
    content: SparseVector
    places: frozenset[str]
    local: frozenset[str] = frozenset()  # the places that are not a province's name


def _place_words(places: Iterable[str]) -> set[str]:
    """The terms a place's name makes ("lạch vàng" -> "lạch_vàng", "lạch", "vàng")."""
    words: set[str] = set()
    for place in places:
        words.add(place.replace(" ", "_"))
        words.update(place.split())
    return words


def sketch_of(story: StoryState) -> StorySketch:
    """A story's sketch: content without any place it names (its place terms' names too)."""
    named = {term[1:].replace("_", " ") for term in story.centroid if term.startswith(_PLACE)} | set(story.places)
    drop = _place_words(named)
    content = {t: w for t, w in story.centroid.items() if not t.startswith(_PLACE) and t not in drop}
    norm = math.sqrt(sum(w * w for w in content.values()))
    unit = {t: w / norm for t, w in content.items()} if norm else {}
    places = story.main_places()
    return StorySketch(story.id, story.first_seen, story.last_seen, unit, places, _local(places))


def _local(places: frozenset[str]) -> frozenset[str]:
    """The places below a province: those the gazetteer does not resolve to one."""
    from langnghe.nlp.gazetteer import default_gazetteer  # loaded on first use

    gazetteer = default_gazetteer()
    return frozenset(place for place in places if gazetteer.resolve(place) is None)


@dataclass
class _Open:
    """A thread while linking: its centroid (sum of its stories' unit content) and places."""

    id: str
    last_seen: int
    centroid: SparseVector
    places: set[str] = field(default_factory=set)
    local: set[str] = field(default_factory=set)
    norm: float = 0.0

    def add(self, sketch: StorySketch, size: int) -> None:
        for term, weight in sketch.content.items():
            self.centroid[term] = self.centroid.get(term, 0.0) + weight
        if len(self.centroid) > size:
            self.centroid = dict(heapq.nlargest(size, self.centroid.items(), key=lambda tw: (tw[1], tw[0])))
        self.norm = math.sqrt(sum(w * w for w in self.centroid.values()))
        self.places |= sketch.places
        self.local |= sketch.local
        self.last_seen = max(self.last_seen, sketch.last_seen)

    def similarity(self, sketch: StorySketch, params: ThreadParams) -> float:
        """The content cosine, less the margin when a side names no place; 0 when the places differ."""
        if not self.norm or _apart(sketch.local, self.local):
            return 0.0
        placed = bool(sketch.places) and bool(self.places)
        if placed and len(sketch.places & self.places) < params.place_share * len(sketch.places):
            return 0.0
        shared = sketch.content.keys() & self.centroid.keys()
        cosine = sum(sketch.content[t] * self.centroid[t] for t in shared) / self.norm
        return cosine if placed else cosine - params.unplaced_margin


def _apart(mine: frozenset[str], theirs: set[str]) -> bool:
    """Both name places, none in common."""
    return bool(mine) and bool(theirs) and mine.isdisjoint(theirs)


def link_threads(sketches: Iterable[StorySketch], params: ThreadParams | None = None) -> dict[str, str]:
    """``{story id: thread id}`` for every story (see the module docstring); a story that
    continues nothing is a thread of its own."""
    params = params or ThreadParams()
    threads: dict[str, _Open] = {}
    postings: dict[str, set[str]] = {}  # term -> threads whose centroid holds it
    found: dict[str, str] = {}
    for sketch in sorted(sketches, key=lambda s: (s.first_seen, s.id)):
        candidates = {thread_id for term in sketch.content for thread_id in postings.get(term, ())}
        best: tuple[float, str] | None = None
        for thread_id in sorted(candidates):
            thread = threads[thread_id]
            if thread.last_seen < sketch.first_seen - params.max_gap_us:
                continue
            score = thread.similarity(sketch, params)
            if score >= params.threshold and (best is None or score > best[0]):
                best = (score, thread_id)
        thread = threads[best[1]] if best else _Open(thread_id_for(sketch.id), sketch.last_seen, {})
        threads[thread.id] = thread
        thread.add(sketch, params.thread_terms)
        for term in thread.centroid:
            postings.setdefault(term, set()).add(thread.id)
        found[sketch.id] = thread.id
    return found


# -- the records readers get ---------------------------------------------------------


@dataclass(frozen=True)
class ThreadEntry:
    """One story of a thread, as its timeline shows it."""

    story_id: str
    first_seen: datetime
    last_seen: datetime
    size: int
    title: str
    title_item_id: str | None

    def to_json(self) -> dict[str, Any]:
        return {"story_id": self.story_id, "first_seen": self.first_seen.isoformat(),
                "last_seen": self.last_seen.isoformat(), "size": self.size, "title": self.title,
                "title_item_id": self.title_item_id}  # fmt: skip


@dataclass(frozen=True)
class Thread:
    """A developing event: its stories in the order they began (``timeline``)."""

    id: str
    timeline: tuple[ThreadEntry, ...]

    @property
    def story_ids(self) -> tuple[str, ...]:
        return tuple(entry.story_id for entry in self.timeline)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "timeline": [entry.to_json() for entry in self.timeline]}


ThreadLookup = Callable[[Sequence[str], datetime | None], Mapping[str, Thread]]
"""``(story ids, at) -> {story id: its thread}``: the threads of these stories as of ``at`` (None: now)
(:meth:`langnghe.stores.stories.StoryStore.threads_of`)."""
