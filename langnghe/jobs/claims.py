"""Thin jobs behind ``langnghe claims``: list the spread of matched claims, import a claim base.

An import also re-reads the items already indexed that could match the new or changed
entries (:func:`rematch`), so a claim base loaded after the stream is measured like one
loaded before it: candidates come from a full-text search of each entry's rarest words
(with and without diacritics), at most :data:`REMATCH_CANDIDATES` per entry, and are
matched, flagged, recorded and written back to the index: only ``claims`` and
``false_info``, through :meth:`IndexBackend.update_fields`, guarded by the version read.
An item rewritten meanwhile (the enrich stage, a re-crawl) answers ``conflict``: it is read
again and matched on its newer text, at most :data:`MAX_TRIES` times.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np

from langnghe.claims.importer import ReadReport, read_claims
from langnghe.app import App
from langnghe.claims.model import Claim, load_claims
from langnghe.claims.spread import ClaimSpread, spread_report
from langnghe.claims.stage import ClaimStage, build_matcher
from langnghe.claims.store import UpsertReport, open_claim_store
from langnghe.claims.weights import IdfLookup, background_idf
from langnghe.errors import InputError
from langnghe.index import open_index
from langnghe.index.base import FieldUpdate, IndexBackend
from langnghe.nlp.normalize import normalize
from langnghe.nlp.social import strip_diacritics
from langnghe.settings import Settings

REMATCH_CANDIDATES = 500
MAX_TRIES = 5  # guarded writes of one item's claims that meet a newer write, before giving up
log = logging.getLogger(__name__)
QUERY_WORDS = 8
_BATCH = 256
_WORD = re.compile(r"[^\W_]+")


@dataclass
class ImportOutcome:
    read: ReadReport
    stored: UpsertReport
    rematched: int = 0
    matched: int = 0
    problems: list[str] = field(default_factory=list)


def claim_spreads(settings: Settings, at: datetime | None = None) -> tuple[list[ClaimSpread], int]:
    """The matched claims, most spread first, as of ``at`` (default: everything recorded),
    and the size of the claim base."""
    with open_claim_store(settings) as store:
        claims = store.claims()
        return spread_report(claims, store.matches(before=at), tz=settings.timezone, at=at), len(claims)


def import_claims(
    settings: Settings, path: Path, warn: Callable[[str], None], *, rematch_index: bool = True
) -> ImportOutcome:
    """Load ``path`` (JSON Lines) into the claim store; then match indexed items against new entries."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    read = ReadReport()
    claims = list(read_claims(path, read, warn))
    with open_claim_store(settings) as store:
        stored = store.upsert_claims(claims, "import")
        outcome = ImportOutcome(read, stored)
        changed_ids = set(stored.ids)
        changed = [claim for claim in claims if claim.id in changed_ids]
        if rematch_index and changed and (settings.index_backend != "sqlite" or settings.paths.index.exists()):
            stage = ClaimStage(build_matcher(store.claims(), store, model_dir=settings.model_dir), store)
            index = open_index(settings)
            try:
                outcome.rematched, outcome.matched = rematch(stage, index, changed)
                store.rematched(stored.ids)
            finally:
                index.close()
    return outcome


def candidate_query(claim: Claim, idf: IdfLookup | None = None) -> str:
    """A full-text query (OR of words) for items that may repeat ``claim``: its rarest
    :data:`QUERY_WORDS` syllables (by ``idf``), as written and without diacritics.

    >>> candidate_query(Claim(id="c", claim="Nước máy Cần Thơ nhiễm độc"))
    '"nước" OR "nuoc" OR "máy" OR "may" OR "cần" OR "can" OR "thơ" OR "tho" OR "nhiễm" OR "nhiem" OR "độc" OR "doc"'
    """
    words = list(dict.fromkeys(_WORD.findall(normalize(claim.claim).lower())))
    if idf is not None and len(words) > QUERY_WORDS:
        rarest = np.argsort(-idf([strip_diacritics(word) for word in words]), kind="stable")[:QUERY_WORDS]
        words = [words[i] for i in sorted(rarest)]
    terms = dict.fromkeys(form for word in words for form in (word, strip_diacritics(word)))
    return " OR ".join(f'"{term}"' for term in terms)


@dataclass(frozen=True)
class SyncOutcome:
    """What a sync of the config's claims.yaml into the claim base changed, and the rematch after it."""

    changed: int  # new or updated entries
    removed: int  # entries gone from claims.yaml
    rematched: int  # indexed items read again
    matched: int  # of those, items that now match a claim

    def line(self) -> str:
        return (f"tin sai lệch: {self.changed} mục đã đổi, {self.removed} mục đã xóa; "
                f"đọc lại {self.rematched} tin đã lập chỉ mục, {self.matched} tin nay khớp")  # fmt: skip


def sync_claims(app: App, claims: Sequence[Claim] | None = None) -> SyncOutcome | None:
    """Make the claim base's config entries those of ``claims`` (default: claims.yaml) and, when
    that changed anything, match the indexed items again: those that may repeat a new or changed
    entry, and those whose recorded matches point at an entry now gone. None: nothing to do.
    What an index outage stopped stays pending in the claim store and is done on a later call.

    The claims stage (``langnghe worker claims``, the scheduler) runs it each pass, and the enrich
    stage when it opens, so an edit of claims.yaml reaches the items already indexed."""
    base = load_claims(app.settings.config_dir) if claims is None else list(claims)
    store = app.claims
    report = store.sync_config(base)
    pending, orphaned = store.pending_rematch(), store.orphaned_items()
    if not pending and not orphaned and not report.removed:
        return None
    entries = store.claims()
    waiting = set(pending)
    stage = ClaimStage(build_matcher(entries, store, model_dir=app.settings.model_dir), store)
    read, matched = rematch(stage, app.index, [claim for claim in entries if claim.id in waiting], also=orphaned)
    store.rematched(pending)
    if orphaned:
        store.drop_orphaned_matches()
    return SyncOutcome(len(report.ids), report.removed, read, matched)


def rematch(
    stage: ClaimStage, index: IndexBackend, claims: Sequence[Claim], *, also: Sequence[str] = ()
) -> tuple[int, int]:
    """Re-annotate the indexed items that may repeat ``claims`` (and the items ``also``);
    returns (items read, items matched)."""
    idf = background_idf()
    found: dict[str, None] = dict.fromkeys(also)
    for claim in claims:
        query = candidate_query(claim, idf)
        if query:
            found.update((hit.item.id, None) for hit in index.search(query, limit=REMATCH_CANDIDATES).hits)
    ids = list(found)
    matched = 0
    for start in range(0, len(ids), _BATCH):
        matched += _rematch_batch(stage, index, ids[start : start + _BATCH])
    return len(ids), matched


def _rematch_batch(stage: ClaimStage, index: IndexBackend, ids: list[str]) -> int:
    """Match the current versions of ``ids``, write their claims, then record the spread of
    those the index took; returns how many match."""
    current = index.get_versioned(ids)
    matched: dict[str, bool] = {}
    for attempt in range(1, MAX_TRIES + 1):
        if not current:
            break
        found = stage.match([entry.item for entry in current.values()])
        updates = [FieldUpdate(item.id, {"claims": item.claims, "false_info": item.false_info}, current[item.id].version)
                   for item in found.items]  # fmt: skip
        conflicted: list[str] = []
        written: list[str] = []
        for item, outcome in zip(found.items, index.update_fields(updates)):
            if outcome.ok:
                matched[item.id] = bool(item.claims)
                written.append(item.id)
            elif outcome.status == "conflict" and attempt < MAX_TRIES:
                conflicted.append(item.id)
            else:
                log.warning("claims: rematch of %s not written (%s): %s", item.id, outcome.status, outcome.reason)
        stage.record(found, written)  # the spread rows, once the index holds the match
        current = index.get_versioned(conflicted) if conflicted else {}
    return sum(matched.values())
