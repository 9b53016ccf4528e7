"""Near-duplicate keys (v1): a hash of the text with everything but letters removed.

Two copies of a story that differ only in case, punctuation, spacing, numbers (view
counts, dates) or tone-mark style get the same key. Copies with edited wording do
not; MinHash over shingles will replace this for those.
"""

from __future__ import annotations

import hashlib
import re

from langnghe.nlp.normalize import normalize

_LETTERS = re.compile(r"[^\W\d_]+")


def near_dup_key(text: str, *, normalized: bool = False) -> str | None:
    """Hex key equal for texts that differ only in case, digits, punctuation and spacing.

    ``None`` for a text without letters, so empty items do not all collide.

    >>> near_dup_key("Hoà Bình: 3 người bị thương!") == near_dup_key("hòa bình 5 người bị thương")
    True
    """
    if not normalized:
        text = normalize(text)
    letters = _LETTERS.findall(text.lower())
    if not letters:
        return None
    return hashlib.blake2b(" ".join(letters).encode("utf-8"), digest_size=16).hexdigest()
