"""Run the detection jobs over a past period, as if they had run live (replays).

``langnghe ingest`` replays a stream; analysts then want what the scheduler would have
found while it happened: spikes at the end of every hour and every local day, and the
emerging-issue ranking at the end of every local day, each computed from the items
published before that moment and stored in the detection store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from langnghe.config import load_concerns
from langnghe.index import open_index, open_trend_store
from langnghe.stores.detections import DetectionStore
from langnghe.stores.stories import StoryStore
from langnghe.detection.emerging import rank_with_floods
from langnghe.detection.window_items import for_replay
from langnghe.detection.series_cache import SeriesCache
from langnghe.detection.trends import HISTORY, describe_items, detect_spikes, index_voices, last_boundary
from langnghe.settings import Settings

HOUR = timedelta(hours=1)


@dataclass
class DetectReport:
    hours: int = 0
    days: int = 0
    spikes: int = 0
    rankings: int = 0


def moments(since: datetime, until: datetime, step: str, tz: str) -> list[datetime]:
    """Bucket ends (hours, or local midnights) in (since, until]."""
    found: list[datetime] = []
    moment = last_boundary(since, "hour" if step == "hour" else "day", tz)
    while moment <= until:
        if moment > since:
            found.append(moment)
        moment = moment + HOUR if step == "hour" else last_boundary(moment + timedelta(hours=25), "day", tz)
    return found


def detect_period(
    settings: Settings, since: datetime, until: datetime, on_step: Callable[[int], None] | None = None
) -> DetectReport:
    """Spikes at every hour and day end in (since, until], emerging issues at every day end; stored."""
    report = detect_spikes_period(settings, since, until, on_step)
    return rank_period(settings, since, until, report)


def detect_spikes_period(
    settings: Settings, since: datetime, until: datetime, on_step: Callable[[int], None] | None = None,
    report: DetectReport | None = None,
) -> DetectReport:
    """Spikes at every hour and day end in (since, until], stored. They read the roll-ups and
    the items' signals, never their stories, so they may run while stories are clustered."""
    report = report or DetectReport()
    tz = settings.timezone
    names = {"concern": {concern.id: concern.name for concern in load_concerns(settings.config_dir)}}
    index, opened, detections = open_index(settings), open_trend_store(settings), DetectionStore(settings.store_target("detections"))
    # every check's history read once: from four weeks of days before the first moment to the last
    store = SeriesCache(opened, since - timedelta(days=HISTORY["day"] + 2), until + timedelta(days=2))
    voices_of = index_voices(index)  # a bucket that fires is checked again on its independent voices
    try:
        for end in moments(since, until + HOUR, "hour", tz):
            scan = detect_spikes(store, end, granularity="hour", tz=tz, names=names, voices_of=voices_of)
            report.spikes += detections.save_spikes([describe_items(index, spike, scan.end) for spike in scan.spikes])
            report.hours += 1
            if on_step:
                on_step(1)
        for end in moments(since, until + timedelta(days=1), "day", tz):
            scan = detect_spikes(store, end, granularity="day", tz=tz, names=names, voices_of=voices_of)
            report.spikes += detections.save_spikes([describe_items(index, spike, scan.end) for spike in scan.spikes])
            report.days += 1
    finally:
        detections.close()
        opened.close()
        index.close()
    return report


def rank_period(
    settings: Settings, since: datetime, until: datetime, report: DetectReport | None = None
) -> DetectReport:
    """The emerging-issue ranking at every day end in (since, until], stored. Stories are
    candidates: run it after the period's items are clustered."""
    report = report or DetectReport()
    names = {concern.id: concern.name for concern in load_concerns(settings.config_dir)}
    index, detections = open_index(settings), DetectionStore(settings.store_target("detections"))
    stories = StoryStore(settings.store_target("stories")) if settings.store_exists("stories") else None
    try:
        days = moments(since, until + timedelta(days=1), "day", settings.timezone)
        window = for_replay(index, days)  # the period's items read once for all its rankings
        for end in days:
            ranking = rank_with_floods(index, end, concern_names=names,
                                       items_of=window.candidate_items if window else None,
                                       threads=stories.threads_of if stories else None)  # fmt: skip
            report.rankings += bool(detections.save_emerging(end, ranking.issues, ranking.floods))
    finally:
        detections.close()
        index.close()
        if stories:
            stories.close()
    return report
