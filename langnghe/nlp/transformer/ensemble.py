"""The ``ensemble`` family: the mean of a linear and a transformer model's probabilities.

Each member prepares the texts its own way, so :meth:`EnsembleModel.prepare` passes the
normalised texts through and :meth:`EnsembleModel.predict_proba` lets each member
prepare them. Columns follow the linear model's label order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from langnghe.errors import ModelMissingError
from langnghe.item import Prediction
from langnghe.nlp.linear import to_prediction
from langnghe.nlp.registry import TextClassifier


@dataclass
class EnsembleModel:
    """Averages the calibrated probabilities of its members (same signal, same labels)."""

    signal: str
    version: str
    labels: tuple[str, ...]
    members: tuple[TextClassifier, ...]

    @classmethod
    def of(cls, *members: TextClassifier) -> EnsembleModel:
        first = members[0]
        for member in members[1:]:
            if member.signal != first.signal or set(member.labels) != set(first.labels):
                raise ModelMissingError(
                    f"cannot average {first.version} {first.labels} with {member.version} {member.labels}"
                )
        version = "+".join(member.version for member in members)
        return cls(signal=first.signal, version=version, labels=tuple(first.labels), members=tuple(members))

    def prepare(self, normalized_texts: Sequence[str]) -> list[str]:
        return list(normalized_texts)

    def predict_proba(self, prepared: Sequence[str]) -> np.ndarray:
        total = np.zeros((len(prepared), len(self.labels)))
        for member in self.members:
            columns = [member.labels.index(label) for label in self.labels]
            total += member.predict_proba(member.prepare(prepared))[:, columns] if len(prepared) else 0.0
        return total / len(self.members)

    def to_prediction(self, probabilities: np.ndarray) -> Prediction:
        return to_prediction(self.labels, probabilities)
