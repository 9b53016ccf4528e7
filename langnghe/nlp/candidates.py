"""Model candidates of the linear family, and the rule that picks one on dev.

A signal's :class:`~langnghe.nlp.train.SignalSpec` lists a few candidates (a linear SVM
or logistic regression, its C, its class weighting). :func:`select` fits each on the
train matrix and scores it on every dev set the shipped model will be scored on (all
rows, the same rows typed without diacritics, each source dataset). A candidate is
*eligible* when it is not below the plain baseline (:mod:`langnghe.nlp.baseline`) on any
of them, in accuracy, macro-F1 or ROC AUC; the eligible candidate with the best dev
macro-F1 wins. When none is eligible the best macro-F1 wins and the shortfalls are said
aloud (and the shipped-model test fails until the spec is fixed).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import numpy as np
from scipy import optimize, sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from langnghe.nlp.baseline import report_sets, shortfalls
from langnghe.nlp.corpora import Corpus
from langnghe.nlp.linear import softmax

Progress = Callable[[str], None]
LinearClassifier: TypeAlias = LinearSVC | LogisticRegression
Weighting = Literal["balanced", "sqrt"] | None


@dataclass(frozen=True)
class Candidate:
    """One model configuration tried on dev.

    ``class_weight``: None (every row counts once), ``"balanced"`` (each class weighs as
    much as the others) or ``"sqrt"`` (half-way: a class's weight is the square root of
    its balanced weight, which keeps most of the rare classes' recall without giving up
    the accuracy that balanced weights cost on sets dominated by one class).
    """

    kind: Literal["svc", "lr"]
    C: float
    class_weight: Weighting = None

    def build(self, labels: Sequence[str]) -> LinearClassifier:
        weights = _weights(self.class_weight, labels)
        if self.kind == "svc":
            return LinearSVC(C=self.C, class_weight=weights, random_state=0)
        return LogisticRegression(C=self.C, class_weight=weights, max_iter=300, random_state=0)

    def __str__(self) -> str:
        weight = f", class_weight={self.class_weight}" if self.class_weight else ""
        return f"{self.kind}(C={self.C}{weight})"


def _weights(weighting: Weighting, labels: Sequence[str]) -> dict[str, float] | str | None:
    if weighting != "sqrt":
        return weighting
    names, counts = np.unique(np.asarray(labels), return_counts=True)
    balanced = len(labels) / (len(names) * counts)
    return {str(name): float(np.sqrt(weight)) for name, weight in zip(names, balanced)}


@dataclass
class DevMatrices:
    """Dev features as the candidates see them: as written and typed without diacritics."""

    written: sparse.csr_matrix
    unaccented: sparse.csr_matrix
    corpus: Corpus


def fit(candidate: Candidate, matrix: sparse.csr_matrix, labels: Sequence[str]) -> LinearClassifier:
    with warnings.catch_warnings():
        # A few lbfgs iterations short of tolerance do not change dev scores here.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return candidate.build(labels).fit(matrix, labels)


def _scores(model: LinearClassifier, matrix: sparse.csr_matrix) -> np.ndarray:
    decision = model.decision_function(matrix)
    return decision if decision.ndim == 2 else np.column_stack([-decision / 2, decision / 2])


def select(
    candidates: Sequence[Candidate], train: sparse.csr_matrix, labels: Sequence[str], dev: DevMatrices,
    baseline_dev: dict[str, Any], say: Progress,
) -> tuple[Candidate, LinearClassifier, list[dict[str, Any]]]:
    """The eligible candidate with the best dev macro-F1 (see the module docstring)."""
    tried: list[dict[str, Any]] = []
    fitted: list[LinearClassifier] = []
    for candidate in candidates:
        started = time.monotonic()
        model = fit(candidate, train, labels)
        classes = tuple(str(label) for label in model.classes_)
        scores = report_sets(classes, dev.corpus, _scores(model, dev.written), _scores(model, dev.unaccented))
        missing = shortfalls(scores, baseline_dev)
        combined = scores["combined"]
        tried.append({"model": str(candidate), "dev_macro_f1": combined["macro_f1"],
                      "dev_accuracy": combined["accuracy"], "below_baseline": missing})
        fitted.append(model)
        say(f"  {candidate}: dev macro-F1 {combined['macro_f1']:.4f}, accuracy {combined['accuracy']:.4f}, "
            f"below the baseline on {len(missing)} ({time.monotonic() - started:.0f}s)")
    chosen = pick(tried)
    if tried[chosen]["below_baseline"]:
        say(f"  WARNING: every candidate is below the plain baseline somewhere; kept the best macro-F1: "
            f"{'; '.join(tried[chosen]['below_baseline'])}")
    return candidates[chosen], fitted[chosen], tried


def pick(tried: Sequence[dict[str, Any]]) -> int:
    """Index of the candidate to keep: not below the baseline anywhere, then the best dev macro-F1
    (the first of equals); the best macro-F1 when every candidate is below somewhere."""
    ranked = [(not row["below_baseline"], row["dev_macro_f1"], -index) for index, row in enumerate(tried)]
    return -max(ranked)[2]


def fit_temperature(scores: np.ndarray, gold_index: np.ndarray) -> float:
    """Temperature T minimising the log-loss of ``softmax(scores / T)``."""

    def loss(log_t: float) -> float:
        probabilities = softmax(scores.copy(), float(np.exp(log_t)))
        return float(-np.mean(np.log(probabilities[np.arange(len(gold_index)), gold_index] + 1e-12)))

    result = optimize.minimize_scalar(loss, bounds=(-4.0, 3.0), method="bounded")
    return round(float(np.exp(result.x)), 6)


def out_of_fold_temperature(candidate: Candidate, matrix: sparse.csr_matrix, labels: np.ndarray) -> float:
    """Temperature fitted on 3-fold out-of-fold train scores of ``candidate``."""
    classes = np.unique(labels)
    scores = np.zeros((len(labels), len(classes)))
    for fit_rows, held_rows in StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(matrix, labels):
        model = fit(candidate, matrix[fit_rows], labels[fit_rows])
        scores[held_rows] = _scores(model, matrix[held_rows])
    return fit_temperature(scores, np.searchsorted(classes, labels))
