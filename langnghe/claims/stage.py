"""The claims step of the enrich stage: match, read the stance, flag, record.

After the NLP signals (which give ``item.nlp.misinfo``), each batch is matched against
the claim base in one pass (:class:`~langnghe.claims.rerank.ClaimReranker`: retrieval
candidates re-ranked by the claim's parts; the previous matcher,
:class:`~langnghe.claims.matcher.ClaimMatcher`, is its retrieval stage). Every item
gets ``claims`` (the entries it matches, best first: claim id, similarity, method) and
``false_info`` (:func:`~langnghe.claims.flag.false_info`, computed for every item, from
the model alone when nothing matches). Matches go to the claim store with their stance,
so the spread of each claim can be followed (``langnghe claims``); items that spread a
claim become near-duplicate exemplars for the items after them.

The claim base is ``config/claims.yaml`` (synced into the store at each run) plus what
``langnghe claims import`` loaded. An empty base is not an error: items are then
flagged by the model alone, and the log says so.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from langnghe.claims.flag import ClaimHit, false_info
from langnghe.claims.matcher import ClaimMatcher, Found, MatcherConfig, Reading
from langnghe.claims.model import Claim
from langnghe.claims.neardup import signature_bytes, signature_from_bytes
from langnghe.claims.rerank import ClaimReranker
from langnghe.claims.stance import StanceReading, read_stance
from langnghe.claims.store import ClaimStore, MatchRecord, open_claim_store
from langnghe.claims.weights import background_idf
from langnghe.item import ClaimMatch, Item
from langnghe.settings import Settings

log = logging.getLogger(__name__)
Matcher = ClaimMatcher | ClaimReranker
VERDICT_PAGE = StanceReading("refutes", ("trang kết luận",))


def match_text(item: Item) -> str:
    """What the matcher reads of an item: the title, then the text."""
    return f"{item.title}\n{item.text}" if item.title else item.text


def carries_replies(item: Item) -> bool:
    """A forum thread page: its text is the opening post, then the replies (``crawlers/extract.py``),
    read as the passage that matches a claim (:attr:`~langnghe.claims.matcher.Reading.threaded`)."""
    return item.platform == "forum" and item.kind != "comment"


def build_matcher(
    claims: Sequence[Claim], store: ClaimStore | None = None, *, model_dir: Path | None = None,
    config: MatcherConfig | None = None,
) -> ClaimReranker:
    """A matcher over ``claims``, with the store's exemplars of earlier runs indexed."""
    matcher = ClaimReranker(claims, background_idf(model_dir), config)
    for claim_id, exemplar, data in store.exemplars() if store is not None else ():
        matcher.add_exemplar(claim_id, exemplar, signature_from_bytes(data))
    return matcher


@dataclass
class ClaimFindings:
    """What :meth:`ClaimStage.match` found in a batch: the annotated items, and per item id the
    match records and near-duplicate exemplars to keep once the item is indexed."""

    items: list[Item] = field(default_factory=list)
    records: dict[str, list[MatchRecord]] = field(default_factory=dict)
    exemplars: dict[str, list[tuple[str, str, bytes]]] = field(default_factory=dict)


class ClaimStage:
    """Adds ``claims`` and ``false_info`` to enriched items (:meth:`match`) and, once the index
    holds them, records the matches in the store (:meth:`record`)."""

    def __init__(self, matcher: Matcher, store: ClaimStore) -> None:
        self.matcher = matcher
        self.store = store
        self._verdict_urls = {claim.url: claim.id for claim in matcher.claims.values() if claim.url}
        self._claim_texts = {claim.id: matcher.read(claim.claim).folded for claim in matcher.claims.values()}

    def match(self, items: list[Item]) -> ClaimFindings:
        """Copies of ``items`` with ``claims`` and ``false_info`` set (run after the NLP step),
        and what to record once they are indexed. Nothing is written to the store here.
        Items are matched in order, each after the exemplars the earlier ones taught: a batch
        gives what the same items one by one give, wherever a crash cut the batches."""
        screened = self.matcher.screen([match_text(item) for item in items])  # None: cannot match any claim
        readings = [Reading("", []) if r is None else replace(r, threaded=carries_replies(item))
                    for r, item in zip(screened, items)]  # fmt: skip
        read = [n for n, r in enumerate(screened) if r is not None]
        found_items = ClaimFindings()
        matched: list[list[Found]] = [[] for _ in items]
        self._match(readings, read, matched)
        for position, (item, reading) in enumerate(zip(items, readings)):
            found, verdict_of = self._verdict_page(item, matched[position])
            hits = [
                ClaimHit(self.matcher.claims[f.claim_id], f, VERDICT_PAGE if f.claim_id == verdict_of
                         else read_stance(f.passage or reading.folded, self._claim_texts[f.claim_id]))
                for f in found
            ]  # fmt: skip
            misinfo = item.nlp.misinfo if item.nlp else None
            found_items.items.append(item.model_copy(update={
                "claims": [ClaimMatch(claim_id=hit.found.claim_id, similarity=hit.found.similarity,
                                      method=hit.found.method, stance=hit.stance.stance) for hit in hits],
                "false_info": false_info(hits, misinfo),
            }))  # fmt: skip
            found_items.records[item.id] = [_record(item, hit) for hit in hits]
            found_items.exemplars[item.id] = self._exemplars(item, reading, hits)
            if found_items.exemplars[item.id]:  # the rest of the batch is matched as if it came after
                self._match(readings, [n for n in read if n > position], matched)
        return found_items

    def _match(self, readings: list[Reading], rows: list[int], matched: list[list[Found]]) -> None:
        """Match the ``rows`` of ``readings`` (those the screen read) into ``matched``."""
        for row, found in zip(rows, self.matcher.match([readings[row] for row in rows])):
            matched[row] = found

    def record(self, found: ClaimFindings, written: Sequence[str]) -> None:
        """Record the matches and exemplars of the ``written`` items (the index took them): a
        side effect done once the item is indexed, idempotent when a batch is delivered again."""
        ids = [item_id for item_id in written if item_id in found.records]
        self.store.record(ids, [record for item_id in ids for record in found.records[item_id]])
        self.store.add_exemplars([row for item_id in ids for row in found.exemplars[item_id]])

    def _verdict_page(self, item: Item, found: list[Found]) -> tuple[list[Found], str | None]:
        """The page a claim's verdict was published on matches that claim (and refutes it),
        whatever its wording; returns the matches and that claim's id, if any."""
        urls = (item.canonical_url, item.url)
        claim_id = next((self._verdict_urls[url] for url in urls if url in self._verdict_urls), None)
        if claim_id is None:
            return found, None
        return [Found(claim_id, 1.0, "retrieval", 1.0, 0.0), *(f for f in found if f.claim_id != claim_id)], claim_id

    def _exemplars(self, item: Item, reading: Reading, hits: list[ClaimHit]) -> list[tuple[str, str, bytes]]:
        """Items that spread a claim by retrieval (or re-ranking) teach the near-duplicate index their wording.
        Only the exemplars the index holds are returned to be stored (not those refused once a
        claim has enough), so a stage started again from the store knows the same ones."""
        chosen = [hit.found for hit in hits if hit.stance.stance == "spreads" and hit.found.method != "near_duplicate"]
        if not chosen:
            return []
        signature = self.matcher.signature(reading)
        kept = [  # at once: the items after it (in its batch too: see match) see the wording
            found for found in chosen
            if self.matcher.add_exemplar(found.claim_id, item.id, signature)
            or self.matcher.has_exemplar(found.claim_id, item.id)  # redelivered: stored again, harmlessly
        ]
        return [(found.claim_id, item.id, signature_bytes(signature)) for found in kept]

    def close(self) -> None:
        self.store.close()


def _record(item: Item, hit: ClaimHit) -> MatchRecord:
    found: Found = hit.found
    nlp = item.nlp
    return MatchRecord(
        claim_id=found.claim_id, item_id=item.id, similarity=found.similarity, method=found.method,
        stance=hit.stance.stance, published_at=item.published_at or item.fetched_at, source=item.source,
        platform=item.platform, title=item.title or item.text[:120], url=item.canonical_url or item.url,
        cues=hit.stance.cues, provinces=tuple(nlp.provinces) if nlp else (),
        keywords=tuple(nlp.keywords) if nlp else (),
    )  # fmt: skip


def open_claim_stage(settings: Settings) -> ClaimStage:
    """The stage over the store's claim base as it stands (the caller syncs claims.yaml into it
    first: :func:`langnghe.jobs.claims.sync_claims`)."""
    store = open_claim_store(settings)
    try:
        matcher = build_matcher(store.claims(), store, model_dir=settings.model_dir)
    except BaseException:
        store.close()
        raise
    if len(matcher) == 0:
        log.warning("claims: the claim base is empty (%s/claims.yaml, `langnghe claims import`); "
                    "items are flagged by the misinfo model alone", settings.config_dir)  # fmt: skip
    else:
        log.info("claims: matching against %d claim-base entries", len(matcher))
    return ClaimStage(matcher, store)
