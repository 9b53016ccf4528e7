"""The false-information flag: claim matches and the ``misinfo`` signal, explained (pure functions).

Evidence, strongest first:

1. a match, with stance ``spreads``, to a claim-base entry whose verdict rules it false
   (``similarity`` is the claim evidence);
2. the ``misinfo`` model's probability that the text is unreliable, counted at half
   weight alone and more with each rumour cue that fired (urges sharing, alarm words,
   many exclamation marks, capitals): the model was trained on one dataset (ReINTEL)
   and is a hint, not a verdict. "No source cited" is listed but does not count: it
   fires on most personal forum posts ("xe em kêu lạch cạch, ai biết không ạ").

``score = 1 - (1 - claim) * (1 - model)``. An item is **flagged** when it spreads a
debunked claim, or when the model evidence alone reaches :data:`MODEL_FLAG` (a high
probability *and* cues). An item that refutes a claim (a correction, a debunk, a
sanction report) is never flagged, whatever the model says: it is the correction.
Explanations are Vietnamese, with figures, for analysts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from langnghe.claims.matcher import Found
from langnghe.claims.model import CLAIM_ZONE, Claim
from langnghe.claims.stance import StanceReading
from langnghe.item import FalseInfo, Item, MisinfoSignal
from langnghe.labels import CUE_VI, in_sentence, vi
from langnghe.nlp.misinfo import cue_slug

MODEL_FLAG = 0.6
_CUE_FACTOR = (0.5, 0.75, 0.9, 1.0)  # model weight with 0, 1, 2, 3+ rumour cues
WEAK_CUES = frozenset({"no_source"})
_QUOTE_CHARS = 90


@dataclass(frozen=True)
class ClaimHit:
    """A claim an item matched, with the stance the item takes towards it."""

    claim: Claim
    found: Found
    stance: StanceReading

    @property
    def spreads_false(self) -> bool:
        return self.stance.stance == "spreads" and self.claim.says_false


def number(value: float) -> str:
    """Two decimals with a decimal comma: ``0.87`` -> ``"0,87"``."""
    return f"{value:.2f}".replace(".", ",")


def quote(text: str, limit: int = _QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


def local_date(moment: datetime | None, zone: ZoneInfo = CLAIM_ZONE) -> str:
    return moment.astimezone(zone).strftime("%d/%m/%Y") if moment else "không rõ ngày"


def verdict_of(claim: Claim) -> str:
    """"Trung tâm X, 12/11/2026: sai sự thật" for the explanation."""
    who = claim.source or "nguồn không rõ"
    return f"{who}, {local_date(claim.published)}: {claim.verdict or 'không rõ kết luận'}"


def model_evidence(misinfo: MisinfoSignal | None) -> float:
    """The model's probability, weighted by the rumour cues that fired (see the module doc)."""
    if misinfo is None:
        return 0.0
    strong = sum(1 for cue in misinfo.cues if cue_slug(cue) not in WEAK_CUES)
    return misinfo.score * _CUE_FACTOR[min(strong, len(_CUE_FACTOR) - 1)]


def cue_names(misinfo: MisinfoSignal | None) -> list[str]:
    if misinfo is None:
        return []
    return [in_sentence(vi(CUE_VI, cue_slug(cue))) for cue in misinfo.cues]


def _hit_sentence(hit: ClaimHit) -> str:
    similarity, claim = number(hit.found.similarity), quote(hit.claim.claim)
    if hit.stance.stance == "refutes":
        cues = ", ".join(hit.stance.cues)
        return f"Bác bỏ, đính chính tin {claim} (khớp {similarity}; dấu hiệu bác bỏ: {cues}): không gắn cờ"
    if not hit.claim.says_false:
        return f"Trùng khớp {similarity} với tin {claim}, được kết luận là đúng ({verdict_of(hit.claim)})"
    how = " (gần như sao chép nguyên văn)" if hit.found.method == "near_duplicate" else ""
    return f"Trùng khớp {similarity}{how} với tin đã bị bác bỏ {claim} ({verdict_of(hit.claim)})"


def _model_sentence(misinfo: MisinfoSignal | None) -> str | None:
    if misinfo is None:
        return None
    sentence = f"mô hình đánh giá {round(misinfo.score * 100)}% khả năng không đáng tin"
    names = cue_names(misinfo)
    return sentence + (f"; dấu hiệu: {', '.join(names)}" if names else "")


def false_info(hits: Sequence[ClaimHit], misinfo: MisinfoSignal | None) -> FalseInfo:
    """The flag of one item from its claim hits and its ``misinfo`` signal.

    >>> from langnghe.claims.matcher import Found
    >>> from langnghe.claims.stance import StanceReading
    >>> claim = Claim(id="c1", claim="Nước máy Cần Thơ nhiễm độc", source="Trung tâm A", published="2026-11-12")
    >>> hit = ClaimHit(claim, Found("c1", 0.87, "retrieval", 0.87, 0.0), StanceReading("spreads"))
    >>> info = false_info([hit], MisinfoSignal(score=0.72, cues=["no_source: ..."]))
    >>> info.flagged, info.score
    (True, 0.9168)
    >>> info.explanation
    'Trùng khớp 0,87 với tin đã bị bác bỏ “Nước máy Cần Thơ nhiễm độc” (Trung tâm A, 12/11/2026: sai sự thật); mô hình đánh giá 72% khả năng không đáng tin; dấu hiệu: không nêu nguồn'
    """
    spreading = [hit for hit in hits if hit.spreads_false]
    refuting = any(hit.stance.stance == "refutes" for hit in hits)
    claim = max((hit.found.similarity for hit in spreading), default=0.0)
    model = model_evidence(misinfo) * (0.5 if refuting else 1.0)
    score = 1.0 - (1.0 - claim) * (1.0 - model)
    flagged = bool(spreading) or (not refuting and model >= MODEL_FLAG)
    parts = [_hit_sentence(hit) for hit in sorted(hits, key=lambda h: -h.found.similarity)]
    parts.append(_model_sentence(misinfo) or "")
    return FalseInfo(flagged=flagged, score=round(min(1.0, score), 4), explanation="; ".join(p for p in parts if p))


def story_false_info(items: Sequence[Item], claims: Mapping[str, Claim] | None = None) -> FalseInfo:
    """The flag of a story (a cluster of items) from its items' flags: flagged when one of
    its items spreads a debunked claim, or when a third of them are flagged by the model.

    The score is the highest item score; the explanation counts the items and names the
    claim most of them match (its text when ``claims`` has it, else its id).
    """
    flagged = [item for item in items if item.false_info and item.false_info.flagged]
    by_claim = [item for item in flagged if item.claims]
    counts = Counter(match.claim_id for item in by_claim for match in item.claims[:1])
    score = max((item.false_info.score for item in items if item.false_info), default=0.0)
    is_flagged = bool(by_claim) or (bool(items) and len(flagged) >= len(items) / 3)
    parts = [f"{len(flagged)}/{len(items)} mục bị gắn cờ tin sai"]
    if counts:
        claim_id, count = counts.most_common(1)[0]
        known = (claims or {}).get(claim_id)
        parts.append(f"{count} mục trùng khớp với tin đã bị bác bỏ {quote(known.claim) if known else claim_id}")
    return FalseInfo(flagged=is_flagged, score=round(score, 4), explanation="; ".join(parts))
