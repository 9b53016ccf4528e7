from __future__ import annotations

import json

import shutil
import threading
from pathlib import Path

import pytest

from langnghe.errors import ModelMissingError
from langnghe.nlp.registry import DEFAULT_MODEL_DIR, ModelRegistry, find_artifact


def test_missing_model_dir_raises_with_the_train_hint(tmp_path: Path) -> None:
    with pytest.raises(ModelMissingError, match="run `langnghe train section`"):
        ModelRegistry().get("section", tmp_path / "nowhere")


def test_highest_version_wins(tmp_path: Path) -> None:
    for name in ("sentiment-v1", "sentiment-v3", "sentiment-v2", "sentiment-vx", "sentiments-v9"):
        (tmp_path / f"{name}.npz").write_bytes(b"")
    assert find_artifact(tmp_path, "sentiment").name == "sentiment-v3.npz"


def test_one_load_shared_across_threads(tmp_path: Path) -> None:
    shipped = find_artifact(DEFAULT_MODEL_DIR, "sentiment")
    for suffix in (".npz", ".json"):
        shutil.copy(shipped.with_suffix(suffix), tmp_path / f"sentiment-v1{suffix}")
    registry = ModelRegistry()
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(registry.get("sentiment", tmp_path))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(seen) == 8
    assert all(model is seen[0] for model in seen)
    assert registry.get("sentiment", tmp_path).version == json.loads(shipped.with_suffix(".json").read_text())["version"]
