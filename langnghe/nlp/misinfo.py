"""Explainable cues for the ``misinfo`` signal (docs: ``models/MODEL_CARD.md``).

The score of :class:`~langnghe.item.MisinfoSignal` comes from the ``misinfo`` linear
model (trained on ReINTEL); the cues listed beside it are simple surface signals
computed here so that an analyst can see *why* a post reads like a rumour. They are
hints, not evidence: a sober post can fire none and still be false, and a genuine
emergency notice may urge sharing. Each cue is a stable slug followed by a short
English explanation, e.g. ``"urges_sharing: 'chia sẻ ngay'"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# A post of at least this many letters that names no source fires ``no_source``;
# a one-line comment naming none is normal.
_MIN_LETTERS_FOR_SOURCE = 200
_URL = re.compile(r"https?://|www\.|<url>|\b[\w-]+\.(?:vn|com|net|org)\b", re.IGNORECASE)
_ATTRIBUTION = re.compile(
    r"\b(?:nguồn|theo|trích|dẫn lời|cho biết|thông tin từ|báo|thông tấn|bộ y tế|chính phủ|ubnd|công an)\b",
    re.IGNORECASE,
)
_SHARING = re.compile(
    r"(?:hãy |mọi người |cả nhà )?(?:chia sẻ|share|lan tỏa|lan truyền|chuyển tiếp)"
    r"(?: ngay| gấp| rộng rãi| cho mọi người| để mọi người)",
    re.IGNORECASE,
)
_ALARM = re.compile(
    r"\b(?:khẩn cấp|cực sốc|sốc|tin mật|rò rỉ|bí mật|cảnh báo khẩn|động trời|chấn động|gấp gấp)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{2,}")


def _no_source(text: str) -> str | None:
    if len(text) < _MIN_LETTERS_FOR_SOURCE:
        return None  # fewer characters than the letters needed: skip the count
    letters = sum(map(str.isalpha, text))
    if letters >= _MIN_LETTERS_FOR_SOURCE and not _URL.search(text) and not _ATTRIBUTION.search(text):
        return "no_source: a long post that cites no source, link or authority"
    return None


def _exclamations(text: str) -> str | None:
    count = text.count("!")
    return f"many_exclamations: {count} exclamation marks" if count >= 3 else None


def _all_caps(text: str) -> str | None:
    if sum(map(str.isupper, text.split())) < 5:
        return None  # cheap gate: fewer than five capitalised tokens cannot fire
    words = _WORD.findall(text)
    shouting = [word for word in words if word.isupper()]
    # A shouted sentence (8+ words), or a short post mostly in capitals.
    if len(shouting) >= 8 or (len(shouting) >= 5 and len(shouting) >= 0.3 * len(words)):
        return f"all_caps: {len(shouting)} of {len(words)} words in capitals"
    return None


def _urges_sharing(text: str) -> str | None:
    match = _SHARING.search(text)
    return f"urges_sharing: '{match.group(0).lower()}'" if match else None


def _alarm_words(text: str) -> str | None:
    found = sorted({match.lower() for match in _ALARM.findall(text)})
    return f"alarm_words: {', '.join(repr(word) for word in found)}" if found else None


CUES: tuple[Callable[[str], str | None], ...] = (_no_source, _exclamations, _all_caps, _urges_sharing, _alarm_words)


def misinfo_cues(text: str) -> list[str]:
    """The surface cues of a rumour-style post that fire on ``text`` (normalised, original case).

    >>> misinfo_cues("KHẨN CẤP!!! Mọi người chia sẻ ngay kẻo muộn")
    ['many_exclamations: 3 exclamation marks', "urges_sharing: 'mọi người chia sẻ ngay'", "alarm_words: 'khẩn cấp'"]
    """
    return [cue for cue in (check(text) for check in CUES) if cue is not None]


def cue_slug(cue: str) -> str:
    """The stable part of a cue (``"urges_sharing: '...'"`` -> ``"urges_sharing"``)."""
    return cue.split(":", 1)[0]
