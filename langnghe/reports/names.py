"""Display names for what reports count: labels, concerns, watch topics, sources.

Sections, sentiments, emotions, toxicity and platforms are named by :mod:`langnghe.labels`;
concerns by ``topics.yaml`` (or the shipped concerns), watch topics by ``topics.yaml`` and the
shared saved searches (:func:`langnghe.stores.saved_searches.watch_topics`); sources by
``sources.yaml`` when there is one (a fresh install may have none: ids are shown).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from langnghe.config import load_concerns, load_config
from langnghe.labels import FIELD_VI, vi
from langnghe.settings import Settings
from langnghe.stores.saved_searches import SavedSearchStore, watch_topics

SENTIMENT_ORDER = ("negative", "neutral", "positive")
EMOTION_ORDER = ("anger", "disgust", "fear", "sadness", "surprise", "enjoyment", "other")


@dataclass(frozen=True)
class Names:
    """Vietnamese display names per facet field; unknown values show as they are."""

    concerns: dict[str, str] = field(default_factory=dict)
    topics: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    intervals: dict[str, timedelta] = field(default_factory=dict)  # crawl interval per source, for silence

    def of(self, field_name: str, value: str | None) -> str:
        return vi(self._table(field_name), value)

    def _table(self, field_name: str) -> dict[str, str]:
        configured = {"concern": self.concerns, "watch_topic": self.topics, "source": self.sources}
        return configured.get(field_name) or FIELD_VI.get(field_name, {})


def load_names(settings: Settings, saved: SavedSearchStore | None = None) -> Names:
    """Names from the config folder of ``settings`` (sources only if ``sources.yaml`` exists) and
    the shared saved searches (of ``saved``, the app's store, else of the data folder's file)."""
    concerns = {concern.id: concern.name for concern in load_concerns(settings.config_dir)}
    topics = {topic.id: topic.name for topic in watch_topics(settings, saved)}
    sources, intervals = {}, {}
    if (settings.config_dir / "sources.yaml").exists():
        for source in load_config(settings.config_dir).sources:
            sources[source.id] = source.name or source.id
            intervals[source.id] = source.interval
    return Names(concerns, topics, sources, intervals)
