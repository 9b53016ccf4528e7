""""Vấn đề nổi lên" (``/van-de-noi-len``) and "Sự kiện" (``/su-kien``, ``/su-kien/{id}``) with their
API: emerging issues at a moment, stories and their event threads, each with links to its items'
search (``/tim-kiem?story=...``, or a concern over the week before the moment)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from langnghe.index.base import Filters
from langnghe.item import web_link
from langnghe.labels import ISSUE_KIND_VI, SENTIMENT_VI
from langnghe.service.detection_views import EmergingResponse, IssueView
from langnghe.service.items import ItemOrder, StoryResponse
from langnghe.service.views import StoriesResponse
from langnghe.web.auth import DASHBOARDS, SEARCH, Principal
from langnghe.web.boards import HOURLY_UP_TO, Interval, moment_or_default, parse_at
from langnghe.web.charts import chart_json, series_chart
from langnghe.web.deps import api_user, get_queries, page_user
from langnghe.web.links import SearchLink, local_text
from langnghe.web.render import page

router = APIRouter()
ISSUE_WINDOW = timedelta(days=7)  # what an emerging issue's signals count: the last 2 days and the 5 before
Limit = Annotated[int, Query(ge=1, le=200)]
StoryOrder = Literal["size", "recent"]
NOT_FOUND = "Không có sự kiện này (hoặc chưa có vào thời điểm đã chọn)."


def story_searcher(principal: Principal) -> Callable[[str], str | None]:
    """The address of a story's items in the search, for this reader (None: they may not search)."""
    return lambda story_id: SearchLink(allowed=principal.can(SEARCH)).with_value("story", story_id).url()


def issue_search(issue: IssueView, at: datetime, tz: str, allowed: bool) -> str | None:
    """A story's items, or a concern's over the week the ranking counted."""
    base = SearchLink(allowed=allowed)
    if issue.kind == "story":
        return base.with_value("story", issue.key).url()
    return base.with_value(issue.kind, issue.key).within(at - ISSUE_WINDOW, at, tz).url()


@router.get("/van-de-noi-len", include_in_schema=False)
def emerging_page(
    request: Request, at: str | None = None, limit: Limit = 20, principal: Principal = page_user(DASHBOARDS)
) -> HTMLResponse:
    queries = get_queries(request)
    moment = moment_or_default(at, queries, "day")
    found = queries.emerging(moment, limit=limit)
    allowed = principal.can(SEARCH)
    link = {issue.key: issue_search(issue, moment, queries.tz, allowed) for issue in [*found.issues, *found.floods]}
    return page(request, "van_de_noi_len.html", principal, found=found, at_text=local_text(moment, queries.tz),
                picked=at is not None and bool(at.strip()), link=link, kinds=ISSUE_KIND_VI)  # fmt: skip


@router.get("/api/v1/emerging", response_model=EmergingResponse,
            summary="Vấn đề nổi lên tại thời điểm at (như langnghe emerging --json)")
def emerging_api(
    request: Request, at: str | None = None, limit: Limit = 20, principal: Principal = api_user(DASHBOARDS)
) -> EmergingResponse:
    queries = get_queries(request)
    return queries.emerging(moment_or_default(at, queries, "day"), limit=limit)


@router.get("/su-kien", include_in_schema=False)
def stories_page(
    request: Request, at: str | None = None, order: StoryOrder = "size", limit: Limit = 30,
    principal: Principal = page_user(DASHBOARDS),
) -> HTMLResponse:
    queries = get_queries(request)
    moment = parse_at(at, queries.tz)
    found = queries.stories(at=moment, limit=limit, order=order)
    return page(request, "su_kien.html", principal, found=found, order=order, search=story_searcher(principal),
                at_text=local_text(moment, queries.tz) if moment else "",
                source_names=queries.value_names().get("source", {}))  # fmt: skip


@router.get("/su-kien/{story_id}", include_in_schema=False)
def story_page(
    request: Request, story_id: str, at: str | None = None, principal: Principal = page_user(DASHBOARDS)
) -> HTMLResponse:
    queries = get_queries(request)
    moment = parse_at(at, queries.tz)
    found = queries.story(story_id, at=moment, items=100, order="newest")
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    story = found.story
    interval: Interval = "hour" if story.last_seen - story.first_seen <= HOURLY_UP_TO else "day"
    series = queries.series(filters=Filters(terms={"story": (story.id,)}, until=moment), interval=interval)
    link = SearchLink(allowed=principal.can(SEARCH)).with_value("story", story.id)
    return page(request, "su_kien_chi_tiet.html", principal, found=found, story=story, search=story_searcher(principal),
                chart=series_chart(series, link, queries.tz, "Số tin của sự kiện theo thời gian"), chart_json=chart_json,
                at_text=local_text(moment, queries.tz) if moment else "", sentiments=SENTIMENT_VI, web_link=web_link,
                item_pages=principal.can(SEARCH))  # fmt: skip


@router.get("/api/v1/stories", response_model=StoriesResponse,
            summary="Sự kiện (các tin về cùng một việc), lớn nhất hoặc mới nhất trước (như langnghe stories --json)")
def stories_api(
    request: Request, at: str | None = None, order: StoryOrder = "size", limit: Limit = 20,
    min_size: Annotated[int, Query(ge=1)] = 1, principal: Principal = api_user(DASHBOARDS),
) -> StoriesResponse:
    queries = get_queries(request)
    return queries.stories(at=parse_at(at, queries.tz), min_size=min_size, limit=limit, order=order)


@router.get("/api/v1/stories/{story_id}", response_model=StoryResponse,
            summary="Một sự kiện với dòng thời gian và các tin của nó (như langnghe story --json)")
def story_api(
    request: Request, story_id: str, at: str | None = None, items: Annotated[int, Query(ge=1, le=1000)] = 50,
    order: ItemOrder = "oldest", principal: Principal = api_user(DASHBOARDS),
) -> StoryResponse:
    queries = get_queries(request)
    found = queries.story(story_id, at=parse_at(at, queries.tz), items=items, order=order)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found
