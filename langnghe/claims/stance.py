"""Does an item spread a claim or refute it? Cue words, read on the folded text.

A correction article repeats the claim it corrects, so it matches the claim as well as
the rumour does; what tells them apart is the wording of a debunk: "sai sự thật",
"không đúng sự thật", "tin giả", "bác bỏ", "đính chính", "xử phạt" the person who posted
it, "khẳng định ... không". The cues are read on the folded text (no diacritics), so a
correction typed without diacritics counts too. A denial of the debunk ("không phải tin
giả") does not count. On the canonical reading of :mod:`langnghe.claims.parts`, a text that
denies a predicate the claim asserts ("không bị xử phạt", "không hết hiệu lực") refutes it.

This is a rule, not a model: a rumour that pre-empts its debunk ("họ sẽ nói là tin giả")
reads as a refutation, and a sarcastic reply may too. Analysts see the stance and the
cues beside each match (``langnghe claims``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from langnghe.claims.parts import read_parts, read_tone

Stance = Literal["spreads", "refutes"]

# Folded (no diacritics) cue -> how the analyst reads it (Vietnamese). Left out: doubt, which is no
# verdict ("chưa kiểm chứng", "đừng share", "đừng tin", "không nên tin": the replies under a rumour say
# it), and cues whose folding is an ordinary phrase too ("tin nham" is also "thà tin nhầm", "dung tin"
# "dùng tin nhắn", "tin bay" "tin bay khắp nơi"); tests/claims/test_claim_stance.py keeps them out.
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
    "xphat": "xử phạt",  # the canonical reading's fine (langnghe.claims.parts)
    "khong co chuyen": "không có chuyện",
    "hoan toan khong": "hoàn toàn không",
    "chua co quy dinh": "chưa có quy định",
    "khong co quy dinh": "không có quy định",
    "khong he co": "không hề có",
    "gia mao": "giả mạo",
    "mao danh": "mạo danh",
    "tung tin": "tung tin",
    "khong co that": "không có thật",
    "gay hieu lam": "gây hiểu lầm",
    "lua dao": "lừa đảo",
    "xlua": "lừa đảo / giả mạo",  # the canonical reading's scam group (langnghe.claims.parts)
    "tin bia": "tin bịa",
    "la bia": "là bịa",
    "tin vit": "tin vịt",
    "tin xao": "tin xạo",
    "fake": "fake",
    "khong co can cu": "không có căn cứ",
    "chua co co so": "chưa có cơ sở",
    "chua he cong bo": "chưa hề công bố",
    "chua he co": "chưa hề có",
    "la khong dung": "là không đúng",
    "tin sai": "tin sai",
    "tin nay gia": "tin này giả",
    "bia ra": "bịa ra",
    "phong dai": "phóng đại",
    "thoi phong": "thổi phồng",
    "hieu sai": "hiểu sai",
    "lam gi co": "làm gì có",
}
_CUE = re.compile(r"\b(?:" + "|".join(re.escape(cue) for cue in REFUTATION_CUES) + r")\b")
# "khẳng định ... không" / "lên tiếng ... không" within a few words: an official denial (on the
# canonical reading "không thu phí" is ``xmienphi``); "không có ... nào (cả)": a flat denial.
# "... là sai" / "thông tin sai" on its own (the longer cues name "sai sự thật", "sai lệch").
_SAYS_WRONG = re.compile(r"\b(?:la|thong tin|hoan toan)\s+sai\b(?!\s+(?:su that|lech))")
_DENIAL = re.compile(
    r"\b(?:khang dinh|len tieng|phu nhan)\b(?:\W+\w+){0,6}?\W+(?:khong|chua he|van|xmienphi)\b"
    r"|\b(?:khong|chua)\s+(?:he\s+)?(?:co|ghi nhan|phat hien|ban hanh)\s+(?:bat ky\s+|mot\s+)?"
    r"(?:ke hoach|chinh sach|quyet dinh|chuong trinh|quy dinh|lo trinh|truong hop|ca|vu|van ban|chu truong)\b"
)
_FLAT_DENIAL = re.compile(r"\b(?:khong|chang|cha) co\b(?:\W+\w+){1,6}?\W+nao(?:\s+(?:ca|het))?(?!\s*\w)")
# The debunk wording denied: "không phải tin giả", "chẳng phải bịa đặt".
_NEGATED = re.compile(
    r"\b(?:khong phai|chang phai|dau phai|khong he)\s+(?:la\s+)?(?:tin gia|bia dat|sai su that)\b"
    r"|\bco phai (?:la )?(?:tin gia|bia dat|sai su that)\b"  # a question, not a verdict
)


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
    return stance_of(scan(folded), scan(claim) if claim else NOTHING)


def stance_of(text: Scan, said: Scan) -> StanceReading:
    """:func:`read_stance` from what was read of the text and of the claim (:func:`scan`): a
    matcher reads each claim once, whatever the number of texts it is compared with."""
    cues = sorted({REFUTATION_CUES[match] for match in text.cues if match not in said.cues})
    if text.says_wrong and not said.says_wrong:
        cues.append("là sai")
    if text.denial and not said.denial:
        cues.append("khẳng định ... không")
    if text.flat_denial and not said.flat_denial:
        cues.append("không có ... nào")
    if text.denies & said.predicates - said.denies:
        cues.append("phủ nhận điều được nói")
    return StanceReading("refutes" if cues else "spreads", tuple(cues))


@dataclass(frozen=True)
class Scan:
    """What :func:`read_stance` reads of one text (cached: a post is read against each candidate
    claim, a claim against each post)."""

    cues: frozenset[str]
    says_wrong: bool
    denial: bool
    flat_denial: bool
    denies: frozenset[str]
    predicates: frozenset[str]


NOTHING = Scan(frozenset(), False, False, False, frozenset(), frozenset())


@lru_cache(maxsize=2048)
def scan(folded: str) -> Scan:
    """What :func:`read_stance` reads of one folded text (cached)."""
    text = _NEGATED.sub(" ", folded) if _NEGATED.search(folded) else folded  # the same string: parts are cached
    return Scan(frozenset(_CUE.findall(text)), bool(_SAYS_WRONG.search(text)), bool(_DENIAL.search(text)),
                 bool(_FLAT_DENIAL.search(text)),
                 read_tone(text).denies, read_parts(text).predicates)  # fmt: skip


def scan_cache_clear() -> None:
    scan.cache_clear()
