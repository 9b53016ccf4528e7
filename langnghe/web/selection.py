"""A search as its URL carries it, read into what an export needs: the query, the filters as typed
and resolved (:mod:`langnghe.service.filters`, the one resolver), and the same search written back
as a query string (for the forms and links that carry it on).

The parameters are those of the search page: ``q`` (the query language of ``langnghe search``),
``since`` and ``until`` (dd/mm/yyyy [HH:MM] or ISO, local time), and one repeatable parameter per
filter, named after its index field (``section``, ``sentiment``, ``concern``, ``province``,
``source``...: :data:`langnghe.service.filters.FIELDS`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Query, Request

from langnghe.exports.stream import SearchSelection
from langnghe.labels import DIMENSION_VI
from langnghe.service.filters import FIELDS, FilterRequest
from langnghe.web.deps import get_queries

MAX_QUERY = 2000


@dataclass(frozen=True)
class AskedSearch:
    query: str
    typed: FilterRequest
    selection: SearchSelection
    query_string: str  # the search's own parameters, encoded again (no others)


class SearchQuery:
    """The search parameters, declared for the API's documentation (they are read from the query
    string by :func:`search_selection`)."""

    def __init__(
        self,
        q: Annotated[str, Query(description="query in the language of `langnghe search`", max_length=MAX_QUERY)] = "",
        since: Annotated[str | None, Query(description="from (dd/mm/yyyy [HH:MM] or ISO, local time)")] = None,
        until: Annotated[str | None, Query(description="to (a day includes that whole day)")] = None,
        section: Annotated[list[str] | None, Query()] = None,
        sentiment: Annotated[list[str] | None, Query()] = None,
        concern: Annotated[list[str] | None, Query()] = None,
        province: Annotated[list[str] | None, Query()] = None,
        source: Annotated[list[str] | None, Query()] = None,
    ) -> None:
        self.q = q


def _param_names() -> dict[str, str]:
    """FilterRequest field -> query-string parameter (the index field's name)."""
    return {name: field for name, (field, _option) in FIELDS.items()}


def search_selection(request: Request) -> AskedSearch:
    """The search of ``request``'s query string; a bad filter value or time is an InputError
    (one Vietnamese line, answered 400)."""
    params = request.query_params
    query = params.get("q", "").strip()[:MAX_QUERY]
    names = _param_names()
    known = {item.name for item in fields(FilterRequest)}
    values = {name: tuple(v.strip() for v in params.getlist(param) if v.strip())
              for name, param in names.items() if name in known}  # fmt: skip
    typed = FilterRequest(since=params.get("since") or None, until=params.get("until") or None, **values)  # type: ignore[arg-type]
    queries = get_queries(request)
    filters = queries.filters(typed)
    pairs = [("q", query)] if query else []
    pairs += [(key, params[key]) for key in ("since", "until") if params.get(key)]
    pairs += [(names[name], value) for name, given in values.items() for value in given]
    return AskedSearch(query, typed, SearchSelection(query, filters), urlencode(pairs))


def describe(asked: AskedSearch) -> str:
    """The search in words, for the audit log and the jobs list: ``truy vấn “cá chết”; Tỉnh/thành:
    Cần Thơ; từ 01/11/2026``."""
    parts = [f"truy vấn “{asked.query}”"] if asked.query else []
    for name, param in _param_names().items():
        given = getattr(asked.typed, name, ())
        if given:
            parts.append(f"{DIMENSION_VI.get(param, param)}: {', '.join(given)}")
    if asked.typed.since:
        parts.append(f"từ {asked.typed.since}")
    if asked.typed.until:
        parts.append(f"đến {asked.typed.until}")
    return "; ".join(parts) or "mọi tin"
