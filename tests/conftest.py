"""Suite-wide fixtures: the real Elasticsearch node (see scripts/elasticsearch.sh).

``make test`` runs pytest under scripts/with-elasticsearch.sh, which starts a throw-away node and
exports LANGNGHE_TEST_ES_URL. Without it the Elasticsearch tests fail, never silently pass, unless
LANGNGHE_SKIP_ES=1 asks for them to be skipped, which the summary then says loudly. The browser
tests' rule for a missing Chromium (skip, or fail under ``make test``) lives in tests/browser_gate.py.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_gate import pytest_collection_modifyitems as pytest_collection_modifyitems  # the browser tests' gate
from browser_gate import pytest_runtest_setup as pytest_runtest_setup
from browser_gate import pytest_terminal_summary as _browser_summary
from elasticsearch import Elasticsearch

from langnghe.testing_es import (
    NO_NODE_MESSAGE,
    SKIP_MESSAGE,
    URL_ENV,
    ScriptNode,
    delete_prefixed,
    skip_requested,
    unique_prefix,
)

_skipped_es_tests: list[str] = []


@pytest.fixture(scope="session")
def es_url() -> str:
    """The URL of the suite's Elasticsearch node."""
    url = os.environ.get(URL_ENV, "").strip()
    if url:
        return url.rstrip("/")
    if skip_requested():
        pytest.skip(SKIP_MESSAGE)
    pytest.fail(NO_NODE_MESSAGE, pytrace=False)


@pytest.fixture(scope="session")
def es_client(es_url: str) -> Iterator[Elasticsearch]:
    """A client on the suite's node."""
    client = Elasticsearch(es_url, request_timeout=30)
    yield client
    client.close()


@pytest.fixture
def es_prefix(request: pytest.FixtureRequest, es_client: Elasticsearch) -> Iterator[str]:
    """A per-test index-name prefix; what the test created under it is deleted afterwards."""
    prefix = unique_prefix(request.node.name)
    yield prefix
    delete_prefixed(es_client, prefix)


@pytest.fixture
def private_es_node(es_url: str, tmp_path: Path) -> Iterator[ScriptNode]:
    """A second node, not started yet, in its own state dir; stopped and removed at teardown.

    Depends on es_url only so that the same skip/fail rule applies to every Elasticsearch test.
    """
    node = ScriptNode(tmp_path / "es-state")
    try:
        yield node
    finally:
        node.clean()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and SKIP_MESSAGE in str(report.longrepr):
        _skipped_es_tests.append(report.nodeid)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    _browser_summary(terminalreporter)
    if skip_requested() and not os.environ.get(URL_ENV):
        count = len(_skipped_es_tests)
        terminalreporter.write_sep("!", f"{SKIP_MESSAGE}: {count} test(s) not run", red=True, bold=True)
