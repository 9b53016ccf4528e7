"""What story clustering reads of an Item (policy: :mod:`langnghe.detection.stories`).

- terms: the segmented words (``ô_nhiễm``), lower-cased, without stopwords or numbers;
  title words count twice, the item's keywords once more, and each place it names
  (:func:`place_keys`) ``place_weight`` times more as a term of its own (``@lạch_vàng``);
- shingles: runs of four syllables of the normalised text, hashed with crc32 (not
  Python's salted ``hash``) so that MinHash signatures are the same in every process and
  can be saved;
- places: provinces and place names (LOC entities), as lower-cased syllable pairs.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash

from langnghe.index.timebuckets import to_micros
from langnghe.item import Item
from langnghe.nlp.keywords import stopwords
from langnghe.nlp.normalize import normalize

if TYPE_CHECKING:
    from langnghe.detection.stories import StoryParams

_LETTERS = re.compile(r"[^\W\d_]+")
_MAX_SHINGLE_SYLLABLES = 2000  # a long article's first 2,000 syllables are enough to know a copy



@dataclass(frozen=True)
class ItemSignals:
    """What clustering reads of an Item: id, time, parent, term counts and shingles."""

    id: str
    ts: int
    parent_id: str | None
    terms: Counter[str]
    shingles: np.ndarray  # distinct shingle hashes (:func:`shingle_hashes`)
    places: frozenset[str] = frozenset()  # :func:`place_keys`


def item_time_us(item: Item) -> int:
    """The item's effective time (published, else fetched) in microseconds since the epoch."""
    return to_micros(item.published_at or item.fetched_at)


def _title_words(title: str, tokens: Sequence[str]) -> int:
    """How many leading tokens are the title's (enrich segments ``title + "\\n" + text``)."""
    syllables, taken, wanted = 0, 0, len(title.split())
    for token in tokens:
        if syllables >= wanted:
            break
        syllables += token.count("_") + 1
        taken += 1
    return taken


@lru_cache(maxsize=500_000)
def _is_term(token: str) -> bool:
    """A lower-cased token worth a dimension: two characters or more, a letter, no digit,
    not a stopword. Cached: a stream reuses a vocabulary far smaller than its tokens."""
    return len(token) > 1 and token not in stopwords() and any(char.isalpha() for char in token) and not any(
        char.isdigit() for char in token
    )


def item_terms(item: Item) -> Counter[str]:
    """Term counts: segmented words, title words twice, keywords once more.

    >>> from langnghe.testing import build_item
    >>> item = build_item(title="Cá chết", text="Cá chết trắng sông", tokens=["Cá", "chết", "Cá", "chết", "trắng", "sông"])
    >>> item_terms(item)["chết"]
    3
    """
    if item.nlp is not None and item.nlp.tokens:
        tokens = [token.lower() for token in item.nlp.tokens]
        in_title = _title_words(item.title, tokens) if item.title else 0
    else:  # not enriched: syllables will do
        tokens = [word.lower() for word in _LETTERS.findall(f"{item.title}\n{item.text}")]
        in_title = len(_LETTERS.findall(item.title))
    counts: Counter[str] = Counter(token for token in tokens if _is_term(token))
    counts.update(token for token in tokens[:in_title] if _is_term(token))
    if item.nlp is not None:
        counts.update(k for k in (kw.lower().replace(" ", "_") for kw in item.nlp.keywords) if _is_term(k))
    return counts


def syllables(item: Item) -> list[str]:
    """The lower-cased syllables of the normalised title and text: those of the NLP stage's
    words when the item is enriched (its first 3,000 characters), else of the whole text."""
    if item.nlp is not None and item.nlp.tokens:
        return " ".join(item.nlp.tokens).replace("_", " ").lower().split()
    text = f"{item.title}\n{item.text}" if item.title else item.text
    return _LETTERS.findall(normalize(text).lower())


@lru_cache(maxsize=200_000)
def _syllable_hash(syllable: str) -> int:
    return zlib.crc32(syllable.encode("utf-8"))


def shingle_hashes(words: Sequence[str], size: int = 4) -> np.ndarray:
    """Distinct 32-bit hashes of the runs of ``size`` syllables: the same in every process
    (crc32, not Python's salted ``hash``), so that signatures can be saved.

    >>> len(shingle_hashes("cá chết trắng sông lạch vàng".split(), 4))
    3
    """
    words = words[:_MAX_SHINGLE_SYLLABLES]
    count = len(words) - size + 1
    if count < 1:
        return np.zeros(0, dtype=np.uint64)
    ids = np.fromiter((_syllable_hash(w) for w in words), dtype=np.uint64, count=len(words))
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(size):  # a polynomial hash of the run, wrapping at 2**64
        combined = combined * np.uint64(1_000_003) + ids[offset : offset + count]
    return np.unique((combined ^ (combined >> np.uint64(29))) & np.uint64(0xFFFFFFFF))


def place_keys(item: Item) -> frozenset[str]:
    """The places an item names (provinces, and LOC entities of two syllables or more), as
    lower-cased syllable pairs, so that "Lạch Vàng" matches a mis-cut "Lạch Vàng Theo".

    >>> from langnghe.testing import build_item
    >>> sorted(place_keys(build_item(provinces=["Hưng Yên", "Huế"])))
    ['huế', 'hưng yên']
    """
    if item.nlp is None:
        return frozenset()
    names = [*item.nlp.provinces, *(e.text for e in item.nlp.entities if e.label == "LOC" and " " in e.text.strip())]
    keys: set[str] = set()
    for name in names:
        words = name.lower().split()
        keys.update(" ".join(pair) for pair in zip(words, words[1:])) if len(words) > 1 else keys.update(words)
    return frozenset(keys)


def item_signals(item: Item, params: StoryParams) -> ItemSignals:
    shingle_set = shingle_hashes(syllables(item), params.shingle)
    terms = item_terms(item)
    places = place_keys(item)
    if params.place_weight:
        for key in places:
            terms["@" + key.replace(" ", "_")] += params.place_weight
    return ItemSignals(item.id, item_time_us(item), item.parent_id, terms, shingle_set, places)


# -- near-duplicates ------------------------------------------------------------------


def _identity(value: int) -> int:
    return value


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> np.ndarray:
    return MinHash(num_perm=num_perm, seed=1).permutations  # datasketch's own, made once


def signature(hashes: np.ndarray, num_perm: int) -> np.ndarray:
    """The MinHash signature (``num_perm`` 32-bit values) of a set of shingle hashes."""
    minhash = MinHash(num_perm=num_perm, hashfunc=_identity, permutations=_permutations(num_perm))
    minhash.update_batch(hashes.tolist())
    return minhash.hashvalues.astype(np.uint32)


def minhash_of(values: np.ndarray, num_perm: int) -> MinHash:
    return MinHash(num_perm=num_perm, hashvalues=values.astype(np.uint64), permutations=_permutations(num_perm))
