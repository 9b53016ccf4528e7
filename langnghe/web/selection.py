"""A search as its URL carries it, read into what an export needs: the query, the filters as typed
and resolved (:mod:`langnghe.service.filters`, the one resolver), and the same search written back
as a query string (for the forms and links that carry it on).

The parameters are those of the search page: ``q`` (the query language of ``langnghe search``),
``since`` and ``until`` (dd/mm/yyyy [HH:MM] or ISO, local time) or ``range`` (``24h``, ``7d``,
``30d`` before now), and one repeatable parameter per filter, named after its index field
(``section``, ``sentiment``, ``concern``, ``province``, ``source``...:
:data:`langnghe.service.filters.FIELDS`). ``sort``, ``size`` and ``after`` are the page's, not the
export's: an export holds every match.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone
from urllib.parse import parse_qsl as _pairs, urlencode

from fastapi import Request

from langnghe.exports.stream import SearchSelection
from langnghe.labels import DIMENSION_VI, SEARCH_PERIOD_VI
from langnghe.service.filters import FIELDS, FilterRequest
from langnghe.web.deps import get_queries
from langnghe.web.search_form import DEFAULT_SIZE, SearchState


@dataclass(frozen=True)
class AskedSearch:
    query: str
    typed: FilterRequest
    selection: SearchSelection
    query_string: str  # the search's own parameters, encoded again (no others)


def _param_names() -> dict[str, str]:
    """FilterRequest field -> query-string parameter (the index field's name)."""
    return {name: field for name, (field, _option) in FIELDS.items()}


def search_selection(request: Request, state: SearchState) -> AskedSearch:
    """The search the search page's ``state`` (read from the URL by
    :func:`langnghe.web.routes.search.search_state`) asks for, as an export reads it: every match,
    whatever the page's sort, size or cursor. A bad filter value or time is an InputError (one
    Vietnamese line, answered 400)."""
    whole = replace(state, sort="relevance", size=DEFAULT_SIZE, after="")
    typed = whole.request(datetime.now(timezone.utc))
    filters = get_queries(request).filters(typed)
    return AskedSearch(whole.q.strip(), typed, SearchSelection(whole.q.strip(), filters), urlencode(whole.pairs()))


def describe(asked: AskedSearch) -> str:
    """The search in words, for the audit log and the jobs list: ``truy vấn “cá chết”; Tỉnh/thành:
    Cần Thơ; từ 01/11/2026``."""
    parts = [f"truy vấn “{asked.query}”"] if asked.query else []
    for name, param in _param_names().items():
        given = getattr(asked.typed, name, ())
        if given:
            parts.append(f"{DIMENSION_VI.get(param, param)}: {', '.join(given)}")
    period = dict(_pairs(asked.query_string)).get("range")
    if period in SEARCH_PERIOD_VI:
        parts.append(SEARCH_PERIOD_VI[period])
    elif asked.typed.since:
        parts.append(f"từ {asked.typed.since}")
    if asked.typed.until:
        parts.append(f"đến {asked.typed.until}")
    return "; ".join(parts) or "mọi tin"
