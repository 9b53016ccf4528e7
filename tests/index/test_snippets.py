"""Snippets: the passage of a hit around its match, the matched words marked, diacritics optional."""

from __future__ import annotations

from langnghe.index.snippets import make_snippet


def _marked(query: str, title: str, text: str) -> tuple[str, list[str]]:
    found = make_snippet(query, title, text, width=60)
    assert found is not None
    return found.text, [found.text[start:end] for start, end in found.marks]


def test_words_are_marked_with_or_without_diacritics() -> None:
    assert _marked("ca chet", "", "Người dân thấy cá chết nổi trắng.")[1] == ["cá", "chết"]
    assert _marked("cá chết", "", "dan bao ca chet nhieu")[1] == ["ca", "chet"]
    assert _marked('"đường ngập"', "", "Nhiều tuyến Đường Ngập sâu")[1] == ["Đường Ngập"]


def test_the_window_centres_on_the_accents_as_typed_and_reads_as_one_line() -> None:
    text = "ca chet o dau do. " + "Chuyện khác trong ngày. " * 6 + "Cá chết\ntrắng kênh."
    snippet, marks = _marked("cá chết", "", text)
    assert snippet.startswith("…") and "Cá chết trắng kênh." in snippet and marks == ["Cá", "chết"]
    assert "\n" not in snippet


def test_the_title_when_the_text_has_no_match_and_none_without_words() -> None:
    assert _marked("ô_nhiễm", "Ô nhiễm ở Hà Nội", "Bụi mịn tăng cao.") == ("Ô nhiễm ở Hà Nội", ["Ô nhiễm"])
    assert make_snippet("-quảng_cáo", "Tiêu đề", "Nội dung") is None
    assert make_snippet("bão", "Tiêu đề", "Nội dung") is None  # matched only in the tokens
