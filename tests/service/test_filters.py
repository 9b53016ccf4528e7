"""Search and export filters from what a person typed: labels, concerns, provinces, sources, times."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from langnghe.errors import InputError
from langnghe.service.filters import FilterRequest, filter_fields, resolve_filters
from langnghe.settings import Settings

REPO = Path(__file__).resolve().parents[2]
TZ = "Asia/Ho_Chi_Minh"


@pytest.fixture(scope="module")
def fields() -> dict:  # type: ignore[type-arg]
    return filter_fields(Settings(config_dir=REPO / "config"), indexed_sources=("doi-tac-x",))


def test_every_filter_accepts_names_ids_and_unaccented_forms(fields: dict) -> None:  # type: ignore[type-arg]
    typed = FilterRequest(sections=("Pháp luật",), sentiments=("tieu cuc",), concerns=("O nhiem, moi truong",),
                          provinces=("can-tho", "Ha Noi"), sources=("doi-tac-x",))
    assert resolve_filters(typed, fields, TZ).terms == {
        "section": ("law",), "sentiment": ("negative",), "concern": ("pollution_environment",),
        "province": ("Cần Thơ", "Hà Nội"), "source": ("doi-tac-x",)}


def test_times_are_read_as_every_output_writes_them(fields: dict) -> None:  # type: ignore[type-arg]
    found = resolve_filters(FilterRequest(since="07/12/2026", until="07/12/2026 08:00"), fields, TZ)
    assert found.since == datetime(2026, 12, 6, 17, tzinfo=timezone.utc)
    assert found.until == datetime(2026, 12, 7, 1, tzinfo=timezone.utc)
    with pytest.raises(InputError, match="--until: 01/12/2026 phải sau --since 07/12/2026"):
        resolve_filters(FilterRequest(since="07/12/2026", until="01/12/2026"), fields, TZ)


def test_configured_sources_are_named_and_unknown_ones_refused(fields: dict) -> None:  # type: ignore[type-arg]
    source = fields["sources"].choices[-1]
    found = resolve_filters(FilterRequest(sources=(source.name.upper(),)), fields, TZ)
    assert found.terms == {"source": (source.value,)}
    with pytest.raises(InputError, match="^--source: không có nguồn “bao-khong-co”; chọn một trong: “"):
        resolve_filters(FilterRequest(sources=("bao-khong-co",)), fields, TZ)


def test_without_sources_yaml_a_source_passes_as_typed(tmp_path: Path) -> None:
    fields = filter_fields(Settings(config_dir=tmp_path))
    assert resolve_filters(FilterRequest(sources=("bao-a",)), fields, TZ).terms == {"source": ("bao-a",)}


def test_the_search_page_filters_accept_names_ids_and_unaccented_forms(fields: dict) -> None:  # type: ignore[type-arg]
    typed = FilterRequest(platforms=("Báo điện tử", "FACEBOOK"), emotions=("tuc gian", "sadness"),
                          toxicity=("Xúc phạm",), false_info=("có",), stories=("su-viec-nuoc",))
    assert resolve_filters(typed, fields, TZ).terms == {
        "platform": ("news", "facebook"), "emotion": ("anger", "sadness"), "toxicity": ("offensive",),
        "false_info": ("true",), "story": ("su-viec-nuoc",)}


def test_toxicity_reads_toxic_or_not_and_the_flag_yes_or_no(fields: dict) -> None:  # type: ignore[type-arg]
    def terms(**typed: tuple[str, ...]) -> dict:  # type: ignore[type-arg]
        return resolve_filters(FilterRequest(**typed), fields, TZ).terms

    assert terms(toxicity=("Độc hại",)) == {"toxicity": ("offensive", "hate")}
    assert terms(toxicity=("khong doc hai",)) == {"toxicity": ("clean",)}
    assert terms(false_info=("Không bị gắn cờ",)) == terms(false_info=("khong",)) == {"false_info": ("false",)}


def test_an_unknown_value_of_a_new_filter_is_one_vietnamese_line(fields: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(InputError, match="^--emotion: không có cảm xúc “vui sướng”; chọn một trong: “Buồn bã”"):
        resolve_filters(FilterRequest(emotions=("vui sướng",)), fields, TZ)
    with pytest.raises(InputError, match="^--false-info: không có cờ tin sai lệch “có lẽ”"):
        resolve_filters(FilterRequest(false_info=("có lẽ",)), fields, TZ)
    with pytest.raises(InputError, match="^--platform: không có nền tảng “tiktok”"):
        resolve_filters(FilterRequest(platforms=("tiktok",)), fields, TZ)


def test_platforms_the_index_holds_are_accepted(tmp_path: Path) -> None:
    fields = filter_fields(Settings(config_dir=tmp_path), indexed_platforms=("zalo",))
    assert resolve_filters(FilterRequest(platforms=("Zalo",)), fields, TZ).terms == {"platform": ("zalo",)}
