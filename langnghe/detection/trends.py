"""Trend series and spikes, read from the hourly roll-ups (``langnghe trends``).

Series are hourly or per local day (Asia/Ho_Chi_Minh by default), zero-filled, for
the dimensions analysts follow: sections, concerns, watch topics, provinces and
stories. :func:`detect_spikes` runs the rules of :mod:`langnghe.detection.spikes` on the
last complete bucket before a moment, for every value that has items in it, and
explains each spike in Vietnamese with its figures. ``at`` in the past gives the
state as it was then: only buckets before it are read.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from langnghe.index.base import Filters, IndexBackend, TermScore
from langnghe.index.trends import TrendStore
from langnghe.detection.spikes import WINDOW, Granularity, SpikeCheck, SpikeRule, check_last
from langnghe.detection.voices import ACCOUNT_CAP, Voices, voice_map
from langnghe.labels import DIMENSION_VI, GRANULARITY_VI, in_sentence, name_of

TREND_DIMENSIONS: tuple[str, ...] = ("section", "concern", "watch_topic", "province", "story")
HISTORY = {"hour": 14 * 24, "day": 28}  # buckets of history read before the tested one
HOUR = timedelta(hours=1)
MAX_BUCKET_ITEMS = 2000  # items of a fired bucket read to count its voices
VoicesOf = Callable[[str, str, datetime, datetime], Voices]  # (dimension, value, start, end) -> the bucket's voices


@dataclass(frozen=True)
class Spike:
    """A value whose count in one bucket broke its baseline, with the rules that fired."""

    dimension: str
    value: str
    granularity: Granularity
    start: datetime  # the bucket's start, UTC
    observed: int
    expected: float
    score: float
    methods: tuple[str, ...]
    checks: tuple[SpikeCheck, ...] = ()  # the figures of every rule that fired: the explanation's source
    item_ids: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    first_seen: datetime | None = None
    name: str = ""  # display name of the value
    # The sentence a version that kept no per-rule figures stored; None for every newer spike.
    stored_explanation: str | None = None
    # The bucket's accounts, voices and independent items (copy floods collapsed, each account capped),
    # on which the rules were checked again (``checks`` hold those figures; ``observed`` stays the
    # items); None when not counted.
    voices: Voices | None = None

    def to_dict(self, tz: str = "Asia/Ho_Chi_Minh") -> dict[str, Any]:
        """The JSON shape of ``trends --json``; ``explanation`` is rendered for ``tz``."""
        data = asdict(self)
        del data["stored_explanation"]
        counted = data.pop("voices") or {}
        data.update({name: counted.get(name) for name in ("accounts", "voices", "copies", "independent")})
        data["start"] = self.start.isoformat()
        data["first_seen"] = self.first_seen.isoformat() if self.first_seen else None
        data["explanation"] = explain_spike(self, tz)
        data["title"] = f"{DIMENSION_VI.get(self.dimension, self.dimension)}: {self.name or self.value}"
        return data


def bucket_bounds(end: datetime, granularity: Granularity, count: int, tz: str) -> list[tuple[datetime, datetime]]:
    """The ``count`` buckets before ``end`` (a bucket boundary), oldest first, as UTC (start, end)."""
    if granularity == "hour":
        return [(end - (count - i) * HOUR, end - (count - i - 1) * HOUR) for i in range(count)]
    zone = ZoneInfo(tz)
    local_end = end.astimezone(zone)
    days = [local_end.date() - timedelta(days=count - i) for i in range(count + 1)]
    starts = [datetime(d.year, d.month, d.day, tzinfo=zone).astimezone(timezone.utc) for d in days]
    return list(zip(starts[:-1], starts[1:]))


def last_boundary(at: datetime, granularity: Granularity, tz: str) -> datetime:
    """The end of the last complete bucket at moment ``at`` (UTC)."""
    if granularity == "hour":
        return at.astimezone(timezone.utc).replace(minute=0, second=0, microsecond=0)
    local = at.astimezone(ZoneInfo(tz))
    return datetime(local.year, local.month, local.day, tzinfo=ZoneInfo(tz)).astimezone(timezone.utc)


def dense_series(
    store: TrendStore, dimension: str, value: str, bounds: Sequence[tuple[datetime, datetime]]
) -> list[int]:
    """Counts of one value per bucket of ``bounds``, zero-filled, from the hourly roll-ups."""
    if not bounds:
        return []
    counts = [0] * len(bounds)
    starts = [start for start, _ in bounds]
    for hour, count in store.series(dimension, value, bounds[0][0], bounds[-1][1]):
        counts[max(bisect_right(starts, hour) - 1, 0)] += count  # the last bucket starting at or before it
    return counts


@dataclass
class SpikeScan:
    """What :func:`detect_spikes` looked at, for the report line."""

    end: datetime
    granularity: Granularity
    values_tested: int = 0
    spikes: list[Spike] = field(default_factory=list)
    terms: list[TermScore] = field(default_factory=list)  # emerging terms (see terms.py)


def detect_spikes(
    store: TrendStore,
    at: datetime,
    *,
    granularity: Granularity = "hour",
    dimensions: Sequence[str] = TREND_DIMENSIONS,
    rule: SpikeRule | None = None,
    tz: str = "Asia/Ho_Chi_Minh",
    names: dict[str, dict[str, str]] | None = None,
    voices_of: VoicesOf | None = None,
) -> SpikeScan:
    """Spikes in the last complete bucket before ``at``, strongest first.

    ``names`` gives display names per dimension (concern ids -> "Ô nhiễm, môi trường"); sections
    and the other labels are named by :mod:`langnghe.labels`. With ``voices_of`` (e.g.
    :func:`index_voices`), a bucket whose items break the baseline is checked again on its
    independent voices, so that copies by a few accounts do not make a spike by themselves.
    """
    end = last_boundary(at, granularity, tz)
    bounds = bucket_bounds(end, granularity, HISTORY[granularity] + 1, tz)
    scan = SpikeScan(end, granularity)
    for dimension in dimensions:
        for value, _ in store.values(dimension, *bounds[-1]):
            scan.values_tested += 1
            series = dense_series(store, dimension, value, bounds)
            fired = [check for check in check_last(series, granularity, rule) if check.fired]
            voices = voices_of(dimension, value, *bounds[-1]) if fired and voices_of else None
            if voices is not None:
                fired = [check for check in check_last([*series[:-1], voices.independent], granularity, rule)
                         if check.fired]  # fmt: skip
            if fired:
                first = next(bounds[i][0] for i, count in enumerate(series) if count)
                shown = (names or {}).get(dimension, {}).get(value) or name_of(dimension, value)
                spike = _spike(dimension, value, granularity, bounds[-1][0], fired, first, shown)
                scan.spikes.append(replace(spike, observed=series[-1], voices=voices))
    scan.spikes.sort(key=lambda spike: (-spike.score, spike.dimension, spike.value))
    return scan


def index_voices(index: IndexBackend) -> VoicesOf:
    """The voices of a bucket's items, read from ``index`` (at most :data:`MAX_BUCKET_ITEMS`)."""

    def voices_of(dimension: str, value: str, start: datetime, end: datetime) -> Voices:
        filters = Filters(terms={dimension: (value,)}, since=start, until=end)
        return voice_map([hit.item for hit in index.search("", filters, limit=MAX_BUCKET_ITEMS).hits]).count()

    return voices_of


def _spike(
    dimension: str, value: str, granularity: Granularity, start: datetime, fired: list[SpikeCheck],
    first_seen: datetime, shown: str,
) -> Spike:
    main = max(fired, key=lambda check: check.score)
    return Spike(
        dimension=dimension, value=value, granularity=granularity, start=start,
        observed=main.observed, expected=round(main.expected, 3), score=main.score,
        methods=tuple(check.method for check in fired), checks=tuple(fired), first_seen=first_seen, name=shown,
    )  # fmt: skip


def _number(value: float) -> str:
    """Vietnamese number style: decimal comma ("2,5")."""
    return f"{value:.1f}".replace(".", ",") if value != int(value) else str(int(value))


def explain(
    dimension: str, value: str, granularity: Granularity, start: datetime, fired: Sequence[SpikeCheck], tz: str,
    observed: int | None = None, voices: Voices | None = None,
) -> str:
    """One Vietnamese sentence per spike: what, when, how many against how many, and why."""
    local = start.astimezone(ZoneInfo(tz))
    when = f"giờ {local:%H:00} ngày {local:%d/%m/%Y}" if granularity == "hour" else f"ngày {local:%d/%m/%Y}"
    observed = fired[0].observed if observed is None else observed
    reasons = []
    for check in fired:
        if check.method == "window":
            reasons.append(f"gấp {_number(check.score)} lần mức trung bình {_number(round(check.expected, 1))} "
                           f"của {WINDOW[granularity]} {in_sentence(GRANULARITY_VI[granularity])} trước đó")
        elif check.method == "sigma":
            reasons.append(f"vượt mức nền {_number(round(check.expected, 1))} hơn 3 độ lệch chuẩn (cùng "
                           f"{'khung giờ' if granularity == 'hour' else 'thứ trong tuần'} các kỳ trước)")
        else:
            reasons.append(f"xác suất ngẫu nhiên (Poisson) {_chance(check.score)}")
    name = DIMENSION_VI.get(dimension, dimension)
    counted = f"{observed} tin" if voices is None else _voices_words(voices)
    return f"{name} “{value}”: {counted} trong {when} (giờ Việt Nam), " + "; ".join(reasons) + "."


def _voices_words(voices: Voices) -> str:
    """"42 tin, 30 tài khoản (tính 31 tin: ...)": the rules' figures count the independent items."""
    return (f"{voices.items} tin, {voices.accounts} tài khoản (tính {voices.independent} tin: gộp tin sao chép hàng loạt, "
            f"mỗi tài khoản tối đa {ACCOUNT_CAP} tin)")


def explain_spike(spike: Spike, tz: str = "Asia/Ho_Chi_Minh", *, name: str | None = None) -> str:
    """The Vietnamese sentence of a spike, rendered from its stored figures (times shown in ``tz``);
    ``name`` overrides the value's display name. A spike stored before per-rule figures were
    kept has only its stored sentence."""
    if not spike.checks and spike.stored_explanation is not None:
        return spike.stored_explanation
    shown = name or spike.name or spike.value
    return explain(spike.dimension, shown, spike.granularity, spike.start, spike.checks, tz, spike.observed, spike.voices)


def _chance(score: float) -> str:
    """A tail probability given as -log10(p), in words."""
    if score >= 6:
        return "dưới một phần triệu"
    odds = round(10**score)
    return f"khoảng 1/{odds:,}".replace(",", ".")


def describe_items(index: IndexBackend, spike: Spike, end: datetime, limit: int = 50) -> Spike:
    """``spike`` with the ids, keywords and provinces of its bucket's items (newest first)."""
    filters = Filters(terms={spike.dimension: (spike.value,)}, since=spike.start, until=end)
    hits = index.search("", filters, limit=limit).hits
    keywords: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    for hit in hits:
        if hit.item.nlp:
            keywords.update(hit.item.nlp.keywords[:5])
            provinces.update(hit.item.nlp.provinces)
    return replace(
        spike, item_ids=tuple(hit.item.id for hit in hits), keywords=tuple(word for word, _ in keywords.most_common(8)),
        provinces=tuple(name for name, _ in provinces.most_common(5)),
    )  # fmt: skip
