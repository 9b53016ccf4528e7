"""What ``langnghe export`` was asked for, checked: a bad option is one error line naming it."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, get_args

from langnghe.errors import InputError
from langnghe.index.base import Filters
from langnghe.times import parse_local_time

Format = Literal["csv", "xlsx", "jsonl"]
FORMATS: tuple[str, ...] = get_args(Format)


@dataclass(frozen=True)
class ExportRequest:
    """The filters of an export; values within one field are OR-ed, fields AND-ed."""

    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    concerns: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()

    def filters(self) -> Filters:
        fields = {"concern": self.concerns, "province": self.provinces, "source": self.sources,
                  "section": self.sections}
        return Filters(terms={name: values for name, values in fields.items() if values},
                       since=self.since, until=self.until)


def parse_bound(value: str | None, option: str, tz: str, *, end: bool) -> datetime | None:
    """``--since``/``--until``: a local day (dd/mm/yyyy or YYYY-MM-DD; ``--until`` includes that
    whole day), a local time (dd/mm/yyyy HH:MM) or an ISO 8601 time (read in ``tz`` without an offset)."""
    if value is None:
        return None
    return parse_local_time(value, tz, option=option, end=end)


def parse_format(value: str | None, output: Path) -> Format:
    """``--format``, or the output file's suffix when it is one of the formats."""
    chosen = (value if value is not None else output.suffix.lstrip(".")).strip().lower()
    if chosen not in FORMATS:
        raise InputError(f"--format: cần csv, xlsx hoặc jsonl, nhận {chosen or value!r}")
    return chosen  # type: ignore[return-value]


def check_output(output: Path | None) -> Path:
    if output is None:
        raise InputError("-o/--output: thiếu tên tệp cần ghi")
    if output.is_dir():
        raise InputError(f"-o/--output: {output} là một thư mục; hãy cho tên tệp")
    if not output.parent.is_dir():
        raise InputError(f"-o/--output: không có thư mục {output.parent}")
    return output


def check_known(values: Sequence[str], known: Sequence[str], option: str) -> tuple[str, ...]:
    """NFC-normalised ``values``, each one of ``known``."""
    normal = tuple(unicodedata.normalize("NFC", value.strip()) for value in values)
    for value in normal:
        if value not in known:
            raise InputError(f"{option}: không có giá trị {value!r} (các giá trị dùng được: {', '.join(known)})")
    return normal


def build_request(
    *, since: str | None, until: str | None, tz: str, concerns: Sequence[str], provinces: Sequence[str],
    sources: Sequence[str], sections: Sequence[str], known_concerns: Sequence[str], known_sections: Sequence[str],
) -> ExportRequest:
    start, end = parse_bound(since, "--since", tz, end=False), parse_bound(until, "--until", tz, end=True)
    if start is not None and end is not None and end <= start:
        raise InputError(f"--until: {until} cần sau --since {since}")
    return ExportRequest(
        since=start, until=end,
        concerns=check_known(concerns, known_concerns, "--concern"),
        provinces=tuple(unicodedata.normalize("NFC", value.strip()) for value in provinces),
        sources=tuple(value.strip() for value in sources),
        sections=check_known(sections, known_sections, "--section"),
    )
