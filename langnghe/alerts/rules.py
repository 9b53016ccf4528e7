"""Evaluate alert rules at one moment against the stored detections, the index and the stores.

Each kind reads what its job already computed: spikes and emerging rankings from the
detection store, claim matches from the claim store, crawl outcomes from the health
store; only sentiment surges count items, over the rule's window. Evaluation never
writes: cooldowns and grouping are :mod:`langnghe.alerts.grouping`'s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from langnghe.alerts.model import Alert, Sample
from langnghe.claims.model import Claim
from langnghe.claims.store import MatchRecord
from langnghe.config import AlertRule, SourceConfig
from langnghe.detection.emerging import EmergingIssue, explain_issue
from langnghe.detection.trends import Spike, explain_spike
from langnghe.index.base import Filters, IndexBackend
from langnghe.item import Item
from langnghe.labels import DIMENSION_VI, name_of
from langnghe.stores.health import SourceHealth

SURGE_BASELINE = timedelta(days=3)
MIN_BASELINE_SHARE = 0.05  # a target that is never negative must not surge on its first sour day
SURGE_DIMENSIONS = ("concern", "watch_topic", "province", "section")
SAMPLES = 3


@dataclass
class Sources:
    """What the rules read; ``None`` where a store is absent (the rules of that kind find nothing)."""

    spikes: list[Spike]  # DetectionStore.spikes over the longest spike window
    emerging: list[EmergingIssue]  # the latest ranking
    matches: Sequence[MatchRecord]
    claims: dict[str, Claim]
    health: dict[str, SourceHealth]
    sources: dict[str, SourceConfig]
    index: IndexBackend | None
    tz: str = "Asia/Ho_Chi_Minh"
    names: dict[str, dict[str, str]] | None = None  # dimension -> value -> display name


def evaluate(rules: Iterable[AlertRule], data: Sources, now: datetime) -> list[Alert]:
    alerts: list[Alert] = []
    for rule in rules:
        if rule.kind == "spike":
            alerts += _spikes(rule, data, now)
        elif rule.kind == "emerging_issue":
            alerts += _emerging(rule, data, now)
        elif rule.kind == "sentiment_surge":
            alerts += _surges(rule, data, now)
        elif rule.kind == "claim_spread":
            alerts += _claims(rule, data, now)
        else:
            alerts += _health(rule, data, now)
    return [_with_samples(alert, data) for alert in alerts]


def _with_samples(alert: Alert, data: Sources) -> Alert:
    """Spikes and emerging issues carry item ids only: look the first few up for their links."""
    if alert.samples or not alert.item_ids or data.index is None:
        return alert
    items = [data.index.get(item_id) for item_id in alert.item_ids[:SAMPLES]]
    return replace(alert, samples=tuple(_sample(i, data) for i in items if i is not None))


def _sample(item: Item, data: Sources) -> Sample:
    return Sample(item.title or item.text[:100], item.url, _source(data, item.source))


def _named(data: Sources, dimension: str, value: str) -> str | None:
    """The name of a value: the config's (sources, concerns, watch topics), else langnghe.labels';
    None where neither names it."""
    configured = (data.names or {}).get(dimension, {}).get(value)
    if configured:
        return configured
    labelled = name_of(dimension, value)
    return labelled if labelled != value else None


def _source(data: Sources, source: str) -> str:
    return _named(data, "source", source) or source


def _local(moment: datetime, tz: str) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%H:%M %d/%m")


def _spikes(rule: AlertRule, data: Sources, now: datetime) -> list[Alert]:
    found = []
    for spike in data.spikes:
        if spike.start < now - rule.window or spike.start >= now:
            continue
        if rule.dimension not in ("any", spike.dimension) or rule.target not in (None, spike.value):
            continue
        if spike.observed < rule.threshold:
            continue
        # Named now: a spike stored before its dimension had names carries the id as its name.
        shown = _named(data, spike.dimension, spike.value) or spike.name or spike.value
        found.append(Alert(
            rule_id=rule.id, kind=rule.kind, subject=f"{spike.dimension}:{spike.value}",
            title=f"Tăng đột biến - {DIMENSION_VI.get(spike.dimension, spike.dimension)}: {shown}",
            detail=explain_spike(spike, data.tz, name=shown), value=float(spike.observed), at=now,
            item_ids=spike.item_ids,
        ))
    return found


def _emerging(rule: AlertRule, data: Sources, now: datetime) -> list[Alert]:
    found = []
    for issue in data.emerging:
        if issue.score < rule.threshold:
            continue
        if rule.target is not None and rule.target != issue.key:
            continue
        if issue.first_seen and issue.first_seen < now - rule.window - timedelta(days=7):
            continue  # an old issue that came back is a spike's business, not a new emerging issue
        found.append(Alert(
            rule_id=rule.id, kind=rule.kind, subject=f"{issue.kind}:{issue.key}",
            title=f"Dư luận tiềm ẩn - {issue.title}", detail=explain_issue(issue, data.tz),
            value=float(issue.score), at=now, item_ids=tuple(issue.item_ids),
        ))
    return found


def _claims(rule: AlertRule, data: Sources, now: datetime) -> list[Alert]:
    recent: dict[str, list[MatchRecord]] = {}
    for record in data.matches:
        if record.stance == "spreads" and now - rule.window <= record.published_at < now:
            if rule.target in (None, record.claim_id):
                recent.setdefault(record.claim_id, []).append(record)
    found = []
    for claim_id, records in sorted(recent.items()):
        if len(records) < rule.threshold:
            continue
        claim = data.claims.get(claim_id)
        sources = sorted({_source(data, r.source) for r in records})
        records.sort(key=lambda r: r.published_at)
        found.append(Alert(
            rule_id=rule.id, kind=rule.kind, subject=f"claim:{claim_id}",
            title=f"Thông tin sai lệch đang lan truyền - {claim.claim if claim else claim_id}",
            detail=(f"{len(records)} tin, bài lặp lại nội dung này trên {len(sources)} nguồn "
                    f"({', '.join(sources[:5])}) từ {_local(records[0].published_at, data.tz)}"
                    + (f"; kết luận: {claim.verdict} ({claim.source})" if claim and claim.source else "")),
            value=float(len(records)), at=now,
            samples=tuple(Sample(r.title, r.url, _source(data, r.source)) for r in records[-SAMPLES:]),
            item_ids=tuple(r.item_id for r in records),
        ))
    return found


def _health(rule: AlertRule, data: Sources, now: datetime) -> list[Alert]:
    found = []
    for source_id, health in sorted(data.health.items()):
        if rule.target not in (None, source_id):
            continue
        config = data.sources.get(source_id)
        if (config is not None and not config.enabled) or health.runs == 0:  # runs 0: only ingested
            continue
        # silent: no new item for the window since the last one (or the last success); a source that
        # never succeeded is not silent but failing, and alerts after `threshold` failures in a row
        since = health.last_new_item_at or health.last_success_at
        if health.consecutive_failures >= rule.threshold:
            detail = (f"{health.consecutive_failures} lần thu thập liên tiếp thất bại; lỗi gần nhất: "
                      f"{health.last_error or 'không rõ'}")
            value = float(health.consecutive_failures)
        elif since is not None and now - since > rule.window:
            detail = f"không có tin, bài mới kể từ {_local(since, data.tz)}"
            value = (now - since).total_seconds() / 3600
        else:
            continue
        name = config.name if config and config.name else source_id
        found.append(Alert(rule_id=rule.id, kind=rule.kind, subject=f"source:{source_id}",
                           title=f"Nguồn có vấn đề - {name}", detail=detail, value=value, at=now))
    return found


def _is_sour(item: Item) -> bool:
    nlp = item.nlp
    if nlp is None:
        return False
    return bool((nlp.sentiment and nlp.sentiment.label == "negative") or (nlp.emotion and nlp.emotion.label == "anger"))


def _values(item: Item, dimension: str) -> list[str]:
    nlp = item.nlp
    if nlp is None:
        return []
    if dimension == "concern":
        return list(nlp.concerns)
    if dimension == "watch_topic":
        return list(item.watch_topics)
    if dimension == "province":
        return list(nlp.provinces)
    if dimension == "section":
        return [nlp.section.label] if nlp.section else []
    return []


def _surges(rule: AlertRule, data: Sources, now: datetime) -> list[Alert]:
    if data.index is None:
        return []
    dimensions = SURGE_DIMENSIONS if rule.dimension == "any" else (rule.dimension,)
    current = _sour_counts(data.index, dimensions, now - rule.window, now)
    before = _sour_counts(data.index, dimensions, now - rule.window - SURGE_BASELINE, now - rule.window)
    names = data.names or {}
    found = []
    for key, (sour, total, samples) in sorted(current.items()):
        dimension, value = key
        if rule.target not in (None, value) or sour < rule.threshold:
            continue
        share = sour / total
        old_sour, old_total, _ = before.get(key, (0, 0, []))
        baseline = max(old_sour / old_total if old_total else 0.0, MIN_BASELINE_SHARE)
        if share < rule.ratio * baseline:
            continue
        label = names.get(dimension, {}).get(value) or name_of(dimension, value)
        found.append(Alert(
            rule_id=rule.id, kind=rule.kind, subject=f"{dimension}:{value}",
            title=f"Phản ứng tiêu cực tăng - {label}",
            detail=(f"{sour}/{total} tin, bài ({round(share * 100)}%) tiêu cực hoặc giận dữ trong "
                    f"{_hours(rule.window)}, so với {round(baseline * 100)}% những ngày trước"),
            value=float(sour), at=now,
            samples=tuple(_sample(i, data) for i in samples[:SAMPLES]),
            item_ids=tuple(i.id for i in samples),
        ))
    return found


def _hours(window: timedelta) -> str:
    hours = window.total_seconds() / 3600
    return f"{int(hours)} giờ qua" if hours < 48 else f"{int(hours // 24)} ngày qua"


def _sour_counts(
    index: IndexBackend, dimensions: Sequence[str], since: datetime, until: datetime
) -> dict[tuple[str, str], tuple[int, int, list[Item]]]:
    sour: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    samples: dict[tuple[str, str], list[Item]] = {}
    for item in index.scan(Filters(since=since, until=until)):
        bad = _is_sour(item)
        for dimension in dimensions:
            for value in _values(item, dimension):
                key = (dimension, value)
                total[key] += 1
                if bad:
                    sour[key] += 1
                    samples.setdefault(key, []).append(item)
    return {key: (sour[key], total[key], samples.get(key, [])) for key in total}
