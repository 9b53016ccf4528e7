"""The three spike rules on hand-made series."""

from __future__ import annotations

import pytest

from langnghe.detection.spikes import SpikeRule, check_last, seasonal_history


def _fired(series: list[int], granularity: str = "hour") -> set[str]:
    return {check.method for check in check_last(series, granularity) if check.fired}  # type: ignore[arg-type]


def test_a_burst_after_a_quiet_window_fires_every_rule() -> None:
    series = [1, 0, 2, 1, 0, 1, 1, 0, 2, 1, 0, 1] * 4 + [14]
    checks = {check.method: check for check in check_last(series, "hour")}
    assert _fired(series) == {"window", "sigma", "poisson"}
    assert checks["window"].observed == 14 and checks["window"].expected == pytest.approx(10 / 12)
    assert checks["poisson"].score > 5


def test_ordinary_counts_fire_nothing() -> None:
    assert _fired([3, 4, 2, 5, 3, 4, 3, 2, 4, 5, 3, 4] * 4 + [5]) == set()
    assert _fired([0, 0, 1]) == set()  # below the minimum count: one item is never a spike


def test_a_daily_rhythm_is_not_a_spike_but_a_break_from_it_is() -> None:
    # Busy at 20:00 every day (hour 20 of each 24-hour season), quiet otherwise.
    day = [0] * 24
    day[20] = 12
    history = day * 6
    evening = history + day[:20] + [13]
    assert "window" in _fired(evening)  # the naive window rule is fooled by the rhythm ...
    assert {"sigma", "poisson"}.isdisjoint(_fired(evening))  # ... the seasonal baselines are not
    morning = history + day[:9] + [12]
    assert {"sigma", "poisson"} <= _fired(morning)


def test_seasonal_history_takes_the_same_phase_once_two_seasons_are_known() -> None:
    history = list(range(48))
    assert seasonal_history(history, "hour") == [0, 24]
    assert seasonal_history(list(range(20)), "hour") == list(range(20))
    assert seasonal_history(list(range(21)), "day") == [0, 7, 14]


def test_thresholds_are_configurable() -> None:
    series = [2] * 12 + [8]  # 8 / (2 + 1) = 2.7 times the window mean
    assert "window" not in _fired(series)
    loose = {check.method for check in check_last(series, "hour", SpikeRule(ratio=2.5)) if check.fired}
    assert "window" in loose


def test_too_short_a_series_is_not_tested() -> None:
    assert check_last([5], "hour") == []


def test_the_poisson_tail_is_scipys_poisson_survival_function() -> None:
    """The check calls scipy.special.pdtrc directly (the per-call overhead of scipy.stats is
    most of a replay's spike detection): the same tail, bit for bit, as poisson.sf."""
    import math
    from statistics import fmean

    from scipy.stats import poisson

    from langnghe.detection.spikes import MIN_BASELINE, poisson_check

    rule = SpikeRule()
    for history in ([0] * 24, [1, 0, 2] * 8, [5, 7, 6, 9] * 12, [40, 55] * 30):
        for observed in (0, 1, 3, 10, 60, 400):
            check = poisson_check([*history, observed], "hour", rule)
            season = seasonal_history(history, "hour")
            expected = max(fmean(season), MIN_BASELINE["hour"])
            tail = float(poisson.sf(observed - 1, expected)) if observed > 0 else 1.0
            assert check.score == round(-math.log10(max(tail, 1e-300)), 3)
            assert check.fired == (observed >= rule.min_count and tail < rule.alpha)
