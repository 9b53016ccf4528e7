"""Score the spike and emerging-issue detectors on a synthetic stream with planted events.

    .venv/bin/python bench/bench_detection.py [--days 28] [--volume 3] [--budget 3]

The stream (``langnghe.demo.stream``) has bursts of different sizes, a slow-growing
issue and a spreading false claim on a background with a daily rhythm. It is ingested
into a throw-away data folder (enrich, index, roll-ups, stories when available), then:

- spikes: every hour of the second half of the stream is tested per province with each
  rule alone and with all three; at most ``--budget`` alerts a day are kept (the
  strongest), as an analyst's attention allows. An alert is right when its province has
  a planted event that started within the 6 hours before (bursts) or is under way (slow
  issue, claim). Reported: precision, recall and median detection delay per rule; the
  window rule (last hour against the previous 12) is the baseline; "voices" is "any"
  checked again on the hour's independent items, as the detection job does.
- emerging issues: the ranking at the end of every day; the slow issue is found when it
  is in the top ``--budget`` before its peak day, on raw items (before independent voices)
  and on voices, with the CPU cost of each in the same run. Reported: the first day it is found,
  the days before its peak, and the precision of the top entries over the days.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from contextlib import nullcontext
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from unittest.mock import patch

from langnghe.demo.stream import PlantedTruth, Stream, build_stream
from langnghe.index import open_index, open_trend_store
from langnghe.index.trends import TrendStore
from langnghe.detection import emerging, voices
from langnghe.detection.emerging import EmergingIssue, rank_emerging
from langnghe.detection.window_items import for_replay
from langnghe.index.base import IndexBackend
from langnghe.jobs.core import ingest_file
from langnghe.detection.spikes import METHODS, SpikeRule, check_last
from langnghe.detection.trends import HISTORY, VoicesOf, bucket_bounds, dense_series, index_voices
from langnghe.settings import Settings

REPO = Path(__file__).resolve().parents[1]
HOUR = timedelta(hours=1)
BURST_WINDOW = timedelta(hours=6)


@dataclass(frozen=True)
class Alert:
    method: str
    province: str
    end: datetime  # when the alert could be raised: the end of the tested hour
    score: float


def ingest(stream: Stream, folder: Path) -> Settings:
    path = folder / "stream.jsonl"
    path.write_text("".join(item.to_json() + "\n" for item in stream.items), encoding="utf-8")
    settings = Settings(data_dir=folder / "data", config_dir=REPO / "config")
    started = time.perf_counter()
    outcome = ingest_file(settings, path)
    seconds = time.perf_counter() - started
    print(f"ingested {outcome.enrich.done} items in {seconds:.1f} s ({outcome.enrich.done / seconds:.0f} items/s, "
          f"enrich + index + roll-ups)")
    return settings


def hourly_alerts(
    store: TrendStore, stream: Stream, provinces: list[str], rule: SpikeRule, voices_of: VoicesOf | None = None
) -> list[Alert]:
    """Every rule's alerts, "any" of them, and with ``voices_of`` "voices": "any" checked again on the
    hour's independent items (copy floods collapsed, at most 3 per account), as the detection job does."""
    first = datetime.combine(stream.days[len(stream.days) // 2], datetime.min.time(), tzinfo=timezone.utc)
    last = datetime.combine(stream.days[-1] + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc)
    alerts = []
    end = first
    while end <= last:
        bounds = bucket_bounds(end, "hour", HISTORY["hour"] + 1, "UTC")
        for province in provinces:
            series = dense_series(store, "province", province, bounds)
            if not series[-1]:
                continue
            checks = check_last(series, "hour", rule)
            fired = [check for check in checks if check.fired]
            alerts += [Alert(check.method, province, end, check.score) for check in fired]
            if fired:
                alerts.append(Alert("any", province, end, max(check.score for check in fired)))
            if fired and voices_of:
                counted = voices_of("province", province, *bounds[-1]).independent
                again = [check for check in check_last([*series[:-1], counted], "hour", rule) if check.fired]
                alerts += [Alert("voices", province, end, max(check.score for check in again))] if again else []
        end += HOUR
    return alerts


def budgeted(alerts: list[Alert], method: str, budget: int) -> list[Alert]:
    """The ``budget`` strongest alerts of each local day for one rule (scores compared within a rule)."""
    by_day: dict[object, list[Alert]] = defaultdict(list)
    for alert in alerts:
        if alert.method == method:
            by_day[(alert.end - timedelta(hours=1) + timedelta(hours=7)).date()].append(alert)
    kept = []
    for day_alerts in by_day.values():
        kept += sorted(day_alerts, key=lambda a: -a.score)[:budget]
    return kept


def matches(alert: Alert, truth: PlantedTruth) -> bool:
    if alert.province != truth.province or alert.end <= truth.start:
        return False
    if truth.kind == "burst":
        return alert.end <= truth.start + BURST_WINDOW
    return alert.end <= truth.peak + timedelta(days=3)


def score_spikes(alerts: list[Alert], truth: tuple[PlantedTruth, ...], budget: int) -> None:
    print(f"\nspikes per province, at most {budget} alerts a day (hours of the second half of the stream)")
    print(f"{'rule':<10} {'alerts':>6} {'precision':>9} {'recall':>7} {'bursts':>7} {'median delay':>13}")
    for method in ("window", *[m for m in METHODS if m != "window"], "any", "voices"):
        kept = budgeted(alerts, method, budget)
        right = [a for a in kept if any(matches(a, t) for t in truth)]
        delays, found_bursts = [], 0
        for event in truth:
            hits = [a.end for a in kept if matches(a, event)]
            if hits:
                delays.append((min(hits) - event.start).total_seconds() / 3600)
                found_bursts += event.kind == "burst"
        bursts = sum(1 for event in truth if event.kind == "burst")
        precision = len(right) / len(kept) if kept else 0.0
        delay = f"{statistics.median(delays):.1f} h" if delays else "-"
        label = method + (" (baseline)" if method == "window" else "")
        print(f"{label:<10} {len(kept):>6} {precision:>9.2f} {len(delays) / len(truth):>7.2f} "
              f"{found_bursts:>3}/{bursts:<3} {delay:>13}")


def _rank_days(index: IndexBackend, stream: Stream, budget: int, *, replay: bool) -> tuple[list[list[EmergingIssue]], float]:
    """The ranking at the end of every day and the CPU seconds it took; ``replay``: the candidates'
    items read once for all days (:mod:`langnghe.detection.window_items`), as the detection job does."""
    ends = [datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=timezone.utc) - timedelta(hours=7)
            for day in stream.days]  # fmt: skip
    voices._prints.clear()  # each run computes its own signatures
    started = time.process_time()
    window = for_replay(index, ends) if replay else None
    rankings = [rank_emerging(index, at, limit=budget, items_of=window.candidate_items if window else None)
                for at in ends]  # fmt: skip
    return rankings, time.process_time() - started


def _items_only(items: object, at: object) -> dict[str, object]:
    """The signals of before independent voices: no voice fields, growth on raw items."""
    return {}


def _score_rankings(label: str, stream: Stream, rankings: list[list[EmergingIssue]], budget: int) -> None:
    issues = [t for t in stream.truth if t.kind == "slow_issue"]
    right = total = 0
    first_found: dict[str, object] = {}
    for day, ranked in zip(stream.days, rankings):
        for issue in ranked:
            total += 1
            hit = next((t for t in issues if set(issue.item_ids) & set(t.item_ids)), None)
            right += hit is not None
            if hit is not None and hit.key not in first_found:
                first_found[hit.key] = day
    print(f"  {label}:")
    for truth in issues:
        found = first_found.get(truth.key)
        lead = (truth.peak.date() - found).days if found else None  # type: ignore[operator]
        print(f"    {truth.key}: started {truth.start:%d/%m}, peak {truth.peak:%d/%m}, "
              + (f"found {found:%d/%m} ({lead} days before its peak)" if found else "not found"))  # type: ignore[str-format]
    print(f"    precision of the top {budget} over the days: {right}/{total}" + (f" = {right / total:.2f}" if total else ""))


def score_emerging(settings: Settings, stream: Stream, budget: int) -> None:
    """The ranking on independent voices against the same ranking on raw items (the code before
    voices were counted), in the same run: what each finds and what it costs (CPU seconds, best of 2)."""
    index = open_index(settings)
    print(f"\nemerging issues, top {budget} at the end of each day")
    try:
        for replay in (False, True):
            costs: dict[str, float] = {}
            for label in ("items", "voices", "items", "voices"):  # interleaved, best of two each
                with patch.object(emerging, "_voice_fields", _items_only) if label == "items" else nullcontext():
                    rankings, seconds = _rank_days(index, stream, budget, replay=replay)
                if not replay and label not in costs:  # what each finds (the same in every run)
                    _score_rankings(f"growth on {label}", stream, rankings, budget)
                costs[label] = min(costs.get(label, seconds), seconds)
            how = "candidates' items read once (replay)" if replay else "each candidate read from the index"
            print(f"  cost, {how}: raw items {costs['items']:.2f} s, voices {costs['voices']:.2f} s CPU "
                  f"(ratio {costs['voices'] / costs['items']:.2f})")
    finally:
        index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=28)
    parser.add_argument("--volume", type=float, default=3.0, help="background volume, times the demo site's")
    parser.add_argument("--budget", type=int, default=3, help="alerts a day / issues a day the analyst reads")
    args = parser.parse_args()
    stream = build_stream(args.days, volume=args.volume)
    print(f"stream: {len(stream.items)} items over {len(stream.days)} days; planted: "
          + ", ".join(f"{t.key} ({t.province}, {t.size} items)" for t in stream.truth))
    with tempfile.TemporaryDirectory() as folder:
        settings = ingest(stream, Path(folder))
        store = open_trend_store(settings)
        try:
            provinces = [value for value, _ in store.values("province", datetime(2000, 1, 1, tzinfo=timezone.utc),
                                                            datetime(2100, 1, 1, tzinfo=timezone.utc))]
            started = time.perf_counter()
            index = open_index(settings)
            runs = {count: hourly_alerts(store, stream, provinces, SpikeRule(min_count=count), index_voices(index))
                    for count in (3, 5)}  # fmt: skip
            index.close()
            print(f"tested {len(provinces)} provinces every hour, twice, in {time.perf_counter() - started:.1f} s")
        finally:
            store.close()
        for count, alerts in runs.items():
            print(f"\nminimum count {count}:", end="")
            score_spikes(alerts, stream.truth, args.budget)
        score_emerging(settings, stream, args.budget)


if __name__ == "__main__":
    main()
