"""One thread-safe, lazy registry of classifier models.

Nothing is loaded at import. The first :func:`get_model` call for a (signal, folder)
reads the newest ``<signal>-v<N>.npz`` there and keeps it; later calls from any
thread get the same object. The folder defaults to the models shipped with the
package (``langnghe/nlp/models``); ``Settings.model_dir`` or a ``model_dir`` argument
points elsewhere, e.g. at the output of ``langnghe train``.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from langnghe.errors import ModelMissingError
from langnghe.nlp.linear import LinearTextModel

DEFAULT_MODEL_DIR = Path(__file__).resolve().parent / "models"
_VERSION = re.compile(r"-v(\d+)$")


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


class ModelRegistry:
    """Loads each model once, on first use, under a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._models: dict[tuple[str, Path], LinearTextModel] = {}

    def get(self, signal: str, model_dir: Path | None = None) -> LinearTextModel:
        directory = (model_dir or DEFAULT_MODEL_DIR).resolve()
        key = (signal, directory)
        model = self._models.get(key)
        if model is None:
            with self._lock:  # one load per model even when many threads ask at once
                model = self._models.get(key)
                if model is None:
                    model = LinearTextModel.load(find_artifact(directory, signal))
                    self._models[key] = model
        return model

    def clear(self) -> None:
        """Forget loaded models (after retraining into the same folder)."""
        with self._lock:
            self._models.clear()


_registry = ModelRegistry()


def get_model(signal: str, model_dir: Path | None = None) -> LinearTextModel:
    """The model for ``signal`` ("section", "sentiment") from ``model_dir`` or the shipped folder."""
    return _registry.get(signal, model_dir)


def clear_models() -> None:
    _registry.clear()
