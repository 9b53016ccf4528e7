"""Vietnamese display names for the label slugs analysts see in digests and reports."""

from __future__ import annotations

SECTION_VI: dict[str, str] = {
    "politics_society": "Chính trị - Xã hội",
    "lifestyle": "Đời sống",
    "science": "Khoa học",
    "business": "Kinh doanh",
    "law": "Pháp luật",
    "health": "Sức khỏe",
    "world": "Thế giới",
    "sports": "Thể thao",
    "culture": "Văn hóa",
    "technology": "Công nghệ",
}

SENTIMENT_VI: dict[str, str] = {
    "positive": "Tích cực",
    "neutral": "Trung tính",
    "negative": "Tiêu cực",
}

PLATFORM_VI: dict[str, str] = {
    "news": "Báo điện tử",
    "forum": "Diễn đàn",
    "collaborator": "Cộng tác viên",
}

WEEKDAY_VI = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def vi(mapping: dict[str, str], slug: str | None) -> str:
    """Vietnamese name of a slug; the slug itself when unknown, 'Chưa rõ' when missing."""
    if not slug:
        return "Chưa rõ"
    return mapping.get(slug, slug)
