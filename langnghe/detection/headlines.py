"""Which headline names a story, an emerging issue or an event thread (docs: README, "Stories").

A group of items is named after one of its items, and linked to that same item: the
most representative *well-formed* headline. In order of preference, a headline

1. is written with its diacritics (a title typed without them, "ca chet trang song",
   is a forum habit, not a headline: :func:`langnghe.nlp.social.lacks_diacritics`);
2. comes from a news item (an article) rather than a post or a comment;
3. is a real title rather than the start of a post's text;
4. shares most of the group's top keywords (when the caller weighs them);
5. is the earliest, then the smallest item id (the same answer on every run).

Policy only: :func:`headline_key` is the sort key; callers pick the smallest.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from langnghe.item import Item
from langnghe.nlp.social import lacks_diacritics

NEWS_PLATFORMS = frozenset({"news"})
TRUNCATED = "…"  # how :func:`item_headline` ends a cut first sentence
_HEADLINE_CHARS = 120

HeadlineKey = tuple[bool, bool, bool, float, datetime, str]


def is_news(platform: str, kind: str) -> bool:
    """An item from a news outlet: on a news platform, or an article wherever it was found."""
    return platform in NEWS_PLATFORMS or kind == "article"


def well_formed(title: str) -> bool:
    """A headline fit to show: not empty, not typed without diacritics.

    >>> well_formed("Cá chết trắng sông Lạch Vàng"), well_formed("ca chet trang song lach vang qua troi"), well_formed("")
    (True, False, False)
    """
    return bool(title.strip()) and not lacks_diacritics(title)


def headline_key(
    title: str, *, platform: str, kind: str, published_at: datetime, item_id: str, shared: float = 0.0
) -> HeadlineKey:
    """Sort key of a candidate headline, best first (see the module docstring); ``shared``:
    how much of the group's top keywords the item carries (larger is better)."""
    return (
        not well_formed(title),
        not is_news(platform, kind),
        title.rstrip().endswith(TRUNCATED),
        -shared,
        published_at,
        item_id,
    )


def item_headline(item: Item) -> str:
    """An item's title, else the start of its text (at most 120 characters, cut at a word).

    >>> from langnghe.testing import build_item
    >>> item_headline(build_item(title="", text="Nước ngập   tới gối"))
    'Nước ngập tới gối'
    """
    if item.title.strip():
        return item.title.strip()
    text = " ".join(item.text.split())
    return text if len(text) <= _HEADLINE_CHARS else text[:_HEADLINE_CHARS].rsplit(" ", 1)[0] + TRUNCATED


def _item_key(item: Item) -> HeadlineKey:
    return headline_key(item_headline(item), platform=item.platform, kind=item.kind,
                        published_at=item.published_at or item.fetched_at, item_id=item.id)  # fmt: skip


def named_by(items: Sequence[Item]) -> Item:
    """The item whose headline names a group of items (``items`` non-empty)."""
    return min(items, key=_item_key)


def headline_first(items: Sequence[Item]) -> list[str]:
    """The items' ids in their order, the one :func:`named_by` picks moved first: a list of
    cited items opens with the item its title and link come from."""
    if not items:
        return []
    named = named_by(items).id
    return [named, *(item.id for item in items if item.id != named)]
