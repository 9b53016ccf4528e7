"""In a real browser: a saved search made in the page is used by the next alert evaluation; an
analyst downloads an export of a search; a viewer is denied an export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from langnghe.alerts.job import run_alerts
from langnghe.app import App
from langnghe.jobs.core import run_enrich
from langnghe.settings import Settings
from langnghe.stores.accounts import Role
from langnghe.web.app import create_app
from langnghe.web.auth import Principal

from ..test_saved import NOW, alert_config, angry_items

pytestmark = pytest.mark.browser


@pytest.fixture()
def own_live_app(tmp_path: Path) -> Iterator[FastAPI]:
    """A web app over a data folder of its own, with an alert rule on watch topics."""
    web = create_app(Settings(data_dir=tmp_path / "data", config_dir=alert_config(tmp_path)))
    yield web
    web.state.langnghe.app.close()


class TestSavedSearchInTheBrowser:
    @pytest.fixture()
    def live_app(self, own_live_app: FastAPI) -> FastAPI:
        return own_live_app

    def test_a_saved_search_made_in_the_page_fires_the_next_alert_evaluation(
        self, live_app: FastAPI, live_url: str, page: object, browser_login: Callable[[Role], Principal]
    ) -> None:
        browser_login("analyst")
        page.goto(f"{live_url}/tim-kiem-da-luu")  # type: ignore[attr-defined]
        page.fill("#saved-form input[name=name]", "Cá chết sông Bưởi")  # type: ignore[attr-defined]
        page.fill("#saved-form input[name=query]", '"cá chết" OR "xả thải')  # type: ignore[attr-defined]
        page.click("#saved-form button[type=submit]")  # type: ignore[attr-defined]
        assert "Truy vấn: sai cú pháp" in page.text_content("[role=alert]")  # type: ignore[attr-defined]
        page.fill("#saved-form input[name=query]", '"cá chết" "sông bưởi"')  # type: ignore[attr-defined]
        page.check("#saved-form input[name=shared]")  # type: ignore[attr-defined]
        page.click("#saved-form button[type=submit]")  # type: ignore[attr-defined]
        assert "Đã lưu tìm kiếm." in page.text_content("[role=status]")  # type: ignore[attr-defined]
        assert "Cá chết sông Bưởi" in page.text_content("#saved-searches")  # type: ignore[attr-defined]
        app: App = live_app.state.langnghe.app
        [saved] = app.saved_searches.all()
        app.queue.put(angry_items("trinh-duyet"))
        run_enrich(app)
        report = run_alerts(app, NOW)
        assert [(a.subject, a.title) for a in report.sent] == [
            (f"watch_topic:{saved.topic_id}", "Phản ứng tiêu cực tăng - Cá chết sông Bưởi")]


def test_an_analyst_downloads_the_export_of_a_search(
    live_url: str, page: object, browser_login: Callable[[Role], Principal]
) -> None:
    browser_login("analyst")
    page.goto(f"{live_url}/xuat?province=C%E1%BA%A7n+Th%C6%A1")  # type: ignore[attr-defined]
    assert "Tỉnh/thành: Cần Thơ" in page.text_content("main")  # type: ignore[attr-defined]
    count = int(page.text_content("#export-count").replace(".", ""))  # type: ignore[attr-defined]
    page.check("#export-now input[value=csv]")  # type: ignore[attr-defined]
    with page.expect_download() as started:  # type: ignore[attr-defined]
        page.click("#export-now button[type=submit]")  # type: ignore[attr-defined]
    download = started.value
    assert download.suggested_filename.startswith("langnghe-xuat-") and download.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[0][0] == "id" and len(rows) - 1 == count > 0


def test_a_viewer_is_denied_an_export(live_url: str, page: object, browser_login: Callable[[Role], Principal]) -> None:
    browser_login("viewer")
    response = page.goto(f"{live_url}/xuat?format=csv&province=C%E1%BA%A7n+Th%C6%A1")  # type: ignore[attr-defined]
    assert response.status == 403
    assert "không được xuất dữ liệu" in page.text_content("[role=alert]")  # type: ignore[attr-defined]
