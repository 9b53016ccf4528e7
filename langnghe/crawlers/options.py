"""The ``options:`` each source kind takes in ``config/sources.yaml``, validated without scrapy
(``langnghe check-config`` uses them too). Every kind takes the :class:`CommonOptions`.

    options:
      download_timeout: 20        # seconds, for this source's requests
      max_entries: 50             # read at most this many entries (posts) per crawl
      timezone: Asia/Ho_Chi_Minh  # zone of dates the source writes without one
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from langnghe.config import Duration, SourceConfig
from langnghe.errors import ConfigError
from langnghe.validation import problem

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"


def _regular_expression(value: str | None) -> str | None:
    try:
        re.compile(value or "")
    except re.error as exc:
        raise ValueError(f"biểu thức chính quy sai: {exc}") from None
    return value


UrlPattern = Annotated[str | None, AfterValidator(_regular_expression)]


class CommonOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    download_timeout: float | None = Field(None, gt=0, le=600, description="seconds, for this source's requests")
    max_entries: int | None = Field(None, ge=1, description="read at most this many entries (posts) per crawl")
    timezone: str = Field(DEFAULT_TIMEZONE, description="zone of dates the source writes without one")

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"không có múi giờ {value!r} (dùng tên IANA như 'Asia/Ho_Chi_Minh')") from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class RssOptions(CommonOptions):
    pass


class SitemapOptions(CommonOptions):
    recent: Duration = Field(timedelta(days=2), description="only URLs whose lastmod or publication date is this recent")
    url_pattern: UrlPattern = Field(None, description="regular expression an article URL must match")
    max_sitemaps: int = Field(20, ge=1, description="sitemaps read per crawl, following a sitemap index")
    max_undated: int = Field(100, ge=0, description="URLs without lastmod or publication date read per sitemap")


class ListingOptions(CommonOptions):
    link_selector: str = Field(min_length=1, description="CSS selector of the article links on the listing page")
    title_selector: str | None = Field(None, description="CSS, inside each link's element, of its title")
    next_selector: str | None = Field(None, description="CSS selector of the next listing page's link")
    max_pages: int = Field(1, ge=1, le=50, description="listing pages read per crawl")
    url_pattern: UrlPattern = Field(None, description="regular expression an article URL must match")


class XenforoOptions(CommonOptions):
    max_threads: int = Field(20, ge=1, description="threads read from a forum listing per crawl")
    max_pages: int = Field(3, ge=1, le=50, description="pages read per thread (the newest)")


class RedditOptions(CommonOptions):
    comments: bool = Field(True, description="also read each post's comments")
    max_comments: int = Field(200, ge=0, description="comments kept per post")
    max_pages: int = Field(3, ge=1, le=50, description="listing pages (following 'after') per crawl")


class YoutubeOptions(CommonOptions):
    api_key_env: str = Field("YOUTUBE_API_KEY", description="environment variable holding the Data API key")
    video_ids: list[str] = Field(default_factory=list, description="videos whose comments are read")
    channel_id: str | None = Field(
        None, validate_default=True, description="a channel: comments on all its videos (with or without video_ids)",
    )
    max_pages: int = Field(3, ge=1, le=50, description="API result pages (100 comment threads each) per video or channel")

    @field_validator("channel_id")
    @classmethod
    def _something_to_read(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value and not info.data.get("video_ids"):
            raise ValueError("cần video_ids hoặc channel_id (hoặc cả hai): nguồn youtube chỉ đọc những thứ này")
        return value


class MastodonOptions(CommonOptions):
    hashtags: list[str] = Field(default_factory=list, description="public hashtag timelines (without #)")
    accounts: list[str] = Field(
        default_factory=list, validate_default=True, description="public accounts (user or user@instance)",
    )
    max_pages: int = Field(2, ge=1, le=50, description="timeline pages (40 posts each) per timeline per crawl")

    @field_validator("accounts")
    @classmethod
    def _something_to_read(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if not value and not info.data.get("hashtags"):
            raise ValueError("cần ít nhất một hashtags hoặc accounts: nguồn mastodon chỉ đọc những thứ này")
        return value


class TelegramOptions(CommonOptions):
    max_pages: int = Field(2, ge=1, le=50, description="web-preview pages (about 20 posts each) per crawl")


class FacebookOptions(CommonOptions):
    token_env: str = Field("FACEBOOK_TOKEN", description="environment variable holding the page access token")
    page_ids: list[str] = Field(
        default_factory=list, validate_default=True, description="pages (ids or names) the token may read",
    )
    comments: bool = Field(True, description="also read each post's comments")
    max_pages: int = Field(2, ge=1, le=50, description="Graph API result pages (25 posts, 100 comments) per page or post")

    @field_validator("page_ids")
    @classmethod
    def _some_page(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("cần ít nhất một mã trang: nguồn facebook chỉ đọc những thứ này")
        return value


class CollaboratorOptions(CommonOptions):
    patterns: list[str] = Field(["*.json", "*.jsonl", "*.csv"], min_length=1, description="file names read in the folder")
    move_done: bool = Field(False, description="move a file read whole into done/ beside it")
    max_file_kib: int = Field(10240, ge=1, description="a larger file is not read (a warning names it)")


OPTIONS: dict[str, type[CommonOptions]] = {
    "rss": RssOptions,
    "sitemap": SitemapOptions,
    "html": ListingOptions,
    "xenforo": XenforoOptions,
    "reddit": RedditOptions,
    "youtube": YoutubeOptions,
    "mastodon": MastodonOptions,
    "telegram": TelegramOptions,
    "facebook": FacebookOptions,
    "collaborator": CollaboratorOptions,
}


def source_options(source: SourceConfig) -> Any:
    """``source.options`` checked against its kind; the error names the source and the option."""
    model = OPTIONS[source.kind]
    try:
        return model.model_validate(source.options)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(part) for part in first["loc"]) or "options"
        message = "tùy chọn lạ (kiểm tra chính tả)" if first["type"] == "extra_forbidden" else problem(first)
        raise ConfigError(f"nguồn {source.id}: options.{key}: {message}") from None
