"""The filters of search, export and the web app's search page, from what a person typed.

:class:`FilterRequest` holds the options as typed; :func:`filter_fields` gathers the valid
values of each filter (sections, sentiments, emotions, toxicity, platforms and the
false-information flag from :mod:`langnghe.labels`, concerns from ``topics.yaml`` or the
shipped ones, provinces from the gazetteer, sources from ``sources.yaml`` and the index;
stories are ids, taken as typed); :func:`resolve_filters` turns the request into the index's
:class:`~langnghe.index.base.Filters` through the one resolver,
:func:`langnghe.filter_values.resolve`, and reads times with :mod:`langnghe.times`.

Toxicity takes a label (``Xúc phạm``, ``hate``...) or the yes/no of
:data:`~langnghe.labels.TOXIC_VI`: ``Độc hại`` (``toxic``) stands for offensive and hate,
``Không độc hại`` (``not toxic``) for clean. The false-information flag takes ``Bị gắn cờ
tin sai lệch`` / ``có`` / ``true`` or ``Không bị gắn cờ`` / ``không`` / ``false``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path

from langnghe.config import SourcesFile, load_concerns, load_file
from langnghe.errors import InputError
from langnghe.filter_values import Choice, FilterField, choices_of, resolve
from langnghe.index.base import FLAGGED, NOT_FLAGGED, Filters
from langnghe.labels import EMOTION_VI, FALSE_INFO_VI, PLATFORM_VI, SECTION_VI, SENTIMENT_VI, TOXIC_VI, TOXICITY_VI
from langnghe.nlp.gazetteer import Province, default_gazetteer
from langnghe.settings import Settings
from langnghe.times import parse_local_time

# filter name (a FilterRequest field) -> (index field, option)
FIELDS: dict[str, tuple[str, str]] = {
    "sections": ("section", "--section"),
    "sentiments": ("sentiment", "--sentiment"),
    "concerns": ("concern", "--concern"),
    "provinces": ("province", "--province"),
    "sources": ("source", "--source"),
    "platforms": ("platform", "--platform"),
    "emotions": ("emotion", "--emotion"),
    "toxicity": ("toxicity", "--toxicity"),
    "false_info": ("false_info", "--false-info"),
    "stories": ("story", "--story"),
}
OPEN_FIELDS = ("stories",)  # ids, no list to check them against
TOXIC_LABELS = ("offensive", "hate")  # what "toxic" stands for


@dataclass(frozen=True)
class FilterRequest:
    """Filters as typed: names, ids or either without diacritics; times as :mod:`langnghe.times`
    reads them (``until`` a day includes that whole day). Values within a filter are OR-ed, filters AND-ed."""

    since: str | None = None
    until: str | None = None
    sections: tuple[str, ...] = ()
    sentiments: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    emotions: tuple[str, ...] = ()
    toxicity: tuple[str, ...] = ()
    false_info: tuple[str, ...] = ()
    stories: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        """No filter at all (no time, no value)."""
        return not any(getattr(self, item.name) for item in fields(self))


def _province(unit: Province) -> Choice:
    former = [spelling for old in unit.former for spelling in (old.id, old.name, *old.aliases)]
    return Choice(unit.name, unit.name, (unit.id, *unit.aliases, *former))


def _toxicity() -> tuple[Choice, ...]:
    """The labels, each also reachable through the yes/no it belongs to."""
    def group(label: str) -> str:
        return "toxic" if label in TOXIC_LABELS else "not_toxic"

    return tuple(Choice(label, name, (TOXIC_VI[group(label)], group(label).replace("_", " ")))
                 for label, name in TOXICITY_VI.items())  # fmt: skip


def _false_info() -> tuple[Choice, ...]:
    return (Choice(FLAGGED, FALSE_INFO_VI[FLAGGED], ("có", "flagged", "yes")),
            Choice(NOT_FLAGGED, FALSE_INFO_VI[NOT_FLAGGED], ("không", "not flagged", "no")))  # fmt: skip


def _named(values: Sequence[str], table: dict[str, str]) -> dict[str, str]:
    return {value: table.get(value, value) for value in values}


def filter_fields(
    settings: Settings, indexed_sources: Sequence[str] = (), indexed_platforms: Sequence[str] = ()
) -> dict[str, FilterField]:
    """The valid values of each filter of :data:`FIELDS`; ``indexed_sources`` and
    ``indexed_platforms``: those the index holds (items ingested from other tools), accepted
    beside the configured ones."""
    concerns = {concern.id: concern.name for concern in load_concerns(settings.config_dir)}
    sources_yaml = settings.config_dir / "sources.yaml"
    configured = load_file(sources_yaml, SourcesFile, required=True).sources if sources_yaml.exists() else []
    sources = {source: source for source in indexed_sources} | {s.id: s.name or s.id for s in configured}
    platforms = PLATFORM_VI | _named([*indexed_platforms, *(s.platform for s in configured)], PLATFORM_VI)
    tables: dict[str, tuple[Choice, ...]] = {
        "sections": choices_of(SECTION_VI),
        "sentiments": choices_of(SENTIMENT_VI),
        "concerns": choices_of(concerns),
        "provinces": tuple(_province(unit) for unit in default_gazetteer().units),
        "sources": choices_of(sources),
        "platforms": choices_of(platforms),
        "emotions": choices_of(EMOTION_VI),
        "toxicity": _toxicity(),
        "false_info": _false_info(),
        "stories": (),
    }
    return {name: FilterField(field, option, tables[name], open=_open(name, bool(configured)))
            for name, (field, option) in FIELDS.items()}  # fmt: skip


def _open(name: str, configured: bool) -> bool:
    return name in OPEN_FIELDS or (name == "sources" and not configured)


ConfigStamp = tuple[tuple[str, int], ...]


def config_stamp(config_dir: Path) -> ConfigStamp:
    """The config folder's YAML files with their modification times: what the tables of
    :func:`filter_fields` (and the display names) are read from, to know when to read them again."""
    if not config_dir.is_dir():
        return ()
    return tuple((path.name, path.stat().st_mtime_ns) for path in sorted(config_dir.glob("*.yaml")))


def resolve_filters(request: FilterRequest, fields: dict[str, FilterField], tz: str) -> Filters:
    """The index's filters for ``request``; an unknown value or a bad time is one Vietnamese line."""
    since = _time(request.since, "--since", tz, end=False)
    until = _time(request.until, "--until", tz, end=True)
    if since is not None and until is not None and until <= since:
        raise InputError(f"--until: {request.until} phải sau --since {request.since}")
    terms = {field.field: resolve(getattr(request, name), field) for name, field in fields.items()}
    return Filters(terms={field: values for field, values in terms.items() if values}, since=since, until=until)


def _time(value: str | None, option: str, tz: str, *, end: bool) -> datetime | None:
    return None if value is None else parse_local_time(value, tz, option=option, end=end)
