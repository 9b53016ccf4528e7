"""Helpers for tests that run against a real Elasticsearch node.

The node itself is started by ``scripts/elasticsearch.sh`` (``make test`` wraps the suite in
``scripts/with-elasticsearch.sh``, which exports ``LANGNGHE_TEST_ES_URL``). These helpers only work
from a source checkout, where the script lives next to the package.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "elasticsearch.sh"
URL_ENV = "LANGNGHE_TEST_ES_URL"
SKIP_ENV = "LANGNGHE_SKIP_ES"
NO_NODE_MESSAGE = (
    "no Elasticsearch node: run `make test`, or set LANGNGHE_TEST_ES_URL, or LANGNGHE_SKIP_ES=1 to skip"
)
SKIP_MESSAGE = "ELASTICSEARCH TESTS SKIPPED (LANGNGHE_SKIP_ES=1)"
# Bounds the script's own 120 s health wait plus the JVM's shutdown.
SCRIPT_TIMEOUT_S = 180


def skip_requested() -> bool:
    """True when the run explicitly opted out of Elasticsearch (``LANGNGHE_SKIP_ES=1``)."""
    return os.environ.get(SKIP_ENV, "") == "1"


def unique_prefix(hint: str = "") -> str:
    """A fresh lowercase index-name prefix, e.g. ``t-test-bulk-3f9a1c2e-``, legal in index names."""
    slug = re.sub(r"[^a-z0-9]+", "-", hint.lower()).strip("-")[:30]
    return f"t-{slug + '-' if slug else ''}{uuid.uuid4().hex[:8]}-"


def delete_prefixed(client: Elasticsearch, prefix: str) -> None:
    """Delete every index, template and ingest pipeline whose name starts with ``prefix``."""
    # Deleting the indices also drops their aliases; templates and pipelines outlive indices.
    quiet = client.options(ignore_status=404)
    quiet.indices.delete(index=f"{prefix}*", expand_wildcards="all")
    quiet.indices.delete_index_template(name=f"{prefix}*")
    quiet.cluster.delete_component_template(name=f"{prefix}*")
    quiet.indices.delete_template(name=f"{prefix}*")
    quiet.ingest.delete_pipeline(id=f"{prefix}*")


class ScriptNode:
    """A private Elasticsearch node in its own state dir, driven through scripts/elasticsearch.sh.

    ``stop()`` keeps the data, so ``start()`` afterwards brings the same indices back on the same
    URL (the ports are reused while free): what a test needs to stop a node mid-indexing.
    """

    def __init__(self, state_dir: Path, script: Path = SCRIPT) -> None:
        self.state_dir = state_dir
        self.script = script
        self._url: str | None = None

    @property
    def url(self) -> str:
        """The node's URL; only valid once started."""
        if self._url is None:
            raise RuntimeError(f"Elasticsearch node in {self.state_dir} was never started")
        return self._url

    def start(self) -> str:
        """Start (or restart) the node and wait until it is healthy; return its URL."""
        self._url = self._run("start").strip().splitlines()[-1]
        return self._url

    def stop(self, wipe: bool = False) -> None:
        """Stop the node; keep its data unless ``wipe``."""
        self._run("stop", *(["--wipe"] if wipe else []))

    def running(self) -> bool:
        """Whether the node's process is alive."""
        return self._status().returncode == 0

    def clean(self) -> None:
        """Stop the node and delete its whole state dir."""
        self._run("clean")

    def _status(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.script), "status", "--state", str(self.state_dir)],
            capture_output=True, text=True, timeout=SCRIPT_TIMEOUT_S, check=False,
        )

    def _run(self, command: str, *args: str) -> str:
        done = subprocess.run(
            [str(self.script), command, "--state", str(self.state_dir), *args],
            capture_output=True, text=True, timeout=SCRIPT_TIMEOUT_S, check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"scripts/elasticsearch.sh {command} failed ({done.returncode}):\n{done.stderr[-4000:]}"
            )
        return done.stdout


class TcpRelay:
    """A loopback TCP relay to a node: the node is reached through :attr:`url` until
    :meth:`close`, after which that port is closed (connections refused), while the node
    itself runs on; :meth:`reopen` listens on the same port again (the node is back).
    For tests of an index that loses its cluster mid-way."""

    def __init__(self, target_url: str) -> None:
        target = urlsplit(target_url)
        self._target = (target.hostname or "127.0.0.1", target.port or 9200)
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._server.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, args=(self._server,), daemon=True).start()

    def reopen(self) -> None:
        """Listen on :attr:`url`'s port again after :meth:`close`: the node is reachable again."""
        self._server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self._server,), daemon=True).start()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
                upstream = socket.create_connection(self._target)
            except OSError:
                return  # closed
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                end.close()

    def close(self) -> None:
        """Stop listening and cut every relayed connection."""
        try:
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept(); close() alone does not
        except OSError:
            pass
        self._server.close()
        with self._lock:
            for end in self._sockets:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()
