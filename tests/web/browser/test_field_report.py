"""A collaborator files a field report from the phone-sized form and sees it processed; after the
enrich stage runs, an analyst finds it in search, enriched; the collaborator may not search."""

from __future__ import annotations

import secrets
from collections.abc import Callable

import pytest
from fastapi import FastAPI

from langnghe.jobs.core import run_enrich
from langnghe.stores.accounts import Role
from langnghe.web.auth import Principal


def _file_report(page: object, live_app: FastAPI, live_url: str, tag: str) -> None:
    """Fill and send the form on a phone-sized page; the stage runs; the report shows processed."""
    page.set_viewport_size({"width": 390, "height": 844})  # type: ignore[attr-defined]
    assert page.url.endswith("/bao-cao-hien-truong")  # type: ignore[attr-defined]
    page.fill("textarea[name=text]", f"Nhà máy xả nước thải ra sông Bé, cá chết trắng cả đoạn sông {tag}")  # type: ignore[attr-defined]
    page.fill("input[name=place]", "xã Tân Phú, huyện Đồng Phú, tỉnh Bình Phước")  # type: ignore[attr-defined]
    page.fill("input[name=reported_at]", "06/12/2026 08:30")  # type: ignore[attr-defined]
    page.fill("input[name=title]", f"Cá chết trên sông Bé {tag}")  # type: ignore[attr-defined]
    page.click("form.field-report button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert "Đã gửi báo cáo" in page.inner_text("main")  # type: ignore[attr-defined]
    assert page.inner_text("table.my-reports tbody tr td:last-child") == "Đang chờ xử lý"  # type: ignore[attr-defined]
    run_enrich(live_app.state.langnghe.app)  # the stage `langnghe run` runs
    page.goto(f"{live_url}/bao-cao-hien-truong")  # type: ignore[attr-defined]
    assert page.inner_text("table.my-reports tbody tr td:last-child") == "Đã xử lý"  # type: ignore[attr-defined]


def test_a_collaborator_files_a_report_on_a_phone_and_sees_it_processed(
    live_app: FastAPI, live_url: str, page: object, browser_login: Callable[[Role], Principal]
) -> None:
    browser_login("collaborator")
    _file_report(page, live_app, live_url, f"bctt{secrets.token_hex(3)}")
    assert page.locator("nav.nav a").all_inner_texts() == ["Báo cáo hiện trường"]  # type: ignore[attr-defined]


def test_an_analyst_finds_the_report_enriched_and_the_collaborator_may_not_search(
    live_app: FastAPI, live_url: str, page: object, browser_login: Callable[[Role], Principal]
) -> None:
    tag = f"bctt{secrets.token_hex(3)}"  # one word no other item holds: the search finds this report only
    browser_login("collaborator")
    _file_report(page, live_app, live_url, tag)
    denied = page.goto(f"{live_url}/tim-kiem?q={tag}")  # type: ignore[attr-defined]
    assert denied.status == 403 and "không được tìm kiếm" in page.inner_text("main")  # type: ignore[attr-defined]

    page.context.clear_cookies()  # type: ignore[attr-defined]
    browser_login("analyst")
    page.goto(f"{live_url}/tim-kiem?q={tag}&platform=collaborator")  # type: ignore[attr-defined]
    hits = page.locator("article.hit")  # type: ignore[attr-defined]
    assert hits.count() == 1 and "Cộng tác viên" in hits.first.inner_text()  # the platform, by its name
    hits.first.locator("h3 a").click()
    page.wait_for_load_state()  # type: ignore[attr-defined]
    text = page.inner_text("main")  # type: ignore[attr-defined]
    assert f"Cá chết trên sông Bé {tag}" in text and "Địa điểm: xã Tân Phú, huyện Đồng Phú, tỉnh Bình Phước (Đồng Nai)" in text
    assert "Tỉnh/thành: Đồng Nai" in text and "Tin này chưa được phân tích" not in text
