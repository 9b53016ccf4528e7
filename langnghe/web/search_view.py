"""What the search page and the item page show, laid out from the query service's answers.

:func:`run_search` asks the query service (filters, one page of hits, facet counts) and keeps a
mistake in the query (with its position) or in a filter as one Vietnamese line for the page;
:func:`search_page` names every value (sources, concerns, labels and story titles, never ids) and
builds the URLs of the facet values, the active filters' removal and the next page.
Everything here is plain data: the templates escape it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from langnghe.errors import InputError
from langnghe.filter_values import FilterField
from langnghe.index.base import Filters
from langnghe.index.query import QueryError
from langnghe.item import Item
from langnghe.labels import DIMENSION_VI, FIELD_VI, vi
from langnghe.reports.names import Names, load_names
from langnghe.service import QueryService
from langnghe.service.filters import ConfigStamp, FilterRequest, config_stamp
from langnghe.settings import Settings
from langnghe.service.views import FacetsResponse, FacetValue, Hit, SearchResponse
from langnghe.web.search_form import (
    PAGE_ORDER,
    QueryProblem,
    SearchState,
    SnippetPart,
    named_for,
    query_problem,
    snippet_parts,
)

FACET_SIZE = 10  # values per facet beside the results
COUNTS_PATH = "/tim-kiem/so-tin"  # the search page's facet counts, loaded after its results
TOTAL_UP_TO = 10_000  # matches counted exactly; beyond: "hơn 10.000" (Elasticsearch's default bound)
OPENING = 240
BAD_CURSOR = "after: con trỏ trang không hợp lệ (hỏng, hoặc của cách sắp xếp khác); hãy tìm lại từ trang đầu"  # characters of text shown for a hit without a snippet


FORM_LABELS = {**DIMENSION_VI, "since": "Từ ngày", "until": "Đến ngày"}  # the form's labels, by URL parameter


_NAMES: dict[tuple[Path, ConfigStamp], Names] = {}


def display_names(settings: Settings) -> Names:
    """:func:`~langnghe.reports.names.load_names`, read again only when a config file changed."""
    key = (settings.config_dir, config_stamp(settings.config_dir))
    found = _NAMES.get(key)
    if found is None:
        found = load_names(settings)
        if len(_NAMES) >= 8:  # a few web apps per process at most (tests): forget the oldest
            _NAMES.pop(next(iter(_NAMES)))
        _NAMES[key] = found
    return found


@dataclass(frozen=True)
class Outcome:
    """One search as run: the state with its filter values resolved (ids), the page of hits and
    the facets, or what was wrong (``problem``: in the query; ``error``: in a filter or a time)."""

    state: SearchState
    found: SearchResponse | None = None
    facets: FacetsResponse | None = None
    problem: QueryProblem | None = None
    error: str | None = None


def filters_of(queries: QueryService, state: SearchState) -> Filters:
    """The index's filters of ``state`` (presets read before now); a bad value raises :class:`InputError`."""
    return queries.filters(state.request(datetime.now(timezone.utc)))


def run_search(queries: QueryService, state: SearchState, *, facets: Sequence[str] = PAGE_ORDER) -> Outcome:
    """The search of ``state`` (its total counted up to :data:`TOTAL_UP_TO`) with the facet
    counts of ``facets``; a bad query, filter, time or cursor is kept, not raised."""
    try:
        filters = filters_of(queries, state)
    except InputError as exc:
        return Outcome(state, error=str(exc))  # the page and the API name the field each their way
    resolved = state.resolved(dict(filters.terms))
    try:
        found = queries.search(state.q, filters, sort=state.sort, size=state.size, cursor=state.after or None,
                               count_up_to=TOTAL_UP_TO)
    except QueryError as exc:
        return Outcome(resolved, problem=query_problem(exc, state.q))
    except InputError as exc:  # a damaged cursor, or one made for the other order
        return Outcome(resolved, error=BAD_CURSOR if state.after else str(exc))
    counted = queries.facets(list(facets), state.q, filters, size=FACET_SIZE) if facets else None
    return Outcome(resolved, found=found, facets=counted)


@dataclass(frozen=True)
class Option:
    value: str
    name: str
    selected: bool


@dataclass(frozen=True)
class FilterBox:
    """One filter of the form: a multiple select, or (stories) text fields."""

    param: str
    heading: str
    options: list[Option]


@dataclass(frozen=True)
class FacetRow:
    name: str
    count: int
    url: str  # the search narrowed by this value
    selected: bool


@dataclass(frozen=True)
class FacetBox:
    param: str
    heading: str
    rows: list[FacetRow]


@dataclass(frozen=True)
class Chip:
    """An active filter value, with the URL of the search without it."""

    heading: str
    name: str
    url: str


@dataclass(frozen=True)
class HitRow:
    id: str
    title: str
    source: str
    platform: str
    published: datetime | None
    parts: list[SnippetPart]  # the snippet, cut at its marks
    opening: str  # the text's beginning when there is no snippet
    labels: list[str]  # section, sentiment: named


@dataclass(frozen=True)
class SearchPage:
    state: SearchState
    outcome: Outcome
    filters: list[FilterBox]
    facets: list[FacetBox]
    chips: list[Chip]
    hits: list[HitRow]
    next_url: str | None
    first_url: str | None  # back to the first page, when this is a later one
    facets_url: str | None = None  # where the facet counts load from, when the page came without them


@dataclass(frozen=True)
class CountsPage:
    """The facet counts of a search, loaded after its results (``/tim-kiem/so-tin``)."""

    state: SearchState
    facets: list[FacetBox]
    search_url: str


class Namer:
    """Display names of facet values: config and labels, story titles from the story store."""

    def __init__(self, names: Names, stories: dict[str, str]) -> None:
        self.names, self.stories = names, stories

    def of(self, param: str, value: str) -> str:
        if param == "story":
            return self.stories.get(value, value)
        if param == "province":
            return value
        return self.names.of(param, value)


def search_page(queries: QueryService, outcome: Outcome, names: Names) -> SearchPage:
    """The page of ``outcome``: every value named, every link a URL of the same page."""
    state = outcome.state
    counted = outcome.facets.facets if outcome.facets else {}
    namer = _namer(queries, state, counted, names)
    facets = facet_boxes(state, counted, namer)
    chips = [Chip(DIMENSION_VI[param], namer.of(param, value), state.without_value(param, value).url())
             for param in PAGE_ORDER for value in state.terms.get(param, ())]  # fmt: skip
    found = outcome.found
    following = found.next if found else None
    if outcome.error:
        outcome = replace(outcome, error=named_for(outcome.error, FORM_LABELS))
    return SearchPage(state, outcome, filter_boxes(queries, state, counted, namer), facets, chips,
                      [hit_row(hit, names) for hit in found.hits] if found else [],
                      state.page_after(following).url() if following else None,
                      state.first_page().url() if state.after else None,
                      state.first_page().url(COUNTS_PATH) if found and outcome.facets is None else None)  # fmt: skip


def counts_page(queries: QueryService, state: SearchState, names: Names) -> CountsPage:
    """The facet counts of ``state``'s search; none for a search the results part refused (it says why)."""
    try:
        filters = filters_of(queries, state)
    except InputError:
        return CountsPage(state, [], state.first_page().url())
    resolved = state.resolved(dict(filters.terms)).first_page()
    try:
        counted = queries.facets(list(PAGE_ORDER), state.q, filters, size=FACET_SIZE).facets
    except (QueryError, InputError):
        counted = {}
    return CountsPage(resolved, facet_boxes(resolved, counted, _namer(queries, resolved, counted, names)), resolved.url())


def _namer(queries: QueryService, state: SearchState, counted: dict[str, list[FacetValue]], names: Names) -> Namer:
    story_ids = [*state.terms.get("story", ()), *(value.value for value in counted.get("story", []))]
    return Namer(names, queries.story_titles(story_ids))


def facet_boxes(state: SearchState, counted: dict[str, list[FacetValue]], namer: Namer) -> list[FacetBox]:
    """The counts beside the results, each value a link to the search narrowed by it."""
    return [FacetBox(param, DIMENSION_VI[param], [
        FacetRow(namer.of(param, value.value), value.count, state.with_value(param, value.value).url(),
                 value.value in state.terms.get(param, ())) for value in counted[param]])
        for param in PAGE_ORDER if counted.get(param)]  # fmt: skip


def filter_boxes(
    queries: QueryService, state: SearchState, counted: dict[str, list[FacetValue]], namer: Namer
) -> list[FilterBox]:
    """The form's filters with their choices (sources without a list: those the facets found)."""
    fields = queries.filter_fields(FilterRequest())
    by_param = {field.field: field for field in fields.values()}
    boxes = []
    for param in PAGE_ORDER:
        chosen = state.terms.get(param, ())
        values = _choices(by_param[param], [value.value for value in counted.get(param, [])], chosen, namer)
        boxes.append(FilterBox(param, DIMENSION_VI[param], [Option(v, n, v in chosen) for v, n in values]))
    return boxes


def _choices(field: FilterField, counted: list[str], chosen: Sequence[str], namer: Namer) -> list[tuple[str, str]]:
    if field.field == "story":
        return [(value, namer.of("story", value)) for value in chosen]
    listed = [(choice.value, choice.name) for choice in field.choices]
    known = {value for value, _ in listed}
    extra = [(value, namer.of(field.field, value)) for value in [*counted, *chosen] if value not in known]
    return listed + list(dict.fromkeys(extra))


def hit_row(hit: Hit, names: Names) -> HitRow:
    item = hit.item
    parts = snippet_parts(hit.snippet)
    return HitRow(item.id, item.title or _opening(item.text, 100), names.of("source", item.source),
                  vi(FIELD_VI["platform"], item.platform), item.published_at, parts,
                  "" if parts else _opening(item.text, OPENING), _labels(item))  # fmt: skip


def _labels(item: Item) -> list[str]:
    nlp = item.nlp
    if nlp is None:
        return []
    return [vi(FIELD_VI[name], prediction.label) for name, prediction in (("section", nlp.section),
            ("sentiment", nlp.sentiment)) if prediction is not None]  # fmt: skip


def _opening(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"

