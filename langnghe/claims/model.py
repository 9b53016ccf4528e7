"""The claim record and ``config/claims.yaml`` (docs: README.md, "False information").

A claim-base entry is a claim that fact-checkers have ruled on, e.g. an entry of
Vietnam's Anti-Fake News Center (Trung tâm Xử lý tin giả, tin sai sự thật Việt Nam):

- ``id``: unique, stable (re-importing an id replaces the entry);
- ``claim``: the claim as it circulates, in Vietnamese ("Nước máy Cần Thơ nhiễm độc,
  sắp cắt nước 7 ngày"); debunk wording such as "là sai sự thật" may be left in, the
  matcher ignores it;
- ``verdict``: free text, "sai sự thật", "false", "gây hiểu lầm"... A verdict that says
  the claim is true ("đúng", "true") keeps the entry for matching but never flags items;
- ``published``: when the verdict was published, a date or a date-time (``18/11/2026``,
  ``18/11/2026 08:30`` or ISO 8601); dates and naive times are read in Vietnam time (:data:`CLAIM_ZONE`) and stored in UTC;
- ``source``: who published the verdict; ``url``: where.

The same keys are read from JSON Lines by ``langnghe claims import`` (extra keys are
ignored there, so a richer export still loads) and from ``config/claims.yaml``, where
an unknown key is an error naming file and key, like every other config file.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from langnghe.config import load_file, unique_ids
from langnghe.errors import InputError
from langnghe.nlp.social import strip_diacritics
from langnghe.times import parse_local_time

CLAIMS_FILE = "claims.yaml"
CLAIM_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
_TRUE_VERDICTS = frozenset({"dung", "dung su that", "chinh xac", "that", "true", "correct", "accurate"})


def _text_id(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _moment(value: object) -> object:
    """A date or a naive date-time is Vietnam time; everything ends in UTC. Text is read as users
    write it (dd/mm/yyyy [HH:MM]) or ISO 8601, by :func:`langnghe.times.parse_local_time`."""
    if isinstance(value, str):
        try:
            value = parse_local_time(value, CLAIM_ZONE.key, option="published")
        except InputError:
            raise ValueError(f"cần một ngày như 18/11/2026, 18/11/2026 08:30 hoặc ISO 8601, nhận {value!r}") from None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, time(), CLAIM_ZONE)
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=CLAIM_ZONE)).astimezone(timezone.utc)
    return value


ClaimId = Annotated[str, BeforeValidator(_text_id), Field(min_length=1, max_length=200, pattern=r"^[^\s/]+$")]
Moment = Annotated[datetime | None, BeforeValidator(_moment)]


class Claim(BaseModel):
    """One claim-base entry: a claim, the verdict on it, when, by whom, where."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: ClaimId
    claim: str = Field(min_length=3)
    verdict: str = "sai sự thật"
    published: Moment = None
    source: str = ""
    url: str | None = Field(None, pattern=r"^https?://")
    example: bool = Field(False, description="Shipped as an example: replace with real entries.")

    @field_validator("claim", "verdict", "source")
    @classmethod
    def _nfc(cls, value: str) -> str:
        return unicodedata.normalize("NFC", value.strip())

    @property
    def says_false(self) -> bool:
        """Whether the verdict rules the claim false or misleading (anything but "true").

        >>> Claim(id="a", claim="abc", verdict="Đúng").says_false, Claim(id="b", claim="abc").says_false
        (False, True)
        """
        return strip_diacritics(self.verdict.lower()).strip(" .!") not in _TRUE_VERDICTS

    def to_record(self) -> dict[str, Any]:
        """The JSON Lines shape of ``langnghe claims import`` (published in UTC, ISO 8601)."""
        return {
            "id": self.id, "claim": self.claim, "verdict": self.verdict,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source, "url": self.url,
        }  # fmt: skip


class ClaimsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    claims: Annotated[list[Claim], unique_ids("nhận định")] = Field(default_factory=list)


def load_claims(config_dir: Path) -> list[Claim]:
    """The entries of ``config_dir/claims.yaml``; an absent file means none.

    A mistake raises :class:`~langnghe.errors.ConfigError` naming file and key, e.g.
    ``config/claims.yaml: claims[3].published: cần một ngày (YYYY-MM-DD) ...``.
    """
    return load_file(config_dir / CLAIMS_FILE, ClaimsFile, required=False).claims
