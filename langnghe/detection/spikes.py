"""Spike detection on count series: three rules, each explaining itself.

A series is a list of counts per bucket (hours or days), oldest first, zero-filled,
whose last bucket is the one under test. The rules:

- ``window``: the last bucket against the mean of the ones before it in a short
  window (the last hour against the previous 12; a day against the previous 14), the
  rule most commercial listening tools use. Fires when the count is at least
  ``min_count`` and ``ratio`` times the window mean (plus one, so an empty past does
  not make any count a spike).
- ``sigma``: the last bucket against a seasonal baseline, the same hour of day on the
  previous days (hours) or the same weekday on the previous weeks (days) when the
  series is long enough, else every earlier bucket: mean + 3 standard deviations.
- ``poisson``: the tail probability of the count under a Poisson law whose mean is the
  seasonal baseline's (floored, so that a quiet series still needs several items):
  fires below ``alpha``. The score is ``-log10(p)``.

Policy only: no I/O. :mod:`langnghe.detection.trends` reads the roll-ups and calls it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean, pstdev
from typing import Literal

from scipy.special import pdtrc

Granularity = Literal["hour", "day"]
Method = Literal["window", "sigma", "poisson"]
METHODS: tuple[Method, ...] = ("window", "sigma", "poisson")

# Buckets in the short window, and the season's period, per granularity.
WINDOW = {"hour": 12, "day": 14}
SEASON = {"hour": 24, "day": 7}
MIN_BASELINE = {"hour": 0.2, "day": 0.5}  # expected counts never below this


@dataclass(frozen=True)
class SpikeRule:
    """Thresholds of the three rules (defaults tuned on the planted-event stream, see bench)."""

    min_count: int = 5
    ratio: float = 3.0
    sigmas: float = 3.0
    alpha: float = 1e-3


@dataclass(frozen=True)
class SpikeCheck:
    """One rule applied to the last bucket of a series."""

    method: Method
    observed: int
    expected: float
    score: float
    fired: bool
    baseline: str  # how ``expected`` was obtained, in words


def seasonal_history(history: Sequence[int], granularity: Granularity) -> list[int]:
    """The buckets of ``history`` in the same phase as the next bucket (same hour of day /
    weekday), newest last; all of ``history`` when it holds fewer than two seasons."""
    period = SEASON[granularity]
    if len(history) < 2 * period:
        return list(history)
    return list(history[len(history) - period :: -period][::-1])


def window_check(series: Sequence[int], granularity: Granularity, rule: SpikeRule) -> SpikeCheck:
    observed, past = series[-1], series[:-1][-WINDOW[granularity] :]
    expected = fmean(past) if past else 0.0
    score = observed / (expected + 1.0)
    fired = observed >= rule.min_count and score >= rule.ratio
    return SpikeCheck("window", observed, expected, round(score, 3), fired, f"mean of the previous {len(past)} {granularity}s")


def sigma_check(series: Sequence[int], granularity: Granularity, rule: SpikeRule) -> SpikeCheck:
    observed = series[-1]
    season = seasonal_history(series[:-1], granularity)
    expected = fmean(season) if season else 0.0
    spread = pstdev(season) if len(season) > 1 else 0.0
    threshold = expected + rule.sigmas * max(spread, math.sqrt(max(expected, MIN_BASELINE[granularity])))
    score = (observed - expected) / max(spread, 1.0)
    fired = observed >= rule.min_count and observed > threshold
    return SpikeCheck("sigma", observed, expected, round(score, 3), fired, _season_words(season, series, granularity))


def poisson_check(series: Sequence[int], granularity: Granularity, rule: SpikeRule) -> SpikeCheck:
    observed = series[-1]
    season = seasonal_history(series[:-1], granularity)
    expected = max(fmean(season) if season else 0.0, MIN_BASELINE[granularity])
    # P(X >= observed): pdtrc is what scipy.stats.poisson.sf computes, without its per-call argument handling
    tail = float(pdtrc(observed - 1, expected)) if observed > 0 else 1.0
    score = -math.log10(max(tail, 1e-300))
    fired = observed >= rule.min_count and tail < rule.alpha
    return SpikeCheck("poisson", observed, expected, round(score, 3), fired, _season_words(season, series, granularity))


def _season_words(season: Sequence[int], series: Sequence[int], granularity: Granularity) -> str:
    if len(season) == len(series) - 1:
        return f"mean of the previous {len(season)} {granularity}s"
    unit = "hour of day" if granularity == "hour" else "weekday"
    return f"same {unit} over the previous {len(season)} {'days' if granularity == 'hour' else 'weeks'}"


CHECKS = {"window": window_check, "sigma": sigma_check, "poisson": poisson_check}


def check_last(series: Sequence[int], granularity: Granularity, rule: SpikeRule | None = None) -> list[SpikeCheck]:
    """Every rule on the last bucket of ``series`` (needs at least two buckets)."""
    if len(series) < 2:
        return []
    chosen = rule or SpikeRule()
    return [CHECKS[method](series, granularity, chosen) for method in METHODS]
