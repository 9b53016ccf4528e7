"""Stance: corrections refute, re-shares spread; a denied debunk still spreads."""

from __future__ import annotations

import pytest

from langnghe.claims.stance import read_stance
from langnghe.claims.text import fold


@pytest.mark.parametrize(
    "text",
    [
        "Thông tin nước máy Cần Thơ nhiễm hóa chất là sai sự thật",
        "Công ty cấp nước bác bỏ tin đồn cắt nước toàn thành phố",
        "Đính chính: tin nước máy nhiễm độc là TIN GIẢ",
        "Phạt 7,5 triệu đồng người tung tin nước máy nhiễm độc, cơ quan chức năng xử phạt hành chính",
        "Giám đốc công ty khẳng định nước máy không có hóa chất nào như tin đồn",
        "thong tin nuoc may nhiem doc la khong dung su that",
    ],
)
def test_corrections_refute(text: str) -> None:
    assert read_stance(fold(text)).stance == "refutes"


@pytest.mark.parametrize(
    "text",
    [
        "KHẨN: Nước máy Cần Thơ nhiễm hóa chất, sắp cắt nước 7 ngày, chia sẻ ngay!!!",
        "Có ai xác nhận được không? Nghe nói nước máy nhiễm độc",
        "Đây không phải tin giả đâu, người nhà mình làm ở nhà máy nước nói thế",
    ],
)
def test_reshares_spread(text: str) -> None:
    assert read_stance(fold(text)).stance == "spreads"


def test_cues_are_named_in_vietnamese() -> None:
    assert read_stance(fold("Thông tin trên là sai sự thật, đề nghị đính chính")).cues == ("sai sự thật", "đính chính")


def test_debunk_words_the_claim_itself_uses_are_not_cues() -> None:
    claim = fold("Phải đổi giấy phép lái xe cũ trước cuối năm, quá hạn bị phạt 5 triệu đồng")
    assert read_stance(fold("Bằng lái cũ không đổi trước 31/12 là bị phạt 5 triệu đó"), claim).stance == "spreads"
    assert read_stance(fold("Cục Đường bộ bác bỏ tin bị phạt 5 triệu"), claim).cues == ("bác bỏ",)


@pytest.mark.parametrize(
    "text",
    [
        "Đừng share tin chưa kiểm chứng nha mọi người",  # doubt, not a verdict
        "Tin này chưa có nguồn chính thức, đừng tin vội, mn bình tĩnh đã",
        "Share cho mọi người cùng biết, thà tin nhầm còn hơn bỏ sót!!!",  # folded "tin nham": not "tin nhảm"
        "Cả nhà dùng tin nhắn Zalo báo nhau trữ nước",  # folded "dung tin": not "đừng tin"
        "Tin bay khắp các nhóm Zalo từ sáng, mọi người trữ nước đi",  # folded "tin bay": not "tin bậy"
    ],
)
def test_doubt_and_ordinary_words_are_not_refutations(text: str) -> None:
    assert read_stance(fold(text)).stance == "spreads", read_stance(fold(text)).cues


@pytest.mark.parametrize(
    "text",
    ["Công an bác bỏ thông tin nước máy nhiễm độc", "Đây là tin sai sự thật, mọi người đừng hoang mang"],
)
def test_real_corrections_still_refute(text: str) -> None:
    assert read_stance(fold(text)).stance == "refutes"
