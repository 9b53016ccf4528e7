"""The web app served by uvicorn in this process on loopback, asked with httpx as an analyst.

Used by bench/bench_web.py: one analyst account (a session for the pages, an API key for
``/api/v1``), made in the app's own account store of the benchmarked data directory.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable

import httpx
import uvicorn

from langnghe.settings import Settings

USERNAME = "bench-analyst"
PASSWORD = "mật-khẩu-đo-tốc-độ-2026"


def sample_ms(action: Callable[[], object], repeat: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


class WebClient:
    """A running server and two clients on it: a logged-in session and an API key's."""

    def __init__(self, server: uvicorn.Server, thread: threading.Thread, base: str, key: str) -> None:
        self.server, self.thread, self.base = server, thread, base
        self.session = httpx.Client(base_url=base, timeout=120)
        self.keyed = httpx.Client(base_url=base, timeout=120, headers={"Authorization": f"Bearer {key}"})

    @classmethod
    def started(cls, settings: Settings) -> WebClient:
        from langnghe.web.app import create_app

        key = analyst_key(settings)
        settings = settings.model_copy(update={"web_key_rate": 1_000_000})  # the bench is no abuse
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        config = uvicorn.Config(create_app(settings), log_level="warning", lifespan="on")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        while not server.started:
            if not thread.is_alive():
                raise RuntimeError("uvicorn did not start (see its log above)")
            time.sleep(0.05)
        client = cls(server, thread, f"http://127.0.0.1:{sock.getsockname()[1]}", key)
        client.log_in()
        return client

    def log_in(self) -> None:
        """Through the login form, as a browser does (its CSRF token read from the page)."""
        form = self.session.get("/dang-nhap")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        if token is None:
            raise RuntimeError("no CSRF token on the login page")
        answer = self.session.post("/dang-nhap", data={"username": USERNAME, "password": PASSWORD, "next": "/",
                                                        "csrf_token": token.group(1)})  # fmt: skip
        if answer.status_code != 303 or "/dang-nhap" in answer.headers.get("location", ""):
            raise RuntimeError(f"login failed: HTTP {answer.status_code}")

    def me(self, repeat: int, warmup: int) -> list[float]:
        return sample_ms(lambda: self._ok(self.keyed.get("/api/v1/me")), repeat, warmup)

    def api(self, query: str, repeat: int, warmup: int) -> list[float]:
        return sample_ms(lambda: self._ok(self.keyed.get("/api/v1/search", params={"q": query})), repeat, warmup)

    def page(self, query: str, repeat: int, warmup: int) -> list[float]:
        return sample_ms(lambda: self._ok(self.session.get("/tim-kiem", params={"q": query})), repeat, warmup)

    @staticmethod
    def _ok(response: httpx.Response) -> None:
        if response.status_code != 200:
            raise RuntimeError(f"{response.request.url}: HTTP {response.status_code}: {response.text[:300]}")

    def close(self) -> None:
        self.session.close()
        self.keyed.close()
        self.server.should_exit = True
        self.thread.join(timeout=30)


def analyst_key(settings: Settings) -> str:
    """A new API key of the bench's analyst, made (with the account, once) in the data folder's store."""
    from langnghe.app import App

    with App(settings) as app:
        user = app.accounts.user_by_name(USERNAME) or app.accounts.add_user(USERNAME, PASSWORD, "analyst", "Đo tốc độ")
        return app.accounts.create_key(user.id, "bench_web")[1]
