"""``langnghe search`` as an analyst uses it: no diacritics needed, a snippet, filters by name."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from langnghe.app import App
from langnghe.cli import app
from langnghe.item import FalseInfo, Item
from langnghe.settings import Settings
from langnghe.testing import build_item

T0 = datetime(2026, 12, 6, 2, 0, tzinfo=timezone.utc)  # 09:00 on 6 December in Việt Nam
SOURCES_YAML = """sources:
  - {id: bao-a, kind: rss, name: Báo Ánh Sáng, url: "https://a.example/rss"}
  - {id: dien-dan-b, kind: rss, name: Diễn đàn Bờ Sông, url: "https://b.example/rss", platform: forum}
"""


def _items() -> list[Item]:
    lead = "Sáng nay, người dân xã ven sông phát hiện"
    return [
        build_item(id="ca-chet-can-tho", source="bao-a", title="Cá chết trắng kênh ở Cần Thơ",
                   text=f"{lead} cá chết nổi trắng mặt kênh, mùi hôi nồng nặc.", section="law",
                   sentiment="negative", provinces=["Cần Thơ"], concerns=["pollution_environment"], published_at=T0,
                   emotion="sadness", toxicity="clean", story_id="su-viec-ca-chet"),
        build_item(id="ca-chet-khong-dau", source="dien-dan-b", platform="forum", kind="post",
                   title="ca chet o ho tay", text="sang nay ca chet nhieu lam, ai biet vi sao khong",
                   section="lifestyle", sentiment="neutral", provinces=["Hà Nội"], published_at=T0 + timedelta(days=1),
                   emotion="anger", toxicity="offensive", false_info=FalseInfo(flagged=True, score=0.9)),
        build_item(id="ca-chet-ha-noi", source="bao-a", title="Hồ Tây: cá chết hàng loạt",
                   text="Cá chết do thiếu oxy sau đợt nắng nóng.", section="law", sentiment="negative",
                   provinces=["Hà Nội"], published_at=T0 - timedelta(days=3), story_id="su-viec-ca-chet"),
        build_item(id="gia-vang", source="bao-a", title="Giá vàng tăng", text="Vàng miếng tăng mạnh.",
                   section="business", sentiment="positive", provinces=["Cần Thơ"], published_at=T0),
    ]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("search")
    (root / "config").mkdir()
    (root / "config" / "sources.yaml").write_text(SOURCES_YAML, encoding="utf-8")
    chosen = Settings(data_dir=root / "data", config_dir=root / "config")
    with App(chosen) as application:
        application.index.upsert(_items())
    return chosen


def _search(settings: Settings, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["search", *args, "--data-dir", str(settings.data_dir),
                                      "--config-dir", str(settings.config_dir)])  # fmt: skip
    return result.exit_code, result.output


def _ids(settings: Settings, *args: str) -> list[str]:
    code, output = _search(settings, *args, "--json")
    assert code == 0, output
    return [hit["item"]["id"] for hit in json.loads(output)["hits"]]


def test_a_query_without_diacritics_finds_the_same_items_exact_accents_first(settings: Settings) -> None:
    accented, plain = _ids(settings, "cá chết"), _ids(settings, "ca chet")
    assert sorted(accented) == sorted(plain) == ["ca-chet-can-tho", "ca-chet-ha-noi", "ca-chet-khong-dau"]
    assert accented[-1] == "ca-chet-khong-dau" and plain[0] == "ca-chet-khong-dau"


def test_hits_show_the_passage_that_matched(settings: Settings) -> None:
    code, output = _search(settings, "ca chet", "--json")
    hits = {hit["item"]["id"]: hit for hit in json.loads(output)["hits"]}
    snippet = hits["ca-chet-can-tho"]["snippet"]
    assert snippet["text"].startswith("Sáng nay, người dân") and "cá chết nổi trắng" in snippet["text"]
    assert [snippet["text"][start:end] for start, end in snippet["marks"]] == ["cá", "chết"]
    assert {"item", "score"} <= set(hits["ca-chet-can-tho"])  # the shape of --json is kept
    code, output = _search(settings, "ca chet")
    assert code == 0 and "cá chết nổi trắng mặt kênh" in output and "3 kết quả" in output


@pytest.mark.parametrize(("options", "expected"), [
    (["--section", "Pháp luật"], ["ca-chet-can-tho", "ca-chet-ha-noi"]),
    (["--section", "phap luat", "--sentiment", "tieu cuc", "--province", "can-tho"], ["ca-chet-can-tho"]),
    (["--province", "Ha Noi", "--source", "Diễn đàn Bờ Sông"], ["ca-chet-khong-dau"]),
    (["--concern", "pollution_environment"], ["ca-chet-can-tho"]),
    (["--since", "06/12/2026", "--until", "06/12/2026"], ["ca-chet-can-tho"]),
    (["--since", "06/12/2026 10:00"], ["ca-chet-khong-dau"]),
    (["--platform", "dien dan"], ["ca-chet-khong-dau"]),
    (["--emotion", "Buồn bã", "--emotion", "anger"], ["ca-chet-can-tho", "ca-chet-khong-dau"]),
    (["--toxicity", "doc hai"], ["ca-chet-khong-dau"]),
    (["--toxicity", "Không độc hại"], ["ca-chet-can-tho"]),
    (["--false-info", "có"], ["ca-chet-khong-dau"]),
    (["--false-info", "khong", "--story", "su-viec-ca-chet"], ["ca-chet-can-tho", "ca-chet-ha-noi"]),
])
def test_filters_take_names_ids_unaccented_forms_and_local_dates(
    settings: Settings, options: list[str], expected: list[str]
) -> None:
    assert sorted(_ids(settings, "ca chet", *options)) == expected


def test_an_unknown_province_is_one_vietnamese_line_listing_the_valid_ones(settings: Settings) -> None:
    code, output = _search(settings, "--province", "can-thoo")
    assert code == 2 and output.count("\n") == 1 and "Traceback" not in output
    assert "--province: không có tỉnh/thành “can-thoo”; chọn một trong: " in output and "“Cần Thơ”" in output
