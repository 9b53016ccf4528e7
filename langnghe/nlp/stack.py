"""Several linear models served as one: one feature pass, one sparse product per batch.

Each shipped model has its own vocabulary and idf. Served one by one, every model
would look up every feature of every text again. :class:`LinearStack` merges the
vocabularies of models that read the same text view (same ``max_chars`` and the same
character n-gram settings) into one feature space, folds each model's idf into its
weights and computes, for a batch::

    X      = 1 + log(tf)                       counts over the merged space
    S      = X @ (idf_m * W_m)                 every model's scores at once
    norm_m = sqrt((X ** 2) @ idf_m ** 2)        each model's TF-IDF row norm

so that ``S_m / norm_m + b_m`` equals what :meth:`LinearTextModel.decision_function`
computes (features a model does not know have idf 0 for it, exactly as if dropped).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from langnghe.nlp.features import FeatureConfig, SharedFeatures, char_grams
from langnghe.nlp.linear import LinearTextModel, softmax

_CHAR_CACHE_SIZE = 100_000


def stack_key(config: FeatureConfig) -> tuple[int, int, int]:
    """Models with equal keys read the same text and can share a feature space."""
    return (config.max_chars, config.char_min, config.char_max)


class LinearStack:
    """Linear models with equal :func:`stack_key`, scored together."""

    def __init__(self, models: Sequence[LinearTextModel]) -> None:
        if not models or len({stack_key(model.features) for model in models}) != 1:
            raise ValueError("a stack needs one or more models with the same max_chars and character n-grams")
        self.models = tuple(models)
        first = models[0].features
        # The widest word-level features any member reads; members ignore what they do not know.
        self.features = FeatureConfig(
            ngram_max=max(model.features.ngram_max for model in models),
            char_min=first.char_min,
            char_max=first.char_max,
            max_chars=first.max_chars,
            symbols=max(model.features.symbols for model in models),
        )
        self.vocabulary: dict[str, int] = {}
        for model in models:
            for term in model.vocabulary:
                self.vocabulary.setdefault(term, len(self.vocabulary))
        self._build_arrays()
        self._char_columns: dict[str, list[int]] = {}

    def _build_arrays(self) -> None:
        size = len(self.vocabulary)
        widths = [len(model.labels) for model in self.models]
        self._slices = np.cumsum([0, *widths])
        self._weights = np.zeros((size, self._slices[-1]), dtype=np.float32)
        idf_squared = np.zeros((size, len(self.models)), dtype=np.float32)
        for index, model in enumerate(self.models):
            terms = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
            rows = np.fromiter((self.vocabulary[term] for term in terms), dtype=np.int64, count=len(terms))
            low, high = self._slices[index], self._slices[index + 1]
            self._weights[rows, low:high] = model.weights * model.idf[:, None]
            idf_squared[rows, index] = model.idf**2
        self._idf_squared = idf_squared

    def counts(self, shared: SharedFeatures) -> sparse.csr_matrix:
        """Sublinear term frequencies (``1 + log tf``) of the batch over the merged space."""
        lookup = self.vocabulary.get
        rows = shared.grams(self.features)
        syllables = shared.syllables(self.features.max_chars) if self.features.char_min else None
        indptr = [0]
        indices: list[int] = []
        for number, features in enumerate(rows):
            indices.extend([column for column in map(lookup, features) if column is not None])
            if syllables is not None:
                for token in syllables[number]:
                    indices.extend(self._char_columns_of(token))
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float32)
        matrix = sparse.csr_matrix(
            (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
            shape=(len(rows), len(self.vocabulary)),
        )
        matrix.sum_duplicates()
        np.log(matrix.data, out=matrix.data)
        matrix.data += 1.0
        return matrix

    def _char_columns_of(self, token: str) -> list[int]:
        found = self._char_columns.get(token)
        if found is None:
            lookup = self.vocabulary.get
            grams = char_grams(token, self.features.char_min, self.features.char_max)
            found = [column for column in map(lookup, grams) if column is not None]
            if len(self._char_columns) >= _CHAR_CACHE_SIZE:
                self._char_columns.clear()  # bound memory on streams of one-off tokens
            self._char_columns[token] = found
        return found

    def predict(self, shared: SharedFeatures) -> dict[str, np.ndarray]:
        """Each member's class probabilities (rows: texts, columns: its labels), by signal."""
        if not len(shared):
            return {model.signal: np.zeros((0, len(model.labels))) for model in self.models}
        counts = self.counts(shared)
        scores = np.asarray(counts @ self._weights, dtype=np.float64)
        norms = np.sqrt(np.asarray(counts.multiply(counts) @ self._idf_squared, dtype=np.float64))
        norms[norms == 0.0] = 1.0
        found: dict[str, np.ndarray] = {}
        for index, model in enumerate(self.models):
            low, high = self._slices[index], self._slices[index + 1]
            member = scores[:, low:high] / norms[:, index : index + 1] + model.intercept
            found[model.signal] = softmax(member, model.temperature)
        return found


def build_stacks(models: Sequence[LinearTextModel]) -> list[LinearStack]:
    """Group ``models`` by :func:`stack_key`, one stack per group, in first-seen order."""
    groups: dict[tuple[int, int, int], list[LinearTextModel]] = {}
    for model in models:
        groups.setdefault(stack_key(model.features), []).append(model)
    return [LinearStack(group) for group in groups.values()]


_lock = threading.Lock()
# id()s of the member models -> (the models, their stacks); the models are kept so that
# an id reused by a later object can be told apart.
_stacks: dict[tuple[int, ...], tuple[tuple[LinearTextModel, ...], list[LinearStack]]] = {}


def stacks_for(models: Sequence[LinearTextModel]) -> list[LinearStack]:
    """The stacks of ``models`` (registry singletons), built once per process under a lock."""
    key = tuple(id(model) for model in models)
    entry = _stacks.get(key)
    if entry is None or any(a is not b for a, b in zip(entry[0], models)):
        with _lock:
            entry = _stacks.get(key)
            if entry is None or any(a is not b for a, b in zip(entry[0], models)):
                entry = _stacks[key] = (tuple(models), build_stacks(models))
    return entry[1]


def clear_stacks() -> None:
    with _lock:
        _stacks.clear()
