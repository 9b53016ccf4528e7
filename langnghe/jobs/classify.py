"""``langnghe classify IN -o OUT``: JSON Lines in, the same lines with an ``nlp`` part out.

This interface is how the models are measured on held-out data: keep it stable.
Each output line is the input object with ``nlp`` added, in input order. A line may
say what it is: ``kind`` (``article``, ``post`` or ``comment``) and ``title`` (read before
the text, as the enrich stage reads an item): an article's ``nlp.sentiment`` is its news
tone, a post's or comment's the writer's attitude (``nlp.sentiment_basis``); without
``kind`` the text's register decides. A bad line (not JSON, not an object, no string
``text``, a ``kind`` or ``title`` of the wrong kind) is reported with its line number and
left out; the other lines are still written.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langnghe.config import TopicConfig, default_concerns
from langnghe.errors import InputError
from langnghe.index.watch import WatchList
from langnghe.nlp.pool import default_workers
from langnghe.progress import SILENT, Progress

log = logging.getLogger(__name__)
KINDS = ("article", "post", "comment")


@dataclass
class ClassifyReport:
    written: int = 0
    rejected: int = 0


def _read_lines(path: Path, report: ClassifyReport, progress: Progress) -> Iterator[dict[str, Any]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise ValueError('expected an object with a string "text"')
                if record.get("kind") is not None and record["kind"] not in KINDS:
                    raise ValueError(f'"kind" must be one of {", ".join(KINDS)}, not {record["kind"]!r}')
                if record.get("title") is not None and not isinstance(record["title"], str):
                    raise ValueError('"title" must be a string')
            except (ValueError, UnicodeDecodeError) as exc:
                report.rejected += 1
                progress.warn(f"{path}:{number}: bỏ qua: {exc}")
                continue
            yield record


def _batches(records: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


_watch_lists: dict[tuple[tuple[str, str], ...], WatchList] = {}


def _concern_list(concerns: tuple[tuple[str, str], ...]) -> WatchList:
    """The concerns' compiled watch-list, once per process (workers get plain tuples)."""
    found = _watch_lists.get(concerns)
    if found is None:
        found = _watch_lists[concerns] = WatchList(dict(concerns))
    return found


def _text(record: dict[str, Any]) -> str:
    """What is classified: the title, if any, then the text (as the enrich stage reads an item)."""
    title = record.get("title")
    return f"{title}\n{record['text']}" if title else str(record["text"])


def _annotate(
    records: list[dict[str, Any]], model_dir: Path | None, family: str = "linear",
    concerns: tuple[tuple[str, str], ...] = (),
) -> list[dict[str, Any]]:
    """Runs in a worker process; models load once per process through the registry."""
    from langnghe import nlp

    texts = [_text(record) for record in records]
    kinds = [record.get("kind") for record in records]
    results = nlp.annotate_texts(texts, model_dir=model_dir, family=family, kinds=kinds)
    if concerns:
        watch = _concern_list(concerns)
        results = [
            result.model_copy(update={"concerns": watch.match_text(text, result.tokens)})
            for text, result in zip(texts, results)
        ]
    return [result.model_dump(mode="json") for result in results]


def _annotated(
    batches: Iterator[list[dict[str, Any]]],
    model_dir: Path | None,
    workers: int,
    family: str = "linear",
    concerns: tuple[tuple[str, str], ...] = (),
) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
    """(batch, nlp parts) in input order; with workers > 1 batches run in parallel, a few in flight."""
    if workers <= 1:
        for batch in batches:
            yield batch, _annotate(batch, model_dir, family, concerns)
        return
    # spawn, not fork: the parent runs a progress thread, and forking a threaded process is unsafe.
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        pending: deque[tuple[list[dict[str, Any]], Future[list[dict[str, Any]]]]] = deque()
        for batch in batches:
            pending.append((batch, pool.submit(_annotate, batch, model_dir, family, concerns)))
            if len(pending) >= 2 * workers:
                done_batch, future = pending.popleft()
                yield done_batch, future.result()
        while pending:
            done_batch, future = pending.popleft()
            yield done_batch, future.result()


def classify_file(
    input_path: Path,
    output_path: Path,
    *,
    model_dir: Path | None = None,
    batch_size: int = 256,
    workers: int = 1,
    progress: Progress = SILENT,
    family: str = "linear",
    concerns: Sequence[TopicConfig] | None = None,
) -> ClassifyReport:
    """Classify ``input_path`` into ``output_path`` with the ``family`` models ("linear", "transformer", "ensemble").

    ``nlp.concerns`` comes from ``concerns`` (default: the shipped set, see
    :func:`langnghe.config.default_concerns`).
    """
    chosen = default_concerns() if concerns is None else concerns
    concern_queries = tuple((concern.id, concern.query) for concern in chosen)
    if not input_path.is_file():
        raise InputError(f"{input_path}: no such file")
    report = ClassifyReport()
    with input_path.open("rb") as handle:
        total = sum(1 for raw in handle if raw.strip())
    output_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = output_path.with_name(output_path.name + ".part")
    with tmp.open("w", encoding="utf-8") as sink, progress.task("classify", total=total) as task:
        batches = _batches(_read_lines(input_path, report, progress), batch_size)
        shown = 0
        for batch, parts in _annotated(batches, model_dir, workers, family, concern_queries):
            for record, part in zip(batch, parts, strict=True):
                record["nlp"] = part
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            report.written += len(batch)
            task.advance(report.written + report.rejected - shown)  # skipped lines count as done too
            shown = report.written + report.rejected
    tmp.replace(output_path)
    return report
