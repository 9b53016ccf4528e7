"""The unlabelled corpus as a stream, and the WordPiece tokenizer trained on it.

The corpus files (``../shared/datasets/corpus/*.txt.xz``) hold one paragraph per line
and a blank line between documents; they are read with :mod:`lzma` as they are, never
decompressed to disk. :class:`CorpusStream` interleaves their documents (one from each
file in turn, each file read again from the start when it ends, so the small social-media
file weighs as much as the big news ones) and remembers how many lines it read from
each, so an interrupted pre-training resumes near where it stopped.

Text is NFC-normalised with :func:`langnghe.nlp.normalize.normalize` and lower-cased
before tokenisation (the tokenizer repeats NFC + lower-casing itself, so raw text gives
the same pieces). Accents are kept: they carry meaning in Vietnamese.
"""

from __future__ import annotations

import itertools
import lzma
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
from transformers import PreTrainedTokenizerFast

from langnghe.errors import InputError
from langnghe.nlp.features import classifier_text
from langnghe.nlp.normalize import normalize

SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")


def prepare_text(text: str, max_chars: int = 4000) -> str:
    """What the self-pre-trained encoder reads: normalised, lower-cased, cut.

    >>> prepare_text("Hà Nội  mưa TO")
    'hà nội mưa to'
    """
    return classifier_text(normalize(text[: max_chars + 500]), max_chars)


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The ``*.txt.xz`` (or ``*.txt``) files of a corpus folder, sorted; an error if none."""
    files = sorted([*corpus_dir.glob("*.txt.xz"), *corpus_dir.glob("*.txt")]) if corpus_dir.is_dir() else []
    if not files:
        raise InputError(f"{corpus_dir}: no *.txt.xz corpus files (expected e.g. ../shared/datasets/corpus)")
    return files


def _open(path: Path) -> IO[str]:
    if path.suffix == ".xz":
        return lzma.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


class _FileCursor:
    """Documents of one file, forever: at the end it starts again (``passes`` counts how often)."""

    def __init__(self, path: Path, lines: int = 0, passes: int = 0) -> None:
        self.path, self.lines, self.passes = path, 0, passes
        self._handle = _open(path)
        for _ in itertools.islice(self._handle, lines):  # skip what an earlier run already read
            self.lines += 1

    def next_document(self) -> str:
        paragraphs: list[str] = []
        for _ in range(2):  # an empty file, or one ending without a document, gives up after one restart
            for line in self._handle:
                self.lines += 1
                if line.strip():
                    paragraphs.append(line.strip())
                elif paragraphs:
                    return "\n".join(paragraphs)
            if paragraphs:
                return "\n".join(paragraphs)
            self._restart()
        raise InputError(f"{self.path}: no text")

    def _restart(self) -> None:
        self._handle.close()
        self._handle = _open(self.path)
        self.lines, self.passes = 0, self.passes + 1

    def close(self) -> None:
        self._handle.close()


class CorpusStream:
    """Documents from several corpus files in turn, with a resumable position."""

    def __init__(self, files: Sequence[Path], position: dict[str, Any] | None = None) -> None:
        known = position or {}
        self._cursors = [
            _FileCursor(path, **known.get(path.name, {"lines": 0, "passes": 0})) for path in files
        ]

    def documents(self) -> Iterator[str]:
        for cursor in itertools.cycle(self._cursors):
            yield cursor.next_document()

    def position(self) -> dict[str, dict[str, int]]:
        """Lines read from each file (and full passes over it), for :class:`CorpusStream` to resume."""
        return {c.path.name: {"lines": c.lines, "passes": c.passes} for c in self._cursors}

    def close(self) -> None:
        for cursor in self._cursors:
            cursor.close()


def _training_texts(files: Sequence[Path], max_documents: int) -> Iterator[str]:
    stream = CorpusStream(files)
    try:
        for document in itertools.islice(stream.documents(), max_documents):
            yield prepare_text(document, max_chars=20_000)
    finally:
        stream.close()


def train_tokenizer(
    files: Sequence[Path], out_dir: Path, *, vocab_size: int = 12_000, max_documents: int = 60_000,
    model_max_length: int = 512,
) -> PreTrainedTokenizerFast:
    """Train a WordPiece tokenizer on the first ``max_documents`` interleaved documents; save it in ``out_dir``."""
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]", max_input_chars_per_word=50))
    tokenizer.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Lowercase()])
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = trainers.WordPieceTrainer(
        vocab_size=vocab_size, min_frequency=2, special_tokens=list(SPECIAL_TOKENS), show_progress=False
    )
    tokenizer.train_from_iterator(_training_texts(files, max_documents), trainer=trainer)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)],
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
        sep_token="[SEP]", mask_token="[MASK]", model_max_length=model_max_length,
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    fast.save_pretrained(out_dir)
    return fast
