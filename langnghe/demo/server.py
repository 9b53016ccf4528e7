"""Serve the demo site on loopback: one quiet ``ThreadingHTTPServer`` per host.

Each host listens on its own address in 127.0.0.0/8 (Linux answers on all of it), so
the crawler sees six sites with their own robots.txt. Where an address cannot be bound
(macOS only has 127.0.0.1 by default) the host falls back to 127.0.0.1 on its own port.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timezone
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from langnghe.demo.model import DemoItem, DemoSite
from langnghe.demo.render import Page, render_site

log = logging.getLogger(__name__)
_FALLBACK = "127.0.0.1"
_POLL_S = 0.05  # shutdown() waits up to one poll per host; six hosts stop in well under a second


class _HostServer(ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[str, Page] = {}

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client closing early is normal for a crawler; keep stderr clean.
        log.debug("demo server: error while serving %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    server: _HostServer
    server_version = "nginx"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        self._respond(with_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(with_body=False)

    def _respond(self, *, with_body: bool) -> None:
        page = self.server.pages.get(urlsplit(self.path).path)
        if page is None:
            self._send(HTTPStatus.NOT_FOUND, b"<h1>404 - Kh\xc3\xb4ng t\xc3\xacm th\xe1\xba\xa5y trang</h1>\n",
                       "text/html; charset=utf-8", with_body)
            return
        if self.headers.get("If-None-Match") == page.etag:
            self._send(HTTPStatus.NOT_MODIFIED, b"", None, False, page)
            return
        self._send(HTTPStatus.OK, page.body, page.content_type, with_body, page)

    def _send(self, status: HTTPStatus, body: bytes, content_type: str | None, with_body: bool,
              page: Page | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if page is not None:
            self.send_header("ETag", page.etag)
            self.send_header("Last-Modified", format_datetime(page.last_modified.astimezone(timezone.utc), usegmt=True))
        self.send_header("Content-Length", str(len(body) if status != HTTPStatus.NOT_MODIFIED else 0))
        self.end_headers()
        if with_body and status != HTTPStatus.NOT_MODIFIED:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the stdlib's name)
        """Quiet: one line per request on stderr would drown the demo's own output."""


@dataclass(frozen=True)
class ServedSite:
    """What :func:`serve_site` yields: where each host answers, and the sources to crawl."""

    site: DemoSite
    bases: dict[str, str]

    def base_url(self, outlet_id: str) -> str:
        return self.bases[outlet_id]

    def url(self, item: DemoItem | str) -> str:
        found = self.site.item(item) if isinstance(item, str) else item
        return self.bases[found.outlet] + found.path

    def item_for_url(self, url: str) -> DemoItem | None:
        """The demo item a crawled URL (feed link or canonical) points to, if any."""
        parts = urlsplit(url)
        for outlet_id, base in self.bases.items():
            if urlsplit(base).netloc == parts.netloc:
                return next((i for i in self.site.items_of(outlet_id) if i.path == parts.path), None)
        return None

    def allow_list(self) -> list[str]:
        """``host:port`` of every host, for ``Settings.allow_private_hosts``: the crawlers refuse
        loopback addresses unless allowed, and this allows the demo's own hosts only."""
        return sorted({urlsplit(base).netloc for base in self.bases.values()})

    def feed_urls(self) -> list[str]:
        return [self.bases[o.id] + f.path for o in self.site.outlets for f in o.feeds]

    def sources(self) -> list[dict[str, Any]]:
        """Entries for ``config/sources.yaml``: one ``rss`` source per feed."""
        return [
            {
                "id": f"demo-{outlet.id}-{feed.slug}",
                "kind": "rss",
                "name": f"{outlet.name} - {feed.title}",
                "url": self.bases[outlet.id] + feed.path,
                "platform": outlet.platform,
                "interval": outlet.interval,
            }
            for outlet in self.site.outlets
            for feed in outlet.feeds
        ]


@contextmanager
def serve_site(site: DemoSite, *, port: int = 0) -> Iterator[ServedSite]:
    """Serve every host of ``site`` until the ``with`` block ends.

    ``port=0`` lets each host take a free port; a fixed port is shared by all hosts,
    which works because each one has its own address.
    """
    servers: list[_HostServer] = []
    threads: list[threading.Thread] = []
    try:
        for outlet in site.outlets:
            servers.append(_bind(outlet.address, port))
        bases = {o.id: _base(s) for o, s in zip(site.outlets, servers)}
        pages = render_site(site, bases)
        for outlet, server in zip(site.outlets, servers):
            server.pages = pages[outlet.id]
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": _POLL_S}, name=f"demo-{outlet.id}", daemon=True
            )
            thread.start()
            threads.append(thread)
        yield ServedSite(site=site, bases=bases)
    finally:
        for server in servers[: len(threads)]:
            server.shutdown()  # only a running serve_forever() can be shut down
        for server in servers:
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)


def _bind(address: str, port: int) -> _HostServer:
    try:
        return _HostServer((address, port), _Handler)
    except OSError as exc:
        log.warning("demo server: cannot listen on %s (%s); using %s instead", address, exc, _FALLBACK)
        return _HostServer((_FALLBACK, 0), _Handler)


def _base(server: _HostServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}"
