"""The shipped models on hand-written sentences whose answer is obvious."""

from __future__ import annotations

import pytest

from langnghe.nlp import annotate_texts
from langnghe.nlp.registry import get_model


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("Tiền đạo Nguyễn Tiến Linh lập cú đúp giúp đội tuyển Việt Nam thắng Thái Lan 2-1 ở vòng loại World Cup, "
         "huấn luyện viên khen các cầu thủ thi đấu kiên cường.", "sports"),
        ("Bệnh viện Bạch Mai tiếp nhận nhiều bệnh nhân sốt xuất huyết, bác sĩ khuyến cáo người dân diệt muỗi "
         "và đến cơ sở y tế ngay khi sốt cao.", "health"),
        ("Công an tỉnh đã khởi tố vụ án, bắt tạm giam hai bị can về tội lừa đảo chiếm đoạt tài sản; "
         "viện kiểm sát phê chuẩn quyết định khởi tố.", "law"),
        ("Giá cổ phiếu ngân hàng tăng mạnh, doanh nghiệp báo lãi quý III vượt kế hoạch, "
         "nhà đầu tư đổ tiền vào thị trường chứng khoán.", "business"),
    ],
)
def test_section_on_obvious_news(text: str, section: str) -> None:
    assert annotate_texts([text])[0].section.label == section  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("Sản phẩm rất tốt, giao hàng nhanh, đóng gói cẩn thận, mình rất hài lòng!", "positive"),
        ("Thầy dạy nhiệt tình, dễ hiểu, bài giảng rất hay.", "positive"),
        ("Hàng kém chất lượng, dùng hai ngày đã hỏng, shop không trả lời tin nhắn. Quá thất vọng.", "negative"),
        ("Máy nóng kinh khủng, pin tụt nhanh, tệ hết chỗ nói, phí tiền.", "negative"),
    ],
)
def test_sentiment_on_obvious_comments(text: str, sentiment: str) -> None:
    prediction = annotate_texts([text])[0].sentiment
    assert prediction is not None
    assert prediction.label == sentiment
    assert prediction.score > 0.5


def test_shipped_models_have_expected_labels_and_are_small() -> None:
    section = get_model("section")
    sentiment = get_model("sentiment")
    assert set(section.labels) == {"politics_society", "lifestyle", "science", "business", "law", "health",
                                   "world", "sports", "culture", "technology"}
    assert set(sentiment.labels) == {"positive", "neutral", "negative"}
    assert section.meta["dev"]["combined"]["accuracy"] >= 0.9
