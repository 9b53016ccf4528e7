"""The "Xu hướng" dashboard (``/xu-huong``) and its API: volume over time, by section, concern,
province, source and tone, and the last spikes with their explanations. Every bar, point and
row opens the matching search (:mod:`langnghe.web.links`, drawn by ``static/charts.js``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from langnghe.errors import InputError
from langnghe.labels import SECTION_VI, SENTIMENT_VI
from langnghe.service import QueryService
from langnghe.service.dashboard import DashboardResponse
from langnghe.service.detection_views import SpikeView, TrendsResponse
from langnghe.web.auth import DASHBOARDS, SEARCH, Principal
from langnghe.web.boards import (
    BoardForm,
    chosen_interval,
    form_message,
    moment_or_default,
    typed,
    typed_all,
    with_default_range,
)
from langnghe.web.charts import breakdown_chart, chart_json, series_chart, tone_chart
from langnghe.web.deps import api_user, get_queries, page_user
from langnghe.web.links import SearchLink
from langnghe.web.render import page

router = APIRouter()
Values = Annotated[list[str], Query()]
LATEST_SPIKES = 20


def board_form(
    q: str = "", since: str | None = None, until: str | None = None, section: Values = [], concern: Values = [],
    province: Values = [], source: Values = [], sentiment: Values = [], interval: str | None = None,
) -> BoardForm:
    """The filters from the address; empty fields are absent."""
    return BoardForm(q=q.strip(), since=typed(since), until=typed(until), section=typed_all(section),
                     concern=typed_all(concern), province=typed_all(province), source=typed_all(source),
                     sentiment=typed_all(sentiment), interval=typed(interval))  # fmt: skip


def _dashboard(queries: QueryService, form: BoardForm, *, api: bool = False) -> DashboardResponse:
    try:
        filters = queries.filters(form.request())
    except InputError as error:  # named as the form (or the API) names the field
        raise InputError(form_message(error, api=api)) from error
    interval = chosen_interval(form, filters, queries.newest())
    return queries.dashboard(form.q, filters, interval=interval)


def latest(spikes: list[SpikeView], count: int = LATEST_SPIKES) -> list[SpikeView]:
    """The ``count`` latest spikes, the latest first (the strongest first within a bucket)."""
    ranked = sorted(enumerate(spikes), key=lambda pair: (-pair[1].start.timestamp(), pair[0]))
    return [spike for _, spike in ranked[:count]]


def spike_link(spike: SpikeView, base: SearchLink, tz: str) -> str | None:
    """The search of a spike: its value (where the search filters by its dimension) in its bucket."""
    return base.with_value(spike.dimension, spike.value).bucket(spike.start, spike.granularity, tz).url()


@router.get("/xu-huong", include_in_schema=False)
def trends_page(
    request: Request, form: BoardForm = Depends(board_form), principal: Principal = page_user(DASHBOARDS)
) -> HTMLResponse:
    queries = get_queries(request)
    form = with_default_range(form, queries.newest(), queries.tz)
    names = queries.value_names()
    choices = {"section": SECTION_VI, "concern": names.get("concern", {}), "source": names.get("source", {}),
               "sentiment": SENTIMENT_VI}  # fmt: skip
    try:
        board = _dashboard(queries, form)
    except InputError as error:  # the form again, with what was typed and the one line that says what is wrong
        return page(request, "xu_huong.html", principal, status_code=400, form=form, board=None, error=str(error),
                    choices=choices)  # fmt: skip
    base, tz = form.link(principal.can(SEARCH)), queries.tz
    return page(
        request, "xu_huong.html", principal, form=form, board=board, chart_json=chart_json, error=None,
        volume=series_chart(board.series, base, tz), tone=tone_chart(board, base, tz),
        breakdowns=[(breakdown, breakdown_chart(breakdown, base)) for breakdown in board.breakdowns.breakdowns],
        spikes=[(spike, spike_link(spike, base, tz)) for spike in latest(board.spikes)], choices=choices,
    )  # fmt: skip


@router.get("/api/v1/dashboard", response_model=DashboardResponse, summary="Xu hướng: số tin theo thời gian, "
            "theo lĩnh vực, mối quan tâm, tỉnh/thành, nguồn, sắc thái và các đột biến đã lưu")  # fmt: skip
def dashboard_api(
    request: Request, form: BoardForm = Depends(board_form), principal: Principal = api_user(DASHBOARDS)
) -> DashboardResponse:
    return _dashboard(get_queries(request), form, api=True)


@router.get("/api/v1/trends", response_model=TrendsResponse,
            summary="Đột biến trong giờ (hoặc ngày) trọn vẹn trước thời điểm at, như langnghe trends --json")
def trends_api(
    request: Request, at: str | None = None, granularity: Literal["hour", "day"] = "hour",
    principal: Principal = api_user(DASHBOARDS),
) -> TrendsResponse:
    queries = get_queries(request)
    return queries.trends(moment_or_default(at, queries, granularity), granularity=granularity)
