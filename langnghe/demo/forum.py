"""Forum threads for Diễn đàn Phố Phường: a first post, then a few replies by other members."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from langnghe.demo import banks, geo, schedule
from langnghe.demo.fill import Slots
from langnghe.demo.model import Outlet, Reply, Sentiment
from langnghe.demo.news import Draft, mentioned_province

_TITLE_TRIES = 12


@dataclass(frozen=True)
class ThreadSpec:
    """What a thread says; :func:`thread` adds the replies and makes the draft."""

    node: str
    title: str
    body: tuple[str, ...]
    author: str
    published: datetime
    sentiment: Sentiment
    province: str | None
    tags: tuple[str, ...] = ()


def thread(
    spec: ThreadSpec,
    rng: random.Random,
    reply_pool: list[str],
    limit: datetime,
    reply_range: tuple[int, int] = (0, 4),
) -> Draft:
    bank = banks.forum_bank()
    node = bank["nodes"][spec.node]
    return Draft(
        outlet="phophuong",
        section=node["section"],
        title=spec.title,
        summary=_summary(spec.body),
        paragraphs=spec.body,
        author=spec.author,
        published=spec.published,
        province=spec.province,
        sentiment=spec.sentiment,
        tags=spec.tags,
        replies=_replies(spec, rng, reply_pool, limit, reply_range),
        forum_node=spec.node,
    )


def _summary(body: tuple[str, ...], limit: int = 220) -> str:
    """What XenForo's feed shows: the start of the first post."""
    text = " ".join(body)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _replies(
    spec: ThreadSpec, rng: random.Random, pool: list[str], limit: datetime, count_range: tuple[int, int]
) -> tuple[Reply, ...]:
    members = [m for m in banks.forum_bank()["members"] if m != spec.author]
    count = min(rng.randint(*count_range), len(pool))
    replies, moment = [], spec.published
    for text in rng.sample(pool, count):
        moment = schedule.later(rng, moment, 240, limit)
        quote = rng.random() < 0.2
        replies.append(
            Reply(
                post_id=0,  # numbered once all threads are sorted
                author=rng.choice(members),
                published=moment,
                text=text,
                quote_author=spec.author if quote else None,
                quote_text=_first_sentence(spec.body[0]) if quote else None,
            )
        )
    return tuple(replies)


def _first_sentence(text: str, limit: int = 140) -> str:
    for stop in (". ", "! ", "? "):
        if stop in text[:limit]:
            return text[: text.index(stop) + 1]
    return text[:limit].rsplit(" ", 1)[0] + "…"


def regular_threads(
    outlet: Outlet, days: list[date], rng: random.Random, used_titles: set[str], limit: datetime
) -> list[Draft]:
    usage: Counter[str] = Counter()
    drafts = []
    for day in days:
        for _ in range(schedule.daily_count(rng, outlet.daily, day)):
            published = schedule.moment(rng, day, schedule.FORUM_HOURS)
            drafts.append(_one(published, rng, used_titles, usage, limit))
    return drafts


def _one(published: datetime, rng: random.Random, used: set[str], usage: Counter[str], limit: datetime) -> Draft:
    bank = banks.forum_bank()
    for _ in range(_TITLE_TRIES):
        kind = rng.choices(bank["threads"], weights=[1.0 / (1 + usage[t.key]) ** 2 for t in bank["threads"]])[0]
        province = rng.choice(geo.PROVINCES)
        slots = Slots(rng, province, published)
        title = slots.fill(rng.choice(kind.titles))
        if title not in used:
            break
    used.add(title)
    usage[kind.key] += 1
    body = tuple(slots.fill(rng.choice(p)) for p in kind.body)
    spec = ThreadSpec(
        node=kind.node,
        title=title,
        body=body,
        author=rng.choice(bank["members"]),
        published=published,
        sentiment=kind.sentiment,
        province=mentioned_province(province, title, *body),
        tags=(f"story:{kind.key}",),
    )
    pool = [slots.fill(r) for r in kind.replies] + list(bank["generic_replies"])
    return thread(spec, rng, pool, limit)
