"""One thread-safe, lazy registry of classifier models, for every model family.

Nothing is loaded at import. The first :func:`get_model` call for a (family, signal,
folder) loads the model and keeps it; later calls from any thread get the same object.

Families and their folders (``model_dir`` overrides either):

- ``linear`` (default): the newest ``<signal>-v<N>.npz`` in the models shipped with the
  package (``langnghe/nlp/models``); ``Settings.model_dir`` or a ``model_dir`` argument
  points elsewhere, e.g. at the output of ``langnghe train``.
- ``transformer`` (optional extra ``langnghe[transformer]``): the newest
  ``<signal>-tf-v<N>/`` folder in ``$LANGNGHE_TRANSFORMER_DIR`` or ``~/.cache/langnghe/models``,
  written by ``langnghe train <signal> --family transformer``.
- ``ensemble``: the average of the two families' probabilities (linear from the shipped
  folder, transformer from ``model_dir`` or its default folder).

Every family's model satisfies :class:`TextClassifier`, the interface that
:func:`langnghe.nlp.annotate_texts` uses.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, overload

import numpy as np

from langnghe.errors import InputError, ModelMissingError
from langnghe.item import Prediction
from langnghe.nlp.linear import LinearTextModel

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models"
FAMILIES: tuple[str, ...] = ("linear", "transformer", "ensemble")
_VERSION = re.compile(r"-v(\d+)$")


class TextClassifier(Protocol):
    """What a classifier of any family offers: prepare normalised texts, score them, name the result."""

    @property
    def signal(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def labels(self) -> tuple[str, ...]: ...

    def prepare(self, normalized_texts: Sequence[str]) -> list[str]:
        """The model's view of already-normalised texts (cut, maybe lower-cased)."""
        ...

    def predict_proba(self, prepared: Sequence[str]) -> np.ndarray:
        """Probabilities, shape (n, len(labels)), rows summing to 1, columns in :attr:`labels` order."""
        ...

    def to_prediction(self, probabilities: np.ndarray) -> Prediction:
        """One row of :meth:`predict_proba` as a :class:`~langnghe.item.Prediction`."""
        ...


def find_artifact(directory: Path, signal: str) -> Path:
    """Path of the highest-versioned ``<signal>-v<N>.npz`` in ``directory``."""
    candidates: list[tuple[int, Path]] = []
    for path in directory.glob(f"{signal}-v*.npz") if directory.is_dir() else ():
        match = _VERSION.search(path.stem)
        if match and path.stem == f"{signal}-v{match.group(1)}":
            candidates.append((int(match.group(1)), path))
    if not candidates:
        raise ModelMissingError(
            f"no '{signal}' model in {directory} (expected {signal}-v<N>.npz with its .json); "
            f"run `langnghe train {signal}` to build it, or point LANGNGHE_MODEL_DIR at a folder that has one"
        )
    return max(candidates)[1]


def _transformer_dir() -> Path:
    from langnghe.nlp.transformer import default_dir

    return default_dir()


def _load_linear(signal: str, directory: Path) -> TextClassifier:
    return LinearTextModel.load(find_artifact(directory, signal))


def _load_transformer(signal: str, directory: Path) -> TextClassifier:
    from langnghe.nlp.transformer import require_extra

    require_extra()  # raises ModelMissingError naming the extra when torch is missing
    from langnghe.nlp.transformer.model import load_model

    return load_model(signal, directory)


def _load_ensemble(signal: str, directory: Path) -> TextClassifier:
    from langnghe.nlp.transformer.ensemble import EnsembleModel

    return EnsembleModel.of(get_model(signal, None, "linear"), get_model(signal, directory, "transformer"))


@dataclass(frozen=True)
class Family:
    """Where a family's models live by default, and how one is loaded from a folder."""

    default_dir: Callable[[], Path]
    load: Callable[[str, Path], TextClassifier]


_FAMILIES: dict[str, Family] = {
    "linear": Family(lambda: DEFAULT_MODEL_DIR, _load_linear),
    "transformer": Family(_transformer_dir, _load_transformer),
    "ensemble": Family(_transformer_dir, _load_ensemble),  # the folder is the transformer member's
}


class ModelRegistry:
    """Loads each model once, on first use, under a lock."""

    def __init__(self) -> None:
        self._lock = threading.RLock()  # re-entrant: an ensemble loads its two members while holding it
        self._models: dict[tuple[str, str, Path], TextClassifier] = {}

    def get(self, signal: str, model_dir: Path | None = None, family: str = "linear") -> TextClassifier:
        if family not in _FAMILIES:
            raise InputError(f"unknown model family {family!r}; known: {', '.join(FAMILIES)}")
        kind = _FAMILIES[family]
        directory = (model_dir or kind.default_dir()).expanduser().resolve()
        key = (family, signal, directory)
        model = self._models.get(key)
        if model is None:
            with self._lock:  # one load per model even when many threads ask at once
                model = self._models.get(key)
                if model is None:
                    model = kind.load(signal, directory)
                    self._models[key] = model
        return model

    def clear(self) -> None:
        """Forget loaded models (after retraining into the same folder)."""
        with self._lock:
            self._models.clear()


_registry = ModelRegistry()


@overload
def get_model(signal: str, model_dir: Path | None = None, family: Literal["linear"] = "linear") -> LinearTextModel: ...


@overload
def get_model(signal: str, model_dir: Path | None = None, family: str = "linear") -> TextClassifier: ...


def get_model(signal: str, model_dir: Path | None = None, family: str = "linear") -> TextClassifier:
    """The ``family`` model for ``signal`` ("section", "sentiment"...) from ``model_dir`` or the family's folder.

    A missing artifact, or the transformer extra not installed, raises
    :class:`~langnghe.errors.ModelMissingError` saying what to run or install.
    """
    return _registry.get(signal, model_dir, family)


def clear_models() -> None:
    _registry.clear()
