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

from dataclasses import dataclass, fields
from datetime import datetime, timedelta, timezone
from typing import Annotated
from urllib.parse import parse_qsl as _pairs, urlencode

from fastapi import Query, Request

from langnghe.errors import InputError
from langnghe.exports.stream import SearchSelection
from langnghe.labels import DIMENSION_VI
from langnghe.service.filters import FIELDS, FilterRequest
from langnghe.web.deps import get_queries

MAX_QUERY = 2000
RANGES: dict[str, timedelta] = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
RANGE_VI: dict[str, str] = {"24h": "24 giờ qua", "7d": "7 ngày qua", "30d": "30 ngày qua"}


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
        period: Annotated[str | None, Query(alias="range", description="24h, 7d or 30d before now (not with since)")] = None,
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
    since = _since(params.get("since", "").strip(), params.get("range", "").strip(), datetime.now(timezone.utc))
    typed = FilterRequest(since=since, until=params.get("until") or None, **values)  # type: ignore[arg-type]
    queries = get_queries(request)
    filters = queries.filters(typed)
    pairs = [("q", query)] if query else []
    pairs += [(key, params[key].strip()) for key in ("since", "until", "range") if params.get(key, "").strip()]
    pairs += [(names[name], value) for name, given in values.items() for value in given]
    return AskedSearch(query, typed, SearchSelection(query, filters), urlencode(pairs))


def _since(since: str, period: str, now: datetime) -> str | None:
    """``since`` as typed, or the start of the preset ``range`` before ``now`` (as the search page)."""
    if not period:
        return since or None
    if period not in RANGES:
        raise InputError(f"range: cần 24h, 7d hoặc 30d, nhận {period!r}")
    if since:
        raise InputError(f"since: chọn “{RANGE_VI[period]}” hoặc nhập ngày bắt đầu, không cả hai")
    return (now - RANGES[period]).isoformat()


def describe(asked: AskedSearch) -> str:
    """The search in words, for the audit log and the jobs list: ``truy vấn “cá chết”; Tỉnh/thành:
    Cần Thơ; từ 01/11/2026``."""
    parts = [f"truy vấn “{asked.query}”"] if asked.query else []
    for name, param in _param_names().items():
        given = getattr(asked.typed, name, ())
        if given:
            parts.append(f"{DIMENSION_VI.get(param, param)}: {', '.join(given)}")
    period = dict(_pairs(asked.query_string)).get("range")
    if period in RANGE_VI:
        parts.append(RANGE_VI[period])
    elif asked.typed.since:
        parts.append(f"từ {asked.typed.since}")
    if asked.typed.until:
        parts.append(f"đến {asked.typed.until}")
    return "; ".join(parts) or "mọi tin"
