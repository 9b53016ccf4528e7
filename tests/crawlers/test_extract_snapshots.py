"""Snapshot tests: one saved page per layout (2011-2025 Vietnamese news sites and forums, each
with a trap: 12-hour Vietnamese clocks, month-first or two-digit-year dates, a time kept only
in a tooltip or written by a script, a "today" strip over the headline, +08:00 metadata on a
GMT+7 site, a lead outside the body, a logo ``<h1>``), compared with its expected JSON.

After a deliberate change: ``python -m scripts.regenerate_extract_snapshots`` and review the diff.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from langnghe.crawlers.snapshot import read_snapshot, regenerate, snapshot_of

FOLDER = Path(__file__).parent / "snapshots"
LAYOUTS = sorted(path.stem for path in FOLDER.glob("*.html"))


def test_every_layout_has_its_expected_json() -> None:
    assert len(LAYOUTS) >= 12
    assert sorted(path.stem for path in FOLDER.glob("*.json")) == LAYOUTS


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_extracts_as_its_snapshot_says(layout: str) -> None:
    expected = read_snapshot(FOLDER / f"{layout}.json")
    got = snapshot_of(FOLDER / f"{layout}.html", expected.url, expected.saved_at)
    assert got.body_start.startswith(expected.body_start), got.body_start
    assert {**asdict(got), "body_start": ""} == {**asdict(expected), "body_start": ""}


def test_regenerate_rewrites_a_stale_snapshot(tmp_path: Path) -> None:
    layout = LAYOUTS[0]
    (tmp_path / f"{layout}.html").write_bytes((FOLDER / f"{layout}.html").read_bytes())
    stale = (FOLDER / f"{layout}.json").read_text(encoding="utf-8").replace('"title": "', '"title": "OLD ', 1)
    (tmp_path / f"{layout}.json").write_text(stale, encoding="utf-8")
    assert regenerate(tmp_path) == [tmp_path / f"{layout}.json"]
    assert read_snapshot(tmp_path / f"{layout}.json") == snapshot_of(
        tmp_path / f"{layout}.html", read_snapshot(FOLDER / f"{layout}.json").url, read_snapshot(FOLDER / f"{layout}.json").saved_at
    )
    assert regenerate(tmp_path) == []  # a second run changes nothing
