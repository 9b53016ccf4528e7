"""Every route of the web app is guarded: found by listing ``create_app(...).routes``, so a route
added without a guard (or with the wrong one) fails here, with its method and path.

- ``/api/v1``: 401 without credentials; 403 with the key of a role that lacks the route's
  permission (viewer, collaborator); 403 for a session that changes something without the CSRF header.
- Pages: without a session a GET is sent to the login page; a POST without the CSRF token is 403.
- Only the login form and the health check are public. ``/api/docs`` and ``/api/openapi.json``
  need a login or a key: the OpenAPI document lists every endpoint, the admin ones included, and
  Swagger's "try it out" acts with the visitor's session, so it is no page for strangers.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from langnghe.stores.accounts import Role
from langnghe.web.auth import ROLE_PERMISSIONS, Principal

from .conftest import csrf_of
from .route_table import PUBLIC, RouteEntry, other_routes, route_table

LOW_ROLES: tuple[Role, ...] = ("viewer", "collaborator")


def _send(client: TestClient, entry: RouteEntry, headers: dict[str, str] | None = None) -> int:
    """Status of one request to ``entry`` (an empty JSON body for the methods that take one)."""
    body = {} if entry.method in ("POST", "PUT", "PATCH") else None
    response = client.request(entry.method, entry.url(), json=body, headers=headers, follow_redirects=False)
    return response.status_code


def test_every_route_has_exactly_one_guard_and_only_the_login_and_health_are_public(web_app: FastAPI) -> None:
    table = route_table(web_app)
    assert len(table) > 5, "no routes found: has the app's structure changed?"
    unguarded = [f"{entry}: {len(entry.guards)} guards" for entry in table if len(entry.guards) != 1]
    public = {(entry.method, entry.path) for entry in table if entry.guards and entry.guard.kind == "public"}
    assert unguarded == []
    assert public <= PUBLIC, f"public routes beyond the login and health: {sorted(public - PUBLIC)}"
    wrong_kind = [str(entry) for entry in table if entry.guards and entry.guard.kind != "public"
                  and entry.guard.kind != ("api" if entry.api else "page")]  # fmt: skip
    assert wrong_kind == [], "an /api route needs api_user (JSON 401/403), a page page_user"


def test_no_route_escapes_the_table(web_app: FastAPI) -> None:
    """A Starlette route added beside FastAPI's (``add_route``, a mount) would carry no guard."""
    assert other_routes(web_app) == []


def test_every_api_route_answers_401_without_credentials(web_app: FastAPI, client: TestClient) -> None:
    api = [entry for entry in route_table(web_app) if entry.api and (entry.method, entry.path) not in PUBLIC]
    assert api, "no /api routes"
    wrong = {str(entry): status for entry in api if (status := _send(client, entry)) != 401}
    assert wrong == {}
    answer = client.get("/api/v1/me")
    assert answer.json()["detail"].startswith("Cần đăng nhập hoặc khóa API")


def test_a_forged_or_revoked_key_is_401(web_app: FastAPI, client: TestClient,
                                        api_key_for: Callable[[Role], str]) -> None:  # fmt: skip
    key = api_key_for("admin")
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    forged = key[:12] + "A" * (len(key) - 12)  # the right visible prefix, the wrong rest
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401
    web_app.state.langnghe.app.accounts.revoke_key(key[:12])
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"}).status_code == 401


@pytest.mark.parametrize("role", LOW_ROLES)
def test_a_key_of_a_role_without_the_permission_is_403_on_every_api_route(
    role: Role, web_app: FastAPI, client: TestClient, api_key_for: Callable[[Role], str]
) -> None:
    held = ROLE_PERMISSIONS[role]
    beyond = [entry for entry in route_table(web_app) if entry.api and entry.guards and entry.guard.kind == "api"
              and entry.guard.permission is not None and entry.guard.permission not in held]  # fmt: skip
    headers = {"Authorization": f"Bearer {api_key_for(role)}"}
    wrong = {str(entry): status for entry in beyond if (status := _send(client, entry, headers)) != 403}
    assert wrong == {}


def test_a_session_changing_something_through_the_api_needs_the_csrf_header(
    web_app: FastAPI, client: TestClient, login_as: Callable[[Role], Principal]
) -> None:
    """A page of another site could otherwise post to /api/v1 with the analyst's cookie."""
    login_as("admin")
    unsafe = [entry for entry in route_table(web_app) if entry.api and not entry.safe and entry.guard.kind == "api"]
    wrong = {str(entry): status for entry in unsafe if (status := _send(client, entry)) != 403}
    assert wrong == {}


def test_every_page_sends_a_visitor_without_a_session_to_the_login_page(web_app: FastAPI, client: TestClient) -> None:
    pages = [entry for entry in route_table(web_app) if not entry.api and entry.safe
             and (entry.method, entry.path) not in PUBLIC]  # fmt: skip
    assert any(entry.path == "/api/docs" for entry in pages)  # the docs need a login (module docs)
    wrong = {}
    for entry in pages:
        response = client.get(entry.url(), follow_redirects=False)
        if response.status_code != 303 or not response.headers["location"].startswith("/dang-nhap?next="):
            wrong[str(entry)] = response.status_code
    assert wrong == {}
    assert client.get("/api/openapi.json").status_code == 401


def test_every_page_that_changes_something_has_the_csrf_guard(web_app: FastAPI) -> None:
    unguarded = [str(entry) for entry in route_table(web_app) if not entry.api and not entry.safe and not entry.csrf]
    assert unguarded == []


def test_every_page_post_without_the_csrf_token_is_403(
    web_app: FastAPI, client: TestClient, login_as: Callable[[Role], Principal]
) -> None:
    login_as("admin")
    csrf_of(client)  # the session has a token: the posts below leave it out
    posts = [entry for entry in route_table(web_app) if not entry.api and not entry.safe]
    assert any(entry.path == "/dang-xuat" for entry in posts)
    wrong = {}
    for entry in posts:
        response = client.request(entry.method, entry.url(), data={"x": "1"}, follow_redirects=False)
        if response.status_code != 403 or "mã chống giả mạo" not in response.text:
            wrong[str(entry)] = response.status_code
    assert wrong == {}
    assert client.get("/api/v1/me").status_code == 200  # still logged in: /dang-xuat did nothing


def test_a_wrong_csrf_token_is_403_too(client: TestClient, login_as: Callable[[Role], Principal]) -> None:
    login_as("analyst")
    csrf_of(client)
    response = client.post("/dang-xuat", data={"csrf_token": "sai"}, follow_redirects=False)
    assert response.status_code == 403
    assert client.get("/api/v1/me").status_code == 200


def test_the_table_sees_a_route_added_without_a_guard(web_app: FastAPI) -> None:
    """What the tests above rely on: a forgotten guard shows as a route with none."""

    @web_app.get("/api/v1/quen-bao-ve")
    def forgotten() -> dict[str, str]:
        return {}

    found = [entry for entry in route_table(web_app) if entry.path == "/api/v1/quen-bao-ve"]
    assert [(entry.method, entry.guards) for entry in found] == [("GET", ())]
