"""Admin: users and roles (``/quan-tri/nguoi-dung``) and API keys (``/quan-tri/khoa-api``), with
their ``/api/v1/admin/...`` endpoints. Every change is written to the audit log (``user_change``,
``api_key``); a new key is shown once, then only its prefix. The operator pages (sources,
quarantine, audit log, field reports) are in :mod:`langnghe.web.routes.admin_ops`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from langnghe.errors import InputError
from langnghe.service.accounts import ApiKeyView, UserView, user_view
from langnghe.stores.accounts import ROLES, AccountStore, User
from langnghe.web.audit import record
from langnghe.web.auth import ADMIN, ROLE_VI, Principal
from langnghe.web.deps import api_user, csrf_ok, get_app, get_queries, page_user
from langnghe.web.render import page

router = APIRouter()


def _accounts(request: Request) -> AccountStore:
    return get_app(request).accounts


def _user(request: Request, user_id: int) -> User:
    found = _accounts(request).user(user_id)
    if found is None:
        raise InputError(f"không có người dùng số {user_id}")
    return found


def _not_self(principal: Principal, user: User, what: str) -> None:
    """An admin never locks themselves out (the last admin could not come back)."""
    if user.id == principal.user_id:
        raise InputError(f"không thể tự {what} tài khoản của mình; nhờ một quản trị viên khác")


# -- the changes, shared by the pages and the API; each one audited -----------------------------


def add_user(request: Request, principal: Principal, username: str, password: str, role: str, name: str) -> User:
    user = _accounts(request).add_user(username, password, role, name.strip() or None)
    record(request, principal, "user_change", f"thêm {user.username} ({user.role})")
    return user


def set_role(request: Request, principal: Principal, user_id: int, role: str) -> None:
    user = _user(request, user_id)
    _not_self(principal, user, "đổi vai trò")
    _accounts(request).set_role(user_id, role)
    record(request, principal, "user_change", f"đổi vai trò {user.username}: {user.role} → {role}")


def set_disabled(request: Request, principal: Principal, user_id: int, disabled: bool) -> None:
    user = _user(request, user_id)
    _not_self(principal, user, "khóa")
    _accounts(request).set_disabled(user_id, disabled)
    record(request, principal, "user_change", f"{'khóa' if disabled else 'mở lại'} {user.username}")


def reset_password(request: Request, principal: Principal, user_id: int, password: str) -> None:
    user = _user(request, user_id)
    _accounts(request).set_password(user_id, password)
    record(request, principal, "user_change", f"đặt lại mật khẩu {user.username}")


def create_key(request: Request, principal: Principal, user_id: int, name: str) -> tuple[ApiKeyView, str]:
    user = _user(request, user_id)
    key, secret = _accounts(request).create_key(user_id, name)
    record(request, principal, "api_key", f"tạo khóa {key.prefix}… cho {user.username}")
    (shown,) = [view for view in get_queries(request).api_keys() if view.prefix == key.prefix]
    return shown, secret


def revoke_key(request: Request, principal: Principal, prefix: str) -> None:
    key = _accounts(request).revoke_key(prefix)
    record(request, principal, "api_key", f"thu hồi khóa {key.prefix}…")


# -- pages -------------------------------------------------------------------------------------


def _users_page(request: Request, principal: Principal, *, status_code: int = 200, message: str | None = None,
                error: str | None = None) -> HTMLResponse:  # fmt: skip
    return page(request, "admin/users.html", principal, status_code=status_code, users=get_queries(request).users(),
                roles=[(role, ROLE_VI[role]) for role in ROLES], role_names=ROLE_VI, message=message, error=error,
                tab="nguoi-dung")  # fmt: skip


def _keys_page(request: Request, principal: Principal, *, status_code: int = 200, message: str | None = None,
               error: str | None = None, created: tuple[ApiKeyView, str] | None = None) -> HTMLResponse:  # fmt: skip
    queries = get_queries(request)
    return page(request, "admin/keys.html", principal, status_code=status_code, keys=queries.api_keys(),
                users=[user for user in queries.users() if not user.disabled], message=message, error=error,
                created=created, tab="khoa-api")  # fmt: skip


@router.get("/quan-tri/nguoi-dung", include_in_schema=False)
def users_page(request: Request, principal: Principal = page_user(ADMIN)) -> HTMLResponse:
    return _users_page(request, principal)


@router.post("/quan-tri/nguoi-dung", include_in_schema=False, dependencies=[Depends(csrf_ok)])
def users_change(
    request: Request, action: Annotated[str, Form()], user_id: Annotated[int | None, Form()] = None,
    username: Annotated[str, Form()] = "", display_name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
    principal: Principal = page_user(ADMIN),
) -> HTMLResponse:
    """One form handler for the page's forms (``action``: add, role, disable, enable, password)."""
    try:
        message = _apply(request, principal, action, user_id, username, display_name, role, password)
    except InputError as exc:
        return _users_page(request, principal, status_code=400, error=str(exc))
    return _users_page(request, principal, message=message)


def _apply(request: Request, principal: Principal, action: str, user_id: int | None, username: str,
           display_name: str, role: str, password: str) -> str:  # fmt: skip
    if action == "add":
        user = add_user(request, principal, username, password, role, display_name)
        return f"Đã thêm {user.username} ({ROLE_VI[user.role]})."
    if user_id is None or action not in ("role", "disable", "enable", "password"):
        raise InputError("yêu cầu không hợp lệ: thiếu người dùng hoặc thao tác")
    name = _user(request, user_id).username
    if action == "role":
        set_role(request, principal, user_id, role)
        return f"Đã đổi vai trò của {name}."
    if action == "password":
        reset_password(request, principal, user_id, password)
        return f"Đã đặt lại mật khẩu của {name}; các phiên đăng nhập cũ đã hết hiệu lực."
    set_disabled(request, principal, user_id, action == "disable")
    return f"Đã {'khóa' if action == 'disable' else 'mở lại'} tài khoản {name}."


@router.get("/quan-tri/khoa-api", include_in_schema=False)
def keys_page(request: Request, principal: Principal = page_user(ADMIN)) -> HTMLResponse:
    return _keys_page(request, principal)


@router.post("/quan-tri/khoa-api", include_in_schema=False, dependencies=[Depends(csrf_ok)])
def keys_create(
    request: Request, user_id: Annotated[int, Form()], name: Annotated[str, Form()] = "",
    principal: Principal = page_user(ADMIN),
) -> HTMLResponse:
    try:
        created = create_key(request, principal, user_id, name)
    except InputError as exc:
        return _keys_page(request, principal, status_code=400, error=str(exc))
    return _keys_page(request, principal, created=created)


@router.post("/quan-tri/khoa-api/thu-hoi", include_in_schema=False, dependencies=[Depends(csrf_ok)])
def keys_revoke(request: Request, prefix: Annotated[str, Form()], principal: Principal = page_user(ADMIN)) -> HTMLResponse:
    try:
        revoke_key(request, principal, prefix)
    except InputError as exc:
        return _keys_page(request, principal, status_code=400, error=str(exc))
    return _keys_page(request, principal, message=f"Đã thu hồi khóa {prefix}….")


# -- API ---------------------------------------------------------------------------------------


class NewUser(BaseModel):
    username: str
    password: str = Field(description="ít nhất 10 ký tự")
    role: str = Field(description="admin, analyst, viewer hoặc collaborator")
    display_name: str = ""


class UserChange(BaseModel):
    """What to change (each optional): the role, disabled or not, a new password."""

    role: str | None = None
    disabled: bool | None = None
    password: str | None = None


class NewKey(BaseModel):
    user_id: int
    name: str = ""


class KeyCreated(BaseModel):
    """The key itself is in this answer only: it is never stored, never shown again."""

    key: str
    record: ApiKeyView


@router.get("/api/v1/admin/users", response_model=list[UserView], summary="Người dùng và vai trò")
def api_users(request: Request, principal: Principal = api_user(ADMIN)) -> list[UserView]:
    return get_queries(request).users()


@router.post("/api/v1/admin/users", response_model=UserView, status_code=201, summary="Thêm người dùng")
def api_add_user(request: Request, body: NewUser, principal: Principal = api_user(ADMIN)) -> UserView:
    return user_view(add_user(request, principal, body.username, body.password, body.role, body.display_name))


@router.patch("/api/v1/admin/users/{user_id}", response_model=UserView, summary="Đổi vai trò, khóa/mở, đặt lại mật khẩu")
def api_change_user(request: Request, user_id: int, body: UserChange, principal: Principal = api_user(ADMIN)) -> UserView:
    if body.role is not None:
        set_role(request, principal, user_id, body.role)
    if body.disabled is not None:
        set_disabled(request, principal, user_id, body.disabled)
    if body.password is not None:
        reset_password(request, principal, user_id, body.password)
    return user_view(_user(request, user_id))


@router.get("/api/v1/admin/keys", response_model=list[ApiKeyView], summary="Khóa API (chỉ phần đầu của khóa)")
def api_keys(request: Request, principal: Principal = api_user(ADMIN)) -> list[ApiKeyView]:
    return get_queries(request).api_keys()


@router.post("/api/v1/admin/keys", response_model=KeyCreated, status_code=201, summary="Tạo khóa API (hiện một lần)")
def api_create_key(request: Request, body: NewKey, principal: Principal = api_user(ADMIN)) -> KeyCreated:
    shown, secret = create_key(request, principal, body.user_id, body.name)
    return KeyCreated(key=secret, record=shown)


@router.delete("/api/v1/admin/keys/{prefix}", response_model=ApiKeyView, summary="Thu hồi khóa API")
def api_revoke_key(request: Request, prefix: str, principal: Principal = api_user(ADMIN)) -> ApiKeyView:
    revoke_key(request, principal, prefix)
    (shown,) = [view for view in get_queries(request).api_keys() if view.prefix == prefix]
    return shown
