"""Whether the browser tests (marked ``browser``) run, skip or fail: Debian's Chromium decides.

They launch the system's Chromium by its path (``LANGNGHE_CHROMIUM``, default /usr/bin/chromium;
installed by scripts/ensure-chromium.sh, never by ``playwright install``). Without it they skip,
with the reason and a loud line in the summary, except under ``make test`` (which exports
``LANGNGHE_BROWSER_REQUIRED=1``): there they fail, since CI must run them. Hooks imported by
tests/conftest.py; every test under a ``browser`` folder is marked.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM_ENV = "LANGNGHE_CHROMIUM"
REQUIRE_ENV = "LANGNGHE_BROWSER_REQUIRED"
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
SKIP_PREFIX = "BROWSER TEST SKIPPED"

_skipped: list[str] = []


def chromium_path() -> Path:
    """The Chromium executable the browser tests launch."""
    return Path(os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)


def missing_reason(path: Path) -> str | None:
    """Why Chromium cannot be launched from ``path``; None when it can."""
    if path.is_file() and os.access(path, os.X_OK):
        return None
    return f"no Chromium at {path}: run scripts/ensure-chromium.sh (apt-get install chromium) or set {CHROMIUM_ENV}"


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") == "1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under a ``browser`` folder is a browser test (a ``pytestmark`` in a conftest.py
    marks nothing), so ``-m "not browser"`` and the rule below see it."""
    for item in items:
        if "browser" in item.path.parent.parts and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None:
        return
    reason = missing_reason(chromium_path())
    if reason is None:
        return
    if required():
        pytest.fail(f"{reason} ({REQUIRE_ENV}=1: make test runs the browser tests)", pytrace=False)
    _skipped.append(item.nodeid)
    pytest.skip(f"{SKIP_PREFIX}: {reason}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped:
        reason = missing_reason(chromium_path())
        terminalreporter.write_sep("!", f"{len(_skipped)} BROWSER TEST(S) NOT RUN: {reason}", red=True, bold=True)
