"""Reading JSON Lines input where a bad line is reported and skipped, never fatal.

``langnghe ingest`` (Items) and ``langnghe claims import`` (claim-base entries) share
this: each line is parsed by the caller's function, a line it refuses is described as
``FILE:N: bỏ qua: key: reason``, counted and passed to ``warn``, and the other lines go on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from langnghe.errors import InputError

Record = TypeVar("Record")


@dataclass
class LineReport:
    """Lines read from a file, and the ones skipped with their reason."""

    read: int = 0
    rejected: int = 0
    problems: list[str] = field(default_factory=list)


def describe_validation(
    error: ValidationError, *, missing: str = "required key is missing", whole: str | None = "line"
) -> str:
    """The first problem of a pydantic error as ``key: reason`` (and how many more there are).

    ``missing`` is the reason given for an absent key; ``whole`` names a problem of the record
    itself (no key), or None to give the reason alone.
    """
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or whole
    message = missing if first["type"] == "missing" else first["msg"].removeprefix("Value error, ")
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{key}: {message}{more}" if key else f"{message}{more}"


def read_records(
    path: Path, parse: Callable[[bytes], Record], report: LineReport, warn: Callable[[str], None]
) -> Iterator[Record]:
    """Parsed non-empty lines of ``path``, in order; ``parse`` raises ``ValueError`` for a bad line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            report.read += 1
            try:
                yield parse(raw)
            except ValueError as exc:
                report.rejected += 1
                message = f"{path}:{number}: bỏ qua: {exc}"
                report.problems.append(message)
                warn(message)
