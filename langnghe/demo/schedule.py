"""When items appear: a daily rhythm in Vietnam time, fewer at night and at weekends."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from langnghe.demo.model import VN_TZ

# Relative weight of each local hour, 0h..23h. Newsrooms publish from early morning to
# late evening; forum users post more in the evening but still little after midnight.
NEWS_HOURS = (0.6, 0.3, 0.2, 0.2, 0.4, 1.5, 3.5, 5, 7, 8, 8, 7, 5, 4.5, 6.5, 7, 7, 6, 5, 4.5, 4.5, 3.5, 2.5, 1.3)
FORUM_HOURS = (2, 1.2, 0.6, 0.3, 0.3, 0.6, 1.5, 2.5, 3, 3.5, 3.5, 3.5, 4, 3.5, 3, 3, 3, 3.5, 4, 5, 6, 6, 5.5, 4)


def daily_count(rng: random.Random, mean: float, day: date) -> int:
    weekend = day.weekday() >= 5
    expected = mean * (0.7 if weekend else 1.05)
    return max(1, round(rng.gauss(expected, max(1.0, expected * 0.2))))


def moment(rng: random.Random, day: date, hours: tuple[float, ...]) -> datetime:
    hour = rng.choices(range(24), weights=hours)[0]
    return datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=VN_TZ)


def moment_between(rng: random.Random, day: date, first_hour: int, last_hour: int) -> datetime:
    """A time on ``day`` within [first_hour, last_hour], for events the story fixes."""
    hour = rng.randint(first_hour, last_hour)
    return datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=VN_TZ)


def later(rng: random.Random, start: datetime, max_minutes: int, limit: datetime) -> datetime:
    """A reply time after ``start``, never past ``limit``."""
    return min(start + timedelta(minutes=rng.randint(4, max_minutes)), limit)
