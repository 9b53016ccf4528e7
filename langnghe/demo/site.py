"""Build the demo site: fourteen days of items for every host, deterministically."""

from __future__ import annotations

import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, time

from langnghe.demo import forum, news, planted
from langnghe.demo.model import DAYS, VN_TZ, DemoItem, DemoSite, Outlet, Reply
from langnghe.demo.news import Draft
from langnghe.demo.outlets import OUTLETS

BLOCKED_PER_SITE = 4  # ordinary items of the outlet with a robots.txt trap


def build_site(end_date: date, seed: int = 7, *, not_after: datetime | None = None) -> DemoSite:
    """Fourteen Vietnam-local days ending on ``end_date``; same inputs, same site.

    ``not_after`` drops what would be published after it (and such replies), so a demo
    run today shows no item from later today.
    """
    days = [date.fromordinal(end_date.toordinal() - DAYS + 1 + i) for i in range(DAYS)]
    limit = datetime.combine(end_date, time(23, 59), tzinfo=VN_TZ)
    used: set[str] = set()
    # Planted items first, so their titles are reserved before the ordinary ones are drawn.
    drafts = planted.issue_drafts(days, _rng(seed, "issue"), used, limit)
    drafts += planted.claim_drafts(days, _rng(seed, "claim"), used, limit)
    for outlet in OUTLETS:
        rng = _rng(seed, outlet.id)
        if outlet.platform == "forum":
            drafts += forum.regular_threads(outlet, days, rng, used, limit)
        else:
            drafts += news.regular_news(outlet, days, rng, used)
    if not_after is not None:
        drafts = [_cut(d, not_after) for d in drafts if d.published <= not_after]
    items = _finalize(drafts, _rng(seed, "blocked"))
    return DemoSite(end_date=end_date, seed=seed, outlets=OUTLETS, items=tuple(items))


def _rng(seed: int, name: str) -> random.Random:
    # A string seed is hashed with SHA-512, so it does not depend on PYTHONHASHSEED.
    return random.Random(f"langnghe-demo:{seed}:{name}")


def _cut(draft: Draft, not_after: datetime) -> Draft:
    return replace(draft, replies=tuple(r for r in draft.replies if r.published <= not_after))


def _finalize(drafts: list[Draft], rng: random.Random) -> list[DemoItem]:
    by_outlet: dict[str, list[Draft]] = defaultdict(list)
    for draft in drafts:
        by_outlet[draft.outlet].append(draft)
    items: list[DemoItem] = []
    for outlet in OUTLETS:
        ordered = sorted(by_outlet[outlet.id], key=lambda d: (d.published, d.title))
        blocked = _blocked(outlet, ordered, rng)
        items += _number(outlet, ordered, blocked)
    return sorted(items, key=lambda i: (i.published, i.id))


def _blocked(outlet: Outlet, drafts: list[Draft], rng: random.Random) -> set[int]:
    """Indexes of ordinary drafts published under the path robots.txt disallows."""
    if not outlet.blocked_prefix:
        return set()
    ordinary = [i for i, d in enumerate(drafts) if not any(t.startswith("planted:") for t in d.tags)]
    return set(rng.sample(ordinary, min(BLOCKED_PER_SITE, len(ordinary))))


def _number(outlet: Outlet, drafts: list[Draft], blocked: set[int]) -> list[DemoItem]:
    items, post_id = [], outlet.id_base * 10
    for index, draft in enumerate(drafts):
        native = outlet.id_base + 3 * index + 1
        replies, first_post = [], None
        if outlet.platform == "forum":
            post_id += 1
            first_post = post_id
            for reply in draft.replies:
                post_id += 1
                replies.append(replace(reply, post_id=post_id))
        item = _item(outlet, draft, native, index in blocked, tuple(replies))
        items.append(replace(item, post_id=first_post))
    return items


def _item(outlet: Outlet, draft: Draft, native: int, blocked: bool, replies: tuple[Reply, ...]) -> DemoItem:
    slug = slugify(draft.title)
    if outlet.platform == "forum":
        path = f"/threads/{slug}.{native}/"
    else:
        path = f"{outlet.blocked_prefix if blocked else '/' + draft.section}/{slug}-{native}.html"
    return DemoItem(
        id=f"{outlet.id}-{native}",
        outlet=outlet.id,
        feed=outlet.feed_for(draft.section).slug,
        section=draft.section,
        title=draft.title,
        summary=draft.summary,
        paragraphs=draft.paragraphs,
        author=draft.author,
        published=draft.published,
        path=path,
        native_id=native,
        province=draft.province,
        sentiment=draft.sentiment,
        tags=draft.tags,
        replies=replies,
        forum_node=draft.forum_node,
        robots_blocked=blocked,
    )


def slugify(text: str, limit: int = 80) -> str:
    """``"Cá chết trên sông Lạch Vàng"`` -> ``"ca-chet-tren-song-lach-vang"``."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "bai-viet"
