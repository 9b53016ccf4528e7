"""Response models of one item and one story as an analyst opens them (``langnghe item|story``, the web pages).

An item comes with the display names of what it carries (its source, concerns and watch
topics: the names of the config folder, never ids) and its claim matches with the claim
they repeat or refute, so that a page or a terminal shows it without another query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from langnghe.item import Item
from langnghe.service.types import Response
from langnghe.service.views import StoryView

if TYPE_CHECKING:
    from langnghe.claims.model import Claim
    from langnghe.item import ClaimMatch

ItemOrder = Literal["oldest", "newest"]


class ClaimMatchView(Response):
    """A claim-base entry the item matched, with the claim as debunked."""

    claim_id: str
    claim: str | None  # None: the claim base no longer holds the entry
    verdict: str | None
    similarity: float
    method: str  # near_duplicate, retrieval, reranked
    stance: str  # spreads or refutes


class ItemResponse(Response):
    """One item with every signal (its ``nlp`` part, concerns, watch topics, claim matches,
    false-information flag), the story it belongs to and the names of what it carries."""

    item: Item
    story: StoryView | None
    source_name: str | None = None  # from sources.yaml; None when the source is not configured
    concern_names: dict[str, str] = {}  # concern id -> name, for the item's concerns
    watch_topic_names: dict[str, str] = {}  # watch-topic id -> name, for the item's watch topics
    claims: list[ClaimMatchView] = []


class StoryResponse(Response):
    """One story with its items (as many as asked, the oldest or the newest first)."""

    story: StoryView
    items: list[Item]
    order: ItemOrder = "oldest"
    source_names: dict[str, str] = {}  # source id -> name (sources.yaml), for the story's sources


def claim_match_view(match: ClaimMatch, claim: Claim | None) -> ClaimMatchView:
    return ClaimMatchView(claim_id=match.claim_id, claim=claim.claim if claim else None,
                          verdict=claim.verdict if claim else None, similarity=match.similarity,
                          method=match.method, stance=match.stance)


def picked_ids(item_ids: tuple[str, ...], limit: int, order: ItemOrder) -> list[str]:
    """The ``limit`` oldest (or newest, newest first) of a story's ids, which are kept oldest first."""
    if order == "newest":
        return list(reversed(item_ids))[:limit]
    return list(item_ids[:limit])
