"""Logins rate-limited per address, the session cookie's flags, and what the accounts store keeps:
argon2id password hashes, API keys as SHA-256 digests beside a visible prefix, never in clear."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.settings import Settings
from langnghe.web.app import create_app

from .conftest import PASSWORD, make_user, page_csrf


@pytest.fixture()
def strict_app(web_settings: Settings) -> Iterator[FastAPI]:
    """The app with 3 failed logins allowed per address, and cookies for HTTPS only."""
    web = create_app(web_settings.model_copy(update={"web_login_attempts": 3, "web_secure_cookies": True}))
    yield web
    web.state.langnghe.app.close()


def _login(client: TestClient, username: str, password: str) -> tuple[int, str, str]:
    response = client.post("/dang-nhap", data={"username": username, "password": password, "next": "/",
                                               "csrf_token": page_csrf(client)}, follow_redirects=False)  # fmt: skip
    return response.status_code, response.text, response.headers.get("set-cookie", "")


def test_failed_logins_from_one_address_are_stopped_in_vietnamese(strict_app: FastAPI) -> None:
    user = make_user(strict_app, "analyst")
    with TestClient(strict_app, base_url="https://testserver") as client:
        statuses = [_login(client, user.username, "mat-khau-sai-roi")[0] for _ in range(3)]
        status, text, _ = _login(client, user.username, PASSWORD)  # even the right password, now
        assert statuses == [401, 401, 401]
        assert status == 429 and "Đăng nhập sai quá nhiều lần từ địa chỉ này" in text
        other = make_user(strict_app, "viewer")
        assert _login(client, other.username, PASSWORD)[0] == 429  # per address, not per account
        actions = [entry.action for entry in strict_app.state.langnghe.app.accounts.audit_log(limit=5)]
    assert actions.count("login_failed") >= 3


def test_the_session_cookie_is_secure_when_configured(strict_app: FastAPI) -> None:
    user = make_user(strict_app, "analyst")
    with TestClient(strict_app, base_url="https://testserver") as client:
        status, _, cookie = _login(client, user.username, PASSWORD)
    flags = [part.strip().lower() for part in cookie.split(";")]
    assert status == 303
    assert cookie.startswith("langnghe_session=")
    assert {"httponly", "secure", "samesite=lax"} <= set(flags)


def test_the_session_cookie_holds_no_password_or_name_in_clear(web_app: FastAPI, client: TestClient) -> None:
    user = make_user(web_app, "analyst")
    _, _, cookie = _login(client, user.username, PASSWORD)
    assert cookie and PASSWORD not in cookie and "argon2" not in cookie


def _rows(settings: Settings, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(settings.paths.accounts) as db:
        return db.execute(sql).fetchall()


def test_passwords_are_stored_as_argon2id_hashes(web_app: FastAPI, web_settings: Settings) -> None:
    user = make_user(web_app, "analyst")
    (stored,) = _rows(web_settings, f"SELECT password_hash FROM users WHERE username = '{user.username}'")[0]
    assert str(stored).startswith("$argon2id$")
    assert PASSWORD.encode() not in web_settings.paths.accounts.read_bytes()


def test_api_keys_are_stored_hashed_with_only_the_visible_prefix(web_app: FastAPI, web_settings: Settings) -> None:
    user = make_user(web_app, "analyst")
    record, key = web_app.state.langnghe.app.accounts.create_key(user.user_id, "thử")
    rows = _rows(web_settings, f"SELECT prefix, key_hash FROM api_keys WHERE user_id = {user.user_id}")
    assert rows == [(key[:12], hashlib.sha256(key.encode()).hexdigest())]
    assert record.prefix == key[:12] and len(key) > 40
    raw = web_settings.paths.accounts.read_bytes()
    wal = web_settings.paths.accounts.with_name(web_settings.paths.accounts.name + "-wal")
    for content in (raw, wal.read_bytes() if wal.exists() else b""):
        assert key.encode() not in content and key[12:].encode() not in content
