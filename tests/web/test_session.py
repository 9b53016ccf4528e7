"""Logging in and out, sessions, API keys and the guards of the foundation."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.stores.accounts import Role
from langnghe.web.auth import Principal

from .conftest import PASSWORD, csrf_of, log_in, make_user, page_csrf


def test_a_visitor_is_sent_to_the_login_page_with_where_they_were_going(client: TestClient) -> None:
    response = client.get("/api/docs", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/dang-nhap?next=%2Fapi%2Fdocs"


def test_login_without_the_csrf_token_is_refused(client: TestClient, web_app: FastAPI) -> None:
    user = make_user(web_app, "analyst")
    response = client.post("/dang-nhap", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 403
    assert client.get("/api/v1/me").status_code == 401


def test_a_wrong_password_is_refused_in_vietnamese_and_audited(client: TestClient, web_app: FastAPI) -> None:
    user = make_user(web_app, "analyst")
    response = client.post("/dang-nhap", data={"username": user.username, "password": "sai-mat-khau-roi",
                                               "csrf_token": page_csrf(client)})  # fmt: skip
    assert response.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in response.text
    entry = web_app.state.langnghe.app.accounts.audit_log(limit=1)[0]
    assert (entry.action, entry.username, entry.address) == ("login_failed", user.username, "testclient")


def test_login_goes_to_the_first_page_the_role_may_open(client: TestClient, web_app: FastAPI) -> None:
    for role, home in (("analyst", "/tim-kiem"), ("viewer", "/xu-huong"), ("collaborator", "/bao-cao-hien-truong")):
        user = make_user(web_app, role)  # type: ignore[arg-type]
        response = client.post("/dang-nhap", data={"username": user.username, "password": PASSWORD, "next": "/",
                                                   "csrf_token": page_csrf(client)}, follow_redirects=False)  # fmt: skip
        assert response.headers["location"] == home
        client.cookies.clear()


def test_the_login_redirect_never_leaves_the_site(client: TestClient, web_app: FastAPI) -> None:
    user = make_user(web_app, "analyst")
    response = client.post("/dang-nhap", data={"username": user.username, "password": PASSWORD,
                                               "next": "//evil.example/x", "csrf_token": page_csrf(client)},
                           follow_redirects=False)  # fmt: skip
    assert response.headers["location"] == "/tim-kiem"


def test_the_session_cookie_is_httponly_and_samesite_lax(client: TestClient, web_app: FastAPI) -> None:
    user = make_user(web_app, "analyst")
    response = client.post("/dang-nhap", data={"username": user.username, "password": PASSWORD, "next": "/",
                                               "csrf_token": page_csrf(client)}, follow_redirects=False)  # fmt: skip
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie


def test_repeated_failed_logins_from_one_address_must_wait(client: TestClient, web_app: FastAPI) -> None:
    user = make_user(web_app, "analyst")
    limit = web_app.state.langnghe.settings.web_login_attempts
    codes = [client.post("/dang-nhap", data={"username": user.username, "password": "sai-mat-khau-roi",
                                             "csrf_token": page_csrf(client)}).status_code
             for _ in range(limit + 1)]  # fmt: skip
    assert codes == [401] * limit + [429]
    right = client.post("/dang-nhap", data={"username": user.username, "password": PASSWORD,
                                            "csrf_token": page_csrf(client)})  # fmt: skip
    assert right.status_code == 429 and "thử lại sau" in right.text


def test_disabling_a_user_ends_their_session_and_their_keys(
    client: TestClient, web_app: FastAPI, login_as: Callable[[Role], Principal]
) -> None:
    principal = login_as("analyst")
    accounts = web_app.state.langnghe.app.accounts
    _, key = accounts.create_key(principal.user_id, "thử")
    assert client.get("/api/v1/me").json()["username"] == principal.username
    assert client.get("/api/v1/me", headers={"X-API-Key": key}).json()["via"] == "key"
    accounts.set_disabled(principal.user_id, True)
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_a_revoked_key_stops_working_and_each_key_use_is_audited(
    client: TestClient, web_app: FastAPI, api_key_for: Callable[[Role], str]
) -> None:
    key = api_key_for("viewer")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    accounts = web_app.state.langnghe.app.accounts
    assert accounts.audit_log(limit=1)[0].action == "api_key_use"
    accounts.revoke_key(key[:12])
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_a_session_post_to_the_api_needs_the_csrf_header(client: TestClient, login_as: Callable[[Role], Principal]) -> None:
    login_as("analyst")
    assert client.post("/dang-xuat", follow_redirects=False).status_code == 403
    token = csrf_of(client)
    assert client.post("/dang-xuat", headers={"X-CSRF-Token": token}, follow_redirects=False).status_code == 303
    assert client.get("/api/v1/me").status_code == 401


def test_the_api_docs_and_schema_are_for_logged_in_users(client: TestClient, login_as: Callable[[Role], Principal]) -> None:
    assert client.get("/api/openapi.json").status_code == 401
    login_as("viewer")
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui-bundle.js" in docs.text and "cdn" not in docs.text
    assert "/api/v1/me" in client.get("/api/openapi.json").json()["paths"]


def test_log_in_helper_works_for_each_role(client: TestClient, web_app: FastAPI) -> None:
    for role in ("admin", "analyst", "viewer", "collaborator"):
        user = make_user(web_app, role)  # type: ignore[arg-type]
        log_in(client, user.username)
        assert client.get("/api/v1/me").json()["role"] == role
        client.cookies.clear()
