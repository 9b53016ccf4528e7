"""Pydantic's errors worded in Vietnamese from their type codes (langnghe/validation.py, issue 16)."""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from langnghe.validation import describe, problem


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2)
    count: int = Field(1, ge=1, le=10)
    enabled: bool = True
    kind: Literal["rss", "sitemap", "html"] = "rss"
    tags: list[str] = Field(default_factory=list)


@pytest.mark.parametrize("data, said", [
    ({}, "name: thiếu khóa bắt buộc"),
    ({"name": "ab", "nam": 1}, "nam: khóa lạ (kiểm tra chính tả)"),
    ({"name": "a"}, "name: cần ít nhất 2 ký tự, nhận 'a'"),
    ({"name": "ab", "count": 0}, "count: cần từ 1 trở lên, nhận 0"),
    ({"name": "ab", "count": 11}, "count: cần không quá 10, nhận 11"),
    ({"name": "ab", "count": "nhiều"}, "count: cần một số nguyên, nhận 'nhiều'"),
    ({"name": "ab", "enabled": "có lẽ"}, "enabled: cần true hoặc false, nhận 'có lẽ'"),
    ({"name": "ab", "kind": "pdf"}, "kind: cần một trong các giá trị 'rss', 'sitemap' hoặc 'html', nhận 'pdf'"),
    ({"name": "ab", "tags": "một"}, "tags: cần một danh sách, nhận 'một'"),
    ({"name": 5}, "name: cần một chuỗi văn bản, nhận 5"),
])
def test_common_errors_are_said_in_vietnamese(data: dict[str, object], said: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _Record.model_validate(data)
    assert describe(caught.value) == said


def test_the_others_are_counted_and_our_own_messages_kept() -> None:
    with pytest.raises(ValidationError) as caught:
        _Record.model_validate({"count": 0, "enabled": "x"})
    assert describe(caught.value).endswith("(và 2 lỗi khác)")
    ours = {"type": "value_error", "loc": ("a",), "msg": "Value error, cần một khoảng thời gian", "input": "x"}
    assert problem(ours) == "cần một khoảng thời gian"  # type: ignore[arg-type]


def test_an_unlisted_type_gives_its_code_not_pydantics_english() -> None:
    error = {"type": "uuid_parsing", "loc": ("id",), "msg": "Input should be a valid UUID", "input": "x"}
    assert problem(error) == "giá trị không hợp lệ (uuid_parsing), nhận 'x'"  # type: ignore[arg-type]
