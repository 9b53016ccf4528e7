from __future__ import annotations

from pathlib import Path

import pytest

from langnghe.errors import ModelMissingError
from langnghe.item import Item, NlpResult, utcnow
from langnghe.nlp import SIGNALS, annotate_texts, enrich_items


def test_empty_text_gets_an_empty_result() -> None:
    assert annotate_texts([""]) == [NlpResult()]
    assert annotate_texts([" ... \n "]) == [NlpResult()]
    assert annotate_texts([]) == []


def test_batch_fills_every_field_in_input_order() -> None:
    texts = [
        "Đội tuyển bóng đá Việt Nam thắng đậm, cổ động viên ở TP.HCM xuống đường ăn mừng.",
        "",
        "Người dân tỉnh Quảng Bình phản ánh nước sạch bị ô nhiễm, rất bức xúc và thất vọng.",
    ]
    first, empty, third = annotate_texts(texts)
    assert empty == NlpResult()
    assert first.section is not None and first.section.label == "sports"
    assert first.provinces == ["TP Hồ Chí Minh"]
    assert third.provinces == ["Quảng Trị"]
    assert third.sentiment is not None and third.sentiment.label == "negative"
    assert "ô_nhiễm" in third.tokens
    for result in (first, third):
        assert result.tokens and all(" " not in token for token in result.tokens)
        assert result.keywords
        assert result.near_dup_key is not None
        assert set(result.models) == set(SIGNALS) | ({"tone"} if result.sentiment_basis == "tone" else set())
        assert result.models["section"] == "section-v2"
    assert first.near_dup_key != third.near_dup_key


def test_entities_and_the_no_diacritics_flag_are_filled() -> None:
    accented, plain = annotate_texts([
        "Chủ tịch UBND tỉnh Hưng Yên Nguyễn Văn An đối thoại với người dân xã Tân Lập.",
        "toi thay rat buc xuc vi nuoc thai boc mui ma khong ai giai quyet",
    ])  # fmt: skip
    assert [(e.text, e.label) for e in accented.entities] == [
        ("UBND tỉnh Hưng Yên", "ORG"), ("Nguyễn Văn An", "PER"), ("Tân Lập", "LOC"),
    ]  # fmt: skip
    assert (accented.no_diacritics, plain.no_diacritics) == (False, True)


def test_comments_without_diacritics_are_read_like_the_others() -> None:
    accented, plain = annotate_texts(["Dịch vụ quá tệ, tôi rất thất vọng", "dich vu qua te, toi rat that vong"])
    assert accented.sentiment is not None and plain.sentiment is not None
    assert accented.sentiment.label == plain.sentiment.label == "negative"


def test_batch_results_equal_one_by_one_results() -> None:
    texts = ["Giá xăng tăng mạnh từ chiều nay.", "Bệnh viện quá tải vì dịch cúm.", "Sản phẩm dùng rất thích."]
    assert annotate_texts(texts) == [annotate_texts([text])[0] for text in texts]


def test_long_text_is_capped_for_tokens_but_not_for_provinces() -> None:
    text = "Mưa lớn kéo dài. " * 400 + "Lũ dâng cao ở Cà Mau."
    result = annotate_texts([text])[0]
    assert result.provinces == ["Cà Mau"]
    assert len(" ".join(result.tokens)) < 3100


def test_missing_models_raise(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError):
        annotate_texts(["Tin mới"], model_dir=tmp_path)


def _item(title: str, text: str) -> Item:
    return Item(id="nlp-test-0001", source="demo", platform="news", fetched_at=utcnow(), title=title, text=text)


def test_enrich_items_returns_copies_with_nlp() -> None:
    item = _item("Bệnh viện Bạch Mai quá tải", "Bác sĩ khuyến cáo người dân tiêm vắc xin phòng cúm.")
    [enriched] = enrich_items([item])
    assert item.nlp is None
    assert enriched.nlp is not None
    assert enriched.nlp.section is not None and enriched.nlp.section.label == "health"
    assert "Bạch_Mai" in enriched.nlp.tokens  # the title is annotated too
    assert enriched.model_dump(exclude={"nlp"}) == item.model_dump(exclude={"nlp"})
    assert Item.from_json(enriched.to_json()) == enriched


def test_enrich_items_without_title_or_text() -> None:
    [enriched] = enrich_items([_item("", "")])
    assert enriched.nlp == NlpResult()


GOOD_NEWS = "Khánh thành cây cầu mới nối hai xã vùng lũ\nSáng nay, cây cầu dài 300 mét đã được đưa vào sử dụng, giúp hàng nghìn hộ dân đi lại thuận tiện."
BAD_NEWS = "Cháy xưởng gỗ ở Bình Dương, thiệt hại hàng tỷ đồng\nNgọn lửa bùng lên lúc rạng sáng, thiêu rụi toàn bộ nhà xưởng và máy móc."


def test_an_article_gets_the_news_tone_and_a_comment_the_writers_attitude() -> None:
    good, bad, comment = annotate_texts([GOOD_NEWS, BAD_NEWS, GOOD_NEWS], kinds=["article", "article", "comment"])
    assert (good.sentiment_basis, bad.sentiment_basis, comment.sentiment_basis) == ("tone", "tone", "attitude")
    assert good.sentiment is not None and good.sentiment.label == "positive"
    assert bad.sentiment is not None and bad.sentiment.label == "negative"
    assert "tone" in good.models and "tone" not in comment.models


def test_without_a_kind_the_register_of_the_text_decides() -> None:
    news, post = annotate_texts([BAD_NEWS, "ko hiểu sao giá xăng cứ tăng hoài, chán thật sự mn ạ :(("])
    assert news.sentiment_basis == "tone"
    assert post.sentiment_basis == "attitude"
