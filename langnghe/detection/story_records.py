"""The story records readers get: :class:`Member` (one item's place in a story) and
:class:`Story` (what the story's members add up to, at a moment).

Pure: :func:`summarize_story` computes a Story from its members, so the store answers
"now" and ``--at TIME`` (the members published before TIME) with the same code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from langnghe.item import Item
from langnghe.detection.headlines import HeadlineKey, headline_key, item_headline
from langnghe.detection.stories import Assignment, Method

TOP_KEYWORDS = 8


@dataclass(frozen=True)
class Member:
    """One item of a story, with what the story record counts of it.

    ``published_at``: the item's effective time (published, else fetched), UTC.
    ``method``: how it joined (``new``: it founded the story; ``parent``; ``duplicate``;
    ``similar``), ``similarity`` the Jaccard or cosine that decided it.
    """

    item_id: str
    story_id: str
    published_at: datetime
    method: Method
    similarity: float
    source: str
    platform: str
    kind: str
    author: str | None  # the pseudonym (``u_…``), as on the item
    title: str  # the item's title, else the start of its text
    provinces: tuple[str, ...]
    keywords: tuple[str, ...]
    sentiment: str | None
    emotion: str | None


def headline(item: Item) -> str:
    """The item's title, else the start of its text (:func:`langnghe.detection.headlines.item_headline`)."""
    return item_headline(item)


def member_of(item: Item, assignment: Assignment) -> Member:
    nlp = item.nlp
    return Member(
        item_id=item.id, story_id=assignment.story_id, published_at=item.published_at or item.fetched_at,
        method=assignment.method, similarity=round(assignment.similarity, 4),
        source=item.source, platform=item.platform, kind=item.kind, author=item.author, title=headline(item),
        provinces=tuple(nlp.provinces) if nlp else (), keywords=tuple(nlp.keywords) if nlp else (),
        sentiment=nlp.sentiment.label if nlp and nlp.sentiment else None,
        emotion=nlp.emotion.label if nlp and nlp.emotion else None,
    )  # fmt: skip


@dataclass(frozen=True)
class Story:
    """An event as its items tell it. Counts are item counts, largest first; ``item_ids``
    oldest first. ``title`` is the most representative well-formed headline of its members
    (:mod:`langnghe.detection.headlines`: accented, from a news item when one exists, then
    the one that best shares the story's top keywords, then the earliest), and
    ``title_item_id`` that member's id: the story's link is that item's."""

    id: str
    title: str
    keywords: tuple[str, ...]
    first_seen: datetime
    last_seen: datetime
    size: int
    item_ids: tuple[str, ...]
    sources: dict[str, int]
    platforms: dict[str, int]
    provinces: dict[str, int]
    sentiment: dict[str, int]
    emotion: dict[str, int]
    title_item_id: str | None = None

    def to_json(self, *, max_items: int = 50) -> dict[str, Any]:
        """JSON-ready dict; at most ``max_items`` item ids (the oldest), times in ISO 8601 UTC."""
        return {
            "id": self.id, "title": self.title, "keywords": list(self.keywords),
            "first_seen": self.first_seen.isoformat(), "last_seen": self.last_seen.isoformat(),
            "size": self.size, "item_ids": list(self.item_ids[:max_items]),
            "sources": self.sources, "platforms": self.platforms, "provinces": self.provinces,
            "sentiment": self.sentiment, "emotion": self.emotion, "title_item_id": self.title_item_id,
        }  # fmt: skip


def _ranked(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def keyword_term(keyword: str) -> str:
    """The clustering term of a keyword ("Lạch Vàng" -> "lạch_vàng"), to look up its IDF."""
    return keyword.lower().replace(" ", "_")


def top_keywords(
    members: Sequence[Member], size: int = TOP_KEYWORDS, idf: Mapping[str, float] | None = None
) -> tuple[str, ...]:
    """The keywords most members share, each count weighted by the keyword's IDF when given
    (so that page chrome every forum post repeats ranks low); case folded, shown as most
    often written."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for member in members:
        for keyword in dict.fromkeys(member.keywords):
            key = keyword.lower()
            counts[key] += 1
            forms.setdefault(key, Counter())[keyword] += 1
    weights = idf or {}
    default = max(weights.values(), default=1.0)  # unseen: as rare as the rarest
    score = {key: n * weights.get(keyword_term(key), default) for key, n in counts.items()}
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
    return tuple(forms[key].most_common(1)[0][0] for key, _ in ranked)


def summarize_story(story_id: str, members: Sequence[Member], idf: Mapping[str, float] | None = None) -> Story:
    """The Story its members make (``members`` non-empty, any order); ``idf`` weighs keywords."""
    ordered = sorted(members, key=lambda m: (m.published_at, m.item_id))
    keywords = top_keywords(ordered, idf=idf)
    weight = {k.lower(): len(keywords) - rank for rank, k in enumerate(keywords)}

    def representative(member: Member) -> HeadlineKey:
        shared = sum(weight.get(k.lower(), 0) for k in set(member.keywords))
        return headline_key(member.title, platform=member.platform, kind=member.kind,
                            published_at=member.published_at, item_id=member.item_id, shared=shared)  # fmt: skip

    named = min(ordered, key=representative)
    return Story(
        id=story_id, title=named.title, title_item_id=named.item_id, keywords=keywords,
        first_seen=ordered[0].published_at, last_seen=ordered[-1].published_at, size=len(ordered),
        item_ids=tuple(m.item_id for m in ordered),
        sources=_ranked(Counter(m.source for m in ordered)),
        platforms=_ranked(Counter(m.platform for m in ordered)),
        provinces=_ranked(Counter(p for m in ordered for p in dict.fromkeys(m.provinces))),
        sentiment=_ranked(Counter(m.sentiment for m in ordered if m.sentiment)),
        emotion=_ranked(Counter(m.emotion for m in ordered if m.emotion)),
    )  # fmt: skip


# -- measuring a clustering -------------------------------------------------------------


@dataclass(frozen=True)
class ClusterScores:
    """How a clustering matches the truth: purity (each story's share of its main event),
    inverse purity (each event's share in its main story: recall), and B-cubed
    precision and recall (per item, averaged)."""

    purity: float
    inverse_purity: float
    bcubed_precision: float
    bcubed_recall: float

    @property
    def bcubed_f1(self) -> float:
        p, r = self.bcubed_precision, self.bcubed_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def cluster_scores(truth: dict[str, str], predicted: dict[str, str]) -> ClusterScores:
    """Scores of ``predicted`` (item -> story) against ``truth`` (item -> event), on the
    items both know.

    >>> cluster_scores({"a": "x", "b": "x", "c": "y"}, {"a": "1", "b": "2", "c": "2"}).purity
    0.6666666666666666
    """
    items = [i for i in truth if i in predicted]
    if not items:
        return ClusterScores(0.0, 0.0, 0.0, 0.0)
    pairs = Counter((predicted[i], truth[i]) for i in items)
    stories, events = Counter(predicted[i] for i in items), Counter(truth[i] for i in items)
    best_event: dict[str, int] = {}
    best_story: dict[str, int] = {}
    for (story, event), n in pairs.items():
        best_event[story] = max(best_event.get(story, 0), n)
        best_story[event] = max(best_story.get(event, 0), n)
    total = len(items)
    precision = sum(n * n / stories[s] for (s, _), n in pairs.items()) / total
    recall = sum(n * n / events[e] for (_, e), n in pairs.items()) / total
    return ClusterScores(sum(best_event.values()) / total, sum(best_story.values()) / total, precision, recall)
