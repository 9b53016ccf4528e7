"""Word segmentation: a fast lexicon segmenter (default) and underthesea's CRF (reference).

Vietnamese writes syllables, not words, between spaces: "ô nhiễm không khí" is two
words. :func:`segment_words` returns words with their syllables joined by ``_``
(``ô_nhiễm``) so a whitespace analyzer downstream keeps them whole.

``method="fast"`` (the default) splits each run of syllables into the most probable
sequence of words under a unigram model whose lexicon was distilled from
underthesea's own output over the news and social corpus (see
:mod:`langnghe.nlp.lexicon`, ``langnghe train segmenter``). It agrees with underthesea
on most words (figures in ``models/MODEL_CARD.md``) at a fraction of the cost.
``method="crf"`` calls underthesea's ``word_tokenize`` (about 9 ms per kilobyte).

Both cut the text at :data:`SEGMENT_MAX_CHARS`: the head of an article carries what
the index and keywords need. Models load lazily, once, under a lock.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from langnghe.errors import ModelMissingError

SEGMENT_MAX_CHARS = 3000
LEXICON_PATH = Path(__file__).resolve().parent / "models" / "segmenter-v1.tsv.gz"
SegmentMethod = Literal["fast", "crf"]

# Numbers kept whole with inner dots, slashes, commas and hyphens ("12/3", "2-0", "1,5"),
# words with inner dots, ampersands and hyphens ("TP.HCM", "GD&ĐT", "COVID-19"), as
# underthesea does; any other non-space character alone.
_TOKEN = re.compile(r"\d+(?:[./,:\-]\d+)*%?|\w+(?:[.&\-]\w+)*|\S")

_lock = threading.Lock()
_crf: Callable[..., list[str]] | None = None
_fast: FastSegmenter | None = None


def pre_tokenize(text: str) -> list[str]:
    """Syllables, numbers and punctuation of ``text``, in order.

    >>> pre_tokenize("TP.HCM: giá xăng tăng 1,5%.")
    ['TP.HCM', ':', 'giá', 'xăng', 'tăng', '1,5%', '.']
    """
    return _TOKEN.findall(text)


class FastSegmenter:
    """Most probable split of each syllable run under a unigram word model."""

    def __init__(self, counts: dict[str, int]) -> None:
        total = float(sum(counts.values())) or 1.0
        self._cost = {word: -math.log(count / total) for word, count in counts.items()}
        self._unknown = -math.log(0.5 / total)
        # Every proper prefix of a multi-syllable word ("ủy", "ủy ban"): the search for
        # longer words at a position stops as soon as what it has read is no prefix.
        self._prefixes: set[str] = set()
        for word in counts:
            parts = word.split(" ")
            self._prefixes.update(" ".join(parts[:size]) for size in range(1, len(parts)))

    @classmethod
    def load(cls, path: Path = LEXICON_PATH) -> FastSegmenter:
        from langnghe.nlp.lexicon import read_lexicon

        if not path.is_file():
            raise ModelMissingError(f"segmenter lexicon {path} is missing; run `langnghe train segmenter`")
        return cls(read_lexicon(path))

    def split(self, tokens: list[str]) -> list[str]:
        """Words of ``tokens`` (syllables joined by ``_``)."""
        lower = [token.lower() for token in tokens]
        names = _capitalised_runs(tokens)
        prefixes = self._prefixes
        if not names and prefixes.isdisjoint(lower):
            return list(tokens)
        count = len(tokens)
        best = [math.inf] * (count + 1)
        back = [0] * (count + 1)
        best[0] = 0.0
        cost, unknown = self._cost, self._unknown
        for start in range(count):
            here = best[start]
            single = here + cost.get(lower[start], unknown)
            if single < best[start + 1]:
                best[start + 1], back[start + 1] = single, start
            for end in names.get(start, ()):
                # A capitalised run is a candidate proper name, priced like one rare word.
                if here + unknown < best[end]:
                    best[end], back[end] = here + unknown, start
            gram = lower[start]
            end = start + 1
            while end < count and gram in prefixes:
                gram = f"{gram} {lower[end]}"
                end += 1
                word_cost = cost.get(gram)
                if word_cost is not None and here + word_cost < best[end]:
                    best[end], back[end] = here + word_cost, start
        words: list[str] = []
        end = count
        while end > 0:
            start = back[end]
            words.append("_".join(tokens[start:end]))
            end = start
        words.reverse()
        return words


def _capitalised_runs(tokens: list[str]) -> dict[int, list[int]]:
    """Candidate proper names: spans of two to four capitalised syllables ("Nguyễn Văn An"), start -> ends."""
    spans: dict[int, list[int]] = {}
    count = len(tokens)
    run_start = 0
    while run_start < count:
        run_end = run_start
        while run_end < count and tokens[run_end].istitle() and tokens[run_end].isalpha():
            run_end += 1
        for start in range(run_start, run_end - 1):
            spans[start] = list(range(start + 2, min(start + 4, run_end) + 1))
        run_start = run_end + 1
    return spans


def _fast_segmenter() -> FastSegmenter:
    global _fast
    if _fast is None:
        with _lock:
            if _fast is None:
                _fast = FastSegmenter.load()
    return _fast


def _crf_tokenizer() -> Callable[..., list[str]]:
    global _crf
    if _crf is None:
        with _lock:  # underthesea loads its CRF model into a module global on first call
            if _crf is None:
                from underthesea import word_tokenize

                word_tokenize("khởi động")
                _crf = word_tokenize
    return _crf


def underthesea_words(text: str) -> list[str]:
    """underthesea's words of ``text``, syllables separated by spaces (the reference segmentation)."""
    return _crf_tokenizer()(text)


def cut(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text``, not splitting the last word."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space > limit // 2 else head


def segment_words(text: str, *, max_chars: int = SEGMENT_MAX_CHARS, method: SegmentMethod = "fast") -> list[str]:
    """Words of already-normalised ``text``, punctuation included, syllables joined by ``_``.

    >>> segment_words("Ô nhiễm không khí ở Hà Nội.")
    ['Ô_nhiễm', 'không_khí', 'ở', 'Hà_Nội', '.']
    """
    text = cut(text, max_chars)
    if not text.strip():
        return []
    if method == "crf":
        return [word.replace(" ", "_") for word in underthesea_words(text)]
    return _fast_segmenter().split(pre_tokenize(text))


def is_word(token: str) -> bool:
    """True for tokens with a letter or digit (not bare punctuation)."""
    return token.isalnum() or any(char.isalnum() for char in token)  # most tokens are plain words
