"""Training corpora: read the shared datasets into (text, label, dataset) rows.

The datasets (``../shared/datasets`` by default, see ``README.md`` there) are JSON
Lines compressed with xz, one ``{"text": ..., "label": ...}`` per line. This module
maps their labels to ours, and where a signal has several corpora (sentiment: three,
toxicity: two) merges them, deduplicated:
a text that occurs with two different labels is dropped everywhere, and dev rows
whose text is also in train are dropped so that dev scores are not inflated.
"""

from __future__ import annotations

import json
import lzma
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langnghe.errors import InputError
from langnghe.nlp.features import syllables
from langnghe.nlp.normalize import normalize
from langnghe.nlp.social import URL

SECTION_LABELS: dict[str, str] = {
    "Chinh tri Xa hoi": "politics_society",
    "Doi song": "lifestyle",
    "Khoa hoc": "science",
    "Kinh doanh": "business",
    "Phap luat": "law",
    "Suc khoe": "health",
    "The gioi": "world",
    "The thao": "sports",
    "Van hoa": "culture",
    "Vi tinh": "technology",
}
SENTIMENT_LABELS: dict[str, str] = {"positive": "positive", "neutral": "neutral", "negative": "negative"}
EMOTION_LABELS: dict[str, str] = {
    "Enjoyment": "enjoyment",
    "Sadness": "sadness",
    "Anger": "anger",
    "Fear": "fear",
    "Disgust": "disgust",
    "Surprise": "surprise",
    "Other": "other",
}
TOXICITY_LABELS: dict[str, str] = {"CLEAN": "clean", "OFFENSIVE": "offensive", "HATE": "hate"}
MISINFO_LABELS: dict[str, str] = {"reliable": "reliable", "unreliable": "unreliable"}

# signal -> [(dataset folder, label map)]
SOURCES: dict[str, list[tuple[str, dict[str, str]]]] = {
    "section": [("vntc", SECTION_LABELS)],
    "sentiment": [
        ("uit_vsfc", SENTIMENT_LABELS),
        ("vlsp2016_sa", SENTIMENT_LABELS),
        ("aivivn2019_sa", SENTIMENT_LABELS),
    ],
    "emotion": [("uit_vsmec", EMOTION_LABELS)],
    # ViHSD and VLSP 2019 HSD share some texts: the dedup below keeps one copy.
    "toxicity": [("vihsd", TOXICITY_LABELS), ("vlsp2019_hsd", TOXICITY_LABELS)],
    "misinfo": [("reintel_vlsp2020", MISINFO_LABELS)],
}

# Other sources of the same task, scored as extra dev sets ("cross-source"): only the dev split,
# only categories that map one to one onto ours (baomoi's "Chính trị và Pháp luật" spans two sections).
BAOMOI_SECTIONS: dict[str, str] = {
    "Sức khoẻ": "health",
    "Khoa học": "science",
    "Thể Thao - Thể thao đồng đội - Bóng Đá": "sports",
    "Thể thao - Thể thao đối kháng": "sports",
    "Máy vi tính và Đồ điện tử": "technology",
    "Máy vi tính và Đồ điện tử - Mạng máy tính và Viễn thông": "technology",
    "Mạng máy tính và Viễn thông": "technology",
    "Kinh doanh và Công nghiệp": "business",
    "Tài chính": "business",
    "Tài chính - Đầu tư - Cổ phiếu và trái phiếu": "business",
}
CROSS_SOURCES: dict[str, list[tuple[str, dict[str, str]]]] = {"section": [("baomoi_tc201805", BAOMOI_SECTIONS)]}


@dataclass
class Corpus:
    """Parallel lists of normalised texts, our labels, and the dataset each row came from."""

    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)

    def add(self, text: str, label: str, dataset: str) -> None:
        self.texts.append(text)
        self.labels.append(label)
        self.datasets.append(dataset)

    def __len__(self) -> int:
        return len(self.texts)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a ``.jsonl`` or ``.jsonl.xz`` file; a bad line raises an error naming file and line."""
    opener = lzma.open if path.suffix == ".xz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield _parse_line(line, path, number)
    except (OSError, lzma.LZMAError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from None


def _parse_line(line: str, path: Path, number: int) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{number}: invalid JSON: {exc.msg}") from None
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise InputError(f"{path}:{number}: expected an object with a string 'text'")
    return row


def dedup_key(text: str) -> str:
    """Identity of a text for deduplication: its lower-cased syllables."""
    return " ".join(syllables(text.lower()))


def split_path(data_dir: Path, dataset: str, split: str) -> Path:
    for name in (f"{split}.jsonl.xz", f"{split}.jsonl"):
        if (data_dir / dataset / name).exists():
            return data_dir / dataset / name
    raise InputError(f"{data_dir / dataset}: no {split}.jsonl.xz or {split}.jsonl (is the data dir right?)")


def _read_split(data_dir: Path, signal: str, split: str, max_chars: int) -> Corpus:
    corpus = Corpus()
    for dataset, label_map in SOURCES[signal]:
        path = split_path(data_dir, dataset, split)
        for row in read_jsonl(path):
            label = label_map.get(str(row.get("label")))
            if label is None:
                raise InputError(f"{path}: unknown label {row.get('label')!r}")
            # Cut before normalising: classifiers never read past max_chars anyway.
            corpus.add(_unmask_links(normalize(row["text"][: max_chars + 500])), label, dataset)
    return corpus


def _unmask_links(text: str) -> str:
    """ReINTEL replaced links by ``<URL>``; serve time sees real links, which
    :func:`~langnghe.nlp.social.normalize_social` turns into :data:`~langnghe.nlp.social.URL`."""
    return text.replace("<URL>", f" {URL} ") if "<URL>" in text else text


def _drop_conflicts(corpus: Corpus) -> Corpus:
    labels_of: dict[str, set[str]] = {}
    for text, label in zip(corpus.texts, corpus.labels):
        labels_of.setdefault(dedup_key(text), set()).add(label)
    kept = Corpus(dropped=dict(corpus.dropped))
    seen: set[str] = set()
    for text, label, dataset in zip(corpus.texts, corpus.labels, corpus.datasets):
        key = dedup_key(text)
        if len(labels_of[key]) > 1:
            kept.dropped["conflicting_label"] = kept.dropped.get("conflicting_label", 0) + 1
        elif key in seen:
            kept.dropped["duplicate"] = kept.dropped.get("duplicate", 0) + 1
        else:
            seen.add(key)
            kept.add(text, label, dataset)
    return kept


def _drop_seen(dev: Corpus, train: Corpus) -> Corpus:
    train_keys = {dedup_key(text) for text in train.texts}
    kept = Corpus(dropped=dict(dev.dropped))
    for text, label, dataset in zip(dev.texts, dev.labels, dev.datasets):
        if dedup_key(text) in train_keys:
            kept.dropped["also_in_train"] = kept.dropped.get("also_in_train", 0) + 1
        else:
            kept.add(text, label, dataset)
    return kept


def load_corpora(signal: str, data_dir: Path, max_chars: int) -> tuple[Corpus, Corpus]:
    """Deduplicated (train, dev) corpora of a signal, texts normalised and cut."""
    if signal not in SOURCES:
        raise InputError(f"unknown signal {signal!r}; known: {', '.join(sorted(SOURCES))}")
    train = _drop_conflicts(_read_split(data_dir, signal, "train", max_chars))
    dev = _drop_seen(_drop_conflicts(_read_split(data_dir, signal, "dev", max_chars)), train)
    return train, dev


def load_cross_sources(signal: str, data_dir: Path, max_chars: int) -> dict[str, Corpus]:
    """Dev rows of the other sources of ``signal`` that are in ``data_dir`` (mapped labels only),
    by name ``cross:<dataset>``; a source whose folder is absent is left out."""
    found: dict[str, Corpus] = {}
    for dataset, label_map in CROSS_SOURCES.get(signal, []):
        if not (data_dir / dataset).is_dir():
            continue
        corpus = Corpus()
        for row in read_jsonl(split_path(data_dir, dataset, "dev")):
            label = label_map.get(str(row.get("label")))
            if label is not None:
                corpus.add(normalize(row["text"][: max_chars + 500]), label, dataset)
        found[f"cross:{dataset}"] = corpus
    return found
