"""A local HTTP server for crawl tests and demos: pages you register, plus named failure endpoints.

    with MockSite() as site:
        site.add("/rss.xml", FEED.replace("{base}", site.base), content_type="application/rss+xml")
        run_crawl([SourceConfig(id="demo", kind="rss", url=site.url("/rss.xml"))], settings)

Failure endpoints, answered for any path under them:

- ``/status/<code>/...``  answers with that HTTP status;
- ``/delay/<seconds>/...`` waits, then answers 200 with a short page (for timeouts);
- ``/drop/...``           closes the connection without answering;
- ``/redirect-loop/...``  redirects to itself forever;
- ``/empty/...``          answers 200 with an empty body.

A route whose headers hold ``ETag`` or ``Last-Modified`` answers a matching conditional
request with 304 Not Modified. A route registered with a query string (``/api?page=2``)
answers that query only; other routes answer their path whatever the query.
Routes can also fail their first ``fail_first`` requests with ``fail_status`` (503 unless
told otherwise; 429 for rate limits) and ``fail_headers`` (``Retry-After``), to exercise retries.
Each request's arrival time is kept (``SeenRequest.at``, monotonic seconds), to measure pauses.
Only 127.0.0.1; the server stops in ``stop()`` (or on leaving the ``with`` block), and
waiting handlers give up at once. Crawlers refuse loopback addresses unless allowed: a crawl of a
MockSite runs with ``Settings(allow_private_hosts=MOCK_SITE_HOSTS)`` (or ``[site.host_port]``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from langnghe.item import Item
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.settings import Settings

MOCK_SITE_HOSTS = ["127.0.0.1"]  # allow_private_hosts for crawls of MockSites: 127.0.0.1, any port

_DELAY_STEP = 0.05
_MAX_DELAY = 120.0


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    fail_first: int = 0
    fail_status: int = 503
    headers: dict[str, str] = field(default_factory=dict)
    fail_headers: dict[str, str] = field(default_factory=dict)
    hits: int = 0


@dataclass(frozen=True)
class SeenRequest:
    path: str  # with its query string
    user_agent: str
    conditional: bool = False  # sent If-None-Match or If-Modified-Since
    at: float = 0.0  # time.monotonic() on arrival


class MockSite:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self._host = host
        self._routes: dict[str, Route] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.requests: list[SeenRequest] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- set up ---------------------------------------------------------------------------

    def add(
        self,
        path: str,
        body: str | bytes,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        delay: float = 0.0,
        fail_first: int = 0,
        fail_status: int = 503,
        headers: dict[str, str] | None = None,
        fail_headers: dict[str, str] | None = None,
    ) -> str:
        """Serve ``body`` at ``path``; ``{base}`` in a text body becomes this site's base URL. Returns the URL."""
        if isinstance(body, str):
            body = body.replace("{base}", self.base).encode("utf-8")
        route = Route(
            body, status, content_type, min(delay, _MAX_DELAY), fail_first, fail_status, dict(headers or {}),
            dict(fail_headers or {}),
        )
        with self._lock:
            self._routes[path] = route
        return self.url(path)

    @property
    def base(self) -> str:
        if self._server is None:
            raise RuntimeError("start the MockSite first (use it in a with block)")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def host_port(self) -> str:
        """``127.0.0.1:<port>``: the allow-list entry for this site alone."""
        return self.base.removeprefix("http://")

    def hits(self, path: str) -> int:
        """How many requests asked for ``path`` (query string ignored)."""
        with self._lock:
            return sum(1 for seen in self.requests if urlsplit(seen.path).path == path)

    # -- life cycle -----------------------------------------------------------------------

    def start(self) -> MockSite:
        server = _Server((self._host, 0), _Handler)
        server.daemon_threads = True
        server.site = self  # type: ignore[attr-defined]
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="mock-site", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> MockSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- answering (called from handler threads) ------------------------------------------

    def conditional_hits(self) -> int:
        """How many requests carried If-None-Match or If-Modified-Since."""
        with self._lock:
            return sum(seen.conditional for seen in self.requests)

    def _record(self, path: str, user_agent: str, conditional: bool) -> None:
        with self._lock:
            self.requests.append(SeenRequest(path, user_agent, conditional, time.monotonic()))

    def _route(self, target: str) -> Route | None:
        with self._lock:
            route = self._routes.get(target) or self._routes.get(urlsplit(target).path)
            if route is not None:
                route.hits += 1
            return route

    def _wait(self, seconds: float) -> None:
        """Sleep in small steps so that stop() is not held up by a slow endpoint."""
        remaining = min(seconds, _MAX_DELAY)
        while remaining > 0 and not self._stopping.is_set():
            self._stopping.wait(min(_DELAY_STEP, remaining))
            remaining -= _DELAY_STEP


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog of 5 drops SYNs under a burst of connections, and the
    # client then waits a full second to retry: a mock-server artefact, not crawler latency.
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up (timeouts, size limits) is expected here, not worth a traceback


class _Handler(BaseHTTPRequestHandler):
    server_version = "MockSite/1.0"
    disable_nagle_algorithm = True  # headers and body go in two writes; do not stall on delayed ACKs
    protocol_version = "HTTP/1.1"  # keep-alive, like real sites; every answer has a Content-Length

    @property
    def site(self) -> MockSite:
        return self.server.site  # type: ignore[attr-defined]

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
        self.site._record(self.path, self.headers.get("User-Agent", ""), conditional)
        try:
            self._answer(self.path)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to answer

    def _answer(self, target: str) -> None:
        path = urlsplit(target).path
        first = path.strip("/").split("/", 1)[0]
        if first in _ENDPOINTS:
            _ENDPOINTS[first](self, path)
            return
        route = self.site._route(target)
        if route is None:
            self._send(404, b"<html><body><h1>404</h1></body></html>")
            return
        self.site._wait(route.delay)
        if route.hits <= route.fail_first:
            self._send(route.fail_status, b"busy, try again", headers=route.fail_headers)
            return
        if route.status == 200 and self._not_modified(route):
            self._send(304, b"", route.content_type, route.headers)
            return
        self._send(route.status, route.body, route.content_type, route.headers)

    def _not_modified(self, route: Route) -> bool:
        etag, modified = route.headers.get("ETag"), route.headers.get("Last-Modified")
        asked_etag, asked_since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        if etag and asked_etag:
            return asked_etag == etag
        return bool(modified and asked_since and asked_since == modified)

    def _send(
        self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # requests are recorded in MockSite.requests instead of printed


def _status(handler: _Handler, path: str) -> None:
    code = path.strip("/").split("/")[1:2]
    status = int(code[0]) if code and code[0].isdigit() and 200 <= int(code[0]) < 600 else 400
    handler._send(status, f"<html><body>status {status}</body></html>".encode())


def _delay(handler: _Handler, path: str) -> None:
    parts = path.strip("/").split("/")
    try:
        seconds = float(parts[1])
    except (IndexError, ValueError):
        seconds = 1.0
    handler.site._wait(seconds)
    handler._send(200, b"<html><body><p>late</p></body></html>")


def _drop(handler: _Handler, path: str) -> None:
    handler.close_connection = True  # return without a status line: the client sees a dropped connection


def _redirect_loop(handler: _Handler, path: str) -> None:
    handler.send_response(302)
    handler.send_header("Location", path)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def _empty(handler: _Handler, path: str) -> None:
    handler._send(200, b"")


_ENDPOINTS = {
    "status": _status,
    "delay": _delay,
    "drop": _drop,
    "redirect-loop": _redirect_loop,
    "empty": _empty,
}


def queued_items(settings: Settings, by: Callable[[Item], str] | None = None) -> dict[str, Item]:
    """Every item in the crawl's queue, keyed by ``by(item)`` (the id unless told otherwise).

    The items are leased and left leased: for tests and benches whose queue is thrown away.
    """
    with SQLiteQueue(settings.paths.queue) as queue:
        lease = queue.lease(100_000)
    key = by or (lambda item: item.id)
    return {key(item): item for item in lease.items} if lease else {}


def url_path(item: Item) -> str:
    """The item's URL without scheme and host (``tin/a.html?x=1``), a readable key in tests."""
    return (item.url or "").split("/", 3)[3]
