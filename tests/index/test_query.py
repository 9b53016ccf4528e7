"""The query string parser and its FTS5 translation (pure functions)."""

from __future__ import annotations

import sqlite3
import unicodedata

import pytest

from langnghe.errors import InputError
from langnghe.index.query import (
    And,
    MatchAll,
    Near,
    Not,
    Or,
    Phrase,
    QueryError,
    Term,
    compile_fts5,
    parse,
    split_negations,
    to_fts5,
)


def test_words_are_an_implicit_and() -> None:
    assert parse("giá xăng") == And((Term("giá"), Term("xăng")))


def test_nfc_and_lower_case() -> None:
    decomposed = unicodedata.normalize("NFD", "Bão Lũ")
    assert parse(decomposed) == And((Term("bão"), Term("lũ")))
    assert parse("ĐÀ_NẴNG") == Term("đà_nẵng")


def test_phrase_and_proximity() -> None:
    assert parse('"ô nhiễm không khí"') == Phrase(("ô", "nhiễm", "không", "khí"))
    assert parse('"ô_nhiễm không_khí"~3') == Near(("ô_nhiễm", "không_khí"), 3)
    assert parse('"bão"~2') == Term("bão")  # one word: proximity has nothing to measure


def test_precedence_not_then_and_then_or() -> None:
    assert parse("lũ lụt OR sạt lở") == Or((And((Term("lũ"), Term("lụt"))), And((Term("sạt"), Term("lở")))))
    assert parse("mưa AND (huế OR quảng_trị)") == And((Term("mưa"), Or((Term("huế"), Term("quảng_trị")))))
    assert parse("NOT mưa nắng") == And((Not(Term("mưa")), Term("nắng")))


def test_negation_forms() -> None:
    assert parse("-quảng_cáo") == Not(Term("quảng_cáo"))
    assert parse('bão -"áp thấp"') == And((Term("bão"), Not(Phrase(("áp", "thấp")))))
    assert parse("NOT NOT bão") == Term("bão")
    assert parse("covid-19") == Term("covid-19")  # a hyphen inside a word is no negation


def test_operators_are_upper_case_only() -> None:
    assert parse("trời or đất") == And((Term("trời"), Term("or"), Term("đất")))


def test_punctuation_is_stripped_and_empty_means_all() -> None:
    assert parse("«Hà Nội», ...") == And((Term("hà"), Term("nội")))
    assert parse("  ") == MatchAll()
    assert parse("!!! ...") == MatchAll()


def test_nested_groups_flatten() -> None:
    assert parse("a (b c) (d OR (e OR f))") == And(
        (Term("a"), Term("b"), Term("c"), Or((Term("d"), Term("e"), Term("f"))))
    )


@pytest.mark.parametrize(
    ("query", "position", "reason"),
    [
        ('giá "xăng dầu', 4, "unclosed quote"),
        ("(lũ lụt", 0, "unclosed '\\('"),
        ("lũ lụt)", 6, "unmatched '\\)'"),
        ("OR bão", 0, "OR needs a term before it"),
        ("bão OR", 4, "OR needs a term after it"),
        ("bão OR OR lũ", 4, "OR needs a term after it"),
        ("bão AND", 4, "AND needs a term after it"),
        ("mưa NOT", 4, "NOT needs a term after it"),
        ("mưa -)", 4, "'-' needs a term after it"),
        ("mưa ()", 4, "empty parentheses"),
        ('mưa ""', 4, "empty phrase"),
        ('"mưa bão"~gần', 9, "needs a number"),
        ("bão~2", 3, "applies to a phrase"),
    ],
)
def test_syntax_errors_name_the_position(query: str, position: int, reason: str) -> None:
    with pytest.raises(QueryError, match=reason) as caught:
        parse(query)
    assert caught.value.position == position
    assert f"position {position}" in str(caught.value)
    assert isinstance(caught.value, InputError)


def test_split_negations() -> None:
    assert split_negations(parse("bão -lũ -mưa")) == (Term("bão"), Or((Term("lũ"), Term("mưa"))))
    assert split_negations(parse("-lũ")) == (None, Term("lũ"))
    assert split_negations(parse("bão OR lũ")) == (Or((Term("bão"), Term("lũ"))), None)
    assert split_negations(MatchAll()) == (None, None)


def test_to_fts5_quotes_every_term() -> None:
    assert to_fts5(parse('bão "áp thấp" -lũ')) == '(("bão" AND "áp thấp") NOT ("lũ"))'
    assert to_fts5(parse('"bụi mịn"~5 OR khói')) == '(NEAR("bụi" "mịn", 5) OR "khói")'
    assert to_fts5(parse("ô_nhiễm")) == '("ô_nhiễm" OR "ô nhiễm")'


def test_negation_beside_or_is_refused_with_the_text() -> None:
    with pytest.raises(QueryError, match="inside OR") as caught:
        compile_fts5("bão OR -lũ")
    assert caught.value.position == 7 and "bão OR -lũ" in str(caught.value)
    with pytest.raises(QueryError, match="only NOT"):
        compile_fts5("bão OR (-lũ -mưa)")


NASTY = [
    "title:bão",
    "bão*",
    "^bão",
    "NEAR(bão lũ)",
    "bão + lũ",
    "{title body}: lũ",
    "a'b",
    "\x00bão",
    "bão\\",
    "AND",
    '"" OR ""',
    "(((",
    "bão ~ 3",
    "c++ OR c#",
    "👍 bão 👍",
]


@pytest.mark.parametrize("query", NASTY)
def test_user_text_cannot_inject_fts5_syntax(query: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\")")
    conn.execute("INSERT INTO t VALUES ('bão lũ title body near')")
    try:
        positive, negative = compile_fts5(query)
    except QueryError:
        return  # refused with a message: fine
    for expression in (positive, negative):
        if expression is not None:  # FTS5 must accept it as written: no syntax error
            conn.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone()
