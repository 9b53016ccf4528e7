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

_SEPARATORS = re.compile(r"[\s_\-–—/]+")


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char  # a mark alone, or a letter that decomposes to two, stays


# Latin-1 Supplement to Latin Extended-B, and Latin Extended Additional (Vietnamese's "ế", "ự"...):
# every letter with marks that Vietnamese (and the Latin scripts around it) writes
_RANGES = (range(0xC0, 0x250), range(0x1E00, 0x1F00))
_TABLE = {code: _fold_char(chr(code)) for block in _RANGES for code in block if _fold_char(chr(code)) != chr(code)}


def fold(text: str) -> str:
    """``text`` (NFC) with its diacritics removed, character for character (same length).

    >>> fold("Cá chết trắng sông Đà")
    'Ca chet trang song Da'
    """
    return text if text.isascii() else text.translate(_TABLE)


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
