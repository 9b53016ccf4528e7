"""FastAPI dependencies: the app's ports, the principal of a request, and the guards.

Every route declares exactly one guard, so a test can list the routes and check each:

- :func:`page_user` ``(permission)`` for pages: a visitor without a session is sent to the login
  page, a user without the permission gets the 403 page;
- :func:`api_user` ``(permission)`` for ``/api/v1``: an API key (``Authorization: Bearer ...`` or
  ``X-API-Key``) or the session; 401 without either, 403 without the permission, 429 past the
  key's rate. A key's use is written to the audit log (once per key per minute).
- :func:`public` for the few routes anyone may open (the login page, health).

:func:`csrf_ok` guards every page route that changes something: the form's ``csrf_token`` field
or the ``X-CSRF-Token`` header (htmx sends it) must match the session's token.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fastapi import Depends, HTTPException, Request

from langnghe.web.auth import PERMISSION_VI, Permission, Principal

if TYPE_CHECKING:
    from langnghe.app import App
    from langnghe.service import QueryService
    from langnghe.web.app import WebState

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
GUARD_ATTRIBUTE = "langnghe_guard"  # on every guard function: ("page"|"api"|"public", permission or None)


class LoginRequired(Exception):
    """A page asked for by a visitor without a session: answered with a redirect to the login page."""


class Denied(Exception):
    """A page asked for by a user without its permission: answered with the 403 page."""

    def __init__(self, permission: Permission | None, principal: Principal | None = None) -> None:
        super().__init__(permission)
        self.permission, self.principal = permission, principal


def web_state(request: Request) -> WebState:
    return request.app.state.langnghe  # type: ignore[no-any-return]


def get_app(request: Request) -> App:
    return web_state(request).app


def get_queries(request: Request) -> QueryService:
    return web_state(request).queries


def client_address(request: Request) -> str:
    return request.client.host if request.client else "?"


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def session_principal(request: Request) -> Principal | None:
    """The user of the session cookie, while the account is enabled and the session current."""
    user_id, epoch = request.session.get("uid"), request.session.get("epoch")
    if not isinstance(user_id, int):
        return None
    user = get_app(request).accounts.user(user_id)
    if user is None or user.disabled or user.session_epoch != epoch:
        request.session.pop("uid", None)
        return None
    return Principal.of(user, "session")


def _key_of(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.headers.get("x-api-key") or None


def key_principal(request: Request, key: str) -> Principal:
    """The principal of an API key; 401 when the key is unknown, revoked or its user disabled,
    429 past the key's rate."""
    state = web_state(request)
    found = state.app.accounts.user_for_key(key)
    if found is None:
        raise HTTPException(401, "Khóa API không hợp lệ hoặc đã bị thu hồi.", {"WWW-Authenticate": "Bearer"})
    user, api_key = found
    if not state.key_rate.hit(api_key.prefix):
        raise HTTPException(429, "Khóa API đã vượt giới hạn số yêu cầu mỗi phút; hãy thử lại sau.",
                            {"Retry-After": str(state.key_rate.retry_after(api_key.prefix))})  # fmt: skip
    principal = Principal.of(user, "key", api_key.prefix)
    if state.key_audit.hit(api_key.prefix):  # one entry per key per minute, not one per request
        from langnghe.web.audit import record

        record(request, principal, "api_key_use", f"{api_key.prefix}… {request.method} {request.url.path}")
    return principal


def _guard(kind: str, permission: Permission | None, function: Callable[..., Any]) -> Callable[..., Any]:
    setattr(function, GUARD_ATTRIBUTE, (kind, permission))
    return function


def page_user(permission: Permission | None = None) -> Any:
    """A page's guard: the logged-in user holding ``permission`` (any logged-in user when None)."""

    def guard(request: Request) -> Principal:
        principal = session_principal(request)
        if principal is None:
            raise LoginRequired()
        if permission is not None and not principal.can(permission):
            raise Denied(permission, principal)
        return principal

    return Depends(_guard("page", permission, guard))


def api_user(permission: Permission | None = None) -> Any:
    """An API route's guard: the key's or the session's user holding ``permission``. A request
    that comes with the session cookie and changes something also needs the CSRF header."""

    def guard(request: Request) -> Principal:
        key = _key_of(request)
        if key is not None:
            principal = key_principal(request, key)
        else:
            found = session_principal(request)
            if found is None:
                raise HTTPException(401, "Cần đăng nhập hoặc khóa API (Authorization: Bearer <khóa>).",
                                    {"WWW-Authenticate": "Bearer"})  # fmt: skip
            if request.method not in SAFE_METHODS and not _csrf_matches(request, request.headers.get("x-csrf-token")):
                raise HTTPException(403, "Thiếu hoặc sai mã chống giả mạo (X-CSRF-Token).")
            principal = found
        if permission is not None and not principal.can(permission):
            raise HTTPException(403, f"Vai trò {principal.role_name} không được {PERMISSION_VI[permission]}.")
        return principal

    return Depends(_guard("api", permission, guard))


def public() -> Any:
    """The guard of a route anyone may open."""

    def guard() -> None:
        return None

    return Depends(_guard("public", None, guard))


def _csrf_matches(request: Request, sent: object) -> bool:
    expected = request.session.get("csrf")
    return isinstance(sent, str) and isinstance(expected, str) and hmac.compare_digest(sent, expected)


async def csrf_ok(request: Request) -> None:
    """403 unless a state-changing request carries the session's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    sent: object = request.headers.get("x-csrf-token")
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get("csrf_token")
    if not _csrf_matches(request, sent):
        raise HTTPException(403, "Thiếu hoặc sai mã chống giả mạo; hãy tải lại trang rồi gửi lại.")
