"""How each matched claim spread: items, sources, first and last seen, items per day, corrections.

A pure function of the claim base and the recorded matches (:func:`spread_report`);
``langnghe claims`` prints it as a table or JSON. With ``at``, the store gives only the
matches of items published before that moment, so the report is the state as it was
then. Claims rank by the items that spread them, then by sources, then by score (the
sum of the spreading items' similarities).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from langnghe.claims.flag import local_date, number, quote, verdict_of
from langnghe.claims.model import Claim
from langnghe.claims.store import MatchRecord
from langnghe.claims.text import claim_core, fold, syllables
from langnghe.labels import PLATFORM_VI, in_sentence, vi

MAX_ITEM_IDS = 50
MAX_EXAMPLES = 3
MAX_KEYWORDS = 8
MAX_PROVINCES = 5


@dataclass(frozen=True)
class ClaimSpread:
    """One claim of the base and the items that matched it, up to a moment."""

    claim: Claim
    spreading: tuple[MatchRecord, ...]  # oldest first
    refuting: tuple[MatchRecord, ...]  # oldest first
    tz: str = "Asia/Ho_Chi_Minh"
    at: datetime | None = None

    @property
    def score(self) -> float:
        return round(sum(record.similarity for record in self.spreading), 4)

    @property
    def sources(self) -> list[str]:
        return sorted({record.source for record in self.spreading})

    @property
    def platforms(self) -> list[str]:
        return sorted({record.platform for record in self.spreading})

    @property
    def first_seen(self) -> datetime | None:
        records = self.spreading or self.refuting
        return records[0].published_at if records else None

    @property
    def last_seen(self) -> datetime | None:
        records = self.spreading or self.refuting
        return records[-1].published_at if records else None

    @property
    def first_refuted(self) -> datetime | None:
        return self.refuting[0].published_at if self.refuting else None

    def per_day(self) -> dict[date, int]:
        """Spreading items per local day, oldest first (days without items left out)."""
        zone = ZoneInfo(self.tz)
        return dict(sorted(Counter(r.published_at.astimezone(zone).date() for r in self.spreading).items()))

    def provinces(self) -> list[str]:
        counts = Counter(p for record in self.spreading or self.refuting for p in record.provinces)
        return [name for name, _ in counts.most_common(MAX_PROVINCES)]

    def keywords(self) -> list[str]:
        """The spreading items' NLP keywords that are words of the claim, most shared first;
        the claim's own words when there are none. (Keywords off the claim are left out: on
        forums they pick up page furniture and user names.)"""
        claim = f" {' '.join(syllables(fold(self.claim.claim)))} "
        counts = Counter(k.lower() for record in self.spreading for k in dict.fromkeys(record.keywords))
        shared = [word for word, _ in counts.most_common() if f" {' '.join(syllables(fold(word)))} " in claim]
        return shared[:MAX_KEYWORDS] or claim_core(fold(self.claim.claim)).split()[:MAX_KEYWORDS]

    def examples(self) -> list[str]:
        best = sorted(self.spreading, key=lambda r: (-r.similarity, r.published_at))
        return [record.title for record in best[:MAX_EXAMPLES]]

    def item_ids(self) -> list[str]:
        """Spreading items, most similar first (at most :data:`MAX_ITEM_IDS`)."""
        best = sorted(self.spreading, key=lambda r: (-r.similarity, r.published_at, r.item_id))
        return [record.item_id for record in best[:MAX_ITEM_IDS]]

    def explanation(self) -> str:
        """Vietnamese, with figures: the verdict, the spread, the busiest day, the corrections."""
        zone = ZoneInfo(self.tz)
        parts = [f"Tin {quote(self.claim.claim)} đã bị kết luận ({verdict_of(self.claim)})"]
        if self.at is not None and self.claim.published and self.claim.published > self.at:
            parts[0] += ", kết luận công bố sau thời điểm xem"
        if self.spreading:
            first, last = self.spreading[0].published_at, self.spreading[-1].published_at
            day, count = max(self.per_day().items(), key=lambda pair: (pair[1], pair[0]))
            parts.append(
                f"lan truyền trong {len(self.spreading)} mục từ {len(self.sources)} nguồn "
                f"({self._platform_names()}), lần đầu {_when(first, zone)}, gần nhất {_when(last, zone)}; "
                f"nhiều nhất {count} mục ngày {day:%d/%m}; độ khớp cao nhất "
                f"{number(max(r.similarity for r in self.spreading))}"
            )
        else:
            parts.append("chưa thấy mục nào lan truyền")
        if self.refuting:
            corrected = _when(self.refuting[0].published_at, zone)
            parts.append(f"{len(self.refuting)} bài bác bỏ, đính chính, bài đầu tiên {corrected}")
        return "; ".join(parts)

    def _platform_names(self) -> str:
        return ", ".join(in_sentence(vi(PLATFORM_VI, platform)) for platform in self.platforms)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``langnghe claims --json``."""
        return {
            "id": self.claim.id, "title": self.claim.claim, "verdict": self.claim.verdict,
            "verdict_source": self.claim.source, "verdict_url": self.claim.url,
            "verdict_published": _iso(self.claim.published), "score": self.score,
            "items": len(self.spreading), "sources": self.sources, "platforms": self.platforms,
            "first_seen": _iso(self.first_seen), "last_seen": _iso(self.last_seen),
            "per_day": {day.isoformat(): count for day, count in self.per_day().items()},
            "refuting": len(self.refuting), "first_refuted": _iso(self.first_refuted),
            "keywords": self.keywords(), "provinces": self.provinces(), "examples": self.examples(),
            "explanation": self.explanation(), "item_ids": self.item_ids(),
            "refuting_item_ids": [record.item_id for record in self.refuting[:MAX_ITEM_IDS]],
        }  # fmt: skip


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _when(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%H:%M} {local_date(moment, zone)}"


def spread_report(
    claims: Iterable[Claim], matches: Sequence[MatchRecord], *, tz: str = "Asia/Ho_Chi_Minh",
    at: datetime | None = None,
) -> list[ClaimSpread]:
    """The claims that matched at least one item, most spread first."""
    by_claim: dict[str, list[MatchRecord]] = {}
    for record in sorted(matches, key=lambda r: (r.published_at, r.item_id)):
        by_claim.setdefault(record.claim_id, []).append(record)
    report = [
        ClaimSpread(
            claim, tuple(r for r in found if r.stance == "spreads"), tuple(r for r in found if r.stance == "refutes"),
            tz, at,
        )
        for claim in claims
        if (found := by_claim.get(claim.id))
    ]  # fmt: skip
    return sorted(report, key=lambda s: (-len(s.spreading), -len(s.sources), -s.score, s.claim.id))
