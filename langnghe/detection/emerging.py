"""Emerging issues ("dư luận tiềm ẩn"): small stories and concerns that are starting to grow.

A candidate is a story (``story_id``) or a concern with items in the last week before
a moment ``at``. Each is described by figures an analyst can check
(:class:`IssueSignals`) and scored by :func:`score_signals`:

- **growth**: items per day in the last 48 hours against the five days before
  (smoothed), and whether the last three days rose one after another;
- **tone**: share of items that are negative or angry/disgusted ("bức xúc");
- **spread**: independent sources and authors, and the share of the busiest author
  (one account repeating itself is not public opinion);
- **where it started**: on forums or social platforms before any news outlet;
- **size**: what is already large is a hot spot ("điểm nóng") that everyone sees, not
  a latent issue, so the score fades as the daily volume grows.

The score multiplies these so that every part must be present; :func:`explain` says it
in Vietnamese with the figures. Policy only; :func:`rank_emerging` reads the index.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from langnghe.detection.headlines import headline_first, item_headline, named_by
from langnghe.detection.threads import ThreadEntry, ThreadLookup
from langnghe.index.base import Filters, IndexBackend
from langnghe.detection.voices import Voices, flood_words, voice_map
from langnghe.item import Item

NEWS_PLATFORMS = frozenset({"news"})
NEGATIVE_EMOTIONS = frozenset({"anger", "disgust"})
WINDOW = timedelta(days=7)
RECENT = timedelta(hours=48)
HOT_SPOT_PER_DAY = 40.0  # items a day at which an issue counts as a hot spot already
MAX_ITEMS = 2000  # per candidate and window: enough for the figures, bounded work
CandidateKind = Literal["story", "concern"]
ItemsOf = Callable[[CandidateKind, str, datetime], list[Item]]  # a candidate's items of the week before a moment


@dataclass(frozen=True)
class IssueSignals:
    """The figures behind an emerging-issue score, for one candidate at one moment."""

    recent: int  # items in the last 48 hours
    earlier: int  # items in the 5 days before
    daily: tuple[int, ...]  # items per 24 hours, oldest first, the last ending at ``at``
    negative_share: float
    sources: int
    authors: int
    top_author_share: float
    first_social: datetime | None
    first_news: datetime | None
    # Independent voices (:mod:`langnghe.detection.voices`); None on rankings stored before they were counted.
    voices_daily: tuple[int, ...] | None = None  # distinct accounts per 24 hours as ``daily`` (copy floods count once)
    voices_recent: int | None = None  # their sum over the last 2 days (an account counts once a day)
    voices_earlier: int | None = None  # their sum over the 5 days before
    accounts_recent: int | None = None  # accounts among the last 48 hours' items, copies included
    copies_recent: int = 0  # items of the last 48 hours that repeat an earlier text
    flood_items: int = 0  # items of the last 48 hours in copy floods (many near-identical items, few accounts)
    flood_accounts: int = 0  # the accounts that posted them

    @property
    def counted_recent(self) -> int:
        """What growth is measured on: independent voices, else (older rankings) items."""
        return self.recent if self.voices_recent is None else self.voices_recent

    @property
    def counted_earlier(self) -> int:
        return self.earlier if self.voices_earlier is None else self.voices_earlier

    @property
    def growth(self) -> float:
        return ((self.counted_recent / 2) + 0.5) / ((self.counted_earlier / 5) + 0.5)

    @property
    def rising_days(self) -> int:
        """How many of the last three days each had more voices (older rankings: items) than the day before."""
        tail = (self.daily if self.voices_daily is None else self.voices_daily)[-4:]
        return sum(1 for before, after in zip(tail, tail[1:]) if after > before)

    @property
    def flood(self) -> bool:
        """Whether copy floods make up most of the last 48 hours (see :class:`~langnghe.detection.voices.Voices`)."""
        return Voices(self.recent, 0, 0, 0, self.flood_items, self.flood_accounts).flood

    @property
    def social_first(self) -> bool:
        return self.first_social is not None and (self.first_news is None or self.first_social < self.first_news)


def collect_signals(items: Iterable[Item], at: datetime) -> IssueSignals:
    """Figures of a candidate's items published in the week before ``at``."""
    times: list[datetime] = []
    negative = 0
    sources: set[str] = set()
    authors: Counter[str] = Counter()
    first: dict[bool, datetime] = {}
    kept: list[Item] = []
    for item in items:
        when = item.published_at or item.fetched_at
        if not at - WINDOW <= when < at:
            continue
        kept.append(item)
        times.append(when)
        negative += _is_negative(item)
        sources.add(item.source)
        authors[item.author or f"source:{item.source}"] += 1
        is_news = item.platform in NEWS_PLATFORMS
        first[is_news] = min(first.get(is_news, when), when)
    total = len(times)
    signals = IssueSignals(
        recent=sum(1 for t in times if t >= at - RECENT), earlier=sum(1 for t in times if t < at - RECENT),
        daily=_per_day(times, at), negative_share=negative / total if total else 0.0, sources=len(sources),
        authors=len(authors), top_author_share=max(authors.values()) / total if total else 0.0,
        first_social=first.get(False), first_news=first.get(True),
    )  # fmt: skip
    if signals.recent < 3:  # fewer voices than items: nothing to score, no flood (FLOOD_MIN_ITEMS > 3)
        return signals
    return replace(signals, **_voice_fields(kept, at))


def _day_before(t: datetime, at: datetime) -> int:
    """0 for the oldest of the 7 days before ``at`` ... 6 for the last 24 hours (a day is
    [at - (n + 1) days, at - n days))."""
    return 7 - math.ceil((at - t) / timedelta(days=1))


def _per_day(times: Sequence[datetime], at: datetime) -> tuple[int, ...]:
    """How many of ``times`` (all in the week before ``at``) fall in each of its 7 days, oldest first."""
    counts = Counter(_day_before(t, at) for t in times)
    return tuple(counts[day] for day in range(7))


def _distinct_per_day(voices: Sequence[tuple[datetime, str]], at: datetime) -> tuple[int, ...]:
    """How many distinct accounts of ``voices`` (all in the week before ``at``) each day has, oldest first."""
    counts = Counter(day for day, _ in {(_day_before(t, at), who) for t, who in voices})
    return tuple(counts[day] for day in range(7))


def _voice_fields(items: Sequence[Item], at: datetime) -> dict[str, Any]:
    """The :class:`IssueSignals` fields counted on independent voices (copy floods collapsed)."""
    mapped = voice_map(items)
    recent = mapped.count(since=at - RECENT)
    daily = _distinct_per_day(mapped.voice_times(), at)
    return {
        "voices_recent": sum(daily[-2:]), "voices_earlier": sum(daily[:-2]),
        "voices_daily": daily, "accounts_recent": recent.accounts,
        "copies_recent": recent.copies, "flood_items": recent.flood_items, "flood_accounts": recent.flood_accounts,
    }  # fmt: skip


def _is_negative(item: Item) -> bool:
    nlp = item.nlp
    if nlp is None:
        return False
    sentiment = nlp.sentiment.label if nlp.sentiment else None
    emotion = nlp.emotion.label if nlp.emotion else None
    return sentiment == "negative" or emotion in NEGATIVE_EMOTIONS


def score_signals(signals: IssueSignals) -> float:
    """0 for what is not an emerging issue; larger is more urgent (see the module docstring)."""
    if signals.counted_recent < 3 or signals.growth <= 1.2 or (signals.sources < 2 and signals.authors < 3):
        return 0.0
    growth = math.log(signals.growth) * (1.0 + 0.25 * signals.rising_days)
    tone = 0.4 + signals.negative_share
    spread = min(signals.sources, 5) / 5 * min(signals.authors, 10) / 10 * (1.0 - 0.5 * signals.top_author_share)
    origin = 1.3 if signals.social_first else 1.0
    per_day = signals.recent / 2
    smallness = 1.0 / (1.0 + per_day / HOT_SPOT_PER_DAY)
    return round(growth * tone * (0.3 + spread) * origin * smallness * 10, 3)


@dataclass
class EmergingIssue:
    """A ranked candidate with its figures (``signals``); :func:`explain_issue` says them in Vietnamese."""

    kind: CandidateKind
    key: str
    title: str
    score: float
    signals: IssueSignals
    keywords: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    first_seen: datetime | None = None
    item_ids: list[str] = field(default_factory=list)
    thread_id: str | None = None  # the event thread of a story (:mod:`langnghe.detection.issue_threads`)
    timeline: list[ThreadEntry] = field(default_factory=list)  # that thread's stories, oldest first

    def to_dict(self, tz: str = "Asia/Ho_Chi_Minh") -> dict[str, Any]:
        """The JSON shape of ``emerging --json``; ``explanation`` is rendered for ``tz``."""
        data = asdict(self)
        data["explanation"] = explain_issue(self, tz)
        data["signals"] = {**asdict(self.signals), "growth": round(self.signals.growth, 3),
                           "rising_days": self.signals.rising_days, "social_first": self.signals.social_first}
        for key in ("first_social", "first_news"):
            value = data["signals"][key]
            data["signals"][key] = value.isoformat() if value else None
        data["first_seen"] = self.first_seen.isoformat() if self.first_seen else None
        data["timeline"] = [entry.to_json() for entry in self.timeline]
        return data


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _ratio(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def explain(signals: IssueSignals, tz: str = "Asia/Ho_Chi_Minh") -> str:
    """The score's parts in Vietnamese, with their figures."""
    zone = ZoneInfo(tz)
    rising = f", tăng liên tiếp {signals.rising_days} ngày" if signals.rising_days >= 2 else ""
    parts = [
        *([flood_part(signals)] if signals.flood_items else []),  # first: it says what the rest is made of
        _voices_part(signals, rising) if signals.voices_recent is not None else
        f"{signals.recent} tin trong 48 giờ qua so với {signals.earlier} tin trong 5 ngày trước đó "
        f"(nhịp tăng gấp {_ratio(signals.growth)} lần{rising})",
        f"{_percent(signals.negative_share)} tin tiêu cực hoặc bức xúc",
        f"{signals.sources} nguồn, {signals.authors} tài khoản/tác giả khác nhau"
        + (f" (một tài khoản chiếm {_percent(signals.top_author_share)})" if signals.top_author_share >= 0.5 else ""),
    ]
    if signals.social_first and signals.first_social is not None:
        start = f"xuất hiện trên diễn đàn/mạng xã hội từ {signals.first_social.astimezone(zone):%d/%m}"
        news = (f", báo chí đưa tin từ {signals.first_news.astimezone(zone):%d/%m}" if signals.first_news
                else ", báo chí chưa đưa tin")
        parts.append(start + news)
    return "; ".join(parts) + "."


def _voices_part(signals: IssueSignals, rising: str) -> str:
    """Items and accounts of the last 48 hours, and the growth of independent voices."""
    copies = f" ({signals.copies_recent} tin là bản sao)" if signals.copies_recent else ""
    return (f"{signals.recent} tin, {signals.accounts_recent} tài khoản trong 48 giờ qua{copies}; "
            f"{_ratio(signals.counted_recent / 2)} tiếng nói độc lập mỗi ngày so với "
            f"{_ratio(signals.counted_earlier / 5)} trong 5 ngày trước đó (nhịp tăng gấp {_ratio(signals.growth)} lần"
            f"{rising})")  # fmt: skip


def flood_part(signals: IssueSignals) -> str:
    """The copy floods of the last 48 hours, shown as such ("40 tin, 1 tài khoản ...")."""
    return flood_words(signals.flood_items, signals.flood_accounts)


def explain_issue(issue: EmergingIssue, tz: str = "Asia/Ho_Chi_Minh") -> str:
    """An emerging issue's explanation, rendered from its figures (dates shown in ``tz``)."""
    return explain(issue.signals, tz)


def _describe(items: Sequence[Item]) -> tuple[str, list[str], list[str], datetime | None]:
    """(title, keywords, provinces, first seen) of a candidate's items."""
    ordered = sorted(items, key=lambda item: item.published_at or item.fetched_at)
    keywords: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    for item in ordered:
        if item.nlp:
            keywords.update(item.nlp.keywords[:5])
            provinces.update(item.nlp.provinces)
    if not ordered:
        return "", [], [], None
    title = item_headline(named_by(ordered))
    first = ordered[0].published_at or ordered[0].fetched_at
    return title, [w for w, _ in keywords.most_common(8)], [p for p, _ in provinces.most_common(5)], first


def candidate_items(index: IndexBackend, kind: CandidateKind, key: str, at: datetime) -> list[Item]:
    """A candidate's items published in the week before ``at`` (at most :data:`MAX_ITEMS`)."""
    filters = Filters(terms={kind: (key,)}, since=at - WINDOW, until=at)
    return [hit.item for hit in index.search("", filters, limit=MAX_ITEMS).hits]


def covers_window(index: IndexBackend, at: datetime) -> bool:
    """Whether the index holds items from the first day of the week before ``at``."""
    start = at - WINDOW
    return index.count(Filters(since=start - timedelta(days=1), until=start + timedelta(days=1))) > 0


@dataclass
class Ranking:
    """What a ranking finds: the issues, best first, and the copy floods held back from them
    (candidates that only copies made look busy), the largest first."""

    issues: list[EmergingIssue]
    floods: list[EmergingIssue] = field(default_factory=list)


def rank_emerging(
    index: IndexBackend,
    at: datetime,
    *,
    kinds: Sequence[CandidateKind] = ("story", "concern"),
    limit: int = 20,
    concern_names: dict[str, str] | None = None,
    items_of: ItemsOf | None = None,
    threads: ThreadLookup | None = None,
) -> list[EmergingIssue]:
    """Candidates with items in the 48 hours before ``at``, scored and ranked, best first
    (:func:`rank_with_floods` without the floods)."""
    return rank_with_floods(index, at, kinds=kinds, limit=limit, concern_names=concern_names, items_of=items_of,
                            threads=threads).issues


def rank_with_floods(
    index: IndexBackend,
    at: datetime,
    *,
    kinds: Sequence[CandidateKind] = ("story", "concern"),
    limit: int = 20,
    concern_names: dict[str, str] | None = None,
    items_of: ItemsOf | None = None,
    threads: ThreadLookup | None = None,
) -> Ranking:
    """Candidates with items in the 48 hours before ``at``, scored and ranked, best first, and
    the copy floods among those that score nothing on independent voices.

    Empty until the index covers the whole week before ``at``: without the earlier days
    every candidate would look new and growing. ``items_of`` answers as
    :func:`candidate_items` does (by default it is that, on ``index``): a replay passes
    :meth:`langnghe.detection.window_items.WindowItems.candidate_items`. With ``threads``
    (the story store's), the stories of one event thread are one entry, with its timeline.
    """
    if not covers_window(index, at):
        return Ranking([])
    found = Ranking([])
    recent = Filters(since=at - RECENT, until=at)
    for kind in kinds:
        for facet in index.facets(kind, filters=recent, size=500):
            items = items_of(kind, facet.value, at) if items_of else candidate_items(index, kind, facet.value, at)
            signals = collect_signals(items, at)
            score = score_signals(signals)
            if score <= 0 and not signals.flood:
                continue
            title, keywords, provinces, first = _describe(items)
            if kind == "concern":
                title = (concern_names or {}).get(facet.value, facet.value)
            issue = EmergingIssue(
                kind=kind, key=facet.value, title=title, score=score, signals=signals, keywords=keywords, provinces=provinces, first_seen=first,
                item_ids=headline_first(items)[:50],
            )  # fmt: skip
            (found.issues if score > 0 else found.floods).append(issue)
    found.issues.sort(key=lambda issue: (-issue.score, issue.kind, issue.key))
    found.floods.sort(key=lambda issue: (-issue.signals.flood_items, issue.kind, issue.key))
    issues = found.issues
    if threads is not None:
        from langnghe.detection.issue_threads import by_thread  # it builds on this module's records

        issues = by_thread(issues, threads([issue.key for issue in issues if issue.kind == "story"], at))
    return Ranking(issues[:limit], found.floods[:limit])
