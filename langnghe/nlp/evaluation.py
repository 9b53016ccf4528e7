"""Classification metrics as plain dicts (JSON-ready) for model cards and reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support


def classification_report(
    gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str], *, detail: bool = True
) -> dict[str, Any]:
    """Accuracy, macro-F1, weighted-F1 and (with ``detail``) per-class table and confusion matrix.

    Macro- and weighted-F1 average over the labels that occur in ``gold``: a dataset
    with two classes is not charged an F1 of 0 for a third class it never contains
    (predicting that class still costs recall).
    """
    present = [label for label in labels if label in set(gold)]
    report: dict[str, Any] = {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4) if gold else 0.0,
        "macro_f1": _f1(gold, predicted, present, "macro"),
        "weighted_f1": _f1(gold, predicted, present, "weighted"),
    }
    if detail and gold:
        precision, recall, f1, support = precision_recall_fscore_support(
            gold, predicted, labels=list(labels), zero_division=0
        )
        report["per_class"] = {
            label: {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4),
                    "support": int(s)}
            for label, p, r, f, s in zip(labels, precision, recall, f1, support)
        }
        report["confusion"] = {
            "labels": list(labels),
            "matrix": confusion_matrix(gold, predicted, labels=list(labels)).tolist(),
        }
    return report


def _f1(gold: Sequence[str], predicted: Sequence[str], labels: list[str], average: str) -> float:
    if not gold:
        return 0.0
    return round(float(f1_score(gold, predicted, labels=labels, average=average, zero_division=0)), 4)
