"""One resolver for filter values: names, ids and unaccented forms; unknown values refused in Vietnamese."""

from __future__ import annotations

import pytest

from langnghe.errors import InputError
from langnghe.filter_values import Choice, FilterField, choices_of, resolve
from langnghe.labels import SECTION_VI

SECTIONS = FilterField("section", "--section", choices_of(SECTION_VI))
PROVINCES = FilterField("province", "--province", (
    Choice("Cần Thơ", "Cần Thơ", ("can-tho", "Can Tho", "Hậu Giang")),
    Choice("TP Hồ Chí Minh", "TP Hồ Chí Minh", ("ho-chi-minh", "TP.HCM")),
))


@pytest.mark.parametrize("typed", ["Pháp luật", "pháp luật", "law", "LAW", "phap luat", "Phap-Luat", "phap_luat"])
def test_a_section_is_its_name_its_id_or_either_without_diacritics(typed: str) -> None:
    assert resolve([typed], SECTIONS) == ("law",)


@pytest.mark.parametrize("typed", ["can-tho", "Cần Thơ", "Can Tho", "CẦN THƠ", "can tho", "hau giang"])
def test_a_province_is_its_slug_its_name_or_unaccented(typed: str) -> None:
    assert resolve([typed], PROVINCES) == ("Cần Thơ",)


def test_values_are_kept_once_in_order_and_blanks_skipped() -> None:
    assert resolve(["tp.hcm", "  ", "can-tho", "ho-chi-minh"], PROVINCES) == ("TP Hồ Chí Minh", "Cần Thơ")


def test_an_unknown_value_is_one_vietnamese_line_listing_the_valid_names() -> None:
    with pytest.raises(InputError) as caught:
        resolve(["can-thoo"], PROVINCES)
    assert str(caught.value) == "--province: không có tỉnh/thành “can-thoo”; chọn một trong: “Cần Thơ”, “TP Hồ Chí Minh”"
    with pytest.raises(InputError, match="--section: không có lĩnh vực “sport”; .*“Pháp luật”, “Sức khỏe”"):
        resolve(["sport"], SECTIONS)


def test_an_open_field_takes_values_as_typed() -> None:
    sources = FilterField("source", "--source", (), open=True)
    assert resolve(["bao-moi ", "Ba\u0300o"], sources) == ("bao-moi", "Bào")
