"""The daily digest (Vietnamese HTML): what changed on one local day against the day before.

The day is cut in the display time zone (Asia/Ho_Chi_Minh by default); the
index stores UTC. Charts and the emerging-issue and false-information sections
arrive with the trends work; this first version reports volumes, sentiment,
provinces, sample negative items and source activity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape

from langnghe.index.base import Filters, IndexBackend
from langnghe.item import Item
from langnghe.labels import SECTION_VI, SENTIMENT_VI, WEEKDAY_VI, vi


@dataclass(frozen=True)
class Change:
    label: str
    today: int
    yesterday: int

    @property
    def delta(self) -> int:
        return self.today - self.yesterday


@dataclass(frozen=True)
class DigestItem:
    title: str
    url: str | None
    source: str
    shown_time: str
    provinces: list[str]
    sentiment: str


@dataclass
class Digest:
    day: date
    tz: str
    total: Change
    sections: list[Change] = field(default_factory=list)
    sentiments: list[Change] = field(default_factory=list)
    provinces: list[Change] = field(default_factory=list)
    watch_topics: list[Change] = field(default_factory=list)
    rising_provinces: list[Change] = field(default_factory=list)
    negative_items: list[DigestItem] = field(default_factory=list)
    sources: list[Change] = field(default_factory=list)
    silent_sources: list[str] = field(default_factory=list)
    feed_summary_only: int = 0
    generated_at: str = ""

    @property
    def day_label(self) -> str:
        return f"{WEEKDAY_VI[self.day.weekday()]}, {self.day:%d/%m/%Y}"


def local_day_window(day: date, tz: str) -> Filters:
    zone = ZoneInfo(tz)
    start = datetime.combine(day, time.min, tzinfo=zone)
    return Filters(since=start, until=start + timedelta(days=1))


def build_digest(
    index: IndexBackend,
    day: date,
    *,
    tz: str = "Asia/Ho_Chi_Minh",
    samples: int = 8,
    topic_names: dict[str, str] | None = None,
) -> Digest:
    today, yesterday = local_day_window(day, tz), local_day_window(day - timedelta(days=1), tz)
    week = Filters(since=local_day_window(day - timedelta(days=7), tz).since, until=today.since)
    digest = Digest(
        day=day,
        tz=tz,
        total=Change("Tổng số tin, bài", index.count(today), index.count(yesterday)),
        sections=_changes(index, "section", today, yesterday, SECTION_VI),
        sentiments=_changes(index, "sentiment", today, yesterday, SENTIMENT_VI),
        provinces=_changes(index, "province", today, yesterday)[:12],
        watch_topics=_changes(index, "watch_topic", today, yesterday, topic_names or {}),
        sources=_changes(index, "source", today, yesterday),
        generated_at=datetime.now(ZoneInfo(tz)).strftime("%H:%M %d/%m/%Y"),
    )
    digest.rising_provinces = sorted(
        (c for c in digest.provinces if c.delta > 0), key=lambda c: (-c.delta, c.label)
    )[:5]
    active = {c.label for c in digest.sources if c.today > 0}
    digest.silent_sources = sorted(f.value for f in index.facets("source", filters=week, size=200) if f.value not in active)
    negative = Filters(terms={"sentiment": ("negative",)}, since=today.since, until=today.until)
    digest.negative_items = [_digest_item(hit.item, tz) for hit in index.search(filters=negative, limit=samples).hits]
    digest.feed_summary_only = _feed_summary_count(index, today)
    return digest


def _changes(
    index: IndexBackend, field_name: str, today: Filters, yesterday: Filters, names: dict[str, str] | None = None
) -> list[Change]:
    now = {f.value: f.count for f in index.facets(field_name, filters=today, size=200)}
    before = {f.value: f.count for f in index.facets(field_name, filters=yesterday, size=200)}
    keys = sorted(set(now) | set(before), key=lambda k: (-now.get(k, 0), -before.get(k, 0), k))
    return [Change(vi(names, k) if names else k, now.get(k, 0), before.get(k, 0)) for k in keys]


def _feed_summary_count(index: IndexBackend, window: Filters) -> int:
    # Items whose page could not be fetched are rare; scanning the day's items is cheap at digest time.
    result = index.search(filters=window, limit=10_000)
    return sum(1 for hit in result.hits if hit.item.content_from == "feed_summary")


def _digest_item(item: Item, tz: str) -> DigestItem:
    when = item.published_at or item.fetched_at
    nlp = item.nlp
    return DigestItem(
        title=item.title or item.text[:120],
        url=item.url,
        source=item.source,
        shown_time=when.astimezone(ZoneInfo(tz)).strftime("%H:%M %d/%m"),
        provinces=list(nlp.provinces) if nlp else [],
        sentiment=vi(SENTIMENT_VI, nlp.sentiment.label if nlp and nlp.sentiment else None),
    )


_ENV = Environment(
    loader=PackageLoader("langnghe.pipeline", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_digest_html(digest: Digest) -> str:
    return _ENV.get_template("digest.html.j2").render(d=digest)


def write_digest(
    index: IndexBackend,
    out_dir: Path,
    day: date,
    *,
    tz: str = "Asia/Ho_Chi_Minh",
    topic_names: dict[str, str] | None = None,
) -> Path:
    """Render the digest for ``day`` to ``out_dir/ban-tin-YYYY-MM-DD.html`` (overwritten on rerun)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"ban-tin-{day:%Y-%m-%d}.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(render_digest_html(build_digest(index, day, tz=tz, topic_names=topic_names)), encoding="utf-8")
    tmp.replace(path)
    return path
