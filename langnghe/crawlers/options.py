"""The ``options:`` an RSS source may set in ``config/sources.yaml``.

    options:
      download_timeout: 20        # seconds, for this source's feed and pages
      max_entries: 50             # read at most this many entries per crawl (newest first in most feeds)
      timezone: Asia/Ho_Chi_Minh  # zone of dates the source writes without one
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from langnghe.config import SourceConfig
from langnghe.errors import ConfigError

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


class RssOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    download_timeout: float | None = Field(None, gt=0, le=600)
    max_entries: int | None = Field(None, ge=1)
    timezone: str = DEFAULT_TIMEZONE

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as 'Asia/Ho_Chi_Minh')") from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def rss_options(source: SourceConfig) -> RssOptions:
    """Validate ``source.options``; the error names the source and the option."""
    try:
        return RssOptions.model_validate(source.options)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"])
        message = "unknown option" if first["type"] == "extra_forbidden" else first["msg"].removeprefix("Value error, ")
        raise ConfigError(f"source {source.id}: options.{key}: {message}") from None
