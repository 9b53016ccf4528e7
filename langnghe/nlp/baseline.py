"""The plain baseline every linear model is measured against (issue 15, point 5).

scikit-learn's ``TfidfVectorizer`` over word 1-2-grams (its default tokenizer and
lower-casing, sublinear tf) and ``LogisticRegression`` with its default C=1, fitted on
the train split the shipped model was trained on (the same deduplicated rows, as
written: no unaccented copies, no social normalisation), in the same run as the model
it is compared with. Nothing is cached: it is refitted every time.

``langnghe eval`` prints it beside the model (``baseline`` part of the report), and
``train`` records its dev scores in each model's metadata (``baseline``), where
``tests/nlp/test_shipped_models.py`` checks that the shipped model is not below it on any dev set.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import Pipeline, make_pipeline

from langnghe.nlp.corpora import Corpus
from langnghe.nlp.evaluation import classification_report
from langnghe.nlp.social import strip_diacritics

DESCRIPTION = "TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True) + LogisticRegression(C=1.0)"
# What the shipped model and its baseline are compared on, in every dev set the metadata records.
COMPARED = ("accuracy", "macro_f1", "roc_auc")
_SUMMARY = ("n", "accuracy", "macro_f1", "weighted_f1", "roc_auc")


@dataclass
class Baseline:
    """A fitted plain baseline; its probability columns follow the compared model's ``labels``."""

    pipeline: Pipeline
    labels: tuple[str, ...]
    train_rows: int

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        probabilities = np.zeros((len(texts), len(self.labels)))
        if texts:
            fitted = self.pipeline.predict_proba(list(texts))
            columns = [self.labels.index(str(label)) for label in self.pipeline.classes_]
            probabilities[:, columns] = fitted
        return probabilities

    def report(self, texts: Sequence[str], gold: Sequence[str], *, detail: bool = False) -> dict[str, Any]:
        """Accuracy, macro- and weighted-F1 (ROC AUC for two labels) of the baseline on ``texts``."""
        return score_probabilities(self.labels, gold, self.predict_proba(texts), detail=detail)


def fit_baseline(train: Corpus, labels: Sequence[str]) -> Baseline:
    """The plain baseline fitted on ``train`` (texts as they are), scoring over ``labels``.

    >>> from langnghe.nlp.corpora import Corpus
    >>> corpus = Corpus()
    >>> for text, label in [("hàng rất tốt", "positive"), ("hàng quá tệ", "negative")] * 3:
    ...     corpus.add(text, label, "shop")
    >>> fit_baseline(corpus, ["positive", "negative"]).report(["máy rất tốt"], ["positive"])["accuracy"]
    1.0
    """
    pipeline = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32),
        LogisticRegression(C=1.0, max_iter=1000),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(train.texts, train.labels)
    return Baseline(pipeline, tuple(labels), len(train))


def score_probabilities(
    labels: Sequence[str], gold: Sequence[str], probabilities: np.ndarray, *, detail: bool = True
) -> dict[str, Any]:
    """Classification report of argmax predictions, with ROC AUC of ``labels[1]`` for two labels."""
    predicted = [labels[i] for i in probabilities.argmax(axis=1)] if len(gold) else []
    report = classification_report(gold, predicted, labels, detail=detail)
    if len(labels) == 2 and len(set(gold)) == 2:
        positive = [label == labels[1] for label in gold]
        report["roc_auc"] = round(float(roc_auc_score(positive, probabilities[:, 1])), 4)
    return report


def dev_report(baseline: Baseline, dev: Corpus) -> dict[str, Any]:
    """The baseline's dev scores in the shape of a model's ``meta["dev"]``: combined,
    unaccented (the same rows typed without diacritics) and per source dataset."""
    unaccented = [strip_diacritics(text) for text in dev.texts]
    return report_sets(baseline.labels, dev, baseline.predict_proba(dev.texts), baseline.predict_proba(unaccented))


def report_sets(
    labels: Sequence[str], dev: Corpus, scores: np.ndarray, unaccented_scores: np.ndarray
) -> dict[str, Any]:
    """Summaries on every dev set: ``combined``, ``unaccented`` and each source dataset (when
    there are several, and the source holds more than one label). ``scores`` rank the labels of each row (probabilities or decision values)."""
    sets: dict[str, Any] = {"combined": summary(score_probabilities(labels, dev.labels, scores, detail=False))}
    sets["unaccented"] = summary(score_probabilities(labels, dev.labels, unaccented_scores, detail=False))
    for dataset in sorted(set(dev.datasets)) if len(set(dev.datasets)) > 1 else ():
        rows = [i for i, name in enumerate(dev.datasets) if name == dataset]
        gold = [dev.labels[i] for i in rows]
        # A source that holds one label only (register's news items, its social texts) is a class,
        # not a dev set: its "accuracy" is that class's recall, already in the per-class table.
        if len(set(gold)) > 1:
            sets[dataset] = summary(score_probabilities(labels, gold, scores[rows], detail=False))
    return sets


def shortfalls(model_dev: dict[str, Any], baseline_dev: dict[str, Any]) -> list[str]:
    """Every (dev set, measure) where the model scores below the baseline, as readable lines."""
    found: list[str] = []
    for name, theirs in baseline_dev.items():
        ours = model_dev.get(name, {})
        for measure in COMPARED:
            if measure in theirs and ours.get(measure, float("-inf")) < theirs[measure]:
                found.append(f"{name} {measure}: model {ours.get(measure)} < baseline {theirs[measure]}")
    return found


def summary(report: dict[str, Any]) -> dict[str, Any]:
    """The headline figures of a report (n, accuracy, macro- and weighted-F1, ROC AUC)."""
    return {key: value for key, value in report.items() if key in _SUMMARY}
