"""The terminal's side of :mod:`langnghe.progress`: rich progress bars on stderr, warnings in yellow."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from langnghe.labels import progress_label
from langnghe.progress import Task


class _Bar:
    def __init__(self, bars: Progress, task: TaskID) -> None:
        self._bars, self._task = bars, task

    def advance(self, n: int = 1) -> None:
        self._bars.advance(self._task, n)

    def total(self, total: int | None) -> None:
        self._bars.update(self._task, total=total)


class TerminalProgress:
    """One progress bar per task on ``console``; warnings printed as they come."""

    def __init__(self, console: Console) -> None:
        self.console = console

    @contextmanager
    def task(self, label: str, total: int | None = None) -> Iterator[Task]:
        """A bar shown under ``label``'s Vietnamese name (:data:`langnghe.labels.PROGRESS_VI`)."""
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=self.console, transient=False) as bars:
            yield _Bar(bars, bars.add_task(progress_label(label), total=total))

    def warn(self, message: str) -> None:
        self.console.print(message, style="yellow", markup=False, highlight=False)
