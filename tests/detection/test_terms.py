"""Emerging terms: Elasticsearch's JLH statistic, near-duplicates counted once."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from langnghe.index.sqlite import SQLiteIndex
from langnghe.index.base import jlh
from langnghe.detection.terms import significant_terms
from langnghe.testing import build_item, build_nlp

AT = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)


def test_jlh_matches_elasticsearch_definition() -> None:
    # fg 4/10, bg 5/100: (0.4 - 0.05) * (0.4 / 0.05) = 2.8
    assert jlh(4, 10, 5, 100) == pytest.approx(2.8)
    assert jlh(1, 10, 50, 100) == 0.0  # rarer than in the background
    assert jlh(3, 0, 3, 100) == 0.0
    assert jlh(3, 10, 0, 100) == pytest.approx((0.3 - 0.01) * 30)  # absent from the background: counted once


def _item(n: int, hours_ago: float, keywords: list[str], dup: str | None = None):  # type: ignore[no-untyped-def]
    return build_item(id=f"term-{n:04d}", published_at=AT - timedelta(hours=hours_ago),
                      nlp=build_nlp(keywords=keywords, near_dup_key=dup or f"k{n}"))


def test_a_rising_keyword_ranks_first_and_copies_count_once(tmp_path: Path) -> None:
    index = SQLiteIndex(tmp_path / "i.sqlite3")
    try:
        items = [_item(n, 48 + n, ["giá xăng", "thời tiết"]) for n in range(40)]  # the past: ordinary talk
        items += [_item(100 + n, 2 + n, ["cá chết", "thời tiết"]) for n in range(5)]  # today: a new topic
        items += [_item(200 + n, 3, ["bão số 5"], dup="same-copy") for n in range(10)]  # one text copied 10 times
        index.upsert(items)
        found = significant_terms(index, AT, min_items=2)
        assert found[0].term == "cá chết" and found[0].foreground == 5
        assert all(term.term != "bão số 5" for term in found)  # ten copies are one item: under min_items
        steady = [term.score for term in found if term.term == "thời tiết"]  # as common before as now
        assert not steady or steady[0] < 0.01 * found[0].score
    finally:
        index.close()
