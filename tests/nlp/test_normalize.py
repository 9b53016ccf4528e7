from __future__ import annotations

import unicodedata

import pytest

from langnghe.nlp.normalize import normalize, normalize_tones, normalize_unicode


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("hoà", "hòa"),
        ("hoá", "hóa"),
        ("thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("tuỳ", "tùy"),
        ("uỷ ban", "ủy ban"),
        ("loà xoà", "lòa xòa"),
        ("hoàn thành", "hoàn thành"),  # closed syllable: tone stays on the last vowel
        ("hóan", "hoán"),  # misplaced tone in a closed syllable is repaired
        ("ngoài", "ngoài"),
        ("khuỷu tay", "khuỷu tay"),
        ("người", "người"),
        ("rượu", "rượu"),
        ("thuở", "thuở"),
        ("chuyện", "chuyện"),
    ],
)
def test_tone_marks_take_the_classic_position(given: str, expected: str) -> None:
    assert normalize(given) == expected


@pytest.mark.parametrize("word", ["quí", "quý", "Quý", "quả", "quỷ", "Quỳnh", "gì", "già", "giỏi", "giữa", "giếng", "gìn"])
def test_qu_and_gi_are_consonants(word: str) -> None:
    assert normalize(word) == word


def test_misplaced_tone_after_qu_moves_to_the_vowel() -> None:
    assert normalize("qúy") == "quý"


def test_upper_case_keeps_its_case() -> None:
    assert normalize("HOÀ BÌNH") == "HÒA BÌNH"
    assert normalize("Thuỵ Điển") == "Thụy Điển"
    assert normalize("KHOẺ") == "KHỎE"


def test_loanwords_and_names_with_accents_are_left_alone() -> None:
    assert normalize("café Pokémon") == "café Pokémon"


def test_decomposed_input_equals_precomposed() -> None:
    text = "Thời tiết Hà Nội hôm nay khiến người dân lo lắng cho sức khỏe, Thụy Điển gửi lời hỏi thăm."
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text
    assert normalize(decomposed) == text


def test_decomposed_new_style_becomes_classic() -> None:
    assert normalize(unicodedata.normalize("NFD", "Khánh Hoà thuỷ sản")) == "Khánh Hòa thủy sản"


def test_tone_typed_before_the_vowel_mark_still_composes() -> None:
    # e + acute + circumflex: NFC alone leaves a stray circumflex.
    assert normalize_unicode("bie\u0301\u0302n") == "biến"


def test_zero_width_characters_are_removed() -> None:
    assert normalize("Hà\u200b Nội\ufeff có\u00ad mưa\u200d") == "Hà Nội có mưa"


def test_whitespace_is_collapsed_and_paragraphs_kept() -> None:
    given = "  Tiêu đề \t bài  viết \r\n\r\n\r\n\n Đoạn\u00a0một. \n  Đoạn hai.  "
    assert normalize(given) == "Tiêu đề bài viết\n\nĐoạn một.\nĐoạn hai."


def test_empty_and_blank_text() -> None:
    assert normalize("") == ""
    assert normalize(" \n\t ") == ""


def test_normalize_is_idempotent() -> None:
    once = normalize("Uỷ ban nhân dân tỉnh Khánh Hoà họp bàn về thuỷ lợi  ")
    assert normalize(once) == once


def test_normalize_tones_on_running_text() -> None:
    assert normalize_tones("Hoà Bình, thuỷ điện (khoẻ).") == "Hòa Bình, thủy điện (khỏe)."


def test_look_alike_eth_becomes_vietnamese_d_with_stroke() -> None:
    assert normalize("Ðảng bộ tỉnh, ðường làng") == "Đảng bộ tỉnh, đường làng"
