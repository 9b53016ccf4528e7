"""News tone training data (issue 15): headline + lead of news items from the shared
unlabelled corpus, labelled by two independent annotation passes.

The items are drawn from ``corpus/`` (``news_baomoi_2017_fulltext.txt.xz``: title on the
first line, lead on the second; ``news_vntc_train.txt.xz``: the first paragraph, which glues
the title to the lead) by a seeded, stable draw (:func:`draw`), so that the labels
(``docs/annotation/news_tone/pass_*.jsonl``: ids and labels only, never the corpus text)
join back to the text on any machine that has the corpus. Only the items both passes label
alike are kept. A fixed fifth of them, chosen by a hash of the id, is the blind test part:
nobody tunes on it (:func:`part_of`).
"""

from __future__ import annotations

import hashlib
import json
import lzma
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from langnghe.errors import InputError
from langnghe.nlp.corpora import Corpus, read_jsonl, split_path
from langnghe.nlp.normalize import normalize

FILES = {"baomoi": "news_baomoi_2017_fulltext.txt.xz", "vntc": "news_vntc_train.txt.xz"}
SHARE = {"baomoi": 0.8, "vntc": 0.2}
MAX_LEAD = 400
SEED, COUNT = 15, 4000  # the first draw the passes of 2026-12-07 labelled
COUNT_LABELLED = 20000  # the random draw the passes labelled (a larger draw keeps a smaller one's items)
TARGETED_DRAW = 40000  # the draw the targeted items (train only) were picked from
TONES = ("negative", "neutral", "positive")
Part = Literal["train", "dev", "test"]


@dataclass(frozen=True)
class NewsItem:
    id: str
    title: str
    lead: str

    @property
    def text(self) -> str:
        """What the tone model reads: headline, then lead."""
        return f"{self.title}\n{self.lead}"


def documents(path: Path) -> Iterator[list[str]]:
    """The documents of a corpus file: paragraphs, a blank line between documents."""
    paragraphs: list[str] = []
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if line:
                paragraphs.append(line)
            elif paragraphs:
                yield paragraphs
                paragraphs = []
    if paragraphs:
        yield paragraphs


def title_and_lead(source: str, paragraphs: list[str]) -> tuple[str, str] | None:
    if source == "baomoi":
        if len(paragraphs) < 2:
            return None
        title, lead = paragraphs[0], paragraphs[1]
    else:
        first = paragraphs[0]
        cut = re.search(r"(?<=\S)\s+(?=[A-ZĐÀ-Ỹ])", first[20:120])  # where the glued title ends
        if cut is None:
            return None
        title, lead = first[: 20 + cut.start()], first[20 + cut.end() :]
    if not 15 <= len(title) <= 200 or len(lead) < 40:
        return None
    return title.strip(), lead[:MAX_LEAD].rsplit(" ", 1)[0] if len(lead) > MAX_LEAD else lead


def draw(corpus: Path, count: int = COUNT, seed: int = SEED) -> list[NewsItem]:
    """``count`` items, 80% baomoi and 20% VNTC, duplicate titles dropped, in a seeded order."""
    return choose(candidates(corpus), count, seed)


def candidates(corpus: Path) -> dict[str, list[tuple[str, tuple[str, str]]]]:
    """Every usable (id, (title, lead)) of each corpus file, in file order."""
    for name in FILES.values():
        if not (corpus / name).is_file():
            raise InputError(f"{corpus / name}: not found (is --corpus the shared datasets' corpus folder?)")
    return {source: [(f"{source}:{n}", pair) for n, doc in enumerate(documents(corpus / name))
                     if (pair := title_and_lead(source, doc)) is not None]
            for source, name in FILES.items()}  # fmt: skip


def choose(pools: dict[str, list[tuple[str, tuple[str, str]]]], count: int, seed: int = SEED) -> list[NewsItem]:
    """The seeded draw of :func:`draw` from :func:`candidates`: a larger ``count`` keeps the
    items of a smaller one (each file's shuffle does not depend on ``count``)."""
    rng = random.Random(seed)
    chosen: list[NewsItem] = []
    seen: set[str] = set()
    for source in FILES:
        pool = list(pools[source])
        rng.shuffle(pool)
        wanted = round(count * SHARE[source])
        for item_id, (title, lead) in pool:
            key = hashlib.sha1(title.lower().encode()).hexdigest()
            if key in seen:
                continue
            seen.add(key)
            chosen.append(NewsItem(item_id, title, lead))
            wanted -= 1
            if wanted == 0:
                break
    rng.shuffle(chosen)
    return chosen


def part_of(item_id: str) -> Part:
    """The item's part, fixed by its id: 20% blind test, 15% dev, 65% train."""
    bucket = int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 20
    return "test" if bucket < 4 else "dev" if bucket < 7 else "train"


def read_labels(path: Path) -> dict[str, str]:
    labels: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                row = json.loads(line)
                label = row["label"]
                if label not in TONES:
                    raise ValueError(f"label {label!r} is not one of {', '.join(TONES)}")
                labels[str(row["id"])] = label
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{number}: {exc}") from None
    return labels


def agreed(labels_dir: Path) -> dict[str, str]:
    """Ids both passes label alike, with that label."""
    passes = [read_labels(path) for path in sorted(labels_dir.glob("pass_*.jsonl"))]
    if len(passes) < 2:
        raise InputError(f"{labels_dir}: expected two annotation passes (pass_a.jsonl, pass_b.jsonl)")
    first, *others = passes
    return {key: label for key, label in first.items() if all(other.get(key) == label for other in others)}


def labelled_items(
    corpus: Path, labels_dir: Path, count: int = COUNT, targeted_count: int = TARGETED_DRAW
) -> dict[Part, list[tuple[NewsItem, str]]]:
    """The agreed items with their labels, by part. Items of the random draw of ``count`` fall
    into a part by their id; items chosen for a second look (``targeted.txt``: ids from the
    draw of ``targeted_count`` picked by a model, not at random) go to train only, so the dev
    and blind test parts stay random samples of news."""
    labels = agreed(labels_dir)
    targeted_file = labels_dir / "targeted.txt"
    targeted = set(targeted_file.read_text(encoding="utf-8").split()) if targeted_file.is_file() else set()
    pools = candidates(corpus)
    parts: dict[Part, list[tuple[NewsItem, str]]] = {"train": [], "dev": [], "test": []}
    random_ids: set[str] = set()
    for item in choose(pools, count):
        random_ids.add(item.id)
        if item.id in labels:
            parts[part_of(item.id)].append((item, labels[item.id]))
    if targeted:
        for item in choose(pools, targeted_count):
            if item.id in targeted and item.id in labels and item.id not in random_ids:
                parts["train"].append((item, labels[item.id]))
    return parts


# --- corpora for training -------------------------------------------------------------

TONE_MAX_CHARS = 600  # the tone and register models read the head of a text: headline and lead
LABELS_DIR = Path(__file__).resolve().parents[2] / "docs" / "annotation" / "news_tone"
SOCIAL_SETS = ("uit_vsmec", "vihsd", "aivivn2019_sa", "uit_vsfc")
REGISTER_PER_SIDE = 20000


def tone_corpora(corpus: Path, labels_dir: Path = LABELS_DIR) -> tuple[Corpus, Corpus, Corpus]:
    """(train, dev, blind test) of the agreed news-tone labels, texts normalised."""
    if not labels_dir.is_dir():
        raise InputError(f"{labels_dir}: the annotation passes are not there (a source checkout has them)")
    parts = labelled_items(corpus, labels_dir, count=COUNT_LABELLED)
    corpora = {part: Corpus() for part in parts}
    for part, rows in parts.items():
        for item, label in rows:
            corpora[part].add(normalize(item.text), label, "news_tone")
    return corpora["train"], corpora["dev"], corpora["test"]


def register_corpora(data_dir: Path) -> tuple[Corpus, Corpus]:
    """(train, dev) of ``article`` (headline + lead of corpus news items) against ``post``
    (social texts: the unlabelled social corpus and the comment datasets' train splits)."""
    rng = random.Random(SEED + 1)
    texts = [(item.text, "article") for item in draw(data_dir / "corpus", REGISTER_PER_SIDE, SEED + 1)]
    social = [line.strip() for line in _lines(data_dir / "corpus" / "social_unlabeled_official_tests.txt.xz")]
    for name in SOCIAL_SETS:
        social += [str(row["text"]) for row in read_jsonl(split_path(data_dir, name, "train"))]
    social = [text for text in dict.fromkeys(social) if len(text) >= 15]
    rng.shuffle(social)
    texts += [(text, "post") for text in social[:REGISTER_PER_SIDE]]
    train, dev = Corpus(), Corpus()
    for text, label in texts:
        bucket = int(hashlib.sha256(text.encode()).hexdigest(), 16) % 20
        (dev if bucket < 3 else train).add(normalize(text[: TONE_MAX_CHARS + 200]), label, f"register_{label}")
    return train, dev


def _lines(path: Path) -> Iterator[str]:
    if not path.is_file():
        raise InputError(f"{path}: not found (the shared datasets' unlabelled social corpus)")
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        yield from (line for line in lines if line.strip())
