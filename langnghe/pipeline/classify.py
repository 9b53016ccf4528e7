"""``langnghe classify IN -o OUT``: JSON Lines in, the same lines with an ``nlp`` part out.

This interface is how the models are measured on held-out data: keep it stable.
Each output line is the input object with ``nlp`` added, in input order. A bad
line (not JSON, not an object, no string ``text``) is reported with its line
number and left out; the other lines are still written.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from langnghe.errors import InputError

log = logging.getLogger(__name__)


@dataclass
class ClassifyReport:
    written: int = 0
    rejected: int = 0


def _read_lines(path: Path, report: ClassifyReport, console: Console | None) -> Iterator[dict[str, Any]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise ValueError('expected an object with a string "text"')
            except (ValueError, UnicodeDecodeError) as exc:
                report.rejected += 1
                message = f"{path}:{number}: skipped: {exc}"
                if console:
                    console.print(message, style="yellow", markup=False, highlight=False)
                else:
                    log.warning(message)
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


def classify_file(
    input_path: Path,
    output_path: Path,
    *,
    model_dir: Path | None = None,
    batch_size: int = 256,
    console: Console | None = None,
) -> ClassifyReport:
    from langnghe import nlp

    if not input_path.is_file():
        raise InputError(f"{input_path}: no such file")
    report = ClassifyReport()
    with input_path.open("rb") as handle:
        total = sum(1 for raw in handle if raw.strip())
    output_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = output_path.with_name(output_path.name + ".part")
    with tmp.open("w", encoding="utf-8") as sink, Progress(
        TextColumn("classify"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, disable=console is None,
    ) as progress:
        task = progress.add_task("classify", total=total)
        for batch in _batches(_read_lines(input_path, report, console), batch_size):
            results = nlp.annotate_texts([record["text"] for record in batch], model_dir=model_dir)
            for record, result in zip(batch, results, strict=True):
                record["nlp"] = result.model_dump(mode="json")
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            report.written += len(batch)
            progress.update(task, completed=report.written + report.rejected)
    tmp.replace(output_path)
    return report
