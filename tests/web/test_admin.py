"""Admin pages and endpoints: guarded, users and keys changed and audited, a key shown once,
the quarantine's retry, the audit log filtered and exported."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.stores.accounts import Role
from langnghe.testing import build_item
from langnghe.web.auth import Principal

from .conftest import PASSWORD, csrf_of, log_in, make_user

PAGES = ("/quan-tri/nguoi-dung", "/quan-tri/khoa-api", "/quan-tri/nguon", "/quan-tri/hang-doi", "/quan-tri/nhat-ky",
         "/quan-tri/nhat-ky.csv", "/quan-tri/bao-cao-hien-truong")  # fmt: skip
APIS = ("/api/v1/admin/users", "/api/v1/admin/keys", "/api/v1/admin/sources", "/api/v1/admin/queue",
        "/api/v1/admin/audit", "/api/v1/admin/field-reports")  # fmt: skip


@pytest.mark.parametrize("role", ["analyst", "viewer", "collaborator"])
def test_admin_pages_and_endpoints_are_for_admins_only(
    client: TestClient, login_as: Callable[[Role], Principal], api_key_for: Callable[[Role], str], role: Role
) -> None:
    assert all(client.get(path, follow_redirects=False).status_code == 303 for path in PAGES)
    assert all(client.get(path).status_code == 401 for path in APIS)
    key = api_key_for(role)
    assert all(client.get(path, headers={"Authorization": f"Bearer {key}"}).status_code == 403 for path in APIS)
    login_as(role)
    assert [client.get(path).status_code for path in PAGES] == [403] * len(PAGES)
    refused = client.post("/quan-tri/hang-doi/thu-lai", data={"everything": "true", "csrf_token": csrf_of(client)})
    assert refused.status_code == 403


def test_an_admin_opens_every_admin_page(client: TestClient, login_as: Callable[[Role], Principal]) -> None:
    login_as("admin")
    for path in PAGES:
        assert client.get(path).status_code == 200, path


def _audit(web_app: FastAPI, action: str) -> list[str]:
    return [entry.detail for entry in web_app.state.langnghe.app.accounts.audit_log(action=action, limit=20)]


def test_users_are_added_changed_disabled_and_reset_with_each_change_audited(
    client: TestClient, web_app: FastAPI, login_as: Callable[[Role], Principal]
) -> None:
    admin = login_as("admin")
    token = csrf_of(client)
    added = client.post("/quan-tri/nguoi-dung", data={"action": "add", "username": "ctv.lan", "display_name": "Chị Lan",
                                                      "role": "collaborator", "password": PASSWORD, "csrf_token": token})  # fmt: skip
    assert added.status_code == 200 and "Đã thêm ctv.lan (Cộng tác viên)" in added.text
    accounts = web_app.state.langnghe.app.accounts
    lan = accounts.user_by_name("ctv.lan")
    assert lan is not None
    for form in ({"action": "role", "role": "analyst"}, {"action": "disable"}, {"action": "password", "password": "mat-khau-moi-123"}):
        assert client.post("/quan-tri/nguoi-dung", data={**form, "user_id": lan.id, "csrf_token": token}).status_code == 200
    changed = accounts.user(lan.id)
    assert changed is not None and (changed.role, changed.disabled) == ("analyst", True)
    assert accounts.authenticate("ctv.lan", "mat-khau-moi-123") is None  # disabled
    assert _audit(web_app, "user_change")[:4] == [
        "đặt lại mật khẩu ctv.lan", "khóa ctv.lan", "đổi vai trò ctv.lan: collaborator → analyst", "thêm ctv.lan (collaborator)"]
    own = client.post("/quan-tri/nguoi-dung", data={"action": "disable", "user_id": admin.user_id, "csrf_token": token})
    assert own.status_code == 400 and "không thể tự khóa tài khoản của mình" in own.text
    short = client.post("/quan-tri/nguoi-dung", data={"action": "add", "username": "ngan", "role": "viewer",
                                                      "password": "ngan", "csrf_token": token})  # fmt: skip
    assert short.status_code == 400 and "mật khẩu: cần ít nhất 10 ký tự" in short.text
    assert client.post("/quan-tri/nguoi-dung", data={"action": "disable", "user_id": lan.id}).status_code == 403


def test_a_key_is_shown_once_works_and_stops_when_revoked(
    client: TestClient, web_app: FastAPI, login_as: Callable[[Role], Principal]
) -> None:
    login_as("admin")
    owner = make_user(web_app, "analyst")
    created = client.post("/quan-tri/khoa-api", data={"user_id": owner.user_id, "name": "máy báo cáo", "csrf_token": csrf_of(client)})
    assert created.status_code == 200 and "chỉ hiện <strong>một lần</strong>" in created.text
    key = created.text.split('<code class="api-key">')[1].split("</code>")[0]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).json()["username"] == owner.username
    listing = client.get("/quan-tri/khoa-api").text
    assert key not in listing and f"{key[:12]}…" in listing
    revoked = client.post("/quan-tri/khoa-api/thu-hoi", data={"prefix": key[:12], "csrf_token": csrf_of(client)})
    assert revoked.status_code == 200 and "Đã thu hồi" in revoked.text
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert _audit(web_app, "api_key")[:2] == [f"thu hồi khóa {key[:12]}…", f"tạo khóa {key[:12]}… cho {owner.username}"]


def test_the_api_creates_a_key_once_and_changes_a_user(client: TestClient, web_app: FastAPI, api_key_for: Callable[[Role], str]) -> None:
    admin = {"Authorization": f"Bearer {api_key_for('admin')}"}
    user = client.post("/api/v1/admin/users", json={"username": "pt.minh", "password": PASSWORD, "role": "analyst"}, headers=admin)
    assert user.status_code == 201 and user.json()["role"] == "analyst"
    changed = client.patch(f"/api/v1/admin/users/{user.json()['id']}", json={"role": "viewer"}, headers=admin)
    assert changed.json()["role"] == "viewer"
    made = client.post("/api/v1/admin/keys", json={"user_id": user.json()["id"], "name": "thử"}, headers=admin).json()
    assert made["key"].startswith(made["record"]["prefix"]) and made["record"]["username"] == "pt.minh"
    listed = client.get("/api/v1/admin/keys", headers=admin).json()
    assert made["key"] not in str(listed) and any(k["prefix"] == made["record"]["prefix"] for k in listed)
    gone = client.delete(f"/api/v1/admin/keys/{made['record']['prefix']}", headers=admin).json()
    assert gone["revoked_at"] is not None
    bad = client.post("/api/v1/admin/users", json={"username": "x y", "password": PASSWORD, "role": "analyst"}, headers=admin)
    assert bad.status_code == 400 and "tên đăng nhập" in bad.json()["detail"]


def test_retry_moves_a_quarantined_item_back_and_is_audited(
    client: TestClient, web_app: FastAPI, login_as: Callable[[Role], Principal]
) -> None:
    queue = web_app.state.langnghe.app.queue
    item = build_item(text="Tin thử cách ly cho trang quản trị", title="Tin thử cách ly")
    queue.put([item])
    lease = queue.lease(1000)
    assert lease is not None
    queue.retry(lease, [i.id for i in lease.items if i.id != item.id], "để sau", 0)  # only ours is settled here
    queue.quarantine(lease, [item.id], "chỉ mục từ chối: thử")
    login_as("admin")
    page = client.get("/quan-tri/hang-doi").text
    assert "Tin thử cách ly" in page and "chỉ mục từ chối: thử" in page
    response = client.post("/quan-tri/hang-doi/thu-lai", data={"ids": [item.id], "csrf_token": csrf_of(client)})
    assert response.status_code == 200 and "Đã đưa 1 tin trở lại hàng đợi" in response.text
    assert queue.state(item.id) == "ready"
    assert _audit(web_app, "retry")[0] == f"1 tin trở lại hàng đợi (1 mã: {item.id})"


def test_the_audit_log_filters_and_exports(client: TestClient, web_app: FastAPI, login_as: Callable[[Role], Principal]) -> None:
    someone = make_user(web_app, "viewer")
    log_in(client, someone.username)
    client.cookies.clear()
    admin = login_as("admin")
    page = client.get("/quan-tri/nhat-ky", params={"username": someone.username}).text
    assert page.count('data-action="login"') == 1 and admin.username not in page.split("<tbody>")[1]
    export = client.get("/quan-tri/nhat-ky.csv", params={"action": "login", "since": "01/01/2026"})
    rows = list(csv.reader(io.StringIO(export.text.lstrip("\ufeff"))))
    assert rows[0] == ["thời điểm", "người dùng", "thao tác", "chi tiết", "địa chỉ"]
    assert {someone.username, admin.username} <= {row[1] for row in rows[1:]} and {row[2] for row in rows[1:]} == {"Đăng nhập"}
    assert client.get("/quan-tri/nhat-ky.csv", params={"until": "01/01/2000"}).text.count("\n") == 1
    bad = client.get("/quan-tri/nhat-ky", params={"since": "32/01/2026"})
    assert bad.status_code == 400 and "Từ: không có ngày" in bad.text


def test_the_api_lists_the_quarantine_retries_and_reads_the_audit_log(
    client: TestClient, web_app: FastAPI, api_key_for: Callable[[Role], str]
) -> None:
    admin = {"Authorization": f"Bearer {api_key_for('admin')}"}
    queue = web_app.state.langnghe.app.queue
    item = build_item(text="Tin thử cách ly cho API quản trị")
    queue.put([item])
    lease = queue.lease(1000)
    assert lease is not None
    queue.retry(lease, [i.id for i in lease.items if i.id != item.id], "để sau", 0)
    queue.quarantine(lease, [item.id], "thử API cách ly")
    listed = client.get("/api/v1/admin/queue", params={"reason": "thử API"}, headers=admin).json()
    assert [entry["id"] for entry in listed["quarantined"]] == [item.id] and listed["counts"]["quarantined"] >= 1
    retried = client.post("/api/v1/admin/queue/retry", json={"ids": [item.id]}, headers=admin)
    assert retried.json() == {"released": 1} and queue.state(item.id) == "ready"
    log = client.get("/api/v1/admin/audit", params={"action": "retry", "limit": 1}, headers=admin).json()
    assert log["entries"][0]["detail"] == f"1 tin trở lại hàng đợi (1 mã: {item.id})"
    bad = client.get("/api/v1/admin/audit", params={"until": "hôm qua"}, headers=admin)
    assert bad.status_code == 400 and bad.json()["detail"].startswith("Đến: không đọc được thời điểm 'hôm qua'")
    sources = client.get("/api/v1/admin/sources", headers=admin).json()["sources"]
    assert sources and all(source["name"] for source in sources)
