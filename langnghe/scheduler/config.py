"""``config/schedule.yaml``: when ``langnghe run`` does what. Every key has a default, so the file is optional.

Clock times (``at``) are local times in the settings' zone (Asia/Ho_Chi_Minh by
default); intervals are durations ('1m', '2h'). Channels are names from the
``channels:`` of ``config/alerts.yaml``.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from langnghe.config import Duration, load_file


def _clock(value: str) -> str:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", value.strip())
    if not match:
        raise ValueError(f"cần một giờ trong ngày như '07:00', nhận {value!r}")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


Clock = Annotated[str, AfterValidator(_clock)]


def clock_time(at: str) -> tuple[int, int]:
    """A validated ``Clock`` ('07:00') as (hour, minute)."""
    hour, minute = at.split(":")
    return int(hour), int(minute)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DigestSchedule(_Strict):
    at: Clock = "07:00"
    channels: list[str] = Field(default_factory=list, description="where the digest goes besides data_dir/digests")
    catch_up_days: int = Field(3, ge=1, le=14, description="after downtime, digests of at most this many missed days")


class ReportSchedule(_Strict):
    day: int = Field(15, ge=1, le=19, description="day of the month (the report is due before the 20th)")
    at: Clock = "08:00"
    channels: list[str] = Field(default_factory=list)


class RetentionSchedule(_Strict):
    keep: Duration = timedelta(days=400)
    at: Clock = "03:30"


class ScheduleFile(_Strict):
    enrich_every: Duration = timedelta(minutes=1)
    rollup_every: Duration = timedelta(minutes=5)
    detect_every: Duration = timedelta(minutes=10)
    health_every: Duration = timedelta(minutes=15)
    workers: int = Field(4, ge=1, le=32, description="jobs that may run at the same time")
    digest: DigestSchedule = Field(default_factory=DigestSchedule)
    report: ReportSchedule = Field(default_factory=ReportSchedule)
    retention: RetentionSchedule = Field(default_factory=RetentionSchedule)


def load_schedule(config_dir: Path) -> ScheduleFile:
    return load_file(config_dir / "schedule.yaml", ScheduleFile, required=False)
