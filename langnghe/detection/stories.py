"""Stories: items about the same event, across outlets, forums and platforms.

Policy only, no I/O: :class:`StoryClusterer` takes items one by one in publish-time
order and says which story each joins; :mod:`langnghe.stores.stories` keeps
the state between runs and :mod:`langnghe.stages.stories` feeds the index to it.
Each item goes, in this order of preference, to:

1. its parent's story (a comment under a post);
2. its original's story when it is a near-duplicate (a re-post, a syndicated copy):
   MinHash over shingles of four syllables of the normalised text, candidates from
   ``datasketch``'s LSH, estimated Jaccard at least ``dup_threshold``, original
   published within ``dup_window``;
3. the nearest story active within ``window`` of it, when the cosine similarity of its
   TF-IDF vector to the story's centroid reaches ``threshold``: first-story detection
   after Petrović, Osborne and Lavrenko (2010), with an inverted index over the
   centroids' terms instead of random-hyperplane LSH to find the candidates;
4. a new story of its own, named after it (:func:`story_id_for`).

What is read of an item (terms, shingles, places) is in
:mod:`langnghe.detection.story_signals`. IDF comes from the document frequencies of
every item clustered so far, so the state moves on with the stream and is saved with
it. An item and a story that both name places, none in common with the places a
quarter of the story's items name, are a look-alike event elsewhere (a template story
in another province): never duplicates, and their cosine is multiplied by
``place_penalty``. Vectors keep their ``item_terms`` heaviest terms,
centroids (the sum of their items' unit vectors) their ``centroid_terms`` heaviest.
Times are integer microseconds since the epoch, UTC.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

import numpy as np
from datasketch import MinHashLSH

from langnghe.detection.story_signals import ItemSignals, minhash_of, signature

Method = Literal["new", "parent", "duplicate", "similar"]
Retrieval = Literal["inverted", "exhaustive"]
SparseVector = dict[str, float]

_SWEEP_US = 6 * 3_600_000_000


@dataclass(frozen=True)
class StoryParams:
    """How stories are cut. Tuned on the demo site (the planted issue's 62 items: 9 stories,
    31 in the largest, 50 in the largest three, no unrelated item in them) and on the
    hand-written items of :mod:`langnghe.testing_stories` (every event one story at any
    threshold from 0.15 to 0.4)."""

    window: timedelta = timedelta(hours=72)  # a story takes new items this long after its last one
    threshold: float = 0.25  # cosine to a centroid needed to join (below: a new story)
    dup_window: timedelta = timedelta(days=7)  # a re-post joins its original this long after it
    dup_threshold: float = 0.7  # estimated Jaccard of shingle sets for a near-duplicate
    place_penalty: float = 0.5  # cosine factor when item and story name only different places
    place_weight: int = 3  # extra count of each named place as a term of its own
    prior_docs: int = 10_000  # IDF as if this many more documents had none of the terms (small corpora)
    num_perm: int = 64
    shingle: int = 4  # syllables per shingle
    min_shingles: int = 5  # shorter texts are never called duplicates ("đúng vậy")
    item_terms: int = 40
    centroid_terms: int = 80
    query_terms: int = 12  # an item's heaviest terms look up candidate stories
    max_candidates: int = 32  # candidates scored exactly, those sharing most query terms
    retrieval: Retrieval = "inverted"  # "exhaustive": every active story (the brute-force baseline)

    @property
    def window_us(self) -> int:
        return int(self.window.total_seconds() * 1_000_000)

    @property
    def dup_window_us(self) -> int:
        return int(self.dup_window.total_seconds() * 1_000_000)

    @property
    def memory_us(self) -> int:
        """How far back state must be loaded for an item: the longer of the two windows."""
        return max(self.window_us, self.dup_window_us)


def story_id_for(founder_id: str) -> str:
    """A story's id, from the id of the item that founded it: the same on every rerun.

    >>> story_id_for("a1b2c3d4e5")
    'st_4e057ddbdbdd1a95'
    """
    return "st_" + hashlib.blake2b(founder_id.encode("utf-8"), digest_size=8).hexdigest()


# -- the state, as saved between runs -------------------------------------------------


@dataclass
class StoryState:
    """A story as the clusterer sees it; ``centroid`` is the sum of its items' unit vectors."""

    id: str
    founder: str
    first_seen: int
    last_seen: int
    size: int
    centroid: SparseVector
    places: dict[str, int] = field(default_factory=dict)  # place key -> items naming it
    norm: float = 0.0
    _main: frozenset[str] | None = field(default=None, repr=False, compare=False)

    def main_places(self) -> frozenset[str]:
        """The places at least a quarter of its items name: where it happens. A place named
        once does not make a story local to it, or look-alikes would snowball into it."""
        if self._main is None:
            self._main = frozenset(key for key, n in self.places.items() if 4 * n >= self.size)
        return self._main

    def elsewhere(self, places: frozenset[str]) -> bool:
        """Both name places, none of the item's among the story's main ones: a look-alike
        event somewhere else."""
        return bool(places) and bool(self.places) and places.isdisjoint(self.main_places())

    def active_at(self, ts: int, window_us: int) -> bool:
        return self.last_seen >= ts - window_us and self.first_seen <= ts + window_us


@dataclass(frozen=True)
class SeenItem:
    """A clustered item kept for near-duplicate look-ups: its signature and story."""

    item_id: str
    ts: int
    story_id: str
    signature: np.ndarray | None  # None: too short to be called a duplicate


@dataclass
class ClusterState:
    """What a run starts from: recent stories and items, and the document frequencies."""

    stories: list[StoryState] = field(default_factory=list)
    seen: list[SeenItem] = field(default_factory=list)
    df: dict[str, int] = field(default_factory=dict)
    docs: int = 0


@dataclass(frozen=True)
class Assignment:
    """Where one item went, and why; ``similarity``: Jaccard for a duplicate, cosine otherwise
    (for a new story, the best cosine found, below the threshold)."""

    item_id: str
    story_id: str
    ts: int
    method: Method
    similarity: float


@dataclass
class StoryChanges:
    """What assigning a batch changed, for the store to save in one transaction."""

    stories: list[StoryState]
    seen: list[SeenItem]
    df: Counter[str]
    docs: int


# -- the clusterer --------------------------------------------------------------------


def _unit(vector: SparseVector) -> SparseVector:
    norm = math.sqrt(sum(w * w for w in vector.values()))
    return {t: w / norm for t, w in vector.items()} if norm else {}


def _truncate(vector: SparseVector, size: int) -> SparseVector:
    if len(vector) <= size:
        return vector
    return dict(heapq.nlargest(size, vector.items(), key=lambda tw: (tw[1], tw[0])))


class StoryClusterer:
    """Online story detection over items given in publish-time order (see module docs)."""

    def __init__(self, params: StoryParams | None = None, state: ClusterState | None = None) -> None:
        self.params = params or StoryParams()
        state = state or ClusterState()
        self._df: Counter[str] = Counter(state.df)
        self._docs = state.docs
        self._stories: dict[str, StoryState] = {}
        self._postings: dict[str, dict[str, None]] = {}  # term -> stories (dicts: a fixed order)
        self._indexed: dict[str, frozenset[str]] = {}  # story -> its terms in the postings
        # a lower LSH threshold than the duplicate one: few misses, and candidates are checked
        lsh_threshold = max(0.3, self.params.dup_threshold - 0.2)
        self._lsh = MinHashLSH(threshold=lsh_threshold, num_perm=self.params.num_perm)
        self._seen: dict[str, SeenItem] = {}
        self._seen_heap: list[tuple[int, str]] = []
        self._expiry: list[tuple[int, str]] = []  # (last item time, story): the postings' next to close
        self._changes = StoryChanges([], [], Counter(), 0)
        self._dirty: dict[str, StoryState] = {}
        self._swept_at = -(2**62)
        self._window_us, self._dup_window_us = self.params.window_us, self.params.dup_window_us
        for story in state.stories:
            self.adopt(story)
        for seen in state.seen:
            self._remember(seen)

    # -- state in and out ---------------------------------------------------------

    def adopt(self, story: StoryState) -> StoryState:
        """Take a saved story into memory; the one in memory wins, being newer."""
        if story.id in self._stories:
            return self._stories[story.id]
        story.norm = math.sqrt(sum(w * w for w in story.centroid.values()))
        self._stories[story.id] = story
        self._index_terms(story)
        return story

    def story_of(self, item_id: str) -> StoryState | None:
        """The story of an item clustered recently (within the longer window), if in memory."""
        seen = self._seen.get(item_id)
        return None if seen is None else self._stories.get(seen.story_id)

    def take_changes(self) -> StoryChanges:
        """What changed since the last call: stories touched, items seen, new frequencies."""
        changes = self._changes
        changes.stories = list(self._dirty.values())
        self._changes, self._dirty = StoryChanges([], [], Counter(), 0), {}
        return changes

    @property
    def stories_in_memory(self) -> int:
        return len(self._stories)

    # -- assigning ----------------------------------------------------------------

    def assign(self, signals: ItemSignals, parent: StoryState | None = None) -> Assignment:
        """The story of one item (and the state updated with it); ``parent``: the story of the
        item's parent when the caller found it saved (:meth:`story_of` looks in memory)."""
        if signals.id in self._seen:
            raise ValueError(f"item {signals.id} was clustered already")
        self._close_stories(signals.ts)
        self._sweep(signals.ts)
        vector = self._vector(signals.terms)
        long_enough = len(signals.shingles) >= self.params.min_shingles
        sig = signature(signals.shingles, self.params.num_perm) if long_enough else None
        if parent is None and signals.parent_id:
            parent = self.story_of(signals.parent_id)
        method, story, similarity = self._choose(signals, vector, sig, parent)
        if story is None:
            story = StoryState(story_id_for(signals.id), signals.id, signals.ts, signals.ts, 0, {})
            self._stories[story.id] = story
        self._add(story, signals.ts, vector)
        for key in signals.places:
            story.places[key] = story.places.get(key, 0) + 1
        story._main = None  # size and places changed
        seen = SeenItem(signals.id, signals.ts, story.id, sig)
        self._remember(seen)
        self._changes.seen.append(seen)
        return Assignment(signals.id, story.id, signals.ts, method, similarity)

    def _choose(
        self, signals: ItemSignals, vector: SparseVector, sig: np.ndarray | None, parent: StoryState | None
    ) -> tuple[Method, StoryState | None, float]:
        if parent is not None:
            return "parent", self.adopt(parent), 1.0
        if sig is not None:
            original, jaccard = self._original(signals.ts, sig)
            if original is not None and original.story_id in self._stories:
                copied = self._stories[original.story_id]
                if not copied.elsewhere(signals.places):  # a copy keeps its places; a template does not
                    return "duplicate", copied, jaccard
        nearest, cosine = self._nearest(signals.ts, vector, signals.places)
        if nearest is not None and cosine >= self.params.threshold:
            return "similar", nearest, cosine
        return "new", None, cosine

    def _original(self, ts: int, sig: np.ndarray) -> tuple[SeenItem | None, float]:
        """The earliest of the most similar earlier copies, if any is similar enough."""
        found = [self._seen[key] for key in self._lsh.query(minhash_of(sig, self.params.num_perm))]
        found = [s for s in found if s.signature is not None and abs(s.ts - ts) <= self._dup_window_us]
        if not found:
            return None, 0.0
        jaccard = (np.stack([s.signature for s in found]) == sig).mean(axis=1)  # type: ignore[misc]
        ranked = min(zip(-jaccard, (s.ts for s in found), range(len(found))))  # most similar, then earliest
        best = float(-ranked[0])
        return (found[ranked[2]], best) if best >= self.params.dup_threshold else (None, 0.0)

    def _nearest(self, ts: int, vector: SparseVector, places: frozenset[str]) -> tuple[StoryState | None, float]:
        best: tuple[float, str] | None = None
        for story in self._candidates(vector):
            if not story.norm or not story.active_at(ts, self._window_us):
                continue
            centroid = story.centroid  # the shared terms first: a set intersection runs in C
            cosine = sum([vector[t] * centroid[t] for t in vector.keys() & centroid.keys()]) / story.norm
            if places and story.elsewhere(places):
                cosine *= self.params.place_penalty
            if best is None or (cosine, story.id) > best:
                best = (cosine, story.id)
        return (None, 0.0) if best is None else (self._stories[best[1]], best[0])

    def _candidates(self, vector: SparseVector) -> Iterable[StoryState]:
        if self.params.retrieval == "exhaustive":
            return [s for s in self._stories.values() if s.id in self._indexed]
        query = heapq.nlargest(self.params.query_terms, vector.items(), key=lambda tw: (tw[1], tw[0]))
        shared: Counter[str] = Counter()
        for term, _ in query:
            shared.update(self._postings.get(term, {}).keys())
        size = self.params.max_candidates
        if len(shared) <= size:
            return [self._stories[story_id] for story_id in shared]
        cut = sorted(shared.values(), reverse=True)[size - 1]  # those sharing most terms; ties by id
        above = [story_id for story_id, n in shared.items() if n > cut]
        tied = sorted(story_id for story_id, n in shared.items() if n == cut)[: size - len(above)]
        return [self._stories[story_id] for story_id in above + tied]

    # -- updating -----------------------------------------------------------------

    def _vector(self, terms: Counter[str]) -> SparseVector:
        """Unit TF-IDF vector of an item, the item itself counted in the frequencies."""
        self._docs += 1
        self._changes.docs += 1
        self._df.update(terms.keys())
        self._changes.df.update(terms.keys())
        docs = self._docs + 1 + self.params.prior_docs
        weights = {t: (1.0 + math.log(n)) * (math.log(docs / (1 + self._df[t])) + 1.0) for t, n in terms.items()}
        return _unit(_truncate(weights, self.params.item_terms))

    def _add(self, story: StoryState, ts: int, vector: SparseVector) -> None:
        centroid = dict(story.centroid)
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        story.centroid = _truncate(centroid, self.params.centroid_terms)
        story.norm = math.sqrt(sum(w * w for w in story.centroid.values()))
        story.size += 1
        story.first_seen, story.last_seen = min(story.first_seen, ts), max(story.last_seen, ts)
        self._dirty[story.id] = story
        self._index_terms(story)

    def _index_terms(self, story: StoryState) -> None:
        old, new = self._indexed.get(story.id, frozenset()), frozenset(story.centroid)
        for term in old - new:
            self._unpost(term, story.id)
        for term in sorted(new - old):
            self._postings.setdefault(term, {})[story.id] = None
        self._indexed[story.id] = new
        heapq.heappush(self._expiry, (story.last_seen, story.id))

    def _unpost(self, term: str, story_id: str) -> None:
        posting = self._postings.get(term)
        if posting is not None:
            posting.pop(story_id, None)
            if not posting:
                del self._postings[term]

    def _remember(self, seen: SeenItem) -> None:
        self._seen[seen.item_id] = seen
        heapq.heappush(self._seen_heap, (seen.ts, seen.item_id))
        if seen.signature is not None:
            self._lsh.insert(seen.item_id, minhash_of(seen.signature, self.params.num_perm), check_duplication=False)

    def _close_stories(self, ts: int) -> None:
        """Take the stories whose window has closed out of the postings, exactly at ``ts``,
        so that only open stories compete for the candidate places whenever a run started."""
        while self._expiry and self._expiry[0][0] < ts - self._window_us:
            last_seen, story_id = heapq.heappop(self._expiry)
            story = self._stories.get(story_id)
            if story is not None and story.last_seen == last_seen and story_id in self._indexed:
                for term in self._indexed.pop(story_id):
                    self._unpost(term, story_id)

    def _sweep(self, ts: int) -> None:
        """Forget what no later item can reach: stories and items older than the longer window.

        Items come in time order within a run, so this runs at most once in six hours of stream."""
        if ts - self._swept_at < _SWEEP_US:
            return
        self._swept_at = ts
        memory = ts - self.params.memory_us
        while self._seen_heap and self._seen_heap[0][0] < memory:
            _, item_id = heapq.heappop(self._seen_heap)
            seen = self._seen.pop(item_id, None)
            if seen is not None and seen.signature is not None:
                self._lsh.remove(item_id)
        for story in list(self._stories.values()):
            if story.last_seen < memory and story.id not in self._dirty:
                if story.id in self._indexed:  # a late item's story, never closed
                    for term in self._indexed.pop(story.id):
                        self._unpost(term, story.id)
                del self._stories[story.id]
