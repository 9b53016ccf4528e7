"""The web app served by ``langnghe serve`` in a process of its own on loopback, asked with httpx as an analyst.

Used by bench/bench_web.py: one analyst account (a session for the pages, an API key for
``/api/v1``), made in the app's own account store of the benchmarked data directory. The
server runs apart from the client, as in production: a uvicorn thread in the client's own
process shares its GIL and added about 40 ms to every request (GET /api/v1/me: 48 ms in the
same process, 5 ms from another one, on the same machine).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

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

    def __init__(self, server: subprocess.Popen[bytes], base: str, key: str) -> None:
        self.server, self.base = server, base
        self.session = httpx.Client(base_url=base, timeout=120)
        self.keyed = httpx.Client(base_url=base, timeout=120, headers={"Authorization": f"Bearer {key}"})

    @classmethod
    def started(cls, settings: Settings, env: dict[str, str]) -> WebClient:
        """``langnghe serve`` on a free port with ``env`` (the backend's settings), once it answers."""
        key = analyst_key(settings)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        root = Path(__file__).resolve().parents[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "langnghe.cli", "serve", "--host", "127.0.0.1", "--port", str(port)], cwd=root,
            env={**os.environ, "PYTHONPATH": str(root), **env, "LANGNGHE_WEB_KEY_RATE": "1000000"},  # no abuse here
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(600):  # up to a minute
            if server.poll() is not None:
                raise RuntimeError(f"langnghe serve exited with {server.returncode} (see its log above)")
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        else:
            server.kill()
            raise RuntimeError("langnghe serve did not answer within a minute")
        client = cls(server, base, key)
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

    def api(self, params: dict[str, str], repeat: int, warmup: int) -> list[float]:
        return sample_ms(lambda: self._ok(self.keyed.get("/api/v1/search", params=params)), repeat, warmup)

    def page(self, params: dict[str, str], repeat: int, warmup: int, path: str = "/tim-kiem") -> list[float]:
        """The page as a browser first asks it (``path="/tim-kiem/so-tin"``: the counts it loads next, by htmx)."""
        headers = {"HX-Request": "true"} if path != "/tim-kiem" else {}
        return sample_ms(lambda: self._ok(self.session.get(path, params=params, headers=headers)), repeat, warmup)

    @staticmethod
    def _ok(response: httpx.Response) -> None:
        if response.status_code != 200:
            raise RuntimeError(f"{response.request.url}: HTTP {response.status_code}: {response.text[:300]}")

    def close(self) -> None:
        self.session.close()
        self.keyed.close()
        self.server.terminate()
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()


def analyst_key(settings: Settings) -> str:
    """A new API key of the bench's analyst, made (with the account, once) in the data folder's store."""
    from langnghe.app import App

    with App(settings) as app:
        user = app.accounts.user_by_name(USERNAME) or app.accounts.add_user(USERNAME, PASSWORD, "analyst", "Đo tốc độ")
        return app.accounts.create_key(user.id, "bench_web")[1]
