from __future__ import annotations

from langnghe.nlp import annotate_texts, near_dup_key
from langnghe.nlp.keywords import extract_keywords, stopwords


def test_multi_syllable_words_and_proper_nouns_rank_first() -> None:
    tokens = ["Ô_nhiễm", "không_khí", "ở", "Hà_Nội", "tăng", ".", "Ô_nhiễm", "kéo_dài", ",", "người_dân", "lo", "."]
    keywords = extract_keywords(tokens, top_k=3)
    assert keywords[0] == "ô nhiễm"
    assert "Hà Nội" in keywords


def test_stopwords_numbers_and_single_common_syllables_are_skipped() -> None:
    tokens = ["Tuy_nhiên", ",", "hiện_nay", "có_thể", "mưa", "lớn", "2024", "6,1_inch", "nhiều", "cho_biết", "."]
    assert extract_keywords(tokens) == []


def test_capitalised_first_word_of_a_sentence_is_not_a_proper_noun() -> None:
    tokens = ["Mưa", "lớn", "ở", "Huế", ".", "Nước", "dâng", "cao", "."]
    assert extract_keywords(tokens) == ["Huế"]


def test_earlier_mentions_weigh_more() -> None:
    filler = ["và"] * 40
    tokens = ["lũ_lụt", *filler, "hạn_hán"]
    assert extract_keywords(tokens) == ["lũ lụt", "hạn hán"]


def test_stopword_list_is_loaded_without_comments() -> None:
    words = stopwords()
    assert {"tuy_nhiên", "cho_biết", "của"} <= words
    assert not any(word.startswith("#") for word in words)


def test_keywords_from_annotate_use_segmented_words() -> None:
    text = ("Ô nhiễm không khí ở Hà Nội tăng cao. Ô nhiễm kéo dài khiến người dân lo lắng, "
            "bệnh viện tiếp nhận nhiều ca bệnh hô hấp.")
    keywords = annotate_texts([text])[0].keywords
    assert keywords[0] == "ô nhiễm"
    assert "Hà Nội" in keywords


def test_near_dup_key_ignores_case_digits_punctuation_and_tone_style() -> None:
    a = near_dup_key("Hoà Bình: 3 người bị thương trong vụ tai nạn!")
    b = near_dup_key("hòa bình - 12 người bị thương trong vụ tai nạn")
    assert a is not None and a == b
    assert near_dup_key("Hòa Bình: người bị thương nặng") != a


def test_near_dup_key_is_none_without_letters() -> None:
    assert near_dup_key("") is None
    assert near_dup_key(" 123 ... !!! ") is None
