"""Term weights for claim matching: how much a shared word or word pair says.

Inverse document frequencies come from a background of ordinary news, not from the
claim base alone: in a base of a few dozen claims "người" or "không" occur in one or
two entries and would look as rare as "Clorin-T". The background is the idf table of
the shipped ``section`` model (syllable unigrams and bigrams of 60,000 VNTC articles,
each also typed without diacritics, so folded forms are in it; digits folded to ``0``).
A feature missing from its 150,000 most frequent n-grams is rarer than all of them and
gets the table's highest idf. Without the model (a custom ``LANGNGHE_MODEL_DIR``
lacking it), :func:`claim_idf` weights by the claim base itself, and says so.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from langnghe.errors import ModelMissingError

log = logging.getLogger(__name__)

IdfLookup = Callable[[Sequence[str]], np.ndarray]
_DIGIT = re.compile(r"\d")


class BackgroundIdf:
    """Idf of folded syllable n-grams, read from a vocabulary and its idf vector."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray) -> None:
        self._vocabulary = vocabulary
        self._idf = idf.astype(np.float64)
        self._unseen = float(self._idf.max()) if len(self._idf) else 1.0

    def __call__(self, features: Sequence[str]) -> np.ndarray:
        lookup = self._vocabulary.get
        found = [lookup(_DIGIT.sub("0", feature) if not feature.isalpha() else feature) for feature in features]
        return np.array([self._unseen if i is None else self._idf[i] for i in found], dtype=np.float64)


def background_idf(model_dir: Path | None = None) -> BackgroundIdf | None:
    """The shipped section model's idf table, or ``None`` (logged) when it cannot be read."""
    from langnghe.nlp.linear import LinearTextModel
    from langnghe.nlp.registry import get_model

    try:
        model = get_model("section", model_dir)
    except ModelMissingError as exc:
        log.warning("claims: no background idf (%s); weighting terms by the claim base alone", exc)
        return None
    if not isinstance(model, LinearTextModel):
        log.warning("claims: the section model has no idf table; weighting terms by the claim base alone")
        return None
    return BackgroundIdf(model.vocabulary, model.idf)


def claim_idf(documents: Sequence[Sequence[str]]) -> IdfLookup:
    """Smoothed idf over the claim base's own feature sets (scikit-learn's formula)."""
    frequency: Counter[str] = Counter(feature for features in documents for feature in set(features))
    total = len(documents)

    def lookup(features: Sequence[str]) -> np.ndarray:
        return np.array([math.log((1 + total) / (1 + frequency[f])) + 1.0 for f in features], dtype=np.float64)

    return lookup
