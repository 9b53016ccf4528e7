"""Saved searches in the web app and the API: made, changed and deleted (audited), checked by the
watch-topic parser with a Vietnamese line naming the field, per user or shared, and used by the
next alert evaluation like a topics.yaml entry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml
from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.alerts.job import run_alerts
from langnghe.jobs.core import run_enrich
from langnghe.stores.accounts import Role
from langnghe.testing import build_item
from langnghe.web.auth import Principal

from .conftest import REPO, csrf_of, log_in, make_user
from .own_data import login, own_client


def _form(client: TestClient, path: str, **fields: str) -> object:
    return client.post(path, data={**fields, "csrf_token": csrf_of(client)}, follow_redirects=False)


def _audited(web: FastAPI, action: str) -> list[str]:
    return [entry.detail for entry in web.state.langnghe.app.accounts.audit_log(action=action)]


def test_a_saved_search_is_made_changed_and_deleted_in_the_pages(
    client: TestClient, web_app: FastAPI, login_as: Callable[[Role], Principal]
) -> None:
    login_as("analyst")
    made = _form(client, "/tim-kiem-da-luu", name="Ngập phố", query='"ngập sâu" OR "triều cường"', shared="1")
    assert made.status_code == 303  # type: ignore[attr-defined]
    listed = client.get("/tim-kiem-da-luu?xong=tao")
    assert "Đã lưu tìm kiếm." in listed.text and "Ngập phố" in listed.text and "Dùng chung" in listed.text
    [saved] = [s for s in web_app.state.langnghe.app.saved_searches.all() if s.name == "Ngập phố"]
    assert client.get(f"/tim-kiem-da-luu/{saved.id}/sua").status_code == 200
    changed = _form(client, f"/tim-kiem-da-luu/{saved.id}", name="Ngập phố cổ", query='"ngập sâu"')
    assert changed.status_code == 303  # type: ignore[attr-defined]
    after = web_app.state.langnghe.app.saved_searches.get(saved.id)
    assert (after.name, after.query, after.shared) == ("Ngập phố cổ", '"ngập sâu"', False)
    assert _form(client, f"/tim-kiem-da-luu/{saved.id}/xoa").status_code == 303  # type: ignore[attr-defined]
    assert web_app.state.langnghe.app.saved_searches.get(saved.id) is None
    assert any("Ngập phố'" in d and "dùng chung" in d for d in _audited(web_app, "saved_search_create"))
    assert any("Ngập phố cổ" in d for d in _audited(web_app, "saved_search_update"))
    assert any("Ngập phố cổ" in d for d in _audited(web_app, "saved_search_delete"))


def test_a_bad_query_is_refused_in_vietnamese_and_what_was_typed_is_kept(
    client: TestClient, web_app: FastAPI, login_as: Callable[[Role], Principal]
) -> None:
    login_as("analyst")
    before = len(web_app.state.langnghe.app.saved_searches.all())
    refused = _form(client, "/tim-kiem-da-luu", name="Bão <số 3>", query='"bão số 3" OR')
    assert refused.status_code == 400  # type: ignore[attr-defined]
    text = refused.text  # type: ignore[attr-defined]
    assert "Truy vấn: sai cú pháp ở ký tự thứ" in text
    assert 'value="Bão &lt;số 3&gt;"' in text and "&#34;bão số 3&#34; OR" in text  # kept, escaped
    assert _form(client, "/tim-kiem-da-luu", name=" ", query="bão").status_code == 400  # type: ignore[attr-defined]
    prefilled = client.get("/tim-kiem-da-luu?q=%22tri%E1%BB%81u+c%C6%B0%E1%BB%9Dng%22+%3Cb%3E").text
    assert 'name="query" value="&#34;triều cường&#34; &lt;b&gt;"' in prefilled  # from the search page, escaped
    assert len(web_app.state.langnghe.app.saved_searches.all()) == before
    no_token = client.post("/tim-kiem-da-luu", data={"name": "x", "query": "bão"}, follow_redirects=False)
    assert no_token.status_code == 403


def test_each_user_sees_the_shared_searches_and_their_own_and_edits_only_their_own(
    client: TestClient, web_app: FastAPI
) -> None:
    owner, other, admin = (make_user(web_app, role) for role in ("analyst", "analyst", "admin"))
    store = web_app.state.langnghe.app.saved_searches
    from langnghe.stores.saved_searches import check_draft

    shared = store.create(check_draft("Chung của chủ", "lũ quét", shared=True), owner.user_id)
    private = store.create(check_draft("Riêng của chủ", "sạt lở"), owner.user_id)
    log_in(client, other.username)
    page = client.get("/tim-kiem-da-luu").text
    assert "Chung của chủ" in page and "Riêng của chủ" not in page
    assert client.get(f"/tim-kiem-da-luu/{shared.id}/sua").status_code == 403
    assert client.get(f"/tim-kiem-da-luu/{private.id}/sua").status_code == 404
    assert _form(client, f"/tim-kiem-da-luu/{shared.id}/xoa").status_code == 403  # type: ignore[attr-defined]
    log_in(client, admin.username)
    assert client.get(f"/tim-kiem-da-luu/{private.id}/sua").status_code == 200


def test_the_api_makes_reads_changes_and_deletes_a_saved_search(web_app: FastAPI, client: TestClient,
                                                                api_key_for: Callable[[Role], str]) -> None:  # fmt: skip
    headers = {"Authorization": f"Bearer {api_key_for('analyst')}"}
    made = client.post("/api/v1/saved-searches", json={"name": "Cháy rừng", "query": '"cháy rừng"', "shared": True},
                       headers=headers)  # fmt: skip
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["name"], body["shared"], body["topic_id"], body["editable"]) == (
        "Cháy rừng", True, f"saved-{body['id']}", True)
    assert body["id"] in [s["id"] for s in client.get("/api/v1/saved-searches", headers=headers).json()]
    bad = client.put(f"/api/v1/saved-searches/{body['id']}", json={"name": "Cháy", "query": "(cháy"}, headers=headers)
    assert bad.status_code == 400 and bad.json()["detail"].startswith("Truy vấn: sai cú pháp ở ký tự thứ 1")
    put = client.put(f"/api/v1/saved-searches/{body['id']}", json={"name": "Cháy", "query": "cháy"}, headers=headers)
    assert put.status_code == 200 and put.json()["shared"] is False
    assert client.delete(f"/api/v1/saved-searches/{body['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/saved-searches/{body['id']}", headers=headers).status_code == 404
    viewer = {"Authorization": f"Bearer {api_key_for('viewer')}"}
    assert client.get("/api/v1/saved-searches", headers=viewer).status_code == 403
    assert client.get("/api/v1/saved-searches").status_code == 401


NOW = datetime.now(timezone.utc).replace(microsecond=0)
ANGRY = ("Người dân vô cùng bức xúc, phẫn nộ vì cá chết hàng loạt trên sông Bưởi, nước bốc mùi hôi thối "
         "kinh khủng, chính quyền làm ngơ, thật tồi tệ và đáng lên án.")


def alert_config(tmp_path: Path) -> Path:
    """The repository's sources (no topics.yaml: no watch topic but the saved searches) and one alert
    rule: negative reactions surging on a watch topic."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "sources.yaml").write_text((REPO / "config/sources.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (config / "alerts.yaml").write_text(yaml.safe_dump({"alerts": [
        {"id": "phan-ung", "kind": "sentiment_surge", "dimension": "watch_topic", "threshold": 2, "ratio": 1.0,
         "window": "1d"}]}), encoding="utf-8")  # fmt: skip
    return config


def angry_items(prefix: str) -> list:  # type: ignore[type-arg]
    return [build_item(id=f"{prefix}-tin-{n:04d}", title="Cá chết trắng sông Bưởi", text=ANGRY,
                       published_at=NOW - timedelta(hours=n + 1)) for n in range(3)]  # fmt: skip


def test_a_saved_search_made_in_the_page_is_used_by_the_next_alert_evaluation(tmp_path: Path) -> None:
    with own_client(tmp_path, config_dir=alert_config(tmp_path)) as (web, client):
        login(web, client, "analyst")
        made = _form(client, "/tim-kiem-da-luu", name="Cá chết sông Bưởi", query='"cá chết" "sông bưởi"', shared="1")
        assert made.status_code == 303  # type: ignore[attr-defined]
        app = web.state.langnghe.app
        app.queue.put(angry_items("moi"))
        run_enrich(app)
        [saved] = app.saved_searches.all()
        report = run_alerts(app, NOW)
    assert [(alert.subject, alert.title) for alert in report.sent] == [
        (f"watch_topic:{saved.topic_id}", "Phản ứng tiêu cực tăng - Cá chết sông Bưởi")]
