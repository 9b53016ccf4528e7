"""A click on a bar of the "Xu hướng" dashboard lands on the matching search, in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import pytest

from fastapi import FastAPI

from langnghe.claims.model import Claim
from langnghe.claims.store import MatchRecord
from langnghe.stores.accounts import Role
from langnghe.web.auth import Principal

pytestmark = pytest.mark.browser

# The middle of a bar as ECharts laid it out, in the window's coordinates once the chart is scrolled
# into view, and the search it stands for.
BAR_AT = """([label, index]) => {
  const element = document.querySelector(`[aria-label="${label}"]`);
  element.scrollIntoView({block: "center"});
  const chart = window.echarts.getInstanceByDom(element);
  const layout = chart.getModel().getSeriesByIndex(0).getData().getItemLayout(index);
  const box = element.getBoundingClientRect();
  const spec = JSON.parse(element.dataset.chart);
  return {x: box.left + layout.x + layout.width / 2, y: box.top + layout.y + layout.height / 2,
          url: spec.series[0].points[index].url, name: spec.categories[index]};
}"""


def test_a_click_on_a_bar_opens_the_search_of_its_value(
    page: object, live_url: str, browser_login: Callable[[Role], Principal]
) -> None:
    browser_login("analyst")
    page.goto(f"{live_url}/xu-huong?since=10/11/2026&until=18/11/2026")  # type: ignore[attr-defined]
    page.wait_for_function("() => document.querySelector('[aria-label=\"Số tin theo lĩnh vực\"] canvas')")  # type: ignore[attr-defined]
    bar = page.evaluate(BAR_AT, ["Số tin theo lĩnh vực", 0])  # type: ignore[attr-defined]
    page.mouse.click(bar["x"], bar["y"])  # type: ignore[attr-defined]
    page.wait_for_url("**/tim-kiem?**")  # type: ignore[attr-defined]
    landed = urlsplit(page.url)  # type: ignore[attr-defined]
    assert f"{landed.path}?{landed.query}" == bar["url"]
    query = parse_qs(landed.query)
    assert query["since"] == ["10/11/2026"] and query["until"] == ["18/11/2026"] and len(query["section"]) == 1


def test_a_click_on_a_day_of_the_volume_chart_opens_that_days_search(
    page: object, live_url: str, browser_login: Callable[[Role], Principal]
) -> None:
    browser_login("analyst")
    page.goto(f"{live_url}/xu-huong?since=10/11/2026&until=18/11/2026&interval=day")  # type: ignore[attr-defined]
    page.wait_for_function("() => document.querySelector('[aria-label=\"Số tin theo thời gian\"] canvas')")  # type: ignore[attr-defined]
    column = page.evaluate(BAR_AT, ["Số tin theo thời gian", 3])  # type: ignore[attr-defined]
    page.mouse.click(column["x"], column["y"])  # type: ignore[attr-defined]
    page.wait_for_url("**/tim-kiem?**")  # type: ignore[attr-defined]
    query = parse_qs(urlsplit(page.url).query)  # type: ignore[attr-defined]
    assert query["since"] == ["13/11/2026 00:00"] and query["until"] == ["14/11/2026 00:00"] and column["name"] == "13/11/2026"


def test_a_tooltip_shows_a_crawled_script_as_text(
    page: object, live_url: str, live_app: FastAPI, browser_login: Callable[[Role], Principal]
) -> None:
    script = "<img src=x onerror=\"document.title='hacked'\"><script>document.title='hacked'</script>"
    claims = live_app.state.langnghe.app.claims
    claims.upsert_claims([Claim(id="web-thu-tooltip", claim=f"{script} Cá chết")], "import")
    record = MatchRecord(claim_id="web-thu-tooltip", item_id="web-thu-tooltip-1", similarity=0.9, method="retrieval",
                         stance="spreads", published_at=datetime(2026, 11, 15, 3, tzinfo=timezone.utc),
                         source="demo-thu", platform="forum", title=script)  # fmt: skip
    claims.record([record.item_id], [record])
    browser_login("viewer")
    page.goto(f"{live_url}/tin-sai-lech/web-thu-tooltip")  # type: ignore[attr-defined]
    page.wait_for_function("() => document.querySelector('[data-chart] canvas')")  # type: ignore[attr-defined]
    column = page.evaluate(BAR_AT, ["Số tin lan truyền mỗi ngày", 0])  # type: ignore[attr-defined]
    page.mouse.move(column["x"], column["y"])  # type: ignore[attr-defined]
    tooltip = page.wait_for_selector("[data-chart] div:has-text('Cá chết')")  # type: ignore[attr-defined]
    assert "<script>document.title='hacked'</script>" in tooltip.inner_text()
    assert tooltip.query_selector("img, script") is None and page.title() != "hacked"  # type: ignore[attr-defined]
