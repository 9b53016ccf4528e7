"""The item page ``/tin/{id}`` and ``/api/v1/items/{id}`` on the demo's fourteen days."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape

from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.labels import SIGNAL_VI
from langnghe.stores.accounts import Role
from langnghe.web.auth import Principal

Login = Callable[[Role], Principal]


def _first_hit(client: TestClient, **params: str) -> str:
    html = client.get("/tim-kiem", params=params).text
    found = re.search(r'<a href="/tin/([^"]+)">', html)
    assert found, "the search found nothing"
    return unescape(found.group(1))


def test_the_item_page_shows_every_signal_with_its_model(client: TestClient, login_as: Login, web_app: FastAPI) -> None:
    login_as("analyst")
    item_id = _first_hit(client, q="ca chet", sort="relevance")  # a news item, with a link out
    item = web_app.state.langnghe.app.index.get(item_id)
    html = client.get(f"/tin/{item_id}").text
    assert item.title in unescape(html)
    for signal in ("section", "sentiment", "emotion", "toxicity", "misinfo"):
        assert f"<td>{SIGNAL_VI[signal]}</td>" in html
    for signal in ("section", "emotion", "toxicity"):
        assert f"<code>{item.nlp.models[signal]}</code>" in html
    assert f'href="{item.canonical_url}" rel="noopener noreferrer"' in html


def test_the_item_page_links_its_story_to_the_search(client: TestClient, login_as: Login, web_app: FastAPI) -> None:
    login_as("analyst")
    index = web_app.state.langnghe.app.index
    clustered = next(item for item in index.scan() if item.story_id)
    html = client.get(f"/tin/{clustered.id}").text
    assert f'<a href="/tim-kiem?story={clustered.story_id}">' in html
    listed = client.get(f"/tim-kiem?story={clustered.story_id}").text
    assert f'<a href="/tin/{clustered.id}">' in listed


def test_the_item_api_answers_the_full_view(client: TestClient, api_key_for: Callable[[Role], str],
                                            web_app: FastAPI) -> None:
    key = {"Authorization": f"Bearer {api_key_for('analyst')}"}
    index = web_app.state.langnghe.app.index
    item = next(item for item in index.scan() if item.nlp)
    found = client.get(f"/api/v1/items/{item.id}", headers=key).json()
    assert found["item"]["id"] == item.id and found["link"] == item.canonical_url
    assert {signal["signal"] for signal in found["signals"]} >= {"section", "sentiment", "emotion", "toxicity"}
    assert all(signal["model"] for signal in found["signals"] if signal["signal"] != "false_info")
    missing = client.get("/api/v1/items/khong-co-tin-nay", headers=key)
    assert missing.status_code == 404 and missing.json() == {"detail": "Không có tin, bài này trong chỉ mục."}


def test_an_unknown_item_is_the_404_page(client: TestClient, login_as: Login) -> None:
    login_as("analyst")
    response = client.get("/tin/khong-co-tin-nay")
    assert response.status_code == 404 and "Không tìm thấy" in response.text

