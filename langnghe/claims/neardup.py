"""Near-duplicates of a claim: MinHash (``datasketch``) over runs of three syllables.

A re-shared rumour keeps most of its wording, edited a little, sometimes typed without
diacritics (the folded text of :mod:`langnghe.claims.text` removes that difference).
Each claim's text, and up to ``max_exemplars`` items already matched to it, are indexed
in a MinHash LSH; a new text's signature finds the exemplars it nearly duplicates, with
an estimated Jaccard similarity. Signatures hash shingles with CRC-32 and a fixed seed,
so they are the same in every process and can be stored (as bytes, no pickle) by the
claim store and reloaded.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from langnghe.claims.text import shingles

NEAR_DUP_HEAD = 100  # syllables of a text that go into its signature (a post, an article's lead)
_SEED = 1
_MERSENNE_PRIME = np.uint64((1 << 61) - 1)  # datasketch's constants (a test compares with MinHash)
_MAX_HASH = np.uint64((1 << 32) - 1)


def _crc32(value: str) -> int:
    return zlib.crc32(value.encode("utf-8"))  # stable across processes, unlike hash()


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=num_perm, seed=_SEED).permutations  # built once, not per text


def minhash(tokens: Sequence[str], num_perm: int) -> LeanMinHash:
    """Signature of a text's three-syllable shingles (its first :data:`NEAR_DUP_HEAD` syllables)."""
    return minhash_batch([tokens], num_perm)[0]


def minhash_batch(texts: Sequence[Sequence[str]], num_perm: int) -> list[LeanMinHash]:
    """:func:`minhash` of many texts in one numpy pass: datasketch's formula
    (``min((h * a + b) mod p & max)`` over shingle hashes ``h``) without an object per text."""
    if not texts:
        return []
    hashes = [[_crc32(shingle) for shingle in sorted(shingles(list(tokens[:NEAR_DUP_HEAD])))] for tokens in texts]
    a, b = _permutations(num_perm)
    flat = np.array([h for row in hashes for h in row], dtype=np.uint64).reshape(-1, 1)
    permuted = np.bitwise_and((flat * a + b) % _MERSENNE_PRIME, _MAX_HASH)
    counts = np.array([len(row) for row in hashes])
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    empty = np.full(num_perm, _MAX_HASH, dtype=np.uint64)
    signatures = np.minimum.reduceat(permuted, starts[counts > 0], axis=0) if len(flat) else np.zeros((0, num_perm))
    rows = iter(signatures)
    return [LeanMinHash(seed=_SEED, hashvalues=next(rows) if count else empty) for count in counts]


def signature_bytes(signature: LeanMinHash) -> bytes:
    return np.asarray(signature.hashvalues, dtype="<u8").tobytes()


def signature_from_bytes(data: bytes) -> LeanMinHash:
    return LeanMinHash(seed=_SEED, hashvalues=np.frombuffer(data, dtype="<u8"))


class NearDuplicateIndex:
    """Exemplar signatures per claim in a MinHash LSH; keys are ``claim_id \\t exemplar``."""

    def __init__(self, threshold: float, num_perm: int, max_exemplars: int) -> None:
        self.num_perm = num_perm
        self.max_exemplars = max_exemplars
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, LeanMinHash] = {}
        self._count: dict[str, int] = {}

    def add(self, claim_id: str, exemplar: str, signature: LeanMinHash) -> bool:
        """Index one exemplar of ``claim_id``; ``False`` when known or the claim has enough."""
        key = f"{claim_id}\t{exemplar}"
        if key in self._signatures or self._count.get(claim_id, 0) > self.max_exemplars:
            return False
        self._lsh.insert(key, signature)
        self._signatures[key] = signature
        self._count[claim_id] = self._count.get(claim_id, 0) + 1
        return True

    def has(self, claim_id: str, exemplar: str) -> bool:
        return f"{claim_id}\t{exemplar}" in self._signatures

    def query(self, signature: LeanMinHash) -> dict[str, float]:
        """Claim id -> the best estimated Jaccard similarity among its exemplars the LSH finds."""
        best: dict[str, float] = {}
        for key in self._lsh.query(signature):
            claim_id = key.split("\t", 1)[0]
            best[claim_id] = max(best.get(claim_id, 0.0), float(signature.jaccard(self._signatures[key])))
        return best
