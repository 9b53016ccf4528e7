"""The default concerns: loaded from config or the package, matched onto items by the enrich stage."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from langnghe.config import default_concerns, load_concerns
from langnghe.index.watch import WatchList
from langnghe.nlp.segment import segment_words

REPO = Path(__file__).resolve().parents[2]

# One hand-written sentence per concern that must be tagged with it.
EXAMPLES = {
    "land_clearance": "Hàng chục hộ dân chưa nhận tiền đền bù khi bị thu hồi đất làm đường.",
    "pollution_environment": "Nước thải từ khu công nghiệp khiến cá chết trắng kênh.",
    "disasters_epidemics": "Sạt lở đất sau mưa lớn làm ba căn nhà bị vùi lấp.",
    "traffic_public_order": "Xe tải gây tai nạn giao thông trên quốc lộ, ùn tắc kéo dài.",
    "corruption_misconduct": "Nguyên giám đốc bị khởi tố vì nhận hối lộ trong dự án.",
    "seas_islands": "Tàu cá của ngư dân Quảng Ngãi bị xua đuổi ở Hoàng Sa.",
    "foreign_affairs": "Hai bộ trưởng hội đàm về quan hệ song phương và hợp tác quốc tế.",
    "administrative_reform": "Sau sáp nhập tỉnh, người dân đến trung tâm dịch vụ công làm thủ tục.",
    "prices_livelihoods": "Giá xăng tăng lần thứ ba trong tháng khiến đời sống công nhân khó khăn.",
    "health_care": "Bệnh viện tuyến tỉnh quá tải, bệnh nhân nằm ghép vì thiếu giường.",
    "education": "Phụ huynh phản đối việc tăng học phí và tình trạng dạy thêm tràn lan.",
    "religion_ethnicity": "Chính quyền hỗ trợ đồng bào dân tộc thiểu số đón lễ hội truyền thống.",
}


@pytest.fixture(scope="module")
def concerns() -> WatchList:
    return WatchList.from_config(default_concerns())


def test_the_default_set_covers_the_twelve_themes() -> None:
    assert [concern.id for concern in default_concerns()] == list(EXAMPLES)


def test_config_topics_yaml_ships_the_default_set() -> None:
    shipped = yaml.safe_load((REPO / "config" / "topics.yaml").read_text(encoding="utf-8"))["concerns"]
    assert shipped == [concern.model_dump(exclude_defaults=True) for concern in default_concerns()]


@pytest.mark.parametrize(("concern", "text"), EXAMPLES.items())
def test_each_concern_tags_its_example(concerns: WatchList, concern: str, text: str) -> None:
    assert concern in concerns.match_text(text, segment_words(text))


def test_an_everyday_text_matches_no_concern(concerns: WatchList) -> None:
    text = "Chiều nay trời nắng đẹp, cả nhà đi dạo công viên và ăn kem."
    assert concerns.match_text(text, segment_words(text)) == []


def test_a_concerns_list_in_topics_yaml_replaces_the_default(tmp_path: Path) -> None:
    (tmp_path / "topics.yaml").write_text(
        'concerns:\n  - id: water\n    name: Nước sạch\n    query: \'"nước sạch"\'\n', encoding="utf-8"
    )
    assert [concern.id for concern in load_concerns(tmp_path)] == ["water"]
    (tmp_path / "topics.yaml").write_text("topics: []\n", encoding="utf-8")
    assert len(load_concerns(tmp_path)) == 12
