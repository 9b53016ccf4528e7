"""``langnghe claims import FILE.jsonl``: read claim-base entries, one JSON object a line.

Each line is ``{"id", "claim", "verdict", "published", "source", "url"}`` (see
:class:`~langnghe.claims.model.Claim`); keys beyond these are ignored, so a richer
export loads as it is. A bad line is reported as ``FILE:N: skipped: key: reason`` and
skipped; the others load. Storing is by id (:meth:`ClaimStore.upsert_claims`), so a
re-import of the same file changes nothing and an edited entry replaces the old one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

from pydantic import ValidationError

from langnghe.claims.model import Claim
from langnghe.lines import LineReport, read_records
from langnghe.validation import describe

IMPORT_KEYS = ("id", "claim", "verdict", "published", "source", "url")


_JSON_KIND_VI = {"list": "một mảng", "str": "một chuỗi", "int": "một số", "float": "một số", "bool": "true/false",
                 "NoneType": "null"}

ReadReport = LineReport  # what ``read_claims`` counts


def parse_line(raw: bytes | str) -> Claim:
    """One JSON Lines entry as a :class:`Claim`; raises ``ValueError`` with a reason.

    >>> parse_line('{"id": "c1", "claim": "Uống nước chanh chữa ung thư", "published": "2026-11-12"}').id
    'c1'
    """
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"JSON sai cú pháp (cột {exc.colno})") from None
    if not isinstance(data, dict):
        kind = _JSON_KIND_VI.get(type(data).__name__, type(data).__name__)
        raise ValueError(f"cần một đối tượng JSON {{...}}, nhận {kind}")
    try:
        return Claim.model_validate({key: data[key] for key in IMPORT_KEYS if key in data and data[key] is not None})
    except ValidationError as exc:
        raise ValueError(describe(exc, whole="dòng")) from None


def read_claims(path: Path, report: ReadReport, warn: Callable[[str], None]) -> Iterator[Claim]:
    """Valid entries of ``path``, in order; bad lines are described, counted and skipped."""
    return read_records(path, parse_line, report, warn)
