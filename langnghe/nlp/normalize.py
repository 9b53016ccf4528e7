"""Text normalisation: the one entry point every NLP function calls first.

Vietnamese text reaches us in several encodings of the same word: precomposed or
decomposed Unicode ("yếu" as ``y`` + ``ê`` + combining acute), and two conventions for
where the tone mark sits in ``oa``/``oe``/``uy`` ("hoà" vs "hòa", "thuỷ" vs "thủy").
Matching, hashing and classification silently fail when the two meet, so
:func:`normalize` maps everything to one form:

- Unicode NFC, with combining marks reordered first so that a tone typed before the
  vowel's own diacritic still composes;
- tone marks placed in the classic style used by most news sites ("hòa", "khỏe",
  "thủy"; "quý"/"quí" and "gì"/"già" handled by treating ``qu``/``gi`` as consonants);
- zero-width characters and soft hyphens removed, non-breaking spaces made plain;
- the look-alike Icelandic eth ("Ð", U+00D0) that some sites type for "Đ" (U+0110)
  mapped to it ("Ðảng" -> "Đảng");
- runs of spaces/tabs collapsed to one space, lines stripped, runs of blank lines
  collapsed to one blank line.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Combining marks that carry a Vietnamese tone; the others (breve, circumflex, horn)
# belong to the vowel itself.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWEL_MARKS = "\u0302\u0306\u031b"

_PLAIN_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")
_CONSONANTS = frozenset("bcdđghklmnpqrstvx")
# Syllable codas of standard Vietnamese; a word with any other ending (a loanword like
# "café") is left untouched.
_FINALS = frozenset({"", "c", "ch", "m", "n", "ng", "nh", "p", "t"})

_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
_LOOK_ALIKES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_COMBINING = re.compile(r"[\u0300-\u036f]")
_COMBINING_RUN = re.compile(r"[\u0300-\u036f]{2,}")
_WORD = re.compile(r"[^\W\d_]+")
_TOKEN_CACHE_SIZE = 200_000


def _build_tone_table() -> dict[str, tuple[str, str]]:
    table: dict[str, tuple[str, str]] = {}
    for vowel in _PLAIN_VOWELS:
        for letter in (vowel, vowel.upper()):
            for tone in _TONE_MARKS:
                toned = unicodedata.normalize("NFC", letter + tone)
                if len(toned) == 1:
                    table[toned] = (letter, tone)
    return table


_TONED: dict[str, tuple[str, str]] = _build_tone_table()


def _tone_position(letters: str) -> int | None:
    """Index in ``letters`` (a lower-case, toneless syllable) where the tone belongs.

    ``None`` when the word is not a single Vietnamese syllable.
    """
    start = 0
    while start < len(letters) and letters[start] in _CONSONANTS:
        start += 1
    end = start
    while end < len(letters) and letters[end] in _PLAIN_VOWELS:
        end += 1
    if start == end or letters[end:] not in _FINALS:
        return None
    # "qu" and "gi" (before another vowel) are consonants: "quý", "già", "giỏi".
    if letters[start - 1 : start + 1] == "qu" or (letters[start - 1 : start + 1] == "gi" and end - start > 1):
        start += 1
    if start == end:
        return None
    marked = [i for i in range(start, end) if letters[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]  # "ươ" takes the tone on "ơ"; otherwise the only marked vowel
    nucleus = end - start
    if end < len(letters) or nucleus == 1:
        return end - 1  # closed syllable: "hoàn", "toán"
    if nucleus == 2:
        return start  # classic style: "hòa", "khỏe", "thủy", "mùa"
    return start + 1  # "ngoài", "khuỷu", "ngoẹo"


@lru_cache(maxsize=65536)
def _retone_word(word: str) -> str:
    tone = ""
    tone_index = -1
    chars = list(word)
    for index, char in enumerate(chars):
        split = _TONED.get(char)
        if split is not None:
            if tone:
                return word  # two tones: not one syllable, leave it alone
            chars[index], tone = split
            tone_index = index
    if not tone:
        return word
    target = _tone_position("".join(chars).lower())
    if target is None or target == tone_index:
        return word
    chars[target] = unicodedata.normalize("NFC", chars[target] + tone)
    return "".join(chars)


def _retone(match: re.Match[str]) -> str:
    return _retone_word(match.group(0))


def _order_marks(match: re.Match[str]) -> str:
    # A vowel diacritic must precede the tone for NFC to compose both ("ê" then acute).
    return "".join(sorted(match.group(0), key=lambda mark: mark not in _VOWEL_MARKS))


def normalize_unicode(text: str) -> str:
    """NFC, with stray combining-mark orders repaired first."""
    if text.isascii():
        return text
    if _COMBINING.search(text) is None:
        return unicodedata.normalize("NFC", text)
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _COMBINING_RUN.sub(_order_marks, decomposed))


_token_cache: dict[str, str] = {}


def _retone_token(token: str) -> str:
    """Tone-normalise one whitespace-free token ("(Hoà," -> "(Hòa,"), memoised."""
    fixed = _token_cache.get(token)
    if fixed is None:
        fixed = token if token.isascii() else _WORD.sub(_retone, token)
        if len(_token_cache) >= _TOKEN_CACHE_SIZE:
            _token_cache.clear()  # bound memory on streams of one-off tokens (URLs, ids)
        _token_cache[token] = fixed
    return fixed


def normalize_tones(text: str) -> str:
    """Move tone marks to the classic position: ``"Hoà Bình thuỷ điện"`` -> ``"Hòa Bình thủy điện"``."""
    if text.isascii():
        return text
    return _WORD.sub(_retone, text)


def _clean_lines(text: str) -> str:
    """Collapse spaces and retone in one pass: str.split and a dict lookup per token are
    several times faster than regexes over non-ASCII text."""
    lines: list[str] = []
    for line in text.splitlines():
        cleaned = " ".join(map(_retone_token, line.split()))
        if cleaned or (lines and lines[-1]):  # keep at most one blank line in a row
            lines.append(cleaned)
    return "\n".join(lines).strip()


def normalize(text: str) -> str:
    """Normalise Vietnamese text: NFC, classic tone placement, clean whitespace.

    Runs of spaces become one space, lines are stripped, runs of blank lines become one.

    >>> normalize("  Hoà  Bình\u200b có  thuỷ điện ")
    'Hòa Bình có thủy điện'
    """
    text = normalize_unicode(text)
    if "\u00d0" in text or "\u00f0" in text:
        text = text.translate(_LOOK_ALIKES)
    for char in _ZERO_WIDTH:
        if char in text:
            text = text.replace(char, "")
    return _clean_lines(text)
