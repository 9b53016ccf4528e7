"""Word segmentation with underthesea's CRF tokenizer.

Vietnamese writes syllables, not words, between spaces: "ô nhiễm không khí" is two
words. :func:`segment_words` returns underthesea's words with their syllables joined
by ``_`` (``ô_nhiễm``) so a whitespace analyzer downstream keeps them whole.

underthesea is imported inside the function (it loads a CRF model on first use), and
the text is cut at :data:`SEGMENT_MAX_CHARS` because segmentation costs about 9 ms per
kilobyte and the head of an article carries what the index and keywords need.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

SEGMENT_MAX_CHARS = 3000

_lock = threading.Lock()
_tokenize: Callable[..., list[str]] | None = None


def _tokenizer() -> Callable[..., list[str]]:
    global _tokenize
    if _tokenize is None:
        with _lock:  # underthesea loads its CRF model into a module global on first call
            if _tokenize is None:
                from underthesea import word_tokenize

                word_tokenize("khởi động")
                _tokenize = word_tokenize
    return _tokenize


def cut(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text``, not splitting the last word."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space] if space > limit // 2 else head


def segment_words(text: str, *, max_chars: int = SEGMENT_MAX_CHARS) -> list[str]:
    """Words of already-normalised ``text``, punctuation included, syllables joined by ``_``."""
    text = cut(text, max_chars)
    if not text.strip():
        return []
    words = _tokenizer()(text)
    return [word.replace(" ", "_") for word in words]


def is_word(token: str) -> bool:
    """True for tokens with a letter or digit (not bare punctuation)."""
    return any(char.isalnum() for char in token)
