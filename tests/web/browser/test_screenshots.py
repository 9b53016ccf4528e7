"""Screenshots of the main pages for the README, taken by logging in as an admin on the demo data:
``docs/screenshots/<page>.png`` on a desktop window (1366×900) and ``<page>-phone.png`` on a
phone's (390×844) for the pages people use on the move. Each page must load without an error and
without a script error in the browser. The pictures go to a temporary folder unless
``LANGNGHE_UPDATE_SCREENSHOTS=1`` (``make screenshots``): a test run leaves the tracked ones alone."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi import FastAPI

from langnghe.stores.accounts import Role
from langnghe.web.auth import Principal

from ..route_table import route_table

SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PAGES = (  # name, route, query string
    ("tim-kiem", "/tim-kiem", "q=bão lũ"),
    ("tin", "/tin/{item_id}", ""),
    ("xu-huong", "/xu-huong", ""),
    ("van-de-noi-len", "/van-de-noi-len", ""),
    ("su-kien", "/su-kien", ""),
    ("tin-sai-lech", "/tin-sai-lech", ""),
    ("nguon", "/nguon", ""),
    ("tim-kiem-da-luu", "/tim-kiem-da-luu", ""),
    ("bao-cao-hien-truong", "/bao-cao-hien-truong", ""),
    ("quan-tri-nguoi-dung", "/quan-tri/nguoi-dung", ""),
)
ON_PHONE = {"tim-kiem", "xu-huong", "bao-cao-hien-truong"}


def _an_item(live_app: FastAPI) -> str:
    hits = live_app.state.langnghe.app.index.search_page("bão", size=1).hits
    assert hits, "the demo data has no item about bão"
    return hits[0].item.id


def test_screenshots_of_the_main_pages(
    live_app: FastAPI, live_url: str, page: object, browser_login: Callable[[Role], Principal], tmp_path: Path
) -> None:
    shots = SHOTS if os.environ.get("LANGNGHE_UPDATE_SCREENSHOTS") == "1" else tmp_path
    routes = {entry.path for entry in route_table(live_app) if entry.method == "GET"}
    present = [(name, path, query) for name, path, query in PAGES if path in routes]
    if not present:
        pytest.skip("none of the main pages is in this app yet (their routers are not in ROUTERS)")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))  # type: ignore[attr-defined]
    browser_login("admin")
    shots.mkdir(parents=True, exist_ok=True)
    item_id = _an_item(live_app)
    for name, path, query in present:
        url = f"{live_url}{path.replace('{item_id}', item_id)}" + (f"?{query}" if query else "")
        for size, suffix in [(DESKTOP, "")] + ([(PHONE, "-phone")] if name in ON_PHONE else []):
            page.set_viewport_size(size)  # type: ignore[attr-defined]
            response = page.goto(url)  # type: ignore[attr-defined]
            assert response is not None and response.status == 200, f"{url}: {response and response.status}"
            assert "/dang-nhap" not in page.url  # type: ignore[attr-defined]
            page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
            page.wait_for_timeout(700)  # type: ignore[attr-defined]  # the charts' opening animation
            page.screenshot(path=str(shots / f"{name}{suffix}.png"))  # type: ignore[attr-defined]
    assert errors == [], f"script errors in the browser: {errors[:3]}"
    assert {path.name for path in shots.glob("*.png")} >= {
        f"{name}{suffix}.png" for name, _, _ in present for suffix in ["", *(["-phone"] if name in ON_PHONE else [])]}
