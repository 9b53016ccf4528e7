"""The login form in a real browser: a wrong password stays on the form, the right one lands
on the role's first page with the navigation of that role."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from langnghe.stores.accounts import Role
from langnghe.web.auth import Principal

from ..conftest import make_user


def test_a_wrong_password_then_the_right_one(live_app: FastAPI, live_url: str, page: object) -> None:
    principal = make_user(live_app, "viewer")
    page.goto(f"{live_url}/api/docs")  # type: ignore[attr-defined]
    assert "/dang-nhap" in page.url  # type: ignore[attr-defined]
    page.fill("input[name=username]", principal.username)  # type: ignore[attr-defined]
    page.fill("input[name=password]", "khong-dung-mat-khau")  # type: ignore[attr-defined]
    page.click("form[action='/dang-nhap'] button[type=submit]")  # type: ignore[attr-defined]
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.text_content("[role=alert]")  # type: ignore[attr-defined]


def test_logged_in_the_navigation_follows_the_role(browser_login: Callable[[Role], Principal], page: object) -> None:
    browser_login("viewer")
    links = page.locator("nav.nav a").all_text_contents()  # type: ignore[attr-defined]
    assert "Xu hướng" in links and "Tìm kiếm" not in links and "Quản trị" not in links
    assert page.text_content(".who") == "Thử viewer"  # type: ignore[attr-defined]
