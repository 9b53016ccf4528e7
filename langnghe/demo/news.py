"""Ordinary news items: a section by the outlet's weights, a story from that section's
bank, a province from the outlet's regions, the slots filled for that one item."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from langnghe.demo import banks, geo, schedule
from langnghe.demo.banks import Story
from langnghe.demo.fill import Slots
from langnghe.demo.model import Outlet, Reply, Sentiment

MIN_WORDS, MAX_WORDS = 150, 400
_TITLE_TRIES = 12


@dataclass(frozen=True)
class Draft:
    """An item before it gets its id, path and feed (assigned once all are sorted)."""

    outlet: str
    section: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    author: str
    published: datetime
    province: str | None
    sentiment: Sentiment
    tags: tuple[str, ...] = ()
    replies: tuple[Reply, ...] = ()
    forum_node: str | None = None


def compose(story: Story, slots: Slots, rng: random.Random) -> tuple[str, str, tuple[str, ...], Sentiment]:
    """Title, sapo, 3-8 body paragraphs and intended news tone of one article drawn from ``story``."""
    title_index = rng.choice(range(len(story.titles)))
    title = slots.fill(story.titles[title_index])
    sapo = slots.fill(rng.choice(story.sapos))
    count = rng.randint(story.min_paras, len(story.paras))
    chosen = [0, *sorted(rng.sample(range(1, len(story.paras)), count - 1))]
    body = [slots.fill(rng.choice(story.paras[i])) for i in chosen]
    missing = [i for i in range(len(story.paras)) if i not in chosen]
    while _words(sapo, body) < MIN_WORDS and missing:
        body.append(slots.fill(rng.choice(story.paras[missing.pop(0)])))
    while _words(sapo, body) > MAX_WORDS and len(body) > 3:
        body.pop(-2)  # keep the closing paragraph, which often quotes an official
    return title, sapo, tuple(body), story.tone(title_index, slots.linked)


def _words(sapo: str, body: list[str]) -> int:
    return len(sapo.split()) + sum(len(p.split()) for p in body)


def mentioned_province(province: geo.Province, *texts: str) -> str | None:
    """The item's province, if the text names it (a world story may name none)."""
    joined = " ".join(texts)
    names = (province.name, *province.formers)
    return province.name if any(name in joined for name in names) else None


def regular_news(outlet: Outlet, days: list[date], rng: random.Random, used_titles: set[str]) -> list[Draft]:
    usage: Counter[str] = Counter()
    drafts = []
    for day in days:
        for _ in range(schedule.daily_count(rng, outlet.daily, day)):
            published = schedule.moment(rng, day, schedule.NEWS_HOURS)
            drafts.append(_one(outlet, published, rng, used_titles, usage))
    return drafts


def _one(outlet: Outlet, published: datetime, rng: random.Random, used: set[str], usage: Counter[str]) -> Draft:
    sections = list(outlet.section_weights)
    for _ in range(_TITLE_TRIES):
        section = rng.choices(sections, weights=[outlet.section_weights[s] for s in sections])[0]
        story = _pick_story(outlet, section, rng, usage)
        province = _pick_province(outlet, story, rng)
        title, sapo, body, tone = compose(story, Slots(rng, province, published), rng)
        if title not in used:
            break
    used.add(title)
    usage[story.key] += 1
    return Draft(
        outlet=outlet.id,
        section=section,
        title=title,
        summary=sapo,
        paragraphs=body,
        author=rng.choice(outlet.authors),
        published=published,
        province=None if section == "the-gioi" else mentioned_province(province, title, sapo, *body),
        sentiment=tone,
        tags=(f"story:{story.key}",),
    )


def _pick_story(outlet: Outlet, section: str, rng: random.Random, usage: Counter[str]) -> Story:
    """Least-used stories first, so that one outlet does not repeat itself."""
    stories = [s for s in banks.news_stories()[section] if not s.regions or set(s.regions) & set(outlet.regions)]
    weights = [1.0 / (1 + usage[s.key]) ** 2 for s in stories]
    return rng.choices(stories, weights=weights)[0]


def _pick_province(outlet: Outlet, story: Story, rng: random.Random) -> geo.Province:
    if outlet.home_province and rng.random() < 0.6:
        home = geo.province(outlet.home_province)
        if not story.regions or home.region in story.regions:
            return home
    regions = tuple(r for r in outlet.regions if not story.regions or r in story.regions)
    return rng.choice(geo.in_regions(regions or outlet.regions))
