"""Every bar and point of "Xu hướng" opens a search that finds as many items as the bar counts.

Needs the search page (``/tim-kiem``, ``/api/v1/search``, built beside the dashboards): skipped
in a build without it, run once both are merged."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.stores.accounts import Role
from langnghe.web.auth import Principal

PAGES = ("/xu-huong?since=10/11/2026&until=18/11/2026&section=Pháp luật", "/xu-huong",
         "/xu-huong?since=15/11/2026&until=15/11/2026")  # fmt: skip


def test_each_bar_counts_the_items_its_search_finds(
    client: TestClient, web_app: FastAPI, login_as: Callable[[Role], Principal], api_key_for: Callable[[Role], str]
) -> None:
    headers = {"Authorization": f"Bearer {api_key_for('analyst')}"}
    login_as("analyst")
    checked = []
    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 200
        for chart in [json.loads(html.unescape(text)) for text in re.findall(r'data-chart="([^"]*)"', page.text)]:
            for series in chart["series"]:
                for point in series["points"][:5]:
                    found = client.get("/api/v1/search" + point["url"].removeprefix("/tim-kiem"), headers=headers)
                    assert found.status_code == 200, point["url"]
                    assert found.json()["total"] == point["y"], (chart["label"], series["name"], point["url"])
                    checked.append(point["url"])
    assert len(checked) > 50
