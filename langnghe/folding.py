"""Vietnamese text without its diacritics, for matching that ignores them.

``search "ca chet"`` must find what ``search "cá chết"`` finds, and ``--province can tho``
must name "Cần Thơ": both compare folded forms. :func:`fold` keeps the length of its (NFC)
input, one character for one, so a position found in the folded text is the same position in
the original (the search snippets rely on it). "đ" has no decomposition in Unicode (it is a
letter of its own, not d plus a mark): it is folded explicitly.

The lowest layer of the package: it imports nothing from langnghe.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s_\-–—/]+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char  # a mark alone, or a letter that decomposes to two, stays


def fold(text: str) -> str:
    """``text`` (NFC) with its diacritics removed, character for character (same length).

    >>> fold("Cá chết trắng sông Đà")
    'Ca chet trang song Da'
    """
    if text.isascii():
        return text
    return "".join(_fold_char(char) if not char.isascii() else char for char in text)


def nfc(text: str) -> str:
    """NFC form of ``text`` (returned as it is when it is NFC already)."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fold_key(text: str) -> str:
    """The form in which a name and what a person typed for it are compared: folded, case
    ignored, dashes, underscores and runs of spaces read as one space.

    >>> fold_key("  Cần-Thơ "), fold_key("phap_luat"), fold_key("PHÁP LUẬT")
    ('can tho', 'phap luat', 'phap luat')
    """
    return _SEPARATORS.sub(" ", fold(nfc(text)).casefold()).strip()
