"""The filters of search and export (and later the web app's form), from what a person typed.

:class:`FilterRequest` holds the options as typed; :func:`filter_fields` gathers the valid
values of each filter (sections and sentiments from :mod:`langnghe.labels`, concerns from
``topics.yaml`` or the shipped ones, provinces from the gazetteer, sources from
``sources.yaml`` and the index); :func:`resolve_filters` turns the request into the index's
:class:`~langnghe.index.base.Filters` through the one resolver,
:func:`langnghe.filter_values.resolve`, and reads times with :mod:`langnghe.times`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from langnghe.config import SourcesFile, load_concerns, load_file
from langnghe.errors import InputError
from langnghe.filter_values import Choice, FilterField, choices_of, resolve
from langnghe.index.base import Filters
from langnghe.labels import SECTION_VI, SENTIMENT_VI
from langnghe.nlp.gazetteer import Province, default_gazetteer
from langnghe.settings import Settings
from langnghe.times import parse_local_time

# filter name -> (index field, option)
FIELDS: dict[str, tuple[str, str]] = {
    "sections": ("section", "--section"),
    "sentiments": ("sentiment", "--sentiment"),
    "concerns": ("concern", "--concern"),
    "provinces": ("province", "--province"),
    "sources": ("source", "--source"),
}


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


def _province(unit: Province) -> Choice:
    former = [spelling for old in unit.former for spelling in (old.id, old.name, *old.aliases)]
    return Choice(unit.name, unit.name, (unit.id, *unit.aliases, *former))


def filter_fields(settings: Settings, indexed_sources: Sequence[str] = ()) -> dict[str, FilterField]:
    """The valid values of each filter of :data:`FIELDS`; ``indexed_sources``: sources the index
    holds (items ingested from other tools), accepted beside the configured ones."""
    concerns = {concern.id: concern.name for concern in load_concerns(settings.config_dir)}
    sources_yaml = settings.config_dir / "sources.yaml"
    configured = load_file(sources_yaml, SourcesFile, required=True).sources if sources_yaml.exists() else []
    sources = {source: source for source in indexed_sources} | {s.id: s.name or s.id for s in configured}
    tables: dict[str, tuple[Choice, ...]] = {
        "sections": choices_of(SECTION_VI),
        "sentiments": choices_of(SENTIMENT_VI),
        "concerns": choices_of(concerns),
        "provinces": tuple(_province(unit) for unit in default_gazetteer().units),
        "sources": choices_of(sources),
    }
    return {name: FilterField(field, option, tables[name], open=name == "sources" and not configured)
            for name, (field, option) in FIELDS.items()}  # fmt: skip


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
