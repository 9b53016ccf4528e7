"""The search page's state and wording, without the app: presets, URLs, query errors in Vietnamese."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from langnghe.errors import InputError
from langnghe.index.folded import compile_folded
from langnghe.index.query import QueryError
from langnghe.web.search_form import SearchState, named_for, query_problem

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=timezone.utc)


def test_a_preset_period_starts_that_long_before_now() -> None:
    assert SearchState(period="24h").request(NOW).since == "2026-12-06T03:00:00+00:00"
    assert SearchState(period="30d", until="07/12/2026").request(NOW).since == "2026-11-07T03:00:00+00:00"
    with pytest.raises(InputError, match="^--since: chọn “7 ngày qua” hoặc nhập ngày bắt đầu, không cả hai$"):
        SearchState(period="7d", since="01/12/2026").request(NOW)


def test_the_url_leaves_out_defaults_and_blanks_and_keeps_repeated_values() -> None:
    state = SearchState(q="cá chết", since=" ", terms={"source": ("a", "b"), "story": ("",)})
    assert state.url() == "/tim-kiem?q=c%C3%A1+ch%E1%BA%BFt&source=a&source=b"
    assert SearchState().url() == "/tim-kiem"


def test_adding_and_removing_a_value_starts_again_from_the_first_page() -> None:
    state = SearchState(q="ngập", after="con-tro", terms={"province": ("Cần Thơ",)})
    added = state.with_value("province", "Hà Nội")
    assert added.terms["province"] == ("Cần Thơ", "Hà Nội") and added.after == ""
    assert state.with_value("province", "Cần Thơ").terms == state.terms
    assert state.without_value("province", "Cần Thơ").url() == "/tim-kiem?q=ng%E1%BA%ADp"


@pytest.mark.parametrize("query", ['"cá chết', '"a b"~x', '""', "cá~3", "a)", "(a", "()", "OR a", "a AND", "NOT",
                                   "-a OR b", "(-a -b) OR c"])
def test_every_query_error_is_worded_in_vietnamese(query: str) -> None:
    with pytest.raises(QueryError) as caught:
        compile_folded(query)
    problem = query_problem(caught.value, query)
    assert problem.message.startswith(f"Lỗi ở ký tự thứ {caught.value.position + 1}: ")
    assert "không đọc được câu tìm kiếm" not in problem.message, caught.value.reason
    assert problem.before + problem.at.strip() + problem.after == query


def test_a_filter_error_names_the_field_the_page_s_or_the_api_s_way() -> None:
    line = "--emotion: không có cảm xúc “vui”; chọn một trong: “Buồn bã”"
    assert named_for(line, {"emotion": "Cảm xúc"}) == "Cảm xúc: không có cảm xúc “vui”; chọn một trong: “Buồn bã”"
    assert named_for(line, {}) == "emotion: không có cảm xúc “vui”; chọn một trong: “Buồn bã”"
    assert named_for("--false-info: không có", {}) == "false_info: không có"
    assert named_for("cursor: not a cursor", {}) == "cursor: not a cursor"
