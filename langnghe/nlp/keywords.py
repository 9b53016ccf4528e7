"""Keywords from segmented tokens: simple, explainable, no model.

Candidates are multi-syllable words ("ô_nhiễm") and proper nouns (capitalised words
that do not merely start a sentence: "Hà_Nội", "Huế"), minus the stopwords in
``data/stopwords_vi.txt``. Each occurrence scores 1, or 1.5 in the first fifth of the
text (titles and leads name the topic); a candidate's total is multiplied by
``1 + 0.5 * (syllables - 1)`` because longer words are more specific. Keywords are
returned with spaces between syllables ("ô nhiễm"), proper nouns capitalised as
written, other words lower-cased.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from langnghe.nlp.segment import is_word

_SENTENCE_END = frozenset(".!?…:;\"“”")
_LEAD_SHARE = 0.2


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The shipped stopword list (lower case, syllables joined by ``_``)."""
    text = resources.files("langnghe.nlp").joinpath("data/stopwords_vi.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@dataclass
class _Candidate:
    score: float = 0.0
    forms: Counter[str] = field(default_factory=Counter)
    proper: bool = False


def _is_capitalised(token: str) -> bool:
    return all(part[:1].isupper() for part in token.split("_") if part)


def _candidate_kind(token: str, sentence_start: bool, stop: frozenset[str]) -> str | None:
    """``"proper"``, ``"word"`` or ``None`` (not a keyword candidate)."""
    if len(token) < 2:
        return None
    if not token.replace("_", "").isalpha() and not all(  # fast path first: plain words
        any(char.isalpha() for char in part) for part in token.split("_")
    ):
        return None  # punctuation, numbers, "6,1_inch"
    if token.lower() in stop:
        return None
    multi = "_" in token
    if _is_capitalised(token) and (multi or not sentence_start):
        return "proper"
    return "word" if multi else None


def extract_keywords(tokens: Sequence[str], *, top_k: int = 10) -> list[str]:
    """Top ``top_k`` keywords of segmented tokens (punctuation included, for sentence starts).

    >>> extract_keywords(["Ô_nhiễm", "không_khí", "ở", "Hà_Nội", "tăng", ".", "Ô_nhiễm", "kéo_dài", "."], top_k=3)
    ['ô nhiễm', 'Hà Nội', 'không khí']
    """
    stop = stopwords()
    lead = max(1, int(len(tokens) * _LEAD_SHARE))
    candidates: dict[str, _Candidate] = {}
    sentence_start = True
    for index, token in enumerate(tokens):
        kind = _candidate_kind(token, sentence_start, stop)
        sentence_start = token in _SENTENCE_END or (sentence_start and not is_word(token))
        if kind is None:
            continue
        entry = candidates.setdefault(token.lower(), _Candidate())
        entry.score += 1.5 if index < lead else 1.0
        entry.forms[token] += 1
        entry.proper = entry.proper or kind == "proper"
    ranked = sorted(candidates.items(), key=lambda item: (-_weighted(item[0], item[1]), item[0]))
    return [_display(key, entry) for key, entry in ranked[:top_k]]


def _weighted(key: str, entry: _Candidate) -> float:
    return entry.score * (1.0 + 0.5 * key.count("_"))


def _display(key: str, entry: _Candidate) -> str:
    form = entry.forms.most_common(1)[0][0] if entry.proper else key
    if entry.proper and not _is_capitalised(form):
        form = next((f for f in entry.forms if _is_capitalised(f)), form)
    return form.replace("_", " ")
