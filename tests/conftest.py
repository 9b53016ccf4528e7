"""Suite-wide fixtures: the real Elasticsearch node (see scripts/elasticsearch.sh), and the real
PostgreSQL server (scripts/postgres.sh) and RabbitMQ node (scripts/rabbitmq.sh) of the distributed mode.

``make test`` runs pytest under scripts/with-elasticsearch.sh, which starts a throw-away node and
exports LANGNGHE_TEST_ES_URL. Without it the Elasticsearch tests fail, never silently pass, unless
LANGNGHE_SKIP_ES=1 asks for them to be skipped, which the summary then says loudly. The browser
tests' rule for a missing Chromium (skip, or fail under ``make test``) lives in tests/browser_gate.py.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
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
PG_URL_ENV = "LANGNGHE_TEST_DB_URL"
PG_SKIP_MESSAGE = "LANGNGHE_SKIP_PG=1: PostgreSQL test skipped"
PG_NO_SERVER = ("no PostgreSQL server: run `make test` (scripts/with-postgres.sh), or set LANGNGHE_TEST_DB_URL, "
                "or LANGNGHE_SKIP_PG=1 to skip")


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


@pytest.fixture(scope="session")
def pg_url() -> str:
    """The SQLAlchemy URL of the suite's PostgreSQL server (its ``langnghe`` database)."""
    url = os.environ.get(PG_URL_ENV, "").strip()
    if url:
        return url
    if os.environ.get("LANGNGHE_SKIP_PG") == "1":
        pytest.skip(PG_SKIP_MESSAGE)
    pytest.fail(PG_NO_SERVER, pytrace=False)


@pytest.fixture(scope="session")
def amqp_url() -> str:
    """The AMQP URL of the suite's RabbitMQ node (scripts/with-rabbitmq.sh)."""
    url = os.environ.get("LANGNGHE_TEST_AMQP_URL", "").strip()
    if url:
        return url
    if os.environ.get("LANGNGHE_SKIP_RABBITMQ") == "1":
        pytest.skip("LANGNGHE_SKIP_RABBITMQ=1: RabbitMQ test skipped")
    pytest.fail("no RabbitMQ node: run `make test` (scripts/with-rabbitmq.sh), or set LANGNGHE_TEST_AMQP_URL, "
                "or LANGNGHE_SKIP_RABBITMQ=1 to skip", pytrace=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], str | Path]]:
    """``db_target(name)``: where a typed store named ``name`` opens, once on an SQLite file and
    once on a fresh PostgreSQL database of the suite's server (dropped afterwards)."""
    if request.param == "sqlite":
        yield lambda name: tmp_path / f"{name}.sqlite3"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    server = make_url(request.getfixturevalue("pg_url"))
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    made: dict[str, str] = {}

    def target(name: str) -> str:
        if name not in made:  # one fresh database per store name, as SQLite has one file per name
            made[name] = f"t_{uuid.uuid4().hex[:16]}"
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f"CREATE DATABASE {made[name]}")
        return server.set(database=made[name]).render_as_string(hide_password=False)

    try:
        yield target
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            for database in made.values():
                connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and SKIP_MESSAGE in str(report.longrepr):
        _skipped_es_tests.append(report.nodeid)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    _browser_summary(terminalreporter)
    if skip_requested() and not os.environ.get(URL_ENV):
        count = len(_skipped_es_tests)
        terminalreporter.write_sep("!", f"{SKIP_MESSAGE}: {count} test(s) not run", red=True, bold=True)
