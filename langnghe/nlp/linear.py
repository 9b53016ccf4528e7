"""Linear text classifiers stored as plain arrays: ``<signal>-v<N>.npz`` + ``.json``.

No pickle: the ``.npz`` holds the vocabulary (UTF-8, newline-joined), idf, weights
and intercepts, read with ``allow_pickle=False``; the ``.json`` beside it holds the
labels, feature config, calibration and dev scores (docs: ``models/MODEL_CARD.md``).
Inference is reimplemented here in numpy/scipy, so serving needs no scikit-learn and
loading is a few tens of milliseconds.

Probabilities are ``softmax(scores / temperature)``: multinomial logistic regression
has temperature 1; a linear SVM's scores are calibrated by a temperature fitted on
out-of-fold scores of the training set (argmax unchanged, see ``train.py``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from langnghe.errors import ModelMissingError
from langnghe.item import Prediction
from langnghe.nlp.features import FeatureConfig, classifier_text, count_matrix, make_analyzer, tfidf

ARTIFACT_FORMAT = 1


def softmax(scores: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    scaled = scores / temperature
    scaled -= scaled.max(axis=1, keepdims=True)
    np.exp(scaled, out=scaled)
    return np.asarray(scaled / scaled.sum(axis=1, keepdims=True))


def to_prediction(labels: Sequence[str], probabilities: np.ndarray) -> Prediction:
    """One row of class probabilities (in ``labels`` order) as a :class:`Prediction`; every family uses it."""
    best = int(np.argmax(probabilities))
    scores = {label: round(float(p), 4) for label, p in zip(labels, probabilities)}
    return Prediction(label=labels[best], score=min(1.0, float(probabilities[best])), scores=scores)


@dataclass
class LinearTextModel:
    """TF-IDF features -> linear scores -> calibrated softmax, for one signal."""

    signal: str
    version: str
    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    idf: np.ndarray
    weights: np.ndarray  # (n_features, n_classes): X @ weights
    intercept: np.ndarray
    features: FeatureConfig
    temperature: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._analyze = make_analyzer(self.features)

    def prepare(self, normalized_texts: Sequence[str]) -> list[str]:
        """Classifier view of already-normalised texts (lower-cased head)."""
        return [classifier_text(text, self.features.max_chars) for text in normalized_texts]

    def transform(self, prepared: Sequence[str]) -> sparse.csr_matrix:
        return tfidf(count_matrix(prepared, self._analyze, self.vocabulary), self.idf)

    def decision_function(self, prepared: Sequence[str]) -> np.ndarray:
        scores = self.transform(prepared) @ self.weights
        return np.asarray(scores, dtype=np.float64) + self.intercept

    def predict_proba(self, prepared: Sequence[str]) -> np.ndarray:
        """Class probabilities (columns in :attr:`labels` order) for prepared texts."""
        if not prepared:
            return np.zeros((0, len(self.labels)))
        return softmax(self.decision_function(prepared), self.temperature)

    def predict(self, prepared: Sequence[str]) -> list[Prediction]:
        return [self.to_prediction(row) for row in self.predict_proba(prepared)]

    def to_prediction(self, probabilities: np.ndarray) -> Prediction:
        return to_prediction(self.labels, probabilities)

    def save(self, directory: Path, *, coef_dtype: str = "float16") -> Path:
        """Write ``<version>.npz`` and ``<version>.json`` atomically; return the ``.npz`` path."""
        directory.mkdir(parents=True, exist_ok=True)
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        blob = np.frombuffer("\n".join(terms).encode("utf-8"), dtype=np.uint8)
        target = directory / f"{self.version}.npz"
        partial = directory / f".{self.version}.partial.npz"
        np.savez_compressed(
            partial,
            vocabulary=blob,
            idf=self.idf.astype(np.float32),
            weights=self.weights.astype(coef_dtype),
            intercept=self.intercept.astype(np.float32),
        )
        meta = {**self.meta, **self._header(coef_dtype)}
        _write_text(directory / f"{self.version}.json", json.dumps(meta, ensure_ascii=False, indent=1))
        os.replace(partial, target)
        return target

    def _header(self, coef_dtype: str) -> dict[str, Any]:
        return {
            "format": ARTIFACT_FORMAT,
            "signal": self.signal,
            "version": self.version,
            "labels": list(self.labels),
            "features": self.features.to_dict(),
            "temperature": self.temperature,
            "n_features": len(self.vocabulary),
            "coef_dtype": coef_dtype,
        }

    @classmethod
    def load(cls, path: Path) -> LinearTextModel:
        """Read ``<version>.npz`` and the ``.json`` beside it."""
        meta_path = path.with_suffix(".json")
        if not path.is_file() or not meta_path.is_file():
            raise ModelMissingError(f"model artifact {path} or {meta_path.name} is missing; run `langnghe train`")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("format") != ARTIFACT_FORMAT:
            raise ModelMissingError(f"{meta_path}: artifact format {meta.get('format')!r} is not supported")
        with np.load(path, allow_pickle=False) as arrays:
            terms = arrays["vocabulary"].tobytes().decode("utf-8").split("\n")
            return cls(
                signal=meta["signal"],
                version=meta["version"],
                labels=tuple(meta["labels"]),
                vocabulary={term: index for index, term in enumerate(terms)},
                idf=arrays["idf"].astype(np.float32),
                weights=arrays["weights"].astype(np.float32),
                intercept=arrays["intercept"].astype(np.float64),
                features=FeatureConfig.from_dict(meta["features"]),
                temperature=float(meta["temperature"]),
                meta=meta,
            )


def _write_text(path: Path, text: str) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, path)


def from_sklearn(
    *,
    signal: str,
    version: str,
    vocabulary: dict[str, int],
    idf: np.ndarray,
    classes: Sequence[str],
    coef: np.ndarray,
    intercept: np.ndarray,
    features: FeatureConfig,
    temperature: float = 1.0,
    meta: dict[str, Any] | None = None,
) -> LinearTextModel:
    """Wrap a fitted scikit-learn linear classifier's arrays (LogisticRegression or LinearSVC)."""
    coef = np.asarray(coef, dtype=np.float64)
    intercept = np.asarray(intercept, dtype=np.float64).ravel()
    if coef.shape[0] == 1:
        # Binary models keep one score d; softmax([-d/2, d/2]) equals sigmoid(d) for the second class.
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return LinearTextModel(
        signal=signal,
        version=version,
        labels=tuple(str(label) for label in classes),
        vocabulary=dict(vocabulary),
        idf=np.asarray(idf, dtype=np.float32),
        weights=coef.T.astype(np.float32),
        intercept=intercept,
        features=features,
        temperature=temperature,
        meta=dict(meta or {}),
    )
