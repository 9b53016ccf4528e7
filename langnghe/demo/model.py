"""The demo site as data: outlets, their feeds, and the items they publish.

Built by :func:`langnghe.demo.build_site`; rendered to pages by :mod:`langnghe.demo.render`.
Times are timezone-aware in Vietnam time (UTC+7, no daylight saving).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Literal

VN_TZ = timezone(timedelta(hours=7), "ICT")
DAYS = 14

Sentiment = Literal["positive", "neutral", "negative"]

SECTIONS: dict[str, str] = {
    "thoi-su": "Thời sự",
    "kinh-doanh": "Kinh doanh",
    "phap-luat": "Pháp luật",
    "suc-khoe": "Sức khỏe",
    "the-thao": "Thể thao",
    "van-hoa": "Văn hóa",
    "cong-nghe": "Công nghệ",
    "the-gioi": "Thế giới",
    "doi-song": "Đời sống",
    "khoa-hoc": "Khoa học",
}


@dataclass(frozen=True)
class Feed:
    slug: str
    title: str
    path: str
    sections: tuple[str, ...]
    format: Literal["rss", "atom"] = "rss"


@dataclass(frozen=True)
class Outlet:
    """One host: a news outlet or the forum, with its own loopback address."""

    id: str
    name: str
    tagline: str
    platform: Literal["news", "forum"]
    address: str
    feeds: tuple[Feed, ...]
    layout: str
    date_style: str
    regions: tuple[str, ...]
    daily: float
    section_weights: dict[str, float]
    authors: tuple[str, ...]
    id_base: int
    interval: str = "30m"
    home_province: str | None = None
    robots_disallow: tuple[str, ...] = ()
    blocked_prefix: str | None = None

    def feed_for(self, section: str) -> Feed:
        for feed in self.feeds:
            if section in feed.sections:
                return feed
        return self.feeds[0]


@dataclass(frozen=True)
class Reply:
    """A forum message after the first one of a thread."""

    post_id: int
    author: str
    published: datetime
    text: str
    quote_author: str | None = None
    quote_text: str | None = None


@dataclass(frozen=True)
class DemoItem:
    """One feed entry and the page it links to (an article, or a forum thread)."""

    id: str
    outlet: str
    feed: str
    section: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    author: str
    published: datetime
    path: str
    native_id: int
    province: str | None
    sentiment: Sentiment
    tags: tuple[str, ...] = ()
    replies: tuple[Reply, ...] = ()
    forum_node: str | None = None
    post_id: int | None = None  # forum threads: id of the first post
    robots_blocked: bool = False

    @property
    def local_day(self) -> date:
        return self.published.astimezone(VN_TZ).date()

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True)
class DemoSite:
    """Fourteen days of a small fictional Vietnamese web, ending on ``end_date``."""

    end_date: date
    seed: int
    outlets: tuple[Outlet, ...]
    items: tuple[DemoItem, ...]
    _by_id: dict[str, DemoItem] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {item.id: item for item in self.items})

    def days(self) -> list[date]:
        return [self.end_date - timedelta(days=DAYS - 1 - i) for i in range(DAYS)]

    def outlet(self, outlet_id: str) -> Outlet:
        for outlet in self.outlets:
            if outlet.id == outlet_id:
                return outlet
        raise KeyError(f"no outlet {outlet_id!r}")

    def item(self, item_id: str) -> DemoItem:
        return self._by_id[item_id]

    def items_of(self, outlet_id: str, feed: str | None = None) -> list[DemoItem]:
        return [i for i in self.items if i.outlet == outlet_id and (feed is None or i.feed == feed)]

    def tagged(self, tag: str) -> list[DemoItem]:
        return [i for i in self.items if tag in i.tags]
