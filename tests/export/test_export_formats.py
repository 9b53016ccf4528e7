"""Each format opens with its own reader and holds exactly the filtered items."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from rich.console import Console

from langnghe.cli.progress import TerminalProgress
from langnghe.exports import HEADER, ExportRequest, build_request, export_items
from langnghe.exports.writers import EXCEL_CELL_CHARS
from langnghe.index import open_index
from langnghe.item import Item
from langnghe.settings import Settings
from langnghe.testing import build_item
from langnghe.service.filters import FilterRequest, filter_fields
from .conftest import ITEMS, REPO

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _ids_csv(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row["id"] for row in csv.DictReader(handle)]


def _ids_xlsx(path: Path) -> list[str]:
    sheet = load_workbook(path)["items"]
    return [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]


def _ids_jsonl(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


READERS = {"csv": _ids_csv, "xlsx": _ids_xlsx, "jsonl": _ids_jsonl}


def _request(**options: object) -> ExportRequest:
    given = {name: tuple(options.get(name, ())) for name in ("concerns", "provinces", "sources", "sections", "sentiments")}
    typed = FilterRequest(since=options.get("since"), until=options.get("until"), **given)  # type: ignore[arg-type]
    fields = filter_fields(Settings(config_dir=REPO / "config"), indexed_sources=("bao-a", "dien-dan-b"))
    return build_request(typed, fields, "Asia/Ho_Chi_Minh")


def _expected(keep: object) -> list[str]:
    return [item.id for item in ITEMS if keep(item)]  # type: ignore[operator]


def _local_day(item: Item) -> str:
    assert item.published_at is not None
    return item.published_at.astimezone(HANOI).date().isoformat()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
@pytest.mark.parametrize("options, keep", [
    ({}, lambda i: True),
    ({"concerns": ["pollution_environment"]}, lambda i: "pollution_environment" in i.nlp.concerns),
    ({"provinces": ["Cần Thơ", "Hà Nội"]}, lambda i: i.nlp.provinces[0] in ("Cần Thơ", "Hà Nội")),
    ({"since": "2026-03-03", "until": "2026-03-04"}, lambda i: _local_day(i) in ("2026-03-03", "2026-03-04")),
    ({"since": "2026-03-03T12:00", "until": "2026-03-04T00:00+07:00", "sources": ["bao-a"]},
     lambda i: i.source == "bao-a" and datetime(2026, 3, 3, 5, tzinfo=timezone.utc) <= i.published_at
     < datetime(2026, 3, 3, 17, tzinfo=timezone.utc)),
    ({"concerns": ["traffic_public_order"], "sections": ["business"], "provinces": ["Cần Thơ"]},
     lambda i: "traffic_public_order" in i.nlp.concerns and i.nlp.section.label == "business"),
])
def test_each_format_holds_exactly_the_filtered_items(
    settings: Settings, tmp_path: Path, fmt: str, options: dict[str, object], keep: object
) -> None:
    output = tmp_path / f"out.{fmt}"
    report = export_items(settings, _request(**options), fmt, output)  # type: ignore[arg-type]
    expected = _expected(keep)
    assert expected, "the filter should keep something"
    assert READERS[fmt](output) == expected and report.items == len(expected)


def test_csv_is_excel_friendly_and_keeps_vietnamese(settings: Settings, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    export_items(settings, _request(), "csv", output)
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,published_at_local,") and b"\r\n" in raw
    with output.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == HEADER
    first, second = rows[0], rows[1]
    assert first["title"] == ITEMS[0].title and first["text"] == ITEMS[0].text  # quotes, commas, newline intact
    assert first["published_at_local"] == "2026-03-02T03:00:00+07:00"
    assert first["published_at_utc"] == "2026-03-01T20:00:00+00:00"
    assert first["author"] == "" and second["author"] == "u_0123456789abcdef"  # never a raw handle
    assert first["concerns"] == "pollution_environment; traffic_public_order"
    assert first["sentiment"] == "negative" and first["sentiment_score"] == "0.9"


def test_xlsx_has_a_bold_frozen_header_real_datetimes_and_links(settings: Settings, tmp_path: Path) -> None:
    output = tmp_path / "out.xlsx"
    export_items(settings, _request(), "xlsx", output)
    sheet = load_workbook(output)["items"]
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in sheet[1]] == list(HEADER) and all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["A"].width == 34
    column = {name: number for number, name in enumerate(HEADER)}
    row = sheet[2]
    assert row[column["published_at_local"]].value == datetime(2026, 3, 2, 3, 0)  # local wall time
    assert row[column["published_at_utc"]].value == datetime(2026, 3, 1, 20, 0)
    assert row[column["published_at_local"]].is_date
    url = row[column["url"]]
    assert url.value == ITEMS[0].url and url.hyperlink is not None and url.hyperlink.target == ITEMS[0].url
    assert row[column["title"]].value == ITEMS[0].title and row[column["text"]].value == ITEMS[0].text


def test_xlsx_cuts_long_text_and_never_writes_a_formula(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    index = open_index(settings)
    long = "Tiếng Việt " * 4000
    index.upsert([build_item(id="long-0001", text=long, title="=HYPERLINK(\"http://evil.example\")\x07")])
    index.close()
    export_items(settings, _request(), "xlsx", tmp_path / "out.xlsx")
    export_items(settings, _request(), "csv", tmp_path / "out.csv")
    row = load_workbook(tmp_path / "out.xlsx")["items"][2]
    title, text = row[HEADER.index("title")], row[HEADER.index("text")]
    assert title.data_type == "s" and title.value == "=HYPERLINK(\"http://evil.example\")"
    assert len(text.value) == EXCEL_CELL_CHARS and text.value.endswith("…") and text.value.startswith("Tiếng Việt")
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        [saved] = list(csv.DictReader(handle))
    assert saved["title"].startswith("'=HYPERLINK(") and saved["text"] == long


def test_a_console_gets_a_progress_bar(settings: Settings, tmp_path: Path) -> None:
    screen = io.StringIO()
    bars = TerminalProgress(Console(file=screen, width=100))
    export_items(settings, _request(), "jsonl", tmp_path / "out.jsonl", progress=bars)
    assert screen.getvalue().startswith("xuất ") and f"{len(ITEMS)}/{len(ITEMS)}" in screen.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_an_empty_result_still_writes_the_header(settings: Settings, tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"out.{fmt}"
    report = export_items(settings, _request(since="2030-01-01"), fmt, output)  # type: ignore[arg-type]
    assert report.items == 0 and READERS[fmt](output) == []
    if fmt == "csv":
        assert output.read_text(encoding="utf-8-sig").splitlines() == [",".join(HEADER)]
    if fmt == "xlsx":
        assert [c.value for c in load_workbook(output)["items"][1]] == list(HEADER)


def test_the_until_day_is_included_and_bare_times_are_local() -> None:
    request = _request(since="2026-03-02", until="2026-03-02")
    assert request.since == datetime(2026, 3, 1, 17, tzinfo=timezone.utc)
    assert request.until == datetime(2026, 3, 2, 17, tzinfo=timezone.utc)
    assert _request(since="2026-03-02T08:30").since == datetime(2026, 3, 2, 1, 30, tzinfo=timezone.utc)
    assert _request(provinces=["Ha\u0300 Nội"]).provinces == ("Hà Nội",)  # typed decomposed: NFC
