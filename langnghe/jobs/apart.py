"""One call at a time in a spawned process beside the caller's.

``ingest`` clusters stories in such a process while it recounts the roll-ups and looks for
spikes in its own: the two read the same index and write different stores, and the
spikes never read stories. The process is started early (while the NLP works) so that its
imports are paid before it is needed.

A spawned worker would outlive a killed parent until its call returned, and go on writing
beside the parent's restart. On Linux the kernel kills it with its parent (``PR_SET_PDEATHSIG``),
as a kill of the whole process group would; elsewhere a call that runs long asks
:func:`parent_gone` between its steps (:class:`WatchParent`) and stops there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from typing import ParamSpec, TypeVar

from langnghe.nlp.pool import die_with_parent, parent_gone

log = logging.getLogger(__name__)
_P = ParamSpec("_P")
_T = TypeVar("_T")


class ParentGone(SystemExit):
    """Raised in the spawned process when the process that asked for the call is gone."""


def stop_if_parent_gone(_done: int = 0) -> None:
    """An ``on_batch`` callback: stop the call between two steps once the parent has died."""
    if parent_gone():
        log.warning("the process that started this work has died; stopping between two steps")
        raise ParentGone(1)


class _Watch:
    def advance(self, n: int = 1) -> None:
        stop_if_parent_gone()

    def total(self, total: int | None) -> None:
        pass


class WatchParent:
    """The :class:`~langnghe.progress.Progress` of a call made apart: nobody watches it, and
    each step it reports is a point where it stops if its parent has died."""

    @contextmanager
    def task(self, label: str, total: int | None = None) -> Iterator[_Watch]:
        yield _Watch()

    def warn(self, message: str) -> None:
        log.warning("%s", message)


def _warm(modules: tuple[str, ...]) -> None:
    import importlib

    for module in modules:
        importlib.import_module(module)


class Apart:
    """A one-process pool, started with :meth:`start` (imports ``warm`` there) and closed with
    :meth:`close` (waiting for the call under way: stopping it half-way would leave the
    caller's stores as a kill does, and nothing needs that)."""

    def __init__(self, warm: tuple[str, ...] = ()) -> None:
        self.warm = warm
        self._executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        if self._executor is None:
            # spawn, not fork: the callers run threads (progress bars, the NLP pool's managers)
            self._executor = ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=die_with_parent)
            self._executor.submit(_warm, self.warm)

    def submit(self, function: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        self.start()
        assert self._executor is not None
        return self._executor.submit(function, *args, **kwargs)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> Apart:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
