"""Detections computed from the index and the roll-ups, without storing them.

The ``trends`` and ``emerging`` queries and the detection job share these; only the job
(:mod:`langnghe.jobs.detect`, the scheduler's ``detect``) writes what they find to the
detection store.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from langnghe.config import load_concerns
from langnghe.labels import SECTION_VI
from langnghe.settings import Settings
from langnghe.stores.saved_searches import watch_topics

if TYPE_CHECKING:
    from langnghe.app import App
    from langnghe.detection.spikes import Granularity
    from langnghe.detection.emerging import Ranking
    from langnghe.detection.emerging import EmergingIssue
    from langnghe.detection.threads import ThreadLookup
    from langnghe.detection.trends import SpikeScan


def value_names(app: App) -> dict[str, dict[str, str]]:
    """Display names of the values of the spike dimensions that have them."""
    saved = app.saved_searches if app.settings.store_exists("saved_searches") else None
    return {
        "section": dict(SECTION_VI),
        "concern": concern_names(app.settings),
        "watch_topic": {topic.id: topic.name for topic in watch_topics(app.settings, saved)},
    }


def concern_names(settings: Settings) -> dict[str, str]:
    return {concern.id: concern.name for concern in load_concerns(settings.config_dir)}


def scan_spikes(app: App, at: datetime, *, granularity: Granularity = "hour", describe: bool = True) -> SpikeScan:
    """Spikes in the last complete hour (or local day) before ``at``, with their items'
    ids, keywords and provinces (``describe``), and the terms rising in the 24 hours before."""
    from langnghe.detection.terms import significant_terms
    from langnghe.detection.trends import describe_items, detect_spikes, index_voices

    settings = app.settings
    scan = detect_spikes(app.trends, at, granularity=granularity, tz=settings.timezone, names=value_names(app),
                         voices_of=index_voices(app.index))  # fmt: skip
    if describe:
        scan.spikes = [describe_items(app.index, spike, scan.end) for spike in scan.spikes]
    scan.terms = significant_terms(app.index, scan.end)
    return scan


def rank_issues(app: App, at: datetime, *, limit: int = 20) -> Ranking:
    """Emerging issues at ``at``, from the items published before it, most urgent first (one
    entry per event thread when stories were clustered), and the copy floods held back from them."""
    from langnghe.detection.emerging import rank_with_floods

    return rank_with_floods(app.index, at, limit=limit, concern_names=concern_names(app.settings),
                            threads=thread_lookup(app))  # fmt: skip


def thread_lookup(app: App) -> ThreadLookup | None:
    """The story store's event threads, or None when no story was ever clustered (nothing is created)."""
    return app.stories.threads_of if app.paths.stories.exists() else None
