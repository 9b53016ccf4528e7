"""Independent voices: how many accounts speak in a set of items once copy floods are collapsed.

Forty copies of one post by one account are one voice, not forty. Every emerging candidate
and every spike is measured on voices rather than raw items (README, "Independent voices"):

- **account**: the item's pseudonymous author key (``u_…``); an item without one counts by
  its source (``source:<outlet>``);
- **copy**: an item whose text nearly repeats an earlier item of the same set (the same
  :attr:`~langnghe.item.NlpResult.near_dup_key`, or an estimated Jaccard similarity of at
  least :data:`COPY_JACCARD` between the MinHash signatures of their three-syllable runs),
  whoever posted it; the earliest item of a copy group is its original;
- **copy flood**: a copy group of at least :data:`FLOOD_MIN_ITEMS` items with at least
  :data:`FLOOD_PER_ACCOUNT` copies per account: many near-identical items from few accounts,
  shown as a possible organised spread ("lan truyền có tổ chức?"), not as public opinion;
  it collapses into its original. A text many accounts share, one copy each, is not collapsed:
  each account that chose to share it is a voice (outlets retelling one press release, people
  passing a post on); its copies are counted and shown;
- **voices** of a span: the distinct accounts of its counted items (every item but the
  non-original members of a copy flood);
- **independent items** of a span: its counted items, each account counting at most
  :data:`ACCOUNT_CAP` of them: what a spike is checked on, since its baseline counts items
  (an outlet's three articles on one event are three, one account's thirtieth post is none).

Policy only: items in, counts out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from langnghe.detection.story_signals import shingle_hashes, signature, syllables
from langnghe.item import Item
from langnghe.labels import FLOOD_NOTE_VI

COPY_JACCARD = 0.5  # estimated Jaccard of three-syllable runs from which a text copies another
FLOOD_MIN_ITEMS = 5  # a copy group this large ...
FLOOD_PER_ACCOUNT = 3.0  # ... with this many copies per account is a copy flood
ACCOUNT_CAP = 3  # counted items of one account that are independent items of one span
HEAD_SYLLABLES = 120  # a post, or an article's lead: enough to know a copy
NUM_PERM, BANDS = 64, 16  # LSH bands of 4 rows: pairs near COPY_JACCARD meet in a band
_ROWS = NUM_PERM // BANDS
_MAX_CACHED = 200_000


def account_of(item: Item) -> str:
    """The pseudonymous author key, else the source (an outlet's unsigned articles are one voice)."""
    return item.author or f"source:{item.source}"


_Print = tuple[np.ndarray, list[tuple[int, bytes]]]  # a signature and its LSH band keys
_prints: dict[tuple[str, int], _Print | None] = {}


def fingerprint(item: Item) -> _Print | None:
    """The MinHash signature (:data:`NUM_PERM` values) of the item's first three-syllable runs and
    its band keys (``None`` for a text of fewer than three syllables: it copies nothing).
    Remembered per item and text, since a replay asks about each item many times."""
    key = (item.id, hash(item.text))
    if key in _prints:
        return _prints[key]
    if len(_prints) >= _MAX_CACHED:
        _prints.clear()
    hashes = shingle_hashes(syllables(item)[:HEAD_SYLLABLES], 3)
    found: _Print | None = None
    if len(hashes):
        sig = signature(hashes, NUM_PERM)  # the stories' MinHash (datasketch's, seed 1)
        found = (sig, [(band, sig[band * _ROWS : (band + 1) * _ROWS].tobytes()) for band in range(BANDS)])
    _prints[key] = found
    return found


def _time(item: Item) -> datetime:
    return item.published_at or item.fetched_at


def copy_originals(items: Sequence[Item]) -> list[int]:
    """For each item (``items`` oldest first), the position of its copy group's original
    (its own position when it copies nothing earlier)."""
    originals: list[int] = []
    by_key: dict[str, int] = {}
    by_band: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    signatures: list[np.ndarray | None] = []
    for position, item in enumerate(items):
        found = fingerprint(item)
        signatures.append(found[0] if found else None)
        original = _exact_copy(item, by_key)
        if original is None and found is not None:
            original = _near_copy(found[0], found[1], by_band, signatures)
        originals.append(position if original is None else originals[original])
        if original is None:
            for band in found[1] if found else ():
                by_band[band].append(position)
            if item.nlp is not None and item.nlp.near_dup_key:
                by_key.setdefault(item.nlp.near_dup_key, position)
    return originals


def _exact_copy(item: Item, by_key: dict[str, int]) -> int | None:
    key = item.nlp.near_dup_key if item.nlp is not None else None
    return by_key.get(key) if key else None


def _near_copy(
    sig: np.ndarray, bands: list[tuple[int, bytes]], by_band: dict[tuple[int, bytes], list[int]],
    signatures: list[np.ndarray | None],
) -> int | None:
    """An original sharing a band with ``sig`` whose estimated Jaccard reaches the threshold (the
    first found: band by band, oldest first in each)."""
    seen: set[int] = set()
    for band in bands:
        for other in by_band.get(band, ()):
            if other not in seen:
                seen.add(other)
                if float(np.mean(signatures[other] == sig)) >= COPY_JACCARD:  # originals have signatures
                    return other
    return None


@dataclass(frozen=True)
class Voices:
    """What a span of items adds up to: raw items, accounts, independent voices, copies, floods."""

    items: int
    accounts: int  # distinct accounts among all the items
    voices: int  # distinct accounts among the counted items (all but a copy flood's copies)
    copies: int  # items that repeat an earlier item's text
    flood_items: int = 0  # items of copy floods
    flood_accounts: int = 0  # accounts that posted them
    independent: int = 0  # counted items, at most ACCOUNT_CAP per account

    @property
    def flood(self) -> bool:
        """Whether most of the span is copy floods (and they are large enough to be one)."""
        return self.flood_items >= FLOOD_MIN_ITEMS and 2 * self.flood_items >= self.items


@dataclass(frozen=True)
class VoiceMap:
    """The items of a set, oldest first, with their accounts, copy groups and flood groups."""

    items: tuple[Item, ...]
    accounts: tuple[str, ...]
    originals: tuple[int, ...]
    flooded: frozenset[int]  # originals whose groups are copy floods

    def count(self, since: datetime | None = None, until: datetime | None = None) -> Voices:
        """The :class:`Voices` of the items published in [since, until)."""
        inside = [i for i, item in enumerate(self.items)
                  if (since is None or _time(item) >= since) and (until is None or _time(item) < until)]  # fmt: skip
        flood = [i for i in inside if self.originals[i] in self.flooded]
        per_account = Counter(self.accounts[i] for i in inside if self._counted(i))
        return Voices(
            items=len(inside), accounts=len({self.accounts[i] for i in inside}), voices=len(per_account),
            copies=sum(1 for i in inside if self.originals[i] != i),
            flood_items=len(flood), flood_accounts=len({self.accounts[i] for i in flood}),
            independent=sum(min(count, ACCOUNT_CAP) for count in per_account.values()),
        )  # fmt: skip

    def _counted(self, position: int) -> bool:
        """Whether an item counts: all but the copies of a copy flood (whose original does)."""
        original = self.originals[position]
        return original == position or original not in self.flooded

    def voice_times(self) -> list[tuple[datetime, str]]:
        """(time, account) of every counted item, oldest first: what voice counts per span add up."""
        return [(_time(self.items[i]), self.accounts[i]) for i in range(len(self.items)) if self._counted(i)]


def voice_map(items: Sequence[Item]) -> VoiceMap:
    """The :class:`VoiceMap` of ``items`` (any order)."""
    ordered = tuple(sorted(items, key=lambda item: (_time(item), item.id)))
    originals = copy_originals(ordered)
    accounts = tuple(account_of(item) for item in ordered)
    groups: defaultdict[int, list[int]] = defaultdict(list)
    for position, original in enumerate(originals):
        groups[original].append(position)
    flooded = frozenset(original for original, members in groups.items() if _is_flood([accounts[m] for m in members]))
    return VoiceMap(ordered, accounts, tuple(originals), flooded)


def _is_flood(accounts: Sequence[str]) -> bool:
    return len(accounts) >= FLOOD_MIN_ITEMS and len(accounts) >= FLOOD_PER_ACCOUNT * len(set(accounts))


def flood_words(items: int, accounts: int) -> str:
    """A copy flood in Vietnamese, with its numbers: "40 tin, 1 tài khoản: ... (lan truyền có tổ chức?)"."""
    return f"{items} tin, {accounts} tài khoản: các tin gần như trùng nhau ({FLOOD_NOTE_VI})"


def count_voices(items: Sequence[Item]) -> Voices:
    """The :class:`Voices` of ``items`` (copies found among them)."""
    return voice_map(items).count()
