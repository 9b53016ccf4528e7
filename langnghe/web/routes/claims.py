""""Tin sai lệch" (``/tin-sai-lech``, ``/tin-sai-lech/{id}``) and its API: the debunked claims that
items repeat, most spread first, with their spread per day and the items that refute them."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from langnghe.item import web_link
from langnghe.labels import PLATFORM_VI
from langnghe.service.dashboard import ClaimDetail
from langnghe.service.detection_views import ClaimsResponse
from langnghe.web.auth import DASHBOARDS, SEARCH, Principal
from langnghe.web.boards import parse_at
from langnghe.web.charts import chart_json, spread_chart
from langnghe.web.deps import api_user, get_queries, page_user
from langnghe.web.links import local_text
from langnghe.web.render import page

router = APIRouter()
NOT_FOUND = "Không có tin sai lệch này, hoặc chưa tin nào lặp lại nó (đến thời điểm đã chọn)."


@router.get("/tin-sai-lech", include_in_schema=False)
def claims_page(request: Request, at: str | None = None, principal: Principal = page_user(DASHBOARDS)) -> HTMLResponse:
    queries = get_queries(request)
    moment = parse_at(at, queries.tz)
    found = queries.claims(moment)
    return page(request, "tin_sai_lech.html", principal, found=found, chart_json=chart_json, web_link=web_link,
                charts={claim.id: spread_chart(claim, None, queries.tz) for claim in found.claims},
                at_text=local_text(moment, queries.tz) if moment else "",
                source_names=queries.value_names().get("source", {}), platforms=PLATFORM_VI)  # fmt: skip


@router.get("/tin-sai-lech/{claim_id}", include_in_schema=False)
def claim_page(
    request: Request, claim_id: str, at: str | None = None, principal: Principal = page_user(DASHBOARDS)
) -> HTMLResponse:
    queries = get_queries(request)
    moment = parse_at(at, queries.tz)
    found = queries.claim(claim_id, moment)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return page(request, "tin_sai_lech_chi_tiet.html", principal, found=found, claim=found.claim,
                chart=spread_chart(found.claim, None, queries.tz), chart_json=chart_json, web_link=web_link,
                at_text=local_text(moment, queries.tz) if moment else "", platforms=PLATFORM_VI,
                item_pages=principal.can(SEARCH))  # fmt: skip


@router.get("/api/v1/claims", response_model=ClaimsResponse,
            summary="Tin sai lệch được lặp lại, lan rộng nhất trước (như langnghe claims --json)")
def claims_api(request: Request, at: str | None = None, principal: Principal = api_user(DASHBOARDS)) -> ClaimsResponse:
    queries = get_queries(request)
    return queries.claims(parse_at(at, queries.tz))


@router.get("/api/v1/claims/{claim_id}", response_model=ClaimDetail,
            summary="Một tin sai lệch với các tin lan truyền và các tin bác bỏ nó")
def claim_api(
    request: Request, claim_id: str, at: str | None = None, principal: Principal = api_user(DASHBOARDS)
) -> ClaimDetail:
    queries = get_queries(request)
    found = queries.claim(claim_id, parse_at(at, queries.tz))
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    return found
