"""Does an item spread a claim or refute it? Cue words, read on the folded text.

A correction article repeats the claim it corrects, so it matches the claim as well as
the rumour does; what tells them apart is the wording of a debunk: "sai sự thật",
"không đúng sự thật", "tin giả", "bác bỏ", "đính chính", "xử phạt" the person who posted
it, "khẳng định ... không". The cues are read on the folded text (no diacritics), so a
correction typed without diacritics counts too. A denial of the debunk ("không phải tin
giả") does not count.

This is a rule, not a model: a rumour that pre-empts its debunk ("họ sẽ nói là tin giả")
reads as a refutation, and a sarcastic reply may too. Analysts see the stance and the
cues beside each match (``langnghe claims``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Stance = Literal["spreads", "refutes"]

# Folded (no diacritics) cue -> how the analyst reads it (Vietnamese).
REFUTATION_CUES: dict[str, str] = {
    "sai su that": "sai sự thật",
    "khong dung su that": "không đúng sự thật",
    "khong chinh xac": "không chính xác",
    "tin gia": "tin giả",
    "tin don that thiet": "tin đồn thất thiệt",
    "thong tin sai lech": "thông tin sai lệch",
    "bia dat": "bịa đặt",
    "bac bo": "bác bỏ",
    "dinh chinh": "đính chính",
    "cai chinh": "cải chính",
    "xu phat": "xử phạt",
    "bi phat": "bị phạt",
    "khong co co so": "không có cơ sở",
    "xu ly tin gia": "xử lý tin giả",
    "fake news": "fake news",
}
_CUE = re.compile(r"\b(?:" + "|".join(re.escape(cue) for cue in REFUTATION_CUES) + r")\b")
# "khẳng định ... không" / "lên tiếng ... không" within a few words: an official denial.
_DENIAL = re.compile(r"\b(?:khang dinh|len tieng|phu nhan)\b(?:\W+\w+){0,6}?\W+(?:khong|chua he)\b")
# The debunk wording denied: "không phải tin giả", "chẳng phải bịa đặt".
_NEGATED = re.compile(r"\b(?:khong phai|chang phai|dau phai|khong he)\s+(?:la\s+)?(?:tin gia|bia dat|sai su that)\b")


@dataclass(frozen=True)
class StanceReading:
    """The stance of a text towards the claims it matches, and the cues behind it."""

    stance: Stance
    cues: tuple[str, ...] = ()


def read_stance(folded: str, claim: str = "") -> StanceReading:
    """``refutes`` when the folded text carries the wording of a debunk, else ``spreads``.

    ``claim`` is the folded text of the claim matched: debunk words the claim itself uses
    ("phụ huynh vi phạm bị phạt 10 triệu") are part of what is repeated, not cues.

    >>> read_stance("thong tin nuoc may nhiem doc la sai su that").stance
    'refutes'
    >>> read_stance("nuoc may nhiem doc, chia se ngay!!! day khong phai tin gia").stance
    'spreads'
    >>> read_stance("khong doi bang lai se bi phat 5 trieu", claim="qua han bi phat 5 trieu").stance
    'spreads'
    """
    text = _NEGATED.sub(" ", folded)
    repeated = set(_CUE.findall(claim)) if claim else set()
    cues = sorted({REFUTATION_CUES[match] for match in _CUE.findall(text) if match not in repeated})
    if _DENIAL.search(text) and not (claim and _DENIAL.search(claim)):
        cues.append("khẳng định ... không")
    return StanceReading("refutes" if cues else "spreads", tuple(cues))
