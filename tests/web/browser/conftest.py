"""Browser tests: the web app served by uvicorn on a free loopback port, driven by Playwright on
Debian's chromium (launched by executable path; ``playwright install`` is never run). Whether a
missing chromium skips or fails them is tests/browser_gate.py's rule, applied before any fixture."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import uvicorn
from fastapi import FastAPI

from browser_gate import chromium_path
from langnghe.settings import Settings
from langnghe.stores.accounts import Role
from langnghe.web.app import create_app
from langnghe.web.auth import Principal
from ..conftest import PASSWORD, make_user

# Chromium's own calls home are refused on a closed network, many at a time: switched off.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]  # fmt: skip


@pytest.fixture()
def live_app(web_settings: Settings) -> Iterator[FastAPI]:
    web = create_app(web_settings)
    yield web
    web.state.langnghe.app.close()


@pytest.fixture()
def live_url(live_app: FastAPI) -> Iterator[str]:
    """The app served on ``http://127.0.0.1:<free port>``, stopped after the test."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(live_app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    for _ in range(200):  # bounded: 10 s
        if server.started:
            break
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()


@pytest.fixture()
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A fresh Playwright page in headless chromium (its own empty profile)."""
    from playwright.sync_api import sync_playwright

    executable = str(chromium_path())  # there: tests/browser_gate.py skipped or failed the test before

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@pytest.fixture()
def browser_login(live_app: FastAPI, live_url: str, page: object) -> Callable[[Role], Principal]:
    """``browser_login(role)``: a new user of that role, logged in through the login form."""

    def login(role: Role) -> Principal:
        principal = make_user(live_app, role)
        page.goto(f"{live_url}/dang-nhap")  # type: ignore[attr-defined]
        page.fill("input[name=username]", principal.username)  # type: ignore[attr-defined]
        page.fill("input[name=password]", PASSWORD)  # type: ignore[attr-defined]
        page.click("form[action='/dang-nhap'] button[type=submit]")  # type: ignore[attr-defined]
        page.wait_for_load_state()  # type: ignore[attr-defined]
        return principal

    return login
