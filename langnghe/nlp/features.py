"""Text features shared by training and inference: syllable n-grams weighted by TF-IDF.

The classifiers read normalised text cut at :data:`CLASSIFY_MAX_CHARS` (an article's
head says what it is about, and the cut bounds the cost of long pages), with social
forms expanded (teencode, stretched letters, links and mentions as placeholders: see
:mod:`langnghe.nlp.social`) and lower-cased.
Features are syllable unigrams and bigrams (numbers folded to ``0``), optionally with
character n-grams inside syllables, which help on comments typed without diacritics
or in teencode. Word segmentation is not used: it costs ~9 ms/KB, too slow to train on
66 MB of news in a few minutes, and syllable bigrams capture most two-syllable words.

Weighting follows scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` exactly
(``1 + log(tf)`` times smoothed idf, rows L2-normalised), so a model trained with
scikit-learn is served by :func:`tfidf` without it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

import numpy as np
from scipy import sparse

from langnghe.nlp.social import normalize_social

CLASSIFY_MAX_CHARS = 4000

_SYLLABLE = re.compile(r"[^\W_]+")
_DIGITS = re.compile(r"\d")
# Emoticons (":)))", "=((", ":v", "<3", "-_-"), emoji and runs of "!" or "?": they carry
# emotion and tone in comments. Repeats are squashed so ":)))" and ":))" are one feature.
_SYMBOL = re.compile(
    r"[:;=][-']?[)(\]\[dDpPvVoO3|/\\]+|<3+|-_+-|\^_*\^|[!?]{2,}"
    r"|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF]"
)
_REPEAT = re.compile(r"(.)\1+")


@dataclass(frozen=True)
class FeatureConfig:
    """How text becomes features; saved in each model's metadata."""

    ngram_max: int = 2
    char_min: int = 0  # 0: no character n-grams
    char_max: int = 0
    max_chars: int = CLASSIFY_MAX_CHARS
    symbols: int = 0  # 1: emoji, emoticons and "!!!"/"???" runs as features (social text)

    def to_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> FeatureConfig:
        return cls(**{key: int(value) for key, value in data.items()})


def classifier_text(normalized: str, max_chars: int = CLASSIFY_MAX_CHARS) -> str:
    """What a classifier reads: the head of the normalised text, social forms expanded, lower-cased.

    >>> classifier_text("Ko hiểu sao giá xăng tăng hoàiiii, xem https://vd.vn/a")
    'không hiểu sao giá xăng tăng hoài, xem xurl'
    """
    return normalize_social(normalized[:max_chars]).lower()


def syllables(text: str) -> list[str]:
    """Letter/digit runs of ``text``, with every digit folded to ``0`` ("năm 2024" -> "năm 0000")."""
    return [_DIGITS.sub("0", token) if not token.isalpha() else token for token in _SYLLABLE.findall(text)]


def _char_grams(tokens: Iterable[str], low: int, high: int) -> list[str]:
    grams: list[str] = []
    for token in tokens:
        padded = f" {token} "
        for size in range(low, min(high, len(padded)) + 1):
            grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


def symbols(text: str) -> list[str]:
    """Emoji, emoticons and ``!!``/``??`` runs of ``text``, repeats squashed (":)))" -> "sym::)")."""
    return ["sym:" + _REPEAT.sub(r"\1", match) for match in _SYMBOL.findall(text)]


def make_analyzer(config: FeatureConfig) -> Callable[[str], list[str]]:
    """Feature extractor for classifier text (see :func:`classifier_text`)."""

    def analyze(text: str) -> list[str]:
        tokens = syllables(text)
        features = list(tokens)
        for n in range(2, config.ngram_max + 1):
            features.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
        if config.char_min:
            features.extend(_char_grams(tokens, config.char_min, config.char_max))
        if config.symbols:
            features.extend(symbols(text))
        return features

    return analyze


class SharedFeatures:
    """Features of one batch of normalised texts, computed once and read by every model.

    Models whose :class:`FeatureConfig` agree on ``max_chars``, ``ngram_max`` and
    ``symbols`` read the same word-level feature lists; character n-grams are looked
    up per syllable by each model (see :meth:`LinearTextModel.count_rows`), since
    Vietnamese has only a few thousand syllables in use.
    """

    def __init__(self, normalized: Sequence[str]) -> None:
        self.normalized = list(normalized)
        self._syllables: dict[int, list[list[str]]] = {}
        self._grams: dict[tuple[int, int, int], list[list[str]]] = {}

    def __len__(self) -> int:
        return len(self.normalized)

    def prepared(self, max_chars: int) -> list[str]:
        return [classifier_text(text, max_chars) for text in self.normalized]

    def syllables(self, max_chars: int) -> list[list[str]]:
        found = self._syllables.get(max_chars)
        if found is None:
            found = self._syllables[max_chars] = [syllables(text) for text in self.prepared(max_chars)]
        return found

    def grams(self, config: FeatureConfig) -> list[list[str]]:
        """Syllable n-grams (and symbols) of each text: the word-level features of ``config``."""
        key = (config.max_chars, config.ngram_max, config.symbols)
        found = self._grams.get(key)
        if found is None:
            found = self._grams[key] = [
                _word_features(tokens, text, config)
                for tokens, text in zip(self.syllables(config.max_chars), self.prepared(config.max_chars))
            ]
        return found


def _word_features(tokens: list[str], text: str, config: FeatureConfig) -> list[str]:
    features = list(tokens)
    for n in range(2, config.ngram_max + 1):
        features.extend(map(" ".join, zip(*(tokens[i:] for i in range(n)))))
    if config.symbols:
        features.extend(symbols(text))
    return features


def char_grams(token: str, low: int, high: int) -> list[str]:
    """Character n-grams of one syllable padded with spaces (" ô", "ô ", " ô ")."""
    return _char_grams((token,), low, high)


def count_matrix(
    texts: Sequence[str], analyze: Callable[[str], list[str]], vocabulary: dict[str, int]
) -> sparse.csr_matrix:
    """Term counts of ``texts`` over a fixed vocabulary (unknown features dropped)."""
    indptr = [0]
    indices: list[int] = []
    lookup = vocabulary.get
    for text in texts:
        for feature in analyze(text):
            column = lookup(feature)
            if column is not None:
                indices.append(column)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    shape = (len(texts), len(vocabulary))
    matrix = sparse.csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr)), shape=shape)
    matrix.sum_duplicates()
    return matrix


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Sublinear TF times idf, rows L2-normalised (scikit-learn's ``TfidfTransformer``)."""
    matrix = counts.astype(np.float32, copy=True)
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1.0
    matrix = matrix @ sparse.diags(idf.astype(np.float32))
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
