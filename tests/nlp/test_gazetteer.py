from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from langnghe.errors import ConfigError
from langnghe.nlp.gazetteer import default_gazetteer, find_provinces, load_gazetteer

# Written from Resolution 202/2025/QH15, independently of data/provinces.yaml.
FORMER_TO_CURRENT = {
    "Hà Nội": "Hà Nội", "Thừa Thiên Huế": "Huế", "Lai Châu": "Lai Châu", "Điện Biên": "Điện Biên",
    "Sơn La": "Sơn La", "Lạng Sơn": "Lạng Sơn", "Quảng Ninh": "Quảng Ninh", "Thanh Hóa": "Thanh Hóa",
    "Nghệ An": "Nghệ An", "Hà Tĩnh": "Hà Tĩnh", "Cao Bằng": "Cao Bằng",
    "Tuyên Quang": "Tuyên Quang", "Hà Giang": "Tuyên Quang",
    "Lào Cai": "Lào Cai", "Yên Bái": "Lào Cai",
    "Thái Nguyên": "Thái Nguyên", "Bắc Kạn": "Thái Nguyên",
    "Phú Thọ": "Phú Thọ", "Vĩnh Phúc": "Phú Thọ", "Hòa Bình": "Phú Thọ",
    "Bắc Ninh": "Bắc Ninh", "Bắc Giang": "Bắc Ninh",
    "Hưng Yên": "Hưng Yên", "Thái Bình": "Hưng Yên",
    "Hải Phòng": "Hải Phòng", "Hải Dương": "Hải Phòng",
    "Ninh Bình": "Ninh Bình", "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình",
    "Quảng Trị": "Quảng Trị", "Quảng Bình": "Quảng Trị",
    "Đà Nẵng": "Đà Nẵng", "Quảng Nam": "Đà Nẵng",
    "Quảng Ngãi": "Quảng Ngãi", "Kon Tum": "Quảng Ngãi",
    "Gia Lai": "Gia Lai", "Bình Định": "Gia Lai",
    "Khánh Hòa": "Khánh Hòa", "Ninh Thuận": "Khánh Hòa",
    "Lâm Đồng": "Lâm Đồng", "Đắk Nông": "Lâm Đồng", "Bình Thuận": "Lâm Đồng",
    "Đắk Lắk": "Đắk Lắk", "Phú Yên": "Đắk Lắk",
    "TP Hồ Chí Minh": "TP Hồ Chí Minh", "Bình Dương": "TP Hồ Chí Minh", "Bà Rịa - Vũng Tàu": "TP Hồ Chí Minh",
    "Đồng Nai": "Đồng Nai", "Bình Phước": "Đồng Nai",
    "Tây Ninh": "Tây Ninh", "Long An": "Tây Ninh",
    "Cần Thơ": "Cần Thơ", "Sóc Trăng": "Cần Thơ", "Hậu Giang": "Cần Thơ",
    "Vĩnh Long": "Vĩnh Long", "Bến Tre": "Vĩnh Long", "Trà Vinh": "Vĩnh Long",
    "Đồng Tháp": "Đồng Tháp", "Tiền Giang": "Đồng Tháp",
    "Cà Mau": "Cà Mau", "Bạc Liêu": "Cà Mau",
    "An Giang": "An Giang", "Kiên Giang": "An Giang",
}
CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "TP Hồ Chí Minh", "Cần Thơ"}


def test_reference_table_has_63_former_and_34_current_units() -> None:
    assert len(FORMER_TO_CURRENT) == 63
    assert len(set(FORMER_TO_CURRENT.values())) == 34


def test_the_34_units_with_ids_and_types() -> None:
    units = default_gazetteer().units
    assert {unit.name for unit in units} == set(FORMER_TO_CURRENT.values())
    assert len({unit.id for unit in units}) == 34
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", unit.id) for unit in units)
    assert {unit.name for unit in units if unit.type == "city"} == CITIES
    assert {unit.type for unit in units} == {"city", "province"}


def test_yaml_lists_exactly_the_63_former_units() -> None:
    former = {f.name: unit.name for unit in default_gazetteer().units for f in unit.former if not f.historic}
    assert former == FORMER_TO_CURRENT


@pytest.mark.parametrize(("former", "current"), sorted(FORMER_TO_CURRENT.items()))
def test_every_former_name_maps_to_its_current_unit(former: str, current: str) -> None:
    assert find_provinces(f"Tin mới nhất từ {former} sáng nay.") == [current]


@pytest.mark.parametrize("name", sorted(set(FORMER_TO_CURRENT.values())))
def test_every_current_name_is_found(name: str) -> None:
    assert find_provinces(f"Lãnh đạo {name} làm việc với đoàn công tác") == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Chúng ta luôn mong muốn hòa bình cho thế giới.",
        "Hòa bình là khát vọng của mọi dân tộc.",
        "Cuộc sống thái bình, no ấm.",
        "Tàu cá gặp bão trên Thái Bình Dương.",
        "Hợp tác kinh tế châu Á - Thái Bình Dương (APEC).",
        "Giải Nobel Hòa bình năm nay được trao cho một tổ chức.",
        "VÌ HÒA BÌNH VÀ HỮU NGHỊ",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        "Chị Huế bán hàng ở chợ.",
        "Bà Nguyễn Thị Huế nhận giải thưởng.",
        "Anh Long Anh và cô Nam Định Hải đi học.",
        "Cao bằng người lớn rồi.",
    ],
)
def test_common_nouns_people_and_oceans_are_not_provinces(text: str) -> None:
    assert find_provinces(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Thủy điện Hòa Bình mở thêm cửa xả đáy.",
        "Người dân tỉnh Hòa Bình cũ đón Tết.",
        "Mưa lớn ở tỉnh hòa bình gây sạt lở.",
        "Khách du lịch đến Hoà Bình ngày càng đông.",
    ],
)
def test_the_former_province_hoa_binh_is_found(text: str) -> None:
    assert find_provinces(text) == ["Phú Thọ"]


def test_lower_case_is_accepted_after_tinh_and_thanh_pho() -> None:
    assert find_provinces("về quê ở tỉnh thái bình") == ["Hưng Yên"]
    assert find_provinces("thành phố hà nội mưa to") == ["Hà Nội"]
    assert find_provinces("đi thành phố hồ chí minh làm việc") == ["TP Hồ Chí Minh"]
    assert find_provinces("về hà nội chơi") == []  # without the prefix, case matters


@pytest.mark.parametrize(
    "alias",
    ["TP.HCM", "TPHCM", "TP HCM", "TP. HCM", "Tp.HCM", "TP Hồ Chí Minh", "TP. Hồ Chí Minh", "TP.Hồ Chí Minh",
     "Thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh", "Sài Gòn", "Saigon", "HCMC"],
)
def test_ho_chi_minh_city_aliases(alias: str) -> None:
    assert find_provinces(f"Giá nhà ở {alias} tiếp tục tăng") == ["TP Hồ Chí Minh"]


@pytest.mark.parametrize(
    ("alias", "current"),
    [
        ("Thừa Thiên Huế", "Huế"), ("Thừa Thiên - Huế", "Huế"), ("Thừa Thiên–Huế", "Huế"), ("Huế", "Huế"),
        ("Bà Rịa - Vũng Tàu", "TP Hồ Chí Minh"), ("Bà Rịa-Vũng Tàu", "TP Hồ Chí Minh"),
        ("Vũng Tàu", "TP Hồ Chí Minh"), ("BR-VT", "TP Hồ Chí Minh"),
        ("Daklak", "Đắk Lắk"), ("Đắc Lắc", "Đắk Lắk"), ("Dak Lak", "Đắk Lắk"),
        ("Hanoi", "Hà Nội"), ("Ha Noi", "Hà Nội"), ("HÀ NỘI", "Hà Nội"),
        ("Da Nang", "Đà Nẵng"), ("Danang", "Đà Nẵng"), ("Bắc Cạn", "Thái Nguyên"), ("Kontum", "Quảng Ngãi"),
        ("Thanh Hoá", "Thanh Hóa"), ("Khánh Hoà", "Khánh Hòa"), ("Đắk Nông", "Lâm Đồng"),
    ],
)
def test_spelling_variants(alias: str, current: str) -> None:
    assert find_provinces(f"Tin từ {alias}: nhiều hoạt động diễn ra") == [current]


def test_ha_nam_ninh_is_not_read_as_ha_nam_plus_a_word() -> None:
    assert find_provinces("Tỉnh Hà Nam Ninh được lập năm 1975") == ["Ninh Bình"]
    assert find_provinces("Hà Nam, Nam Định và Ninh Bình hợp nhất") == ["Ninh Bình"]


def test_names_inside_longer_words_do_not_match() -> None:
    assert find_provinces("Huếch hoác, Long Anh, Gia Laim, Cà Mauu") == []


def test_order_of_first_mention_and_deduplication() -> None:
    text = "Đà Nẵng và Quảng Nam hợp nhất; Hà Nội, Đà Nẵng, TP.HCM rồi lại Hà Nội."
    assert find_provinces(text) == ["Đà Nẵng", "Hà Nội", "TP Hồ Chí Minh"]


def test_decomposed_text_is_matched() -> None:
    assert find_provinces(unicodedata.normalize("NFD", "Lũ ở Quảng Bình và Hà Tĩnh")) == ["Quảng Trị", "Hà Tĩnh"]


def test_streets_named_after_provinces_are_skipped() -> None:
    assert find_provinces("Ùn tắc trên xa lộ Hà Nội và phố Huế") == []


def test_resolve_any_name_to_its_current_unit() -> None:
    gazetteer = default_gazetteer()
    assert gazetteer.resolve("thừa thiên huế").name == "Huế"  # type: ignore[union-attr]
    assert gazetteer.resolve("BÌNH DƯƠNG").id == "ho-chi-minh"  # type: ignore[union-attr]
    assert gazetteer.resolve("Atlantis") is None


def test_a_broken_gazetteer_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "provinces.yaml"
    path.write_text("units:\n  - {id: x, name: X}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="provinces.yaml: units\\[0\\]"):
        load_gazetteer(path)
