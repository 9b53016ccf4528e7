"""What ``langnghe export`` was asked for, checked: a bad option is one error line naming it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, get_args

from langnghe.errors import InputError
from langnghe.filter_values import FilterField
from langnghe.index.base import Filters
from langnghe.service.filters import FilterRequest, resolve_filters

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
    sentiments: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    emotions: tuple[str, ...] = ()
    toxicity: tuple[str, ...] = ()
    false_info: tuple[str, ...] = ()  # "true" / "false" (the index's false_info facet)
    stories: tuple[str, ...] = ()

    def filters(self) -> Filters:
        fields = {"concern": self.concerns, "province": self.provinces, "source": self.sources,
                  "section": self.sections, "sentiment": self.sentiments, "platform": self.platforms,
                  "emotion": self.emotions, "toxicity": self.toxicity, "false_info": self.false_info,
                  "story": self.stories}
        return Filters(terms={name: values for name, values in fields.items() if values},
                       since=self.since, until=self.until)


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


def build_request(typed: FilterRequest, fields: Mapping[str, FilterField], tz: str) -> ExportRequest:
    """The export's filters from the options as typed, through the resolver search uses
    (:func:`langnghe.service.filters.resolve_filters`: names, ids or unaccented forms)."""
    filters = resolve_filters(typed, dict(fields), tz)
    terms = filters.terms
    return ExportRequest(
        since=filters.since, until=filters.until, concerns=terms.get("concern", ()),
        provinces=terms.get("province", ()), sources=terms.get("source", ()), sections=terms.get("section", ()),
        sentiments=terms.get("sentiment", ()), platforms=terms.get("platform", ()), emotions=terms.get("emotion", ()),
        toxicity=terms.get("toxicity", ()), false_info=terms.get("false_info", ()), stories=terms.get("story", ()),
    )
