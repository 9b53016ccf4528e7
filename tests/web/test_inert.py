"""Crawled text renders inert on every page: a title holding ``<script>`` and an ``onerror``
image, a text holding ``javascript:`` links and a claim-base entry holding markup are ingested
(enriched, clustered into a story, matched to the claim) into a copy of the demo data; then every
GET page of the app, item-bearing ones filled with those records, is opened as an admin and read
back: none of the markup is live, no ``javascript:`` address is a link, and the pages that
show the records (search, item, story, claim) show the text escaped.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.app import App
from langnghe.item import Item, make_item_id
from langnghe.jobs.core import run_ingest
from langnghe.settings import Settings
from langnghe.web.app import create_app

from .conftest import log_in, make_user
from .route_table import RouteEntry, route_table

MARK = "window.__xss"
TITLE = f'<script>{MARK}=1</script><img src=x onerror="{MARK}=2"> Cá chết trắng sông Lam Hà Tĩnh'
TEXT = ('Người dân xã Xuân Hội phát hiện cá chết trắng một đoạn sông Lam sáng nay, nghi do nước thải. '
        f'<a href="javascript:{MARK}=3">xem ảnh</a> javascript:{MARK}=4 '
        '<iframe src="javascript:alert(1)"></iframe> Chính quyền xã đã lấy mẫu nước để xét nghiệm.')  # fmt: skip
CLAIM_ID = "xss-ca-chet-song-lam"
CLAIM = f'<script>{MARK}=5</script>Cá chết ở sông Lam do nhà máy xả chất độc ra sông'
LIVE = (
    re.compile(r"<script[^>]*>\s*" + re.escape(MARK)),  # the title's script, as markup
    re.compile(r"<img[^>]*onerror", re.I),  # an event handler made from data
    re.compile(r"<iframe", re.I),
    re.compile(r"""(?:href|src|action|formaction|data)\s*=\s*["']?\s*javascript:""", re.I),  # a javascript: link
)
ITEM_PAGES = ("/tim-kiem", "/tin/{item_id}", "/su-kien/{story_id}", "/tin-sai-lech/{claim_id}")
"""Pages that must show the hostile records (when the app has them), not only stay inert."""


def live_markup(html: str) -> list[str]:
    """What in ``html`` would run or link out as script: empty when the data is inert."""
    return [found.group(0) for pattern in LIVE for found in pattern.finditer(html)]


def _hostile_items(end: datetime) -> list[Item]:
    items = []
    for n, outlet in enumerate(("bao-a", "bao-b", "bao-c", "dien-dan")):
        url = f"https://{outlet}.example.vn/ca-chet-song-lam-{n}.html"
        items.append(Item(id=make_item_id("news", canonical_url=url), source=f"xss-{outlet}", platform="news",
                          kind="article", url=url if n else f"javascript:{MARK}=6", canonical_url=url, title=TITLE,
                          text=f"{TEXT} {CLAIM} (bản tin {n + 1})", published_at=end - timedelta(hours=4 - n),
                          fetched_at=end - timedelta(hours=3 - n)))  # fmt: skip
    return items


@pytest.fixture(scope="module")
def hostile_settings(web_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A copy of the demo data with the hostile items ingested and the hostile claim in its base."""
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    shutil.copytree(web_settings.data_dir, data)
    key = web_settings.data_dir.with_name(web_settings.data_dir.name + ".author.key")
    if key.exists():
        shutil.copy(key, data.with_name("data.author.key"))
    config = _config_copy(web_settings.config_dir, root, data, web_settings.data_dir)
    settings = web_settings.model_copy(update={"data_dir": data, "config_dir": config})
    claims_file = config / "claims.yaml"
    base = yaml.safe_load(claims_file.read_text(encoding="utf-8")) if claims_file.exists() else {}
    base = base or {}
    base.setdefault("claims", []).append({"id": CLAIM_ID, "claim": CLAIM, "verdict": f"<b>{MARK}</b> sai sự thật",
                                          "published": "01/11/2026", "source": "<script>nguon</script>"})  # fmt: skip
    claims_file.write_text(yaml.safe_dump(base, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with App(settings) as app:
        end = max(hit.item.published_at for hit in app.index.search_page("", size=1, sort="time").hits
                  if hit.item.published_at)  # fmt: skip
        stream = root / "hostile.jsonl"
        stream.write_text("".join(item.to_json() + "\n" for item in _hostile_items(end)), encoding="utf-8")
        run_ingest(app, stream)
    return settings


def _config_copy(config: Path, root: Path, data: Path, old_data: Path) -> Path:
    """The config folder of the copy: inside the copied data folder when it was inside the old one."""
    if config.is_relative_to(old_data):
        return data / config.relative_to(old_data)
    shutil.copytree(config, root / "config")
    return root / "config"


@pytest.fixture(scope="module")
def hostile_app(hostile_settings: Settings) -> Iterator[FastAPI]:
    web = create_app(hostile_settings)
    yield web
    web.state.langnghe.app.close()


@pytest.fixture(scope="module")
def admin(hostile_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(hostile_app) as client:
        log_in(client, make_user(hostile_app, "admin").username)
        yield client


def _records(web: FastAPI) -> dict[str, str]:
    """Path parameter -> the hostile record's id, for the pages that show one record."""
    app = web.state.langnghe.app
    item = next(hit.item for hit in app.index.search_page("sông Lam Xuân Hội", size=50).hits if hit.item.title == TITLE)
    values = {"item_id": item.id, "claim_id": CLAIM_ID}
    if item.story_id:
        values["story_id"] = item.story_id
    return values


def _pages(web: FastAPI) -> list[RouteEntry]:
    return [entry for entry in route_table(web) if entry.method == "GET" and not entry.api
            and entry.guard.kind == "page"]  # fmt: skip


def test_the_checker_finds_live_markup() -> None:
    assert live_markup(f"<h1>{TITLE}</h1><p>{TEXT}</p>")
    assert live_markup('<a href=" javascript:alert(1)">x</a>')
    assert not live_markup("<h1>&lt;script&gt;window.__xss=1&lt;/script&gt;</h1><p>javascript:x</p>")


def test_the_hostile_records_are_indexed_storied_and_in_the_claim_base(hostile_app: FastAPI) -> None:
    values = _records(hostile_app)
    app = hostile_app.state.langnghe.app
    assert "story_id" in values, "the four hostile items formed no story"
    assert app.claims.claim(CLAIM_ID) is not None
    links = {hit.item.url for hit in app.index.search_page("sông Lam Xuân Hội", size=50).hits if hit.item.title == TITLE}
    assert None in links and all(link is None or link.startswith("https://") for link in links)


def test_every_page_renders_the_hostile_records_inert(hostile_app: FastAPI, admin: TestClient) -> None:
    values = _records(hostile_app)
    checked, shown, problems = [], [], {}
    for entry in _pages(hostile_app):
        names = set(re.findall(r"\{(\w+)", entry.path))
        if names - values.keys():
            continue  # a page of one record that is not crawled text (a job, a saved search, a month)
        response = admin.get(entry.url(values), params={"q": "sông Lam"})
        checked.append(entry.path)
        if found := live_markup(response.text):
            problems[entry.path] = found[:3]
        if "&lt;script&gt;" in response.text:
            shown.append(entry.path)
    assert problems == {}
    must_show = [path for path in ITEM_PAGES if path in checked]
    assert [path for path in must_show if path not in shown] == [], "the hostile records were not on these pages"
    assert checked


def test_snippets_carry_the_texts_markup_as_text(hostile_app: FastAPI, admin: TestClient) -> None:
    """A snippet is the text with the offsets of the matched words (no HTML made by the server);
    the search page escapes the text's own tags around its highlights."""
    paths = {entry.path for entry in route_table(hostile_app)}
    if not {"/api/v1/search", "/tim-kiem"} <= paths:
        pytest.skip("this app has no search page and API yet")
    found = admin.get("/api/v1/search", params={"q": "sông Lam Xuân Hội"}).json()
    hits = [hit for hit in found["hits"] if hit["item"]["title"] == TITLE]
    assert hits, "the hostile item is not found by the API"
    snippet = hits[0]["snippet"]
    assert '<a href="javascript:' in snippet["text"]  # the item's own characters, unchanged
    assert all(0 <= start < end <= len(snippet["text"]) for start, end in snippet["marks"])
    html = admin.get("/tim-kiem", params={"q": "sông Lam Xuân Hội"}).text
    assert "&lt;a href=" in html and live_markup(html) == []
