"""How long work reports its progress, without knowing who shows it.

Jobs and stages take a :class:`Progress` (the terminal's progress bars in the CLI, nothing in
the scheduler, a status line in the web app later) and never import a terminal library:
the job says what it is doing (``task``), how far it got (``advance``) and what went wrong
on the way (``warn``); the presentation layer decides how that looks
(:mod:`langnghe.cli.progress`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

log = logging.getLogger(__name__)


class Task(Protocol):
    def advance(self, n: int = 1) -> None:
        """``n`` more units done."""

    def total(self, total: int | None) -> None:
        """The number of units now expected (``None``: unknown); it may grow as work is found."""


class Progress(Protocol):
    def task(self, label: str, total: int | None = None) -> AbstractContextManager[Task]:
        """A piece of work named ``label`` (an English word: crawl, enrich, stories...), open
        while the ``with`` block runs."""

    def warn(self, message: str) -> None:
        """A problem met on the way that does not stop the work (one line)."""


class _Silent:
    def advance(self, n: int = 1) -> None:
        pass

    def total(self, total: int | None) -> None:
        pass


class Silent:
    """Progress nobody watches (the scheduler, scripts, tests): warnings go to the log, and are
    kept in :attr:`warnings` when ``keep`` (for a caller that reports them afterwards)."""

    def __init__(self, *, keep: bool = True) -> None:
        self.keep = keep
        self.warnings: list[str] = []

    @contextmanager
    def task(self, label: str, total: int | None = None) -> Iterator[Task]:
        yield _Silent()

    def warn(self, message: str) -> None:
        log.warning("%s", message)
        if self.keep:
            self.warnings.append(message)


SILENT: Progress = Silent(keep=False)
"""A shared :class:`Silent` for callers that do not read its warnings (they are logged)."""
