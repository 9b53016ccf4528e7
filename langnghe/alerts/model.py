"""An alert: what fired, about what, with the figures and sample links an analyst acts on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Sample:
    title: str
    url: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Alert:
    rule_id: str
    kind: str
    subject: str  # what the alert is about (``concern:o-nhiem``, ``claim:c1``); the cooldown's key
    title: str  # Vietnamese, one line
    detail: str  # Vietnamese, the figures behind it
    value: float  # what was compared with the threshold
    at: datetime  # evaluation time, UTC
    samples: tuple[Sample, ...] = ()
    item_ids: tuple[str, ...] = ()
    also: tuple[str, ...] = field(default_factory=tuple)  # titles of alerts grouped into this one

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data
