"""Hand-written Vietnamese texts for the NLP tests (no dataset text)."""

from __future__ import annotations

import pytest

TINY_CORPUS: list[tuple[str, str]] = [
    ("đội tuyển thắng trận đấu bóng đá tối qua", "sports"),
    ("cầu thủ ghi bàn phút cuối trận đấu", "sports"),
    ("huấn luyện viên khen cầu thủ sau trận thắng", "sports"),
    ("câu lạc bộ bóng đá mua tiền đạo mới", "sports"),
    ("đội khách thua đậm trên sân nhà đối thủ", "sports"),
    ("bệnh viện tiếp nhận bệnh nhân sốt xuất huyết", "health"),
    ("bác sĩ khuyến cáo tiêm vắc xin phòng bệnh", "health"),
    ("bệnh nhân được bác sĩ phẫu thuật thành công", "health"),
    ("người bệnh cần uống thuốc theo chỉ định bác sĩ", "health"),
    ("dịch cúm lan nhanh, bệnh viện quá tải", "health"),
    ("công an bắt đối tượng lừa đảo chiếm đoạt tài sản", "law"),
    ("tòa án xét xử bị cáo tội tham ô", "law"),
    ("cơ quan điều tra khởi tố vụ án buôn lậu", "law"),
    ("bị can bị tạm giam để điều tra hành vi lừa đảo", "law"),
    ("viện kiểm sát truy tố bị cáo về tội cướp tài sản", "law"),
]


@pytest.fixture
def tiny_corpus() -> list[tuple[str, str]]:
    return list(TINY_CORPUS)
