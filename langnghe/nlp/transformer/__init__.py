"""The transformer model family: an optional extra (``pip install 'langnghe[transformer]'``).

Three steps, each a command (docs: ``langnghe/nlp/models/MODEL_CARD.md``, "Transformer family"):

1. ``langnghe pretrain --size small --minutes 25``: train a WordPiece tokenizer on the
   unlabelled corpus (``../shared/datasets/corpus/*.txt.xz``) and pre-train a small BERT
   encoder with masked-LM (:mod:`.pretrain`), into ``<model dir>/encoder-vi-<size>/``.
2. ``langnghe train sentiment --family transformer [--encoder DIR]``: fine-tune that encoder,
   or any local Hugging Face encoder folder (PhoBERT on disk, say), on a signal's datasets
   (:mod:`.finetune`), into ``<model dir>/<signal>-tf-v1/``.
3. ``langnghe classify IN -o OUT --family transformer`` or ``get_model(signal, family="transformer")``
   serves it (:mod:`.model`).

The model dir is ``LANGNGHE_TRANSFORMER_DIR``, else ``~/.cache/langnghe/models``: these
models are tens to hundreds of megabytes, so they live in a user folder, not in the package.

Nothing here imports torch: the submodules do, and every entry point first calls
:func:`require_extra`, which raises :class:`~langnghe.errors.ModelMissingError` saying
what to install when torch or transformers are missing.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from langnghe.errors import ModelMissingError

EXTRA_MESSAGE = "the transformer family needs the optional extra: pip install 'langnghe[transformer]'"
ARTIFACT_VERSION = "tf-v1"
META_FILE = "langnghe.json"
ENCODER_MARKER = "langnghe_encoder.json"


def require_extra() -> None:
    """Raise :class:`ModelMissingError` unless torch and transformers can be imported.

    Also keeps the Hugging Face libraries off the network (this family only ever reads
    local folders) and quiet (no download progress bars, no warnings about the
    pre-training head an encoder leaves behind when it is fine-tuned).
    """
    for module in ("torch", "transformers", "tokenizers", "safetensors"):
        if importlib.util.find_spec(module) is None:
            raise ModelMissingError(EXTRA_MESSAGE)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def default_dir() -> Path:
    """Where encoders and fine-tuned models go: ``$LANGNGHE_TRANSFORMER_DIR``, else ``~/.cache/langnghe/models``."""
    configured = os.environ.get("LANGNGHE_TRANSFORMER_DIR")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "langnghe" / "models"


def default_encoder_dir(size: str = "small", base: Path | None = None) -> Path:
    """Folder of the encoder that ``langnghe pretrain --size <size>`` writes."""
    return (base or default_dir()) / f"encoder-vi-{size}"


def artifact_dir(signal: str, base: Path | None = None) -> Path:
    """Folder of a fine-tuned model: ``<base>/<signal>-tf-v1``."""
    return (base or default_dir()) / f"{signal}-{ARTIFACT_VERSION}"


__all__ = [
    "ARTIFACT_VERSION",
    "EXTRA_MESSAGE",
    "META_FILE",
    "artifact_dir",
    "default_dir",
    "default_encoder_dir",
    "require_extra",
]
