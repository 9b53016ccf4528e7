"""Search and items: the page ``/tim-kiem`` and ``/tin/{id}``, and their API ``/api/v1/search``,
``/api/v1/facets`` and ``/api/v1/items/{id}`` (permission SEARCH: analysts and admins).

The search page's whole state is its query string (:mod:`langnghe.web.search_form`), the same
parameters the API takes; results update through htmx (the form and the facet links fetch the
page's body and push the URL) and the page works without JavaScript.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from langnghe.claims.flag import cue_names
from langnghe.errors import InputError
from langnghe.index.base import FacetField
from langnghe.index.query import QueryError
from langnghe.labels import FIELD_VI, SEARCH_PERIOD_VI, SEARCH_SORT_VI, SIGNAL_VI, STANCE_VI, vi
from langnghe.service import QueryService
from langnghe.service.items import ItemResponse
from langnghe.service.views import FacetsResponse, FacetValue, SearchResponse
from langnghe.web.auth import SEARCH, Principal
from langnghe.web.deps import api_user, get_queries, page_user
from langnghe.web.render import page
from langnghe.web.search_form import DEFAULT_SIZE, PAGE_ORDER, Period, SearchSort, SearchState, named_for, query_problem
from langnghe.web.search_view import counts_page, display_names, filters_of, run_search, search_page

router = APIRouter()
Values = Annotated[list[str], Query()]
NOT_FOUND = "Không có tin, bài này trong chỉ mục."


def search_state(
    q: Annotated[str, Query(max_length=1000, description="Câu tìm kiếm: từ, \"cụm từ\", OR, NOT, -từ, ngoặc; có dấu hay không dấu đều được.")] = "",
    since: Annotated[str, Query(description="Từ ngày dd/mm/yyyy, thời điểm dd/mm/yyyy HH:MM (giờ Việt Nam) hoặc ISO.")] = "",
    until: Annotated[str, Query(description="Đến hết ngày dd/mm/yyyy, hoặc đến thời điểm (không tính mốc này).")] = "",
    period: Annotated[Period, Query(alias="range", description="Khoảng có sẵn: 24h, 7d hoặc 30d (tính đến bây giờ).")] = "",
    source: Values = [], platform: Values = [], section: Values = [], concern: Values = [],  # noqa: B006
    province: Values = [], sentiment: Values = [], emotion: Values = [], toxicity: Values = [],  # noqa: B006
    false_info: Annotated[list[str], Query(description="Cờ tin sai lệch: true (bị gắn cờ) hoặc false.")] = [],  # noqa: B006
    story: Annotated[list[str], Query(description="Mã sự việc.")] = [],  # noqa: B006
    sort: Annotated[SearchSort, Query(description="relevance (liên quan nhất, mặc định) hoặc time (mới nhất).")] = "relevance",
    size: Annotated[int, Query(ge=1, le=100, description="Số tin mỗi trang.")] = DEFAULT_SIZE,
    after: Annotated[str, Query(max_length=4000, description="Con trỏ trang sau (next của trang trước).")] = "",
) -> SearchState:
    """The search a URL asks for (page and API alike); filter values as typed."""
    given = {"source": source, "platform": platform, "section": section, "concern": concern, "province": province,
             "sentiment": sentiment, "emotion": emotion, "toxicity": toxicity, "false_info": false_info, "story": story}
    return SearchState(q=q, since=since, until=until, period=period, sort=sort, size=size, after=after,
                       terms={param: tuple(values) for param, values in given.items() if values})  # fmt: skip


State = Annotated[SearchState, Depends(search_state)]
Queries = Annotated[QueryService, Depends(get_queries)]


def _partial(request: Request) -> bool:
    """An htmx request for the page's body (a history restore wants the whole page)."""
    return bool(request.headers.get("hx-request")) and not request.headers.get("hx-history-restore-request")


@router.get("/tim-kiem", include_in_schema=False)
def search(request: Request, state: State, queries: Queries, principal: Principal = page_user(SEARCH)) -> HTMLResponse:
    outcome = run_search(queries, state, facets=())  # the counts load after the results (search_counts)
    view = search_page(queries, outcome, display_names(queries.app.settings))
    partial = _partial(request)
    response = page(request, "search_body.html" if partial else "search.html", principal, view=view,
                    periods=SEARCH_PERIOD_VI, sorts=SEARCH_SORT_VI)  # fmt: skip
    if partial:  # the address bar shows the search as its canonical URL, not the form's blank fields
        response.headers["HX-Push-Url"] = view.state.url()
    return response


@router.get("/tim-kiem/so-tin", include_in_schema=False)
def search_counts(request: Request, state: State, queries: Queries, principal: Principal = page_user(SEARCH)) -> HTMLResponse:
    """The facet counts of a search: the search page loads them after its results (counting every
    match of a broad query takes longer than finding a page of it); without JavaScript, a page of its own."""
    view = counts_page(queries, state, display_names(queries.app.settings))
    return page(request, "search_facets.html" if _partial(request) else "search_counts.html", principal, view=view)


@router.get("/tin/{item_id}", include_in_schema=False)
def item(request: Request, item_id: str, queries: Queries, principal: Principal = page_user(SEARCH)) -> HTMLResponse:
    found = queries.item(item_id)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    nlp = found.item.nlp
    return page(request, "item.html", principal, found=found, signals=SIGNAL_VI, fields=FIELD_VI, stances=STANCE_VI,
                cues=cue_names(nlp.misinfo if nlp else None), vi=vi,
                platform=vi(FIELD_VI["platform"], found.item.platform))  # fmt: skip


# -- the API ------------------------------------------------------------------------------


class SearchApiResponse(SearchResponse):
    """One page of a search (``next``: the cursor of the following page; ``total``: the matches
    counted up to 10,000, ``total_exact`` false when more match) with the facet counts of every
    match, per field, largest first (none with ``facets=false``)."""

    facets: dict[str, list[FacetValue]]


class ApiProblem(BaseModel):
    """Why a search was refused; ``position``: where in the query (0-based), for a query error."""

    detail: str
    position: int | None = None


def _refused(message: str, position: int | None = None) -> JSONResponse:
    return JSONResponse(ApiProblem(detail=message, position=position).model_dump(), status_code=400)


@router.get("/api/v1/search", response_model=SearchApiResponse, responses={400: {"model": ApiProblem}},
            summary="Tìm kiếm (như trang Tìm kiếm): một trang kết quả và số tin theo từng bộ lọc")
def api_search(
    state: State, queries: Queries, _principal: Principal = api_user(SEARCH),
    with_facets: Annotated[bool, Query(alias="facets", description="Kèm số tin theo từng bộ lọc (false: chỉ kết quả, nhanh hơn với câu tìm khớp rất nhiều tin).")] = True,
) -> SearchApiResponse | JSONResponse:
    outcome = run_search(queries, state, facets=PAGE_ORDER if with_facets else ())
    if outcome.problem is not None:
        return _refused(outcome.problem.message, outcome.problem.position)
    if outcome.found is None:
        return _refused(named_for(outcome.error or "yêu cầu không hợp lệ", {}))
    return SearchApiResponse(**outcome.found.model_dump(), facets=outcome.facets.facets if outcome.facets else {})


@router.get("/api/v1/facets", response_model=FacetsResponse, responses={400: {"model": ApiProblem}},
            summary="Số tin theo giá trị của từng trường, cho các tin một tìm kiếm khớp")
def api_facets(
    state: State, queries: Queries, _principal: Principal = api_user(SEARCH),
    field: Annotated[list[FacetField], Query(description="Trường cần đếm (lặp lại được); mặc định: các bộ lọc của trang.")] = [],  # noqa: B006
    facet_size: Annotated[int, Query(ge=1, le=100, description="Số giá trị mỗi trường.")] = 20,
) -> FacetsResponse | JSONResponse:
    try:
        filters = filters_of(queries, state)
        return queries.facets(list(field) or list(PAGE_ORDER), state.q, filters, size=facet_size)
    except QueryError as exc:
        problem = query_problem(exc, state.q)
        return _refused(problem.message, problem.position)
    except InputError as exc:
        return _refused(named_for(str(exc), {}))


@router.get("/api/v1/items/{item_id}", response_model=ItemResponse, responses={404: {"model": ApiProblem}},
            summary="Một tin, bài với mọi tín hiệu, sự việc, tin sai lệch khớp và các bản gần trùng")
def api_item(item_id: str, queries: Queries, _principal: Principal = api_user(SEARCH)) -> ItemResponse:
    found = queries.item(item_id)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found

