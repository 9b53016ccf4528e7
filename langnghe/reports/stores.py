"""Readers of the stores beside the index (detections, claims, source health) for reports.

Each reads only when its file exists: a report on a fresh data folder, or on one where
a job has never run, shows "nothing found" rather than creating empty stores.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from langnghe.settings import Settings

if TYPE_CHECKING:
    from langnghe.claims.spread import ClaimSpread
    from langnghe.detection.emerging import EmergingIssue
    from langnghe.detection.trends import Spike
    from langnghe.stores.health import SourceHealth


def stored_spikes(settings: Settings, since: datetime, until: datetime) -> list[Spike]:
    """Spikes whose bucket starts in [since, until), strongest first."""
    from langnghe.stores.detections import DetectionStore

    if not settings.paths.detections.exists():
        return []
    store = DetectionStore(settings.paths.detections)
    try:
        return store.spikes(since, until)
    finally:
        store.close()


def stored_emerging(settings: Settings, at: datetime) -> list[EmergingIssue] | None:
    """The emerging-issue ranking stored for the moment ``at``; ``None`` when none was made then."""
    from langnghe.stores.detections import DetectionStore

    if not settings.paths.detections.exists():
        return None
    store = DetectionStore(settings.paths.detections)
    try:
        return store.emerging(at) or None
    finally:
        store.close()


def claim_spreads(settings: Settings, at: datetime) -> list[ClaimSpread]:
    """The claims matched by items published before ``at``, most spread first."""
    from langnghe.claims.spread import spread_report
    from langnghe.claims.store import ClaimStore

    path = settings.paths.claims
    if not path.exists():
        return []
    with ClaimStore(path) as store:
        return spread_report(store.claims(), store.matches(before=at), tz=settings.timezone, at=at)


def source_health(settings: Settings) -> dict[str, SourceHealth]:
    from langnghe.stores.health import SourceHealthStore

    if not settings.paths.health.exists():
        return {}
    store = SourceHealthStore(settings.paths.health)
    try:
        return store.all()
    finally:
        store.close()
