"""Emerging terms: keywords whose share of items rose in the last hours against the days before.

The statistic is Elasticsearch's default significance heuristic for
``significant_terms`` (JLH, :func:`langnghe.index.base.jlh`), run by the index itself:
natively on Elasticsearch, computed the same way on the embedded store (the backend
contract tests that both agree). The foreground is the recent window (24 hours by
default), the background that window plus the days before it. Near-duplicates (the
same ``near_dup_key``: a story syndicated across outlets, a post copied from group to
group) count once in the foreground, so one text copied 30 times is one voice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from langnghe.index.base import Filters, IndexBackend, TermScore


def significant_terms(
    index: IndexBackend,
    at: datetime,
    *,
    window: timedelta = timedelta(hours=24),
    background: timedelta = timedelta(days=14),
    min_items: int = 3,
    size: int = 20,
    filters: Filters | None = None,
) -> list[TermScore]:
    """Keywords that rose in the ``window`` before ``at`` against the ``background`` before it."""
    terms = dict((filters or Filters()).terms)
    recent = Filters(terms=terms, since=at - window, until=at)
    past = Filters(terms=terms, since=at - window - background, until=at)
    return index.significant_terms(recent, past, size=size, min_count=min_items)
