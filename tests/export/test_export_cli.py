"""``langnghe export`` as a user runs it: help, a real export, one-line errors naming the option."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from langnghe.exports import columns_markdown
from langnghe.settings import Settings

from .conftest import ITEMS, REPO


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "langnghe.cli", "export", *args], capture_output=True, text=True, timeout=120,
        check=False, env={**os.environ, "COLUMNS": "300"},
    )


def test_help_shows_every_option() -> None:
    result = _run("--help")
    assert result.returncode == 0
    for option in ("--since", "--until", "--concern", "--province", "--source", "--section", "--format", "--output",
                   "--data-dir", "--config-dir", "--platform", "--emotion", "--toxicity", "--false-info", "--story"):
        assert option in result.stdout


def test_export_writes_the_filtered_items(settings: Settings, tmp_path: Path) -> None:
    output = tmp_path / "ha-noi.csv"
    result = _run("--province", "Hà Nội", "--concern", "pollution_environment", "--concern", "prices_livelihoods",
                  "--since", "2026-03-02", "--format", "csv", "-o", str(output), "--data-dir", str(settings.data_dir),
                  "--config-dir", str(REPO / "config"))
    assert result.returncode == 0, result.stderr
    expected = [i.id for i in ITEMS if i.nlp and i.nlp.provinces == ["Hà Nội"]
                and {"pollution_environment", "prices_livelihoods"} & set(i.nlp.concerns)]
    assert result.stdout.strip() == f"đã xuất {len(expected)} tin ra {output} (csv)"
    with output.open(encoding="utf-8-sig", newline="") as handle:
        assert [row["id"] for row in csv.DictReader(handle)] == expected


def test_filters_take_vietnamese_names_and_unaccented_forms(settings: Settings, tmp_path: Path) -> None:
    output = tmp_path / "kinh-doanh.csv"
    result = _run("--section", "Kinh doanh", "--province", "can-tho", "--sentiment", "trung tinh", "-o", str(output),
                  "--data-dir", str(settings.data_dir), "--config-dir", str(REPO / "config"))
    assert result.returncode == 0, result.stderr
    expected = [i.id for i in ITEMS if i.nlp and i.nlp.section and i.nlp.section.label == "business"
                and i.nlp.provinces == ["Cần Thơ"] and i.nlp.sentiment and i.nlp.sentiment.label == "neutral"]
    with output.open(encoding="utf-8-sig", newline="") as handle:
        assert [row["id"] for row in csv.DictReader(handle)] == expected and expected


def test_the_search_page_filters_narrow_an_export_too(settings: Settings, tmp_path: Path) -> None:
    output = tmp_path / "dien-dan.csv"
    result = _run("--platform", "Diễn đàn", "--false-info", "khong", "--sentiment", "tieu cuc", "-o", str(output),
                  "--data-dir", str(settings.data_dir), "--config-dir", str(REPO / "config"))
    assert result.returncode == 0, result.stderr
    expected = [i.id for i in ITEMS if i.platform == "forum" and i.nlp and i.nlp.sentiment
                and i.nlp.sentiment.label == "negative"]
    with output.open(encoding="utf-8-sig", newline="") as handle:
        assert [row["id"] for row in csv.DictReader(handle)] == expected and expected
    result = _run("--false-info", "có", "-o", str(output), "--data-dir", str(settings.data_dir),
                  "--config-dir", str(REPO / "config"))
    assert result.returncode == 0 and result.stdout.strip() == f"đã xuất 0 tin ra {output} (csv)"


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf", "-o", "{tmp}/x.pdf"], "lỗi: --format: cần csv, xlsx hoặc jsonl, nhận 'pdf'"),
    (["-o", "{tmp}/x.txt"], "lỗi: --format: cần csv, xlsx hoặc jsonl, nhận 'txt'"),
    (["--format", "csv"], "lỗi: -o/--output: thiếu tên tệp cần ghi"),
    (["-o", "{tmp}/nowhere/x.csv"], "lỗi: -o/--output: không có thư mục {tmp}/nowhere"),
    (["-o", "{tmp}/x.csv", "--since", "last week"], "lỗi: --since: không đọc được thời điểm 'last week'"),
    (["-o", "{tmp}/x.csv", "--until", "2026-02-30"], "lỗi: --until: không có ngày '2026-02-30'"),
    (["-o", "{tmp}/x.csv", "--since", "2026-03-05", "--until", "2026-03-01"],
     "lỗi: --until: 2026-03-01 phải sau --since 2026-03-05"),
    (["-o", "{tmp}/x.csv", "--section", "sport"],
     "lỗi: --section: không có lĩnh vực “sport”; chọn một trong: “Chính trị - Xã hội”, “Công nghệ”, "),
    (["-o", "{tmp}/x.csv", "--concern", "pollution"],
     "lỗi: --concern: không có mối quan tâm “pollution”; chọn một trong: “Biển, đảo, chủ quyền”, "),
    (["-o", "{tmp}/x.csv", "--province", "can-thoo"], "lỗi: --province: không có tỉnh/thành “can-thoo”; chọn một trong: "),
])
def test_bad_arguments_are_one_line_naming_the_option(tmp_path: Path, args: list[str], message: str) -> None:
    given = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    result = _run(*given, "--data-dir", str(tmp_path / "data"), "--config-dir", str(REPO / "config"))
    assert result.returncode == 2
    assert result.stderr.startswith(message.replace("{tmp}", str(tmp_path))) and result.stderr.count("\n") == 1
    assert not list(tmp_path.glob("x.*"))


def test_the_column_page_matches_the_code() -> None:
    page = REPO / "docs" / "export-columns.md"
    assert page.read_text(encoding="utf-8") == columns_markdown(), (
        "docs/export-columns.md is stale: run `python -m langnghe.exports > docs/export-columns.md`"
    )
