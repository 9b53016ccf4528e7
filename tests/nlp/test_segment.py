from __future__ import annotations

import subprocess
import sys
import unicodedata

from langnghe.nlp import segment
from langnghe.nlp.segment import cut, segment_words


def test_segment_joins_syllables_of_a_word() -> None:
    tokens = segment("Ô nhiễm không khí ở Hà Nội đang ở mức báo động.")
    assert "Ô_nhiễm" in tokens
    assert "Hà_Nội" in tokens
    assert "." not in tokens


def test_segment_normalises_first() -> None:
    assert segment(unicodedata.normalize("NFD", "người dân")) == segment("người dân")


def test_segment_words_keeps_punctuation_and_handles_empty_text() -> None:
    assert segment_words("Mưa lớn.")[-1] == "."
    assert segment_words("") == []
    assert segment_words("   ") == []


def test_cut_does_not_split_a_word() -> None:
    assert cut("một hai ba bốn", 9) == "một hai"
    assert cut("ngắn", 100) == "ngắn"


def test_importing_the_facade_loads_no_model_library() -> None:
    code = "import sys, langnghe.nlp; print('underthesea' in sys.modules, 'sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["False", "False"]
