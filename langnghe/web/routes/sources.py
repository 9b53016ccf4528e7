""""Nguồn" (``/nguon``) and ``/api/v1/sources``: every configured source with its crawl health,
each linked to the search of its items."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from langnghe.service.views import SourcesResponse, SourceView
from langnghe.web.auth import DASHBOARDS, SEARCH, Principal
from langnghe.web.deps import api_user, get_queries, page_user
from langnghe.web.links import SearchLink
from langnghe.web.render import page

router = APIRouter()


def interval_text(value: timedelta) -> str:
    """A crawl interval in Vietnamese units: "30 phút", "2 giờ", "1 ngày"."""
    minutes = int(value.total_seconds() // 60)
    if minutes and minutes % 1440 == 0:
        return f"{minutes // 1440} ngày"
    return f"{minutes // 60} giờ" if minutes and minutes % 60 == 0 else f"{minutes} phút"


def state_of(source: SourceView) -> tuple[str, str]:
    """(the state in words, its badge class) as ``langnghe sources`` says it."""
    health = source.health
    if not source.enabled:
        return "Tắt", ""
    if health is None:
        return "Chưa chạy", ""
    if health.consecutive_failures:
        return f"Lỗi {health.consecutive_failures} lần liền", "bad" if health.failing else ""
    return ("Im lặng", "bad") if health.silent else ("Ổn", "good")


@router.get("/nguon", include_in_schema=False)
def sources_page(request: Request, principal: Principal = page_user(DASHBOARDS)) -> HTMLResponse:
    queries = get_queries(request)
    found = queries.sources()
    indexed = {value.value: value.count for value in queries.facets(["source"], size=10_000).facets["source"]}
    rows = [(source, state_of(source), interval_text(source.interval),
             SearchLink(allowed=principal.can(SEARCH)).with_value("source", source.id).url())
            for source in found.sources]  # fmt: skip
    return page(request, "nguon.html", principal, found=found, rows=rows, indexed=indexed)


@router.get("/api/v1/sources", response_model=SourcesResponse,
            summary="Các nguồn đã cấu hình và tình trạng thu thập (như langnghe sources --json)")
def sources_api(request: Request, principal: Principal = api_user(DASHBOARDS)) -> SourcesResponse:
    return get_queries(request).sources()
