"""The terminal's progress bars: labelled in Vietnamese while the callers keep their English task ids."""

from __future__ import annotations

import io

from rich.console import Console

from langnghe.cli.progress import TerminalProgress
from langnghe.labels import PROGRESS_VI, progress_label


def _shown(task: str) -> str:
    screen = io.StringIO()
    bars = TerminalProgress(Console(file=screen, width=100))
    with bars.task(task, total=2) as bar:
        bar.advance(2)
    return screen.getvalue()


def test_each_task_id_is_shown_by_its_vietnamese_label() -> None:
    for task in ("crawl", "enrich", "detect", "read", "stories", "classify", "export"):
        shown = _shown(task)
        assert PROGRESS_VI[task] in shown and task not in shown.split()
    assert "thu thập" in _shown("crawl") and "phân loại" in _shown("classify")


def test_a_rekey_task_keeps_the_index_name_after_its_label() -> None:
    assert progress_label("rekey index") == "đổi khóa index"
    assert "đổi khóa stories" in _shown("rekey stories")
    assert progress_label("unknown") == "unknown"
