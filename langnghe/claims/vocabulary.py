"""The claim base's vocabulary, and fast binary feature rows for batches of texts.

The vocabulary is built with scikit-learn's ``CountVectorizer`` over the claims'
syllable unigrams and bigrams. Items are read against it without building a bigram
string per position: each syllable becomes an integer id (one dict lookup), and
bigrams are looked up as integer keys ``first * size + second`` in a sorted array, all
texts of a batch at once (numpy). Features that no claim has cost nothing further.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from langnghe.claims.text import features


class ClaimVocabulary:
    """Claim features (unigrams, bigrams) -> columns, and texts -> binary feature rows."""

    def __init__(self, documents: Sequence[list[str]]) -> None:
        self._vectorizer = CountVectorizer(analyzer=features, binary=True, dtype=np.float32)
        self.claim_rows = sparse.csr_matrix(self._vectorizer.fit_transform(documents))
        self.names: list[str] = list(self._vectorizer.get_feature_names_out())
        unigrams = [name for name in self.names if " " not in name]
        self._syllable_id = {name: number for number, name in enumerate(unigrams)}
        self._unigram_column = np.array([self._vectorizer.vocabulary_[name] for name in unigrams], dtype=np.int64)
        self._size = max(1, len(unigrams))
        keys, columns = [], []
        for name, column in self._vectorizer.vocabulary_.items():
            if " " in name:
                first, second = name.split(" ")
                keys.append(self._syllable_id[first] * self._size + self._syllable_id[second])
                columns.append(column)
        order = np.argsort(np.asarray(keys, dtype=np.int64))
        self._bigram_keys = np.asarray(keys, dtype=np.int64)[order]
        self._bigram_columns = np.asarray(columns, dtype=np.int64)[order]

    def __len__(self) -> int:
        return len(self.names)

    def presence(self, texts: Sequence[list[str]]) -> sparse.csr_matrix:
        """Binary ``len(texts) x len(self)`` matrix: which claim features each token list has."""
        flat = [token for tokens in texts for token in tokens]
        ids = np.array(list(map(self._syllable_id.get, flat, repeat(-1, len(flat)))), dtype=np.int64)
        rows = np.repeat(np.arange(len(texts), dtype=np.int64), [len(tokens) for tokens in texts])
        known = ids >= 0
        pair = known[:-1] & known[1:] & (rows[:-1] == rows[1:])
        keys = ids[:-1][pair] * self._size + ids[1:][pair]
        places = np.minimum(np.searchsorted(self._bigram_keys, keys), max(0, len(self._bigram_keys) - 1))
        found = self._bigram_keys[places] == keys if len(self._bigram_keys) else np.zeros(len(keys), dtype=bool)
        all_rows = np.concatenate([rows[known], rows[:-1][pair][found]])
        all_columns = np.concatenate([self._unigram_column[ids[known]], self._bigram_columns[places[found]]])
        matrix = sparse.csr_matrix(
            (np.ones(len(all_rows), dtype=np.float32), (all_rows, all_columns)), shape=(len(texts), len(self))
        )
        matrix.sum_duplicates()
        matrix.data[:] = 1.0
        return matrix
