"""A synthetic stream of Items with planted events, for measuring the detectors.

The background is the demo site's outlets and forum at a chosen volume, with their
daily rhythm (busy mornings and evenings, quiet nights and weekends). On top come
events with known start times (:class:`PlantedTruth`):

- **bursts**: one event (a fire, a flood, an accident...) in one province reported by
  several outlets and forum users within one to three hours, of different sizes;
- **slow issues**: the demo's planted pollution issue, replayed at chosen days (a forum
  post, more posts every day, local news on day 6, national news from day 7);
- **claims**: the demo's false claim, spreading on the forum for three days, then its
  official correction.

Everything is generated from the hand-written banks of :mod:`langnghe.demo`; the same
seed gives the same stream. ``bench/bench_detection.py`` ingests it and scores the
spike and emerging-issue detectors against the truth.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal

from langnghe.demo import banks, forum, geo, news, planted
from langnghe.demo.fill import Slots
from langnghe.demo.model import VN_TZ
from langnghe.demo.news import Draft
from langnghe.demo.outlets import OUTLETS
from langnghe.item import Item, make_item_id
from langnghe.pseudonym import pseudonymise

EventKind = Literal["burst", "slow_issue", "claim"]
# Sections whose negative stories make plausible bursts (an accident, a fire, a flood).
BURST_SECTIONS = ("thoi-su", "phap-luat", "suc-khoe")
NEWS_OUTLETS = tuple(outlet for outlet in OUTLETS if outlet.platform == "news")
FORUM = next(outlet for outlet in OUTLETS if outlet.platform == "forum")
STREAM_KEY = b"langnghe-stream"  # authors are pseudonymised as a crawl would


@dataclass(frozen=True)
class PlantedTruth:
    """What was planted, where and when: the answer key of the detectors."""

    key: str
    kind: EventKind
    province: str
    start: datetime  # the first item, UTC
    peak: datetime  # start of the busiest local day (slow issues, claims) or the last item (bursts)
    size: int
    item_ids: tuple[str, ...]


@dataclass(frozen=True)
class Stream:
    items: tuple[Item, ...]
    truth: tuple[PlantedTruth, ...]
    days: tuple[date, ...]


def _rng(seed: int, name: str) -> random.Random:
    return random.Random(f"langnghe-stream:{seed}:{name}")


def background(days: list[date], volume: float, seed: int, used: set[str]) -> list[Draft]:
    """The demo's outlets and forum over ``days`` at ``volume`` times their usual daily counts."""
    limit = datetime.combine(days[-1], time(23, 59), tzinfo=VN_TZ)
    drafts: list[Draft] = []
    for outlet in OUTLETS:
        scaled = replace(outlet, daily=outlet.daily * volume)
        rng = _rng(seed, f"background:{outlet.id}")
        if outlet.platform == "forum":
            drafts += forum.regular_threads(scaled, days, rng, used, limit)
        else:
            drafts += news.regular_news(scaled, days, rng, used)
    return drafts


def burst(key: str, start: datetime, size: int, hours: float, province: geo.Province, rng: random.Random) -> list[Draft]:
    """``size`` items on one negative event in ``province``, within ``hours`` of ``start``."""
    stories = [story for section in BURST_SECTIONS for story in banks.news_stories()[section]
               if story.sentiment == "negative" and (not story.regions or province.region in story.regions)]
    story = rng.choice(stories)
    fixed = Slots(rng, province, start)  # one set of names and figures: the same event everywhere
    drafts = []
    for number in range(size):
        published = start + timedelta(minutes=rng.uniform(0, hours * 60))
        outlet = rng.choice(NEWS_OUTLETS) if number % 3 else FORUM
        slots = Slots(rng, province, published, fixed=dict(fixed._values))
        title, sapo, body, _tone = news.compose(story, slots, rng)
        drafts.append(Draft(
            outlet=outlet.id, section="thoi-su", title=f"{title} ({number + 1})" if outlet is FORUM else title,
            summary=sapo, paragraphs=(sapo, *body), author=rng.choice(outlet.authors or ("khach",)),
            published=published, province=province.name, sentiment="negative", tags=(f"truth:{key}",),
        ))  # fmt: skip
    return drafts


def _window(days: list[date], first: int) -> list[date]:
    """Fourteen days starting at ``days[first]`` (the planted banks count days 1..14)."""
    return [days[first] + timedelta(days=offset) for offset in range(14)]


def _tagged(drafts: list[Draft], tag: str, key: str) -> list[Draft]:
    return [replace(d, tags=(*d.tags, f"truth:{key}")) if tag in d.tags else d for d in drafts]


def slow_issue(key: str, days: list[date], first: int, seed: int, used: set[str]) -> list[Draft]:
    """The demo's planted issue with its day 1 at ``days[first]``."""
    window = _window(days, first)
    limit = datetime.combine(window[-1], time(23, 59), tzinfo=VN_TZ)
    return _tagged(planted.issue_drafts(window, _rng(seed, key), used, limit), planted.ISSUE_TAG, key)


def claim(key: str, days: list[date], first: int, seed: int, used: set[str]) -> list[Draft]:
    """The demo's planted false claim with its day 1 at ``days[first]``."""
    window = _window(days, first)
    limit = datetime.combine(window[-1], time(23, 59), tzinfo=VN_TZ)
    return _tagged(planted.claim_drafts(window, _rng(seed, key), used, limit), planted.CLAIM_TAG, key)


def to_items(drafts: list[Draft], end: datetime) -> list[Item]:
    """Items (posts with their forum replies as comments) published up to ``end``."""
    items: list[Item] = []
    for serial, draft in enumerate(sorted(drafts, key=lambda d: (d.published, d.title))):
        if draft.published > end:
            continue
        platform = "forum" if draft.outlet == FORUM.id else "news"
        item = Item(
            id=make_item_id(platform, native_id=f"{draft.outlet}:{serial}"), source=draft.outlet,
            platform=platform, kind="post" if platform == "forum" else "article", title=draft.title,
            text="\n\n".join(draft.paragraphs), published_at=draft.published,
            fetched_at=draft.published + timedelta(minutes=5), author=pseudonymise(draft.author, STREAM_KEY),
        )  # fmt: skip
        items.append(item)
        items += [
            Item(
                id=make_item_id(platform, native_id=f"{draft.outlet}:{serial}:{number}"), source=draft.outlet,
                platform=platform, kind="comment", parent_id=item.id, text=reply.text,
                published_at=reply.published, fetched_at=reply.published + timedelta(minutes=5),
                author=pseudonymise(reply.author, STREAM_KEY),
            )
            for number, reply in enumerate(draft.replies) if reply.published <= end
        ]  # fmt: skip
    return items


def build_stream(
    days: int = 28,
    *,
    end: date = date(2026, 10, 31),
    volume: float = 3.0,
    seed: int = 11,
    bursts: tuple[tuple[int, int], ...] = ((16, 6), (18, 10), (19, 20), (21, 8), (23, 40), (24, 15), (26, 12)),
    slow_issues: tuple[int, ...] = (9,),
    claims: tuple[int, ...] = (12,),
) -> Stream:
    """A stream of ``days`` local days ending on ``end``.

    ``bursts`` are (day index, size) pairs, ``slow_issues`` and ``claims`` the day
    indexes where those events' day 1 falls (their 14 days must fit in the stream).
    """
    all_days = [end - timedelta(days=days - 1 - offset) for offset in range(days)]
    used: set[str] = set()
    drafts: list[Draft] = []
    planned: list[tuple[str, EventKind, str]] = []
    rng = _rng(seed, "bursts")
    provinces = [p for p in geo.PROVINCES if p.name not in (planted.ISSUE_PROVINCE, planted.CLAIM_PROVINCE)]
    for number, (day, size) in enumerate(bursts):
        key, province = f"burst-{number + 1}", rng.choice(provinces)
        start = datetime.combine(all_days[day], time(rng.randint(7, 20), rng.randrange(60)), tzinfo=VN_TZ)
        drafts += burst(key, start, size, rng.uniform(1.0, 3.0), province, rng)
        planned.append((key, "burst", province.name))
    for number, first in enumerate(slow_issues):
        key = f"issue-{number + 1}"
        drafts += slow_issue(key, all_days, first, seed, used)
        planned.append((key, "slow_issue", planted.ISSUE_PROVINCE))
    for number, first in enumerate(claims):
        key = f"claim-{number + 1}"
        drafts += claim(key, all_days, first, seed, used)
        planned.append((key, "claim", planted.CLAIM_PROVINCE))
    drafts += background(all_days, volume, seed, used)
    items = to_items(drafts, datetime.combine(all_days[-1], time(23, 59), tzinfo=VN_TZ))
    return Stream(tuple(items), tuple(_truth(planned, drafts, items)), tuple(all_days))


def _truth(planned: list[tuple[str, EventKind, str]], drafts: list[Draft], items: list[Item]) -> list[PlantedTruth]:
    by_title = {(item.title, item.published_at): item.id for item in items if item.kind != "comment"}
    found = []
    for key, kind, province in planned:
        mine = sorted((d for d in drafts if f"truth:{key}" in d.tags), key=lambda d: d.published)
        ids = tuple(by_title[(d.title, d.published)] for d in mine if (d.title, d.published) in by_title)
        per_day: dict[date, int] = {}
        for draft in mine:
            local = draft.published.astimezone(VN_TZ).date()
            per_day[local] = per_day.get(local, 0) + 1
        busiest = max(per_day, key=lambda day: (per_day[day], day))
        peak = mine[-1].published if kind == "burst" else datetime.combine(busiest, time(0), tzinfo=VN_TZ)
        found.append(PlantedTruth(key, kind, province, mine[0].published.astimezone(VN_TZ),
                                  peak.astimezone(VN_TZ), len(mine), ids))
    return found
