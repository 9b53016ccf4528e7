"""Logging in and out, the home page (the first page a role may open) and ``/api/v1/me``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel

from langnghe.web.audit import record
from langnghe.web.auth import Principal
from langnghe.web.deps import api_user, client_address, csrf_ok, get_app, page_user, public, session_principal, web_state
from langnghe.web.render import nav_for, page

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Only a path of this site (never ``//host`` or a scheme): no open redirect after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/dang-nhap", include_in_schema=False, dependencies=[public()])
def login_page(request: Request, next: str | None = None) -> Response:
    if session_principal(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return page(request, "login.html", None, next=_safe_next(next), error=None, username="")


@router.post("/dang-nhap", include_in_schema=False, dependencies=[public(), Depends(csrf_ok)])
def login(
    request: Request, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    state, address = web_state(request), client_address(request)
    if state.login_failures.blocked(address):
        minutes = max(1, state.login_failures.retry_after(address) // 60)
        return page(request, "login.html", None, status_code=429, next=_safe_next(next), username=username,
                    error=f"Đăng nhập sai quá nhiều lần từ địa chỉ này; hãy thử lại sau {minutes} phút.")  # fmt: skip
    user = state.app.accounts.authenticate(username, password)
    if user is None:
        state.login_failures.hit(address)
        record(request, None, "login_failed", f"tên đăng nhập {username.strip()[:60]!r}", username=username.strip()[:60] or "?")
        return page(request, "login.html", None, status_code=401, next=_safe_next(next), username=username,
                    error="Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa.")  # fmt: skip
    request.session.clear()  # a new session for the new login (no fixation)
    request.session.update(uid=user.id, epoch=user.session_epoch)
    principal = Principal.of(user, "session")
    record(request, principal, "login")
    target = _safe_next(next)
    return RedirectResponse(target if target != "/" else home_path(principal), status_code=303)


@router.post("/dang-xuat", include_in_schema=False, dependencies=[Depends(csrf_ok)])
def logout(request: Request, principal: Principal = page_user()) -> Response:
    record(request, principal, "logout")
    request.session.clear()
    return RedirectResponse("/dang-nhap", status_code=303)


def home_path(principal: Principal) -> str:
    links = nav_for(principal)
    return links[0].path if links else "/dang-nhap"


@router.get("/", include_in_schema=False)
def home(principal: Principal = page_user()) -> Response:
    return RedirectResponse(home_path(principal), status_code=303)


class MeResponse(BaseModel):
    username: str
    display_name: str
    role: str
    role_name: str
    via: str


@router.get("/api/v1/me", response_model=MeResponse, summary="Người dùng của khóa API hoặc phiên đăng nhập")
def me(principal: Principal = api_user()) -> MeResponse:
    return MeResponse(username=principal.username, display_name=principal.display_name, role=principal.role,
                      role_name=principal.role_name, via=principal.via)


@router.get("/api/v1/health", summary="Máy chủ web còn chạy", dependencies=[public()])
def health(request: Request) -> dict[str, str]:
    get_app(request)
    return {"status": "ok"}
