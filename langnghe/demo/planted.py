"""The two planted events the demo's detectors should find, and their ground truth.

* **Issue** (``banks/issue.yaml``): foul smell and dead fish near the invented Đông Phước
  industrial zone in Hưng Yên. One forum post on day 3, a few more each day, the
  provincial paper on day 8, several outlets a day from day 9, peak on days 12-14.
* **False claim** (``banks/claim.yaml``): "Cần Thơ's tap water is poisoned and will be
  cut for 7 days", posted and re-shared on the forum on days 9-11; outlets publish the
  official correction on day 12 and the sanction on day 13.

Days are numbered 1..14, day 14 being the site's ``end_date``.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from langnghe.demo import banks, geo, news, schedule
from langnghe.demo.banks import Story
from langnghe.demo.fill import Slots
from langnghe.demo.forum import ThreadSpec, thread
from langnghe.demo.model import DemoSite
from langnghe.demo.news import Draft
from langnghe.demo.outlets import OUTLETS

ISSUE_TAG, CLAIM_TAG, CORRECTION_TAG = "planted:issue", "planted:claim", "planted:correction"
ISSUE_PROVINCE, CLAIM_PROVINCE = "Hưng Yên", "Cần Thơ"

ISSUE_FORUM: dict[int, int] = {3: 1, 4: 1, 5: 2, 6: 3, 7: 3, 8: 3, 9: 3, 10: 3, 11: 3, 12: 3, 13: 3, 14: 3}
ISSUE_NEWS: dict[int, tuple[str, ...]] = {
    8: ("hungyen",),
    9: ("hungyen", "songhong"),
    10: ("hungyen", "songhong", "hungyen"),
    11: ("hungyen", "songhong", "kinhteso", "hungyen"),
    12: ("hungyen", "songhong", "kinhteso", "hungyen", "phuongnam", "songhong"),
    13: ("hungyen", "songhong", "kinhteso", "hungyen", "mientrung", "songhong", "phuongnam"),
    14: ("hungyen", "songhong", "kinhteso", "hungyen", "phuongnam", "songhong", "mientrung", "kinhteso"),
}
CLAIM_FORUM: dict[int, int] = {9: 2, 10: 4, 11: 4}
CORRECTION_NEWS: dict[int, tuple[tuple[str, str], ...]] = {
    12: (("phuongnam", "cap-nuoc-khang-dinh"), ("songhong", "trung-tam-tin-gia"), ("kinhteso", "cap-nuoc-khang-dinh")),
    13: (("phuongnam", "xu-phat-nguoi-tung-tin"), ("songhong", "xu-phat-nguoi-tung-tin")),
}
CORRECTION_FORUM_DAY = 12
_TRIES = 20


@dataclass(frozen=True)
class PlantedEvent:
    """Ground truth for one planted event, read back from the built site."""

    key: str
    kind: Literal["issue", "false_claim"]
    label: str
    province: str
    former_province: str | None
    start_day: date
    peak_days: tuple[date, ...]
    item_ids: tuple[str, ...]
    keywords: tuple[str, ...]
    correction_day: date | None = None
    correction_ids: tuple[str, ...] = ()

    def daily_counts(self, site: DemoSite) -> dict[date, int]:
        counts = Counter(site.item(i).local_day for i in self.item_ids)
        return {day: counts.get(day, 0) for day in site.days()}


def planted_events(site: DemoSite) -> dict[str, PlantedEvent]:
    """``{"issue": ..., "claim": ...}`` with the item ids of each event in ``site``."""
    days = site.days()
    issue = tuple(i.id for i in site.tagged(ISSUE_TAG))
    claim = tuple(i.id for i in site.tagged(CLAIM_TAG))
    corrections = tuple(i.id for i in site.tagged(CORRECTION_TAG))
    return {
        "issue": PlantedEvent(
            key="issue", kind="issue",
            label="Mùi hôi, cá chết trên sông Lạch Vàng gần KCN Đông Phước",
            province=ISSUE_PROVINCE, former_province="Thái Bình", start_day=days[min(ISSUE_FORUM) - 1],
            peak_days=tuple(days[11:14]), item_ids=issue,
            keywords=("cá chết", "mùi hôi", "Đông Phước", "sông Lạch Vàng", "nước thải"),
        ),
        "claim": PlantedEvent(
            key="claim", kind="false_claim",
            label="Tin đồn nước máy Cần Thơ nhiễm hóa chất, cắt nước 7 ngày",
            province=CLAIM_PROVINCE, former_province=None, start_day=days[min(CLAIM_FORUM) - 1],
            peak_days=(days[max(CLAIM_FORUM, key=CLAIM_FORUM.__getitem__) - 1],), item_ids=claim,
            keywords=("nước máy", "Clorin-T", "cắt nước 7 ngày", "Cần Thơ"),
            correction_day=days[min(CORRECTION_NEWS) - 1], correction_ids=corrections,
        ),
    }


def _fixed(bank: dict[str, Any], days: list[date]) -> dict[str, str]:
    start = days[min(ISSUE_FORUM) - 1]
    return {**{k: str(v) for k, v in bank["context"].items()}, "start": f"{start.day}/{start.month}"}


def _stories(bank: dict[str, Any], key: str, where: str) -> tuple[Story, ...]:
    return banks.parse_stories({"stories": bank[key]}, where, "thoi-su")


# --- the issue ------------------------------------------------------------------------


def issue_drafts(days: list[date], rng: random.Random, used: set[str], limit: datetime) -> list[Draft]:
    bank = banks.planted_bank("issue")
    fixed = _fixed(bank, days)
    drafts = [_issue_first_post(bank, days[2], rng, fixed, used, limit)]
    for number, count in ISSUE_FORUM.items():
        for _ in range(count - (1 if number == min(ISSUE_FORUM) else 0)):
            drafts.append(_issue_post(bank, number, days[number - 1], rng, fixed, used, limit))
    stages = {n: _stories(bank["news"], n, f"issue.yaml news.{n}") for n in ("stage1", "stage2", "stage3")}
    turn: Counter[str] = Counter()
    for number, outlets in ISSUE_NEWS.items():
        stage = "stage1" if number <= 9 else "stage2" if number <= 11 else "stage3"
        for position, outlet_id in enumerate(outlets):
            first = number == min(ISSUE_NEWS) and position == 0
            published = schedule.moment_between(rng, days[number - 1], 7, 10) if first else None
            story_index = turn[stage]
            turn[stage] += 1
            drafts.append(
                _article(stages[stage], story_index, outlet_id, days[number - 1], published, rng, fixed, used,
                         ISSUE_PROVINCE, (ISSUE_TAG,))
            )
    return drafts


def _issue_first_post(
    bank: dict[str, Any], day: date, rng: random.Random, fixed: dict[str, str], used: set[str], limit: datetime
) -> Draft:
    first = bank["forum"]["first"]
    published = schedule.moment_between(rng, day, 21, 23)
    slots = Slots(rng, geo.province(ISSUE_PROVINCE), published, fixed)
    title = slots.fill(first["title"])
    used.add(title)
    spec = ThreadSpec(
        node="phan-anh", title=title, body=tuple(slots.fill(p) for p in first["body"]),
        author=bank["members"][0], published=published, sentiment="negative",
        province=ISSUE_PROVINCE, tags=(ISSUE_TAG, "planted:first"),
    )
    return thread(spec, rng, list(bank["forum"]["replies"]["early"]), limit, (2, 3))


def _issue_post(
    bank: dict[str, Any], number: int, day: date, rng: random.Random, fixed: dict[str, str], used: set[str],
    limit: datetime,
) -> Draft:
    phase = "early" if number <= 8 else "mid" if number <= 11 else "late"
    texts = bank["forum"][phase]
    published = schedule.moment(rng, day, schedule.FORUM_HOURS)
    for _ in range(_TRIES):
        slots = Slots(rng, geo.province(ISSUE_PROVINCE), published, fixed)
        title = slots.fill(rng.choice(texts["titles"]))
        if title not in used:
            break
    used.add(title)
    opener, detail = slots.fill(rng.choice(texts["openers"])), slots.fill(rng.choice(texts["details"]))
    body: tuple[str, ...] = (f"{opener} {detail}",) if rng.random() < 0.4 else (opener, detail)
    if rng.random() < 0.7:
        body += (slots.fill(rng.choice(texts["closers"])),)
    members = bank["members"] if rng.random() < 0.75 else banks.forum_bank()["members"]
    spec = ThreadSpec(
        node="phan-anh", title=title, body=body, author=rng.choice(members), published=published,
        sentiment="negative", province=ISSUE_PROVINCE, tags=(ISSUE_TAG,),
    )
    pool = list(bank["forum"]["replies"][phase]) + list(banks.forum_bank()["generic_replies"])
    return thread(spec, rng, pool, limit, (1, 4))


def _article(
    stories: tuple[Story, ...], index: int, outlet_id: str, day: date, published: datetime | None,
    rng: random.Random, fixed: dict[str, str], used: set[str], province: str, tags: tuple[str, ...],
) -> Draft:
    """One outlet's article from a story of the stage; a retold story gets a new title."""
    outlet = next(o for o in OUTLETS if o.id == outlet_id)
    moment = published or schedule.moment(rng, day, schedule.NEWS_HOURS)
    for attempt in range(_TRIES):
        story = stories[(index + attempt // 4) % len(stories)]
        title, sapo, body, tone = news.compose(story, Slots(rng, geo.province(province), moment, fixed), rng)
        if title not in used:
            break
    used.add(title)
    return Draft(
        outlet=outlet_id, section=story.section, title=title, summary=sapo, paragraphs=body,
        author=rng.choice(outlet.authors), published=moment, province=province,
        sentiment=tone, tags=(*tags, f"story:{story.key}"),
    )


# --- the false claim and its correction -----------------------------------------------


def claim_drafts(days: list[date], rng: random.Random, used: set[str], limit: datetime) -> list[Draft]:
    bank = banks.planted_bank("claim")
    fixed = {k: str(v) for k, v in bank["context"].items()}
    origin_day = days[min(CLAIM_FORUM) - 1]
    origin_time = schedule.moment_between(rng, origin_day, 6, 8)
    drafts = [_claim_origin(bank, origin_time, rng, fixed, used, limit)]
    for number, count in CLAIM_FORUM.items():
        for _ in range(count - (1 if number == min(CLAIM_FORUM) else 0)):
            day = days[number - 1]
            published = schedule.moment_between(rng, day, 9, 22) if day == origin_day else \
                schedule.moment(rng, day, schedule.FORUM_HOURS)
            drafts.append(_claim_share(bank, published, rng, fixed, used, limit))
    stories = {s.key: s for s in _stories(bank, "corrections", "claim.yaml corrections")}
    for number, plan in CORRECTION_NEWS.items():
        for position, (outlet_id, key) in enumerate(plan):
            day = days[number - 1]
            published = schedule.moment_between(rng, day, 7, 10 + 2 * position)
            drafts.append(_article((stories[key],), 0, outlet_id, day, published, rng, fixed, used,
                                   CLAIM_PROVINCE, (CORRECTION_TAG,)))
    drafts.append(_correction_post(bank, days[CORRECTION_FORUM_DAY - 1], rng, fixed, used, limit))
    return drafts


def _claim_origin(
    bank: dict[str, Any], published: datetime, rng: random.Random, fixed: dict[str, str], used: set[str],
    limit: datetime,
) -> Draft:
    slots = Slots(rng, geo.province(CLAIM_PROVINCE), published, fixed)
    original = bank["claim"]["original"]
    title = slots.fill(original["title"])
    used.add(title)
    spec = ThreadSpec(
        node="tin-tuc", title=title, body=tuple(slots.fill(p) for p in original["body"]),
        author=bank["members"][1], published=published, sentiment="negative",
        province=CLAIM_PROVINCE, tags=(CLAIM_TAG, "claim:origin"),
    )
    return thread(spec, rng, _claim_replies(bank, slots), limit, (3, 5))


def _claim_share(
    bank: dict[str, Any], published: datetime, rng: random.Random, fixed: dict[str, str], used: set[str],
    limit: datetime,
) -> Draft:
    texts = bank["claim"]
    for _ in range(_TRIES):
        slots = Slots(rng, geo.province(CLAIM_PROVINCE), published, fixed)
        title = slots.fill(rng.choice(texts["share_titles"]))
        if title not in used:
            break
    used.add(title)
    body: tuple[str, ...] = (
        slots.fill(rng.choice(texts["share_openers"])),
        slots.fill(rng.choice(texts["share_bodies"])),
    )
    if rng.random() < 0.75:
        body += (slots.fill(rng.choice(texts["share_closers"])),)
    members = bank["members"] if rng.random() < 0.7 else banks.forum_bank()["members"]
    spec = ThreadSpec(
        node="tin-tuc", title=title, body=body, author=rng.choice(members), published=published,
        sentiment="negative", province=CLAIM_PROVINCE, tags=(CLAIM_TAG, "claim:share"),
    )
    return thread(spec, rng, _claim_replies(bank, slots), limit, (1, 4))


def _claim_replies(bank: dict[str, Any], slots: Slots) -> list[str]:
    return [slots.fill(r) for r in bank["claim"]["replies"]]


def _correction_post(
    bank: dict[str, Any], day: date, rng: random.Random, fixed: dict[str, str], used: set[str], limit: datetime
) -> Draft:
    published = schedule.moment_between(rng, day, 14, 21)
    slots = Slots(rng, geo.province(CLAIM_PROVINCE), published, fixed)
    post = bank["correction_forum"]
    title = slots.fill(post["title"])
    used.add(title)
    spec = ThreadSpec(
        node="tin-tuc", title=title, body=tuple(slots.fill(p) for p in post["body"]),
        author=bank["members"][0], published=published, sentiment="neutral",
        province=CLAIM_PROVINCE, tags=(CORRECTION_TAG,),
    )
    return thread(spec, rng, list(post["replies"]), limit, (2, 4))
