"""Reading other tools' records for ``langnghe ingest`` beside reading whole Items, same run.

    .venv/bin/python bench/bench_records.py                # 20,000 records
    .venv/bin/python bench/bench_records.py --items 5000   # a quick look

The same texts and times are written four ways: whole Items in JSON Lines (what ``export
--format jsonl`` writes: the baseline, read as before), minimal JSON records (``id``, ``text``,
``published_at`` as ``dd/mm/yyyy HH:MM``, ``title: null``), a CSV and an XLSX file with other
column names and ``--map``. Timed: :func:`langnghe.stages.ingest.read_items` over each file
(parse and build the Items; no queue, no NLP), best of ``--repeat``; printed as records per second
and as a ratio to the baseline. Only the reading is compared: it is a small part of an ingest,
whose enrich stage reads about 80-300 items per second (``bench_ingest.py``).
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook

from langnghe.stages.ingest import IngestReport, read_items
from langnghe.stages.records import RecordDefaults, parse_mapping
from langnghe.testing import build_item

START = datetime(2026, 11, 1, tzinfo=timezone.utc)
TZ = "Asia/Ho_Chi_Minh"
ZONE = ZoneInfo(TZ)


def _rows(count: int) -> list[tuple[str, str, datetime]]:
    return [(f"r{n}", f"Người dân phản ánh nước thải gây ô nhiễm kênh số {n} ở Cần Thơ, đề nghị xử lý.",
             START + timedelta(minutes=7 * n)) for n in range(count)]  # fmt: skip


def _write(folder: Path, rows: list[tuple[str, str, datetime]]) -> dict[str, Path]:
    local = [(ident, text, when.astimezone(ZONE)) for ident, text, when in rows]
    paths = {name: folder / name for name in ("items.jsonl", "records.jsonl", "survey.csv", "survey.xlsx")}
    paths["items.jsonl"].write_text("\n".join(build_item(id=f"item-{i:0>8}", text=t, published_at=w).to_json()
                                              for i, t, w in rows), encoding="utf-8")  # fmt: skip
    paths["records.jsonl"].write_text("\n".join(json.dumps({"id": i, "title": None, "text": t,
                                                            "published_at": f"{w:%d/%m/%Y %H:%M}"}, ensure_ascii=False)
                                                for i, t, w in local), encoding="utf-8")  # fmt: skip
    with paths["survey.csv"].open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["ma", "noi_dung", "thoi_gian"])
        writer.writerows((i, t, f"{w:%d/%m/%Y %H:%M}") for i, t, w in local)
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["ma", "noi_dung", "thoi_gian"])
    for ident, text, when in local:
        sheet.append([ident, text, when.replace(tzinfo=None)])
    book.save(paths["survey.xlsx"])
    return paths


def _time(path: Path, defaults: RecordDefaults, repeat: int) -> tuple[float, int]:
    best, count = float("inf"), 0
    for _ in range(repeat):
        report = IngestReport()
        started = time.perf_counter()
        count = sum(1 for _ in read_items(path, report, lambda line: None, defaults))
        best = min(best, time.perf_counter() - started)
        assert report.rejected == 0, report.problems[:3]
    return best, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    mapped = parse_mapping("id=ma,text=noi_dung,published_at=thoi_gian")
    with tempfile.TemporaryDirectory() as folder:
        paths = _write(Path(folder), _rows(args.items))
        base = RecordDefaults(source="bench", fetched_at=datetime.now(timezone.utc), tz=TZ)
        table = RecordDefaults(source="bench", fetched_at=base.fetched_at, tz=TZ, mapping=mapped)
        _time(paths["items.jsonl"], base, 1)  # warm-up: imports, caches
        runs = {name: _time(paths[name], defaults, args.repeat) for name, defaults in (
            ("items.jsonl", base), ("records.jsonl", base), ("survey.csv", table), ("survey.xlsx", table))}
        baseline = runs["items.jsonl"][0]
        print(f"{'file':<15}{'records/s':>12}{'ratio':>8}")
        for name, (seconds, count) in runs.items():
            print(f"{name:<15}{count / seconds:>12,.0f}{baseline / seconds:>8.2f}")

if __name__ == "__main__":
    main()
