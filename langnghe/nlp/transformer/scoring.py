"""Scores of any family's model on dev rows or a labelled file (``langnghe eval``).

The same report as the linear family (:func:`langnghe.nlp.evaluation.classification_report`),
with ROC AUC of the second label for two-label signals (``unreliable`` for misinfo).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score

from langnghe.errors import InputError, ModelMissingError
from langnghe.nlp.corpora import SOURCES, Corpus, read_jsonl
from langnghe.nlp.evaluation import classification_report
from langnghe.nlp.normalize import normalize
from langnghe.nlp.registry import TextClassifier, get_model

Progress = Callable[[str], None]


def report(model: TextClassifier, gold: Sequence[str], probabilities: np.ndarray) -> dict[str, Any]:
    """Accuracy, macro/weighted F1, per class, confusion; ROC AUC of the second label when there are two."""
    predicted = [model.labels[i] for i in probabilities.argmax(axis=1)] if len(gold) else []
    scores = classification_report(gold, predicted, model.labels)
    if len(model.labels) == 2 and len(set(gold)) == 2:
        positive = [label == model.labels[1] for label in gold]
        scores["roc_auc"] = round(float(roc_auc_score(positive, probabilities[:, 1])), 4)
    return scores


def _summary(scores: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in scores.items() if key not in ("per_class", "confusion")}


def dev_scores(model: TextClassifier, dev: Corpus, probabilities: np.ndarray | None = None) -> dict[str, Any]:
    """Dev report of any family's model, combined and per source dataset (ROC AUC for two labels)."""
    if probabilities is None:
        probabilities = model.predict_proba(model.prepare(dev.texts))
    scores: dict[str, Any] = {"combined": report(model, dev.labels, probabilities)}
    datasets = sorted(set(dev.datasets))
    if len(datasets) > 1:
        for dataset in datasets:
            rows = [i for i, name in enumerate(dev.datasets) if name == dataset]
            scores[dataset] = _summary(report(model, [dev.labels[i] for i in rows], probabilities[rows]))
    return scores


def ensemble_dev_scores(
    model: TextClassifier, dev: Corpus, probabilities: np.ndarray, say: Progress
) -> dict[str, Any] | None:
    """Dev scores of the shipped linear model and of the mean of both families (None if no linear model)."""
    try:
        linear = get_model(model.signal)
    except ModelMissingError:
        return None
    columns = [linear.labels.index(label) for label in model.labels]
    linear_probabilities = linear.predict_proba(linear.prepare(dev.texts))[:, columns]
    both = {"linear": report(model, dev.labels, linear_probabilities),
            "ensemble": report(model, dev.labels, (linear_probabilities + probabilities) / 2)}
    for name, scores in both.items():
        auc = f", AUC {scores['roc_auc']:.4f}" if "roc_auc" in scores else ""
        say(f"{model.signal}: dev {name} ({linear.version}): accuracy {scores['accuracy']:.4f}, "
            f"macro-F1 {scores['macro_f1']:.4f}{auc}")
    return {"linear_version": linear.version, **{name: _summary(scores) for name, scores in both.items()}}


def _gold_label(signal: str, raw: object, path: Path) -> str:
    for _, label_map in SOURCES[signal]:
        if str(raw) in label_map:
            return label_map[str(raw)]
        if raw in label_map.values():
            return str(raw)
    raise InputError(f"{path}: label {raw!r} is not a {signal} label")


def evaluate_file(
    signal: str, jsonl_path: Path, model_dir: Path | None = None, family: str = "transformer"
) -> dict[str, Any]:
    """Score the ``family`` model of ``signal`` on a labelled ``.jsonl``/``.jsonl.xz`` file (fields text, label)."""
    if signal not in SOURCES:
        raise InputError(f"unknown signal {signal!r}; known: {', '.join(sorted(SOURCES))}")
    model = get_model(signal, model_dir, family)
    texts: list[str] = []
    gold: list[str] = []
    for row in read_jsonl(jsonl_path):
        gold.append(_gold_label(signal, row.get("label"), jsonl_path))
        texts.append(normalize(row["text"][:20_000]))
    probabilities = model.predict_proba(model.prepare(texts))
    return {"signal": signal, "model": model.version, "file": str(jsonl_path), **report(model, gold, probabilities)}
