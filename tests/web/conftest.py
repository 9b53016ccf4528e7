"""Fixtures of the web app's tests: the demo's fourteen days in one data folder (made once per
run), a fresh web app over it per test, a TestClient, and users of each role."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.demo.testing import ingest_demo
from langnghe.settings import Settings
from langnghe.stores.accounts import Role
from langnghe.web.app import create_app
from langnghe.web.auth import Principal

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A data folder filled by replaying the demo site through ``langnghe ingest`` (shared: tests
    only add users, keys and their own records to it)."""
    return ingest_demo(tmp_path_factory.mktemp("web") / "data", REPO / "config")


@pytest.fixture()
def web_app(web_settings: Settings) -> Iterator[FastAPI]:
    web = create_app(web_settings)
    yield web
    web.state.langnghe.app.close()


@pytest.fixture()
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app) as test_client:
        yield test_client


def make_user(web: FastAPI, role: Role) -> Principal:
    """A new user of ``role`` with a unique name and the password :data:`PASSWORD`."""
    user = web.state.langnghe.app.accounts.add_user(f"{role}-{secrets.token_hex(4)}", PASSWORD, role, f"Thử {role}")
    return Principal.of(user, "session")


def page_csrf(client: TestClient, path: str = "/dang-nhap") -> str:
    """The CSRF token a page of ``client``'s session carries."""
    found = re.search(r'name="csrf-token" content="([^"]+)"', client.get(path).text)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    response = client.post("/dang-nhap", data={"username": username, "password": password, "next": "/",
                                               "csrf_token": page_csrf(client)}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text


@pytest.fixture()
def login_as(client: TestClient, web_app: FastAPI) -> Callable[[Role], Principal]:
    """``login_as(role)``: a new user of that role, logged in on ``client``."""

    def login(role: Role) -> Principal:
        principal = make_user(web_app, role)
        log_in(client, principal.username)
        return principal

    return login


@pytest.fixture()
def api_key_for(web_app: FastAPI) -> Callable[[Role], str]:
    """``api_key_for(role)``: the key of a new user of that role."""

    def key(role: Role) -> str:
        principal = make_user(web_app, role)
        return web_app.state.langnghe.app.accounts.create_key(principal.user_id, "thử")[1]

    return key


def csrf_of(client: TestClient) -> str:
    """The token of ``client``'s logged-in session (read from any page)."""
    return page_csrf(client, "/dang-nhap?next=/khong-co-trang-nay")  # logged in: the 404 page, which has it
