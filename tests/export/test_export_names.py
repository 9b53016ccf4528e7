"""Exports read by an analyst: Vietnamese names beside every code, and an XLSX ready to filter."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from langnghe.exports import HEADER, ExportRequest, export_items
from langnghe.index import open_index
from langnghe.item import Item
from langnghe.settings import Settings
from langnghe.testing import build_item, build_nlp, prediction

from .conftest import REPO

SOURCES_YAML = """\
sources:
  - id: bao-song-hong
    kind: rss
    name: Báo Sông Hồng - Thời sự
    url: https://songhong.example/rss.xml
    platform: news
  - id: dien-dan-pho
    kind: rss
    name: Diễn đàn Phố Phường
    url: https://pho.example/rss.xml
    platform: forum
"""

# The columns the exports had before names were added: an outside tool reads them by name.
CODE_COLUMNS = ("id", "source", "platform", "kind", "section", "sentiment", "emotion", "toxicity", "concerns",
                "provinces", "watch_topics")


def _items() -> list[Item]:
    article = build_item(
        id="names-0001", source="bao-song-hong", platform="news", kind="article",
        title="Cá chết hàng loạt trên sông", text="Người dân phản ánh cá chết, nước bốc mùi.",
        nlp=build_nlp(section=prediction("politics_society"), sentiment=prediction("negative"),
                      emotion=prediction("anger"), toxicity=prediction("clean"),
                      concerns=["pollution_environment", "prices_livelihoods"], provinces=["Hưng Yên", "Cần Thơ"],
                      sentiment_basis="tone"),
        watch_topics=["o-nhiem-moi-truong", "gia-ca-doi-song"],
    )
    comment = build_item(
        id="names-0002", source="dien-dan-pho", platform="forum", kind="comment", title="",
        text="Giá điện tăng mà lương không tăng.",
        nlp=build_nlp(section=prediction("business"), sentiment=prediction("negative"), emotion=prediction("sadness"),
                      concerns=["prices_livelihoods"]),  # no basis stored: a comment's is the writer's attitude
        watch_topics=["gia-ca-doi-song"],
    )
    unknown = build_item(id="names-0003", source="nguon-da-go", platform="news", text="Tin chưa phân tích.")
    return [article, comment, unknown]


@pytest.fixture
def named(tmp_path: Path) -> Settings:
    """An index of three items and a config folder that names their sources and watch topics."""
    config = tmp_path / "config"
    config.mkdir()
    shutil.copy(REPO / "config" / "topics.yaml", config / "topics.yaml")
    (config / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", config_dir=config)
    index = open_index(settings)
    try:
        index.upsert(_items())
    finally:
        index.close()
    return settings


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _xlsx_rows(path: Path) -> list[dict[str, str]]:
    sheet = load_workbook(path)["items"]
    header = [cell.value for cell in sheet[1]]
    return [{name: "" if value is None else str(value) for name, value in zip(header, row)}
            for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("fmt, read", [("csv", _csv_rows), ("xlsx", _xlsx_rows)])
def test_each_code_has_its_vietnamese_name_beside_it(named: Settings, tmp_path: Path, fmt: str, read: object) -> None:
    output = tmp_path / f"out.{fmt}"
    export_items(named, ExportRequest(), fmt, output)  # type: ignore[arg-type]
    rows = {row["id"]: row for row in read(output)}  # type: ignore[operator]
    article, comment, unknown = rows["names-0001"], rows["names-0002"], rows["names-0003"]
    assert article["source"] == "bao-song-hong" and article["source_name"] == "Báo Sông Hồng - Thời sự"
    assert article["platform_name"] == "Báo điện tử" and article["kind_name"] == "Bài báo"
    assert article["section"] == "politics_society" and article["section_name"] == "Chính trị - Xã hội"
    assert article["sentiment"] == "negative" and article["sentiment_name"] == "Tiêu cực"
    assert article["sentiment_basis"] == "tone" and article["sentiment_basis_name"] == "Giọng của tin"
    assert article["emotion"] == "anger" and article["emotion_name"] == "Tức giận"
    assert article["toxicity_name"] == "Bình thường"
    assert article["concerns"] == "pollution_environment; prices_livelihoods"
    assert article["concern_names"] == "Ô nhiễm, môi trường; Giá cả, đời sống, việc làm"
    assert article["provinces"] == "Hưng Yên; Cần Thơ"  # provinces are stored by their names
    assert article["watch_topic_names"] == "Ô nhiễm môi trường; Giá cả, đời sống"
    assert comment["source_name"] == "Diễn đàn Phố Phường" and comment["kind_name"] == "Bình luận"
    assert comment["sentiment_basis"] == "attitude" and comment["sentiment_basis_name"] == "Thái độ người viết"
    # A source no longer configured keeps its id as its name; an item never analysed has blank labels.
    assert unknown["source_name"] == "nguon-da-go"
    assert unknown["section_name"] == unknown["sentiment_name"] == unknown["sentiment_basis_name"] == ""


def test_the_name_columns_stand_right_after_their_codes_and_the_old_columns_stay() -> None:
    for code in CODE_COLUMNS:
        assert code in HEADER
    pairs = [("source", "source_name"), ("platform", "platform_name"), ("kind", "kind_name"),
             ("section", "section_name"), ("sentiment", "sentiment_name"), ("emotion", "emotion_name"),
             ("toxicity", "toxicity_name"), ("sentiment_basis", "sentiment_basis_name"), ("concerns", "concern_names"), ("watch_topics", "watch_topic_names")]
    for code, name in pairs:
        assert HEADER.index(name) == HEADER.index(code) + 1


def test_xlsx_header_has_an_auto_filter_a_frozen_row_and_fitting_widths(named: Settings, tmp_path: Path) -> None:
    output = tmp_path / "out.xlsx"
    export_items(named, ExportRequest(), "xlsx", output)
    sheet = load_workbook(output)["items"]
    last = get_column_letter(len(HEADER))
    assert sheet.auto_filter.ref == f"A1:{last}4"  # the header row and the three items
    assert sheet.freeze_panes == "A2"
    for number, name in enumerate(HEADER, start=1):
        width = sheet.column_dimensions[get_column_letter(number)].width
        assert len(name) + 2 <= width <= 60, (name, width)  # the header and its filter button fit
    assert sheet.column_dimensions[get_column_letter(HEADER.index("text") + 1)].width >= 50


def test_an_empty_xlsx_still_filters_its_header(named: Settings, tmp_path: Path) -> None:
    output = tmp_path / "empty.xlsx"
    export_items(named, ExportRequest(sources=("khong-co",)), "xlsx", output)
    sheet = load_workbook(output)["items"]
    assert sheet.auto_filter.ref == f"A1:{get_column_letter(len(HEADER))}1"
