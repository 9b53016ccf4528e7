"""Folding Vietnamese for matching that ignores diacritics."""

from __future__ import annotations

from langnghe.folding import fold, fold_key


def test_fold_removes_every_vietnamese_mark_and_keeps_positions() -> None:
    text = "Đường ướt, ỔN ĐỊNH; cá chết ở hồ Gươm, quyết định"
    assert fold(text) == "Duong uot, ON DINH; ca chet o ho Guom, quyet dinh"
    assert len(fold(text)) == len(text)


def test_fold_leaves_what_has_no_single_base_letter() -> None:
    assert fold("x\u0303 😀 ß") == "x\u0303 😀 ß"  # a stray mark, an emoji, a letter without marks


def test_fold_key_ignores_case_marks_and_separators() -> None:
    assert fold_key("Cần Thơ") == fold_key("can-tho") == fold_key("CAN  THO") == fold_key("can_tho") == "can tho"
    assert fold_key("Ca\u0300 Mau") == "ca mau"  # typed decomposed
