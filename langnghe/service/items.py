"""Response models of one item and one story as an analyst opens them (``langnghe item|story``, the web pages).

An item comes with the display names of what it carries (its source, concerns and watch
topics: the names of the config folder, never ids) and its claim matches with the claim
they repeat or refute, so that a page or a terminal shows it without another query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from langnghe.index.base import FLAGGED, NOT_FLAGGED
from langnghe.item import Item, NlpResult, Prediction, web_link
from langnghe.service.types import IsoTime, Response
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


class SignalView(Response):
    """One signal of an item: what a model (or the false-information rule) said, how sure it was
    and which model said it."""

    signal: str  # section, sentiment, emotion, toxicity, misinfo or false_info
    label: str | None  # the value (a label; misinfo: None; false_info: "true" / "false")
    score: float  # the probability of ``label`` (misinfo, false_info: of the item being unreliable)
    model: str | None  # the model version (NlpResult.models); None for the flag, computed from the others
    cues: list[str] = []  # misinfo: the rumour cues that fired, as the model wrote them
    explanation: str | None = None  # false_info: why, in Vietnamese


class NearDuplicateView(Response):
    """Another indexed item with the same near-duplicate key (the same text, copied or re-posted)."""

    id: str
    title: str
    source: str
    source_name: str | None
    platform: str
    published_at: IsoTime | None
    link: str | None  # a web address (http/https) only


class ItemResponse(Response):
    """One item with every signal (its ``nlp`` part, concerns, watch topics, claim matches,
    false-information flag), the story it belongs to and the names of what it carries.
    ``signals``, ``near_duplicates`` and ``link`` are filled by :meth:`QueryService.item
    <langnghe.service.queries.QueryService.item>` with ``full=True`` (the item page)."""

    item: Item
    story: StoryView | None
    source_name: str | None = None  # from sources.yaml; None when the source is not configured
    concern_names: dict[str, str] = {}  # concern id -> name, for the item's concerns
    watch_topic_names: dict[str, str] = {}  # watch-topic id -> name, for the item's watch topics
    claims: list[ClaimMatchView] = []
    signals: list[SignalView] = []
    near_duplicates: list[NearDuplicateView] = []
    near_duplicates_total: int = 0  # every other item with the key, beyond those listed
    link: str | None = None  # the item's web address, only when it is http(s)


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


def signal_views(item: Item) -> list[SignalView]:
    """Every signal the item carries, in the order a page shows them."""
    nlp = item.nlp or NlpResult()
    sentiment_model = nlp.models.get("tone") if nlp.sentiment_basis == "tone" else None
    predictions: tuple[tuple[str, Prediction | None, str | None], ...] = (
        ("section", nlp.section, nlp.models.get("section")),
        ("sentiment", nlp.sentiment, sentiment_model or nlp.models.get("sentiment")),
        ("emotion", nlp.emotion, nlp.models.get("emotion")),
        ("toxicity", nlp.toxicity, nlp.models.get("toxicity")),
    )
    found = [SignalView(signal=name, label=p.label, score=p.score, model=model)
             for name, p, model in predictions if p is not None]  # fmt: skip
    if nlp.misinfo is not None:
        found.append(SignalView(signal="misinfo", label=None, score=nlp.misinfo.score,
                                model=nlp.models.get("misinfo"), cues=list(nlp.misinfo.cues)))
    flag = item.false_info
    if flag is not None:
        found.append(SignalView(signal="false_info", label=FLAGGED if flag.flagged else NOT_FLAGGED, score=flag.score,
                                model=None, explanation=flag.explanation or None))
    return found


def near_duplicate_view(item: Item, source_names: dict[str, str]) -> NearDuplicateView:
    return NearDuplicateView(id=item.id, title=item.title or _opening(item.text), source=item.source,
                             source_name=source_names.get(item.source), platform=item.platform,
                             published_at=item.published_at, link=item_link(item))


def item_link(item: Item) -> str | None:
    """The address to open an item at: its canonical one, else the one crawled; http(s) only."""
    return web_link(item.canonical_url) or web_link(item.url)


def _opening(text: str, width: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def picked_ids(item_ids: tuple[str, ...], limit: int, order: ItemOrder) -> list[str]:
    """The ``limit`` oldest (or newest, newest first) of a story's ids, which are kept oldest first."""
    if order == "newest":
        return list(reversed(item_ids))[:limit]
    return list(item_ids[:limit])
