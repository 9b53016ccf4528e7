"""Annotate a batch of texts in worker processes: one process per core, each loading the models once.

The enrich stage annotates a batch at a time; with a pool it cuts the batch into one
contiguous slice per worker and joins the results in order, so each text is annotated
exactly as :func:`langnghe.nlp.annotate_texts` would in the calling process (a text's
result does not depend on its batch neighbours). Results come back as JSON, never pickle.

Errors keep their kind: a worker's exception (a missing model, a text that fails) is raised
again in the caller; a worker that dies (killed, out of memory) breaks the pool, which is
built anew for the next call, and the call raises :class:`WorkerDied`, so the stage base
retries the batch item by item and only an item that kills its worker spends attempts. A
fresh pool first annotates a warm-up text in every worker (loading the models there): a pool
that cannot start or cannot annotate it raises :class:`PoolUnavailable`, "the stage cannot
run", so a broken environment never counts against the items.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from langnghe.errors import LangngheError
from langnghe.item import Kind, NlpResult

log = logging.getLogger(__name__)


WARM_UP = "Người dân phản ánh tình trạng ngập nước sau cơn mưa lớn ở Hà Nội."


class WorkerDied(RuntimeError):
    """An annotating process died during the call (its texts are not annotated)."""


class PoolUnavailable(LangngheError):
    """The annotating processes cannot start or cannot annotate a plain text: not the items' fault."""


def default_workers(family: str = "linear") -> int:
    """Processes for a family: torch already spreads one transformer batch over the cores."""
    if family != "linear":
        return 1
    return max(1, min(4, os.cpu_count() or 1))


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent() -> None:
    """A spawned worker's initializer: the kernel kills it with SIGKILL when its parent dies
    (Linux ``prctl``), as a kill of the whole process group would; a killed ``ingest`` leaves
    no worker behind, annotating or writing beside its restart."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
    if parent_gone():  # died before the prctl took effect
        os._exit(1)


def parent_gone() -> bool:
    """Whether this process was spawned and its parent has died since."""
    parent = multiprocessing.parent_process()
    return parent is not None and not parent.is_alive()


def _annotate_json(
    texts: list[str], model_dir: Path | None, family: str, kinds: list[Kind | None] | None = None
) -> list[str]:
    """Runs in a worker: models load once per process through the registry."""
    from langnghe.nlp import annotate_texts

    results = annotate_texts(texts, model_dir=model_dir, family=family, kinds=kinds)
    return [result.model_dump_json() for result in results]


def slices(count: int, parts: int) -> list[tuple[int, int]]:
    """``parts`` contiguous (start, end) ranges covering ``range(count)``, none empty, sizes within one."""
    parts = max(1, min(parts, count))
    size, extra = divmod(count, parts)
    bounds, start = [], 0
    for part in range(parts):
        end = start + size + (part < extra)
        bounds.append((start, end))
        start = end
    return bounds


class AnnotatePool:
    """``workers`` spawned processes annotating slices of each batch (see the module docs)."""

    def __init__(self, workers: int, model_dir: Path | None = None, family: str = "linear") -> None:
        self.workers = workers
        self.model_dir = model_dir
        self.family = family
        self._executor: ProcessPoolExecutor | None = None
        self._warm: list[Future[list[str]]] = []  # warm-up calls of a fresh pool, not yet waited for

    def start(self) -> None:
        """Start the workers and their warm-up now, without waiting (they load their models
        while the caller does something else); the first :meth:`annotate` waits for them."""
        if self._executor is None:
            # spawn, not fork: the callers run threads (progress bars, workers), and forking those is unsafe
            self._executor = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"), initializer=die_with_parent)
            try:
                self._warm = [self._executor.submit(_annotate_json, [WARM_UP], self.model_dir, self.family)
                              for _ in range(self.workers)]  # fmt: skip
            except Exception as exc:  # cannot spawn at all
                self._drop()
                raise PoolUnavailable(f"the annotating processes cannot start: {type(exc).__name__}: {exc}") from exc

    def _pool(self) -> ProcessPoolExecutor:
        """The started pool, its warm-up done."""
        self.start()
        try:
            for future in self._warm:
                future.result()
        except LangngheError:  # a missing model: raised as it is
            self._drop()
            raise
        except Exception as exc:  # an unguarded main module, a worker dying at start...
            self._drop()
            raise PoolUnavailable(f"the annotating processes cannot start: {type(exc).__name__}: {exc}") from exc
        self._warm = []
        assert self._executor is not None
        return self._executor

    def annotate(self, texts: Sequence[str], kinds: Sequence[Kind | None] | None = None) -> list[NlpResult]:
        """:func:`langnghe.nlp.annotate_texts` of ``texts`` (of ``kinds``), in order, spread over the workers."""
        if not texts:
            return []
        pool = self._pool()
        try:
            futures = [pool.submit(_annotate_json, list(texts[start:end]), self.model_dir, self.family,
                                   list(kinds[start:end]) if kinds is not None else None)
                       for start, end in slices(len(texts), self.workers)]  # fmt: skip
            return [NlpResult.model_validate_json(raw) for future in futures for raw in future.result()]
        except BrokenProcessPool as exc:
            log.warning("an annotating process died; the pool is started again")
            self._drop()
            raise WorkerDied(f"an annotating process died: {exc}") from exc

    def _drop(self) -> None:
        self._warm = []
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def close(self) -> None:
        self._drop()
