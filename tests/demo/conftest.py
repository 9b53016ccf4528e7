"""Shared fixtures: one demo site for a fixed date, and its loopback servers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from langnghe.demo import DemoSite, ServedSite, build_site, serve_site

END = date(2026, 11, 20)


@pytest.fixture(scope="session")
def site() -> DemoSite:
    return build_site(END, seed=7)


@pytest.fixture(scope="module")
def served(site: DemoSite) -> Iterator[ServedSite]:
    with serve_site(site) as running:
        yield running
