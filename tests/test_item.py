from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from langnghe.item import SCHEMA_VERSION, Item, NlpResult, Prediction, make_item_id

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _item(**overrides: object) -> Item:
    fields: dict[str, object] = {
        "id": make_item_id("news", canonical_url="https://baosonghong.example/tin/1.html"),
        "source": "bao-song-hong",
        "platform": "news",
        "title": "Hà Nội ra quân xử lý ô nhiễm",
        "text": "Sáng nay, thành phố ra quân làm sạch kênh.",
        "fetched_at": datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc),
    }
    fields.update(overrides)
    return Item(**fields)  # type: ignore[arg-type]


def test_id_is_stable_and_depends_on_platform_for_native_ids() -> None:
    a = make_item_id("reddit", native_id="t3_abc")
    assert a == make_item_id("reddit", native_id="t3_abc")
    assert a != make_item_id("mastodon", native_id="t3_abc")
    assert make_item_id("news", canonical_url="https://a.example/x") != make_item_id(
        "news", canonical_url="https://a.example/y"
    )
    with pytest.raises(ValueError):
        make_item_id("news")


def test_times_are_stored_in_utc() -> None:
    local = datetime(2026, 11, 20, 8, 15, tzinfo=VN)
    item = _item(published_at=local)
    assert item.published_at == local
    assert item.published_at is not None and item.published_at.utcoffset() == timedelta(0)
    assert item.published_at.hour == 1


def test_naive_times_are_rejected() -> None:
    with pytest.raises(ValidationError, match="timezone-aware"):
        _item(published_at=datetime(2026, 11, 20, 8, 15))


def test_json_round_trip_keeps_nlp_part() -> None:
    item = _item(
        nlp=NlpResult(
            tokens=["Hà_Nội", "ô_nhiễm"],
            sentiment=Prediction(label="negative", score=0.8, scores={"negative": 0.8, "positive": 0.2}),
            provinces=["Hà Nội"],
        )
    )
    again = Item.from_json(item.to_json())
    assert again == item
    assert again.schema_version == SCHEMA_VERSION
    assert again.nlp is not None and again.nlp.tokens == ["Hà_Nội", "ô_nhiễm"]


def test_unknown_fields_and_bad_values_are_rejected() -> None:
    with pytest.raises(ValidationError):
        _item(colour="red")
    with pytest.raises(ValidationError):
        _item(kind="tweet")
    with pytest.raises(ValidationError):
        _item(platform="Face Book")


def test_content_hash_changes_with_text_only() -> None:
    a = _item()
    assert a.content_hash() == _item(fetched_at=datetime(2026, 11, 21, tzinfo=timezone.utc)).content_hash()
    assert a.content_hash() != _item(text="Nội dung khác").content_hash()
