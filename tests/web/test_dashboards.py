"""The dashboards on the demo's fourteen days: "Xu hướng", "Vấn đề nổi lên", "Sự kiện", "Tin sai lệch",
"Nguồn", their drill-down links and their ``/api/v1`` endpoints."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.claims.model import Claim
from langnghe.claims.store import MatchRecord
from langnghe.crawlers.events import CrawlEvent, CrawlReport
from langnghe.demo.claim_base import PLANTED_CLAIM_ID
from langnghe.index.base import Filters
from langnghe.labels import SECTION_VI
from langnghe.service import QueryService
from langnghe.stores.accounts import Role
from langnghe.web.auth import Principal
from langnghe.web.routes.dashboards import latest

Login = Callable[[Role], Principal]
SCRIPT = "<script>alert('x')</script>"
HOSTILE_CLAIM = "web-thu-the-script"


def charts(page_html: str) -> list[dict[str, Any]]:
    """Every chart's data on a page, as ``static/charts.js`` reads it."""
    return [json.loads(html.unescape(found)) for found in re.findall(r'data-chart="([^"]*)"', page_html)]


def query_of(url: str) -> dict[str, list[str]]:
    parts = urlsplit(url)
    assert parts.path == "/tim-kiem" and not parts.netloc
    return parse_qs(parts.query)


def queries_of(web_app: FastAPI) -> QueryService:
    return web_app.state.langnghe.queries  # type: ignore[no-any-return]


def test_the_trends_page_names_its_values_in_vietnamese(client: TestClient, login_as: Login, web_app: FastAPI) -> None:
    login_as("viewer")
    page = client.get("/xu-huong")
    assert page.status_code == 200
    for heading in ("Xu hướng", "Theo lĩnh vực", "Theo mối quan tâm", "Theo tỉnh/thành", "Theo nguồn",
                    "Theo sắc thái", "Sắc thái theo thời gian", "Đột biến gần nhất"):  # fmt: skip
        assert heading in page.text
    drawn = charts(page.text)
    sections = next(chart for chart in drawn if chart["label"] == "Số tin theo lĩnh vực")
    assert sections["categories"] and set(sections["categories"]) <= set(SECTION_VI.values())
    tones = next(chart for chart in drawn if chart["label"] == "Sắc thái theo thời gian")
    assert {series["name"] for series in tones["series"]} <= {"Tiêu cực", "Trung tính", "Tích cực"}
    assert '<script src="/static/charts.js" defer></script>' in page.text
    newest = queries_of(web_app).newest()  # the demo's last day, unless another test filed a later item
    assert newest is not None
    last = newest.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    assert f'name="since" value="{last - timedelta(days=29):%d/%m/%Y}"' in page.text  # 30 days up to it
    assert f'name="until" value="{last:%d/%m/%Y}"' in page.text


def test_a_bar_of_the_trends_page_opens_the_search_of_its_value_within_the_filters(
    client: TestClient, login_as: Login
) -> None:
    login_as("analyst")
    page = client.get("/xu-huong", params={"since": "10/11/2026", "until": "18/11/2026", "section": "Pháp luật"})
    assert page.status_code == 200
    drawn = {chart["label"]: chart for chart in charts(page.text)}
    concern = drawn["Số tin theo mối quan tâm"]["series"][0]["points"][0]
    assert query_of(concern["url"])["section"] == ["Pháp luật"]
    assert query_of(concern["url"])["since"] == ["10/11/2026"] and query_of(concern["url"])["until"] == ["18/11/2026"]
    assert len(query_of(concern["url"])["concern"]) == 1
    volume = drawn["Số tin theo thời gian"]
    assert volume["categories"][0] == "10/11/2026"  # eight days: a column per day
    first = query_of(volume["series"][0]["points"][0]["url"])
    assert (first["since"], first["until"], first["section"]) == (["10/11/2026 00:00"], ["11/11/2026 00:00"], ["Pháp luật"])
    negative = next(s for s in drawn["Sắc thái theo thời gian"]["series"] if s["name"] == "Tiêu cực")
    assert query_of(negative["points"][2]["url"])["sentiment"] == ["negative"]
    assert query_of(negative["points"][2]["url"])["since"] == ["12/11/2026 00:00"]
    hourly = charts(client.get("/xu-huong", params={"since": "15/11/2026", "until": "15/11/2026"}).text)[0]
    assert len(hourly["categories"]) <= 24 and query_of(hourly["series"][0]["points"][0]["url"])["until"][0].endswith(":00")


def test_a_wrong_filter_keeps_the_form_and_names_its_field(client: TestClient, login_as: Login,
                                                           api_key_for: Callable[[Role], str]) -> None:  # fmt: skip
    login_as("viewer")
    page = client.get("/xu-huong", params={"section": "xyz", "since": "10/11/2026"})
    assert page.status_code == 400 and "“Lĩnh vực”: không có lĩnh vực “xyz”" in html.unescape(page.text)
    assert 'value="10/11/2026"' in page.text and "data-chart" not in page.text
    backwards = client.get("/xu-huong", params={"since": "18/11/2026", "until": "10/11/2026"})
    assert backwards.status_code == 400 and "“Đến”: 10/11/2026 phải sau “Từ” 18/11/2026" in html.unescape(backwards.text)
    answer = client.get("/api/v1/dashboard", params={"since": "32/11/2026"},
                        headers={"Authorization": f"Bearer {api_key_for('viewer')}"})  # fmt: skip
    assert answer.status_code == 400 and answer.json()["detail"].startswith("since: không có ngày")


def test_a_spike_row_opens_the_search_of_its_value_in_its_bucket(client: TestClient, login_as: Login, web_app: FastAPI) -> None:
    login_as("analyst")
    page = client.get("/xu-huong", params={"since": "14/11/2026", "until": "20/11/2026"}).text
    since, until = (datetime(2026, 11, day, tzinfo=timezone(timedelta(hours=7))) for day in (14, 21))
    shown = latest(queries_of(web_app).dashboard(filters=Filters(since=since, until=until)).spikes)
    assert shown, "the demo's detection job stores spikes"
    spike = next(spike for spike in shown if spike.dimension in ("section", "concern", "province"))
    assert html.escape(spike.explanation, quote=False) in page or spike.explanation in html.unescape(page)
    links = [html.unescape(url) for url in re.findall(r'<a href="(/tim-kiem\?[^"]*)">' + re.escape(html.escape(spike.title)), page)]
    assert links, spike.title
    found = query_of(links[0])
    assert found[spike.dimension] == [spike.value] and found["since"] and found["until"]


def test_the_emerging_page_takes_a_moment_and_links_each_issue_to_its_items(client: TestClient, login_as: Login) -> None:
    login_as("analyst")
    page = client.get("/van-de-noi-len", params={"at": "18/11/2026 12:00"})
    assert page.status_code == 200 and 'value="18/11/2026 12:00"' in page.text
    assert "Vấn đề nổi lên" in page.text
    drills = [html.unescape(url) for url in re.findall(r'href="(/tim-kiem\?[^"]*)"', page.text)]
    assert drills, "the demo's planted issue grows by then"
    for url in drills:
        found = query_of(url)
        assert "story" in found or ("concern" in found and found["until"] == ["18/11/2026 12:00"])
    bad = client.get("/van-de-noi-len", params={"at": "31/02/2026"})
    assert bad.status_code == 400 and "Thời điểm" in bad.text


def test_stories_list_and_a_story_with_its_timeline(client: TestClient, login_as: Login, web_app: FastAPI) -> None:
    login_as("analyst")
    listed = queries_of(web_app).stories(limit=30)
    page = client.get("/su-kien")
    assert page.status_code == 200 and html.escape(listed.stories[0].title) in page.text
    assert f'href="/tim-kiem?story={listed.stories[0].id}"' in page.text
    threaded = next((story for story in queries_of(web_app).stories(limit=200).stories if story.timeline), listed.stories[0])
    detail = client.get(f"/su-kien/{threaded.id}")
    assert detail.status_code == 200 and "Các tin mới nhất" in detail.text
    for entry in threaded.timeline:
        assert html.escape(entry.title) in detail.text
    column = charts(detail.text)[0]["series"][0]["points"][0]
    assert query_of(column["url"])["story"] == [threaded.id]
    newest = queries_of(web_app).story(threaded.id, items=1, order="newest")
    assert newest is not None and f'href="/tin/{newest.items[0].id}"' in detail.text  # the item's page
    assert client.get("/su-kien/khong-co").status_code == 404


def test_claims_show_their_spread_and_refutations(client: TestClient, login_as: Login, web_app: FastAPI) -> None:
    login_as("viewer")
    page = client.get("/tin-sai-lech")
    assert page.status_code == 200 and f'/tin-sai-lech/{PLANTED_CLAIM_ID}' in page.text
    planted = queries_of(web_app).claim(PLANTED_CLAIM_ID)
    assert planted is not None and planted.refuting, "the demo's outlets correct the planted rumour"
    detail = client.get(f"/tin-sai-lech/{PLANTED_CLAIM_ID}")
    assert "Tin bác bỏ, đính chính" in detail.text and html.escape(planted.refuting[0].title) in detail.text
    per_day = charts(detail.text)[0]
    assert sum(point["y"] for point in per_day["series"][0]["points"]) == planted.claim.items


def test_sources_show_their_health_by_name_and_open_their_items(client: TestClient, login_as: Login, web_app: FastAPI) -> None:
    sources = queries_of(web_app).sources().sources
    failing, fine = sources[0].id, sources[1].id
    report = CrawlReport.for_sources([(failing, ""), (fine, "")])
    report.apply(CrawlEvent(kind="item", source=fine, new=True))
    report.apply(CrawlEvent(kind="source_error", source=failing, reason=f"HTTP 503 {SCRIPT}"))
    web_app.state.langnghe.app.health.record(report)
    login_as("analyst")
    page = client.get("/nguon")
    assert page.status_code == 200 and sources
    for source in sources:
        assert html.escape(source.name) in page.text and f'href="/tim-kiem?source={source.id}"' in page.text
    rows = {re.search(r'source=([^"]+)"', row).group(1): row for row in page.text.split("<tr>")[2:]}  # type: ignore[union-attr]
    assert "Lỗi 1 lần liền" in rows[failing] and "HTTP 503 &lt;script&gt;" in rows[failing] and SCRIPT not in page.text
    assert "Ổn" in rows[fine] and "Chưa chạy" in rows[sources[2].id]
    indexed = queries_of(web_app).facets(["source"]).facets["source"][0]
    assert f"<td>{indexed.count}</td>" in rows[indexed.value]


def test_a_viewer_who_may_not_search_gets_no_search_links(client: TestClient, login_as: Login, web_app: FastAPI) -> None:
    login_as("viewer")
    story = queries_of(web_app).stories(limit=1).stories[0]
    pages = ("/xu-huong", "/van-de-noi-len?at=18/11/2026 12:00", "/su-kien", f"/su-kien/{story.id}", "/tin-sai-lech",
             f"/tin-sai-lech/{PLANTED_CLAIM_ID}", "/nguon")  # fmt: skip
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200 and "/tim-kiem" not in page.text and 'href="/tin/' not in page.text, path
        for chart in charts(page.text):
            assert all(point["url"] is None for series in chart["series"] for point in series["points"]), path
    assert f'href="/su-kien/{story.id}"' in client.get("/su-kien").text  # the dashboards' own pages stay linked


@pytest.fixture()
def hostile_claim(web_app: FastAPI) -> Claim:
    """A claim and an item repeating it whose texts hold a script and a ``javascript:`` link."""
    claims = web_app.state.langnghe.app.claims
    claim = Claim(id=HOSTILE_CLAIM, claim=f"{SCRIPT} Cá chết hàng loạt", source=f"{SCRIPT} nguồn")
    claims.upsert_claims([claim], "import")
    record = MatchRecord(claim_id=HOSTILE_CLAIM, item_id="web-thu-script-1", similarity=0.9, method="retrieval",
                         stance="spreads", published_at=datetime(2026, 11, 15, 3, tzinfo=timezone.utc),
                         source="demo-thu", platform="forum", title=f"{SCRIPT} tiêu đề", url="javascript:alert(1)")  # fmt: skip
    claims.record([record.item_id], [record])
    return claim


def test_a_script_in_crawled_text_is_inert_in_the_page_and_the_charts(
    client: TestClient, login_as: Login, hostile_claim: Claim
) -> None:
    login_as("viewer")
    for path in ("/tin-sai-lech", f"/tin-sai-lech/{HOSTILE_CLAIM}"):
        page = client.get(path).text
        assert SCRIPT not in page and "&lt;script&gt;alert(" in page and "javascript:" not in page
        attributes = re.findall(r'data-chart="([^"]*)"', page)
        hostile = [json.loads(html.unescape(text)) for text in attributes if "\\u003cscript\\u003e" in html.unescape(text)]
        assert hostile and all("<" not in html.unescape(text) for text in attributes)
        assert any(SCRIPT in point["tip"] for chart in hostile for point in chart["series"][0]["points"])


API = ("/api/v1/trends", "/api/v1/dashboard", "/api/v1/emerging", "/api/v1/stories", "/api/v1/claims", "/api/v1/sources")


def test_the_api_answers_the_query_services_models(client: TestClient, api_key_for: Callable[[Role], str],
                                                   web_app: FastAPI) -> None:  # fmt: skip
    headers = {"Authorization": f"Bearer {api_key_for('viewer')}"}
    queries = queries_of(web_app)
    at = datetime(2026, 11, 18, 12, tzinfo=timezone(timedelta(hours=7)))
    expected = {
        "/api/v1/trends": queries.trends(at, granularity="day"),
        "/api/v1/emerging": queries.emerging(at, limit=5),
        "/api/v1/claims": queries.claims(at),
        "/api/v1/stories": queries.stories(at=at, limit=5),
    }
    params = {"at": "18/11/2026 12:00", "limit": "5", "granularity": "day"}
    for path, model in expected.items():
        answer = client.get(path, params={k: v for k, v in params.items() if k != "granularity" or "trends" in path},
                            headers=headers)  # fmt: skip
        assert answer.status_code == 200 and answer.json() == model.model_dump(mode="json"), path
    story = queries.stories(limit=1).stories[0]
    found = client.get(f"/api/v1/stories/{story.id}", headers=headers).json()
    assert found == queries.story(story.id).model_dump(mode="json")  # type: ignore[union-attr]
    planted = client.get(f"/api/v1/claims/{PLANTED_CLAIM_ID}", headers=headers).json()
    assert planted["claim"]["id"] == PLANTED_CLAIM_ID and planted["refuting"]
    board = client.get("/api/v1/dashboard", params={"section": "phap luat"}, headers=headers).json()
    assert board["breakdowns"]["total"] == queries.app.index.count(Filters(terms={"section": ("law",)})) > 0
    assert client.get("/api/v1/sources", headers=headers).json()["sources"]
    assert client.get("/api/v1/stories/khong-co", headers=headers).status_code == 404
    wrong = client.get("/api/v1/emerging", params={"at": "hôm qua"}, headers=headers)
    assert wrong.status_code == 400 and wrong.json()["detail"].startswith("Thời điểm")


def test_the_api_wants_a_key_and_the_dashboards_permission(client: TestClient, api_key_for: Callable[[Role], str]) -> None:
    collaborator = {"Authorization": f"Bearer {api_key_for('collaborator')}"}
    for path in API:
        assert client.get(path).status_code == 401
        assert client.get(path, headers=collaborator).status_code == 403


def test_the_pages_want_a_login_and_the_dashboards_permission(client: TestClient, login_as: Login) -> None:
    pages = ("/xu-huong", "/van-de-noi-len", "/su-kien", "/tin-sai-lech", "/nguon")
    for path in pages:
        assert client.get(path, follow_redirects=False).status_code == 303
    login_as("collaborator")
    for path in pages:
        assert client.get(path).status_code == 403
