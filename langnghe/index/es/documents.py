"""The Elasticsearch document of an Item, and the partial documents that change its derived fields.

Field names as analysts read them in Kibana (mappings: ``templates/items-mappings.json``);
``item`` holds the exact Item JSON, stored but not indexed. A derived field
(:data:`~langnghe.index.base.DERIVED_FIELDS`) lives twice: in ``item`` and as its facet field
(``story``, ``claim``, ``false_info``); :func:`derived_document` writes both, and
:func:`to_document` takes the facets from the same function, so they cannot drift apart.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from typing import Any

from langnghe.folding import fold
from langnghe.index.base import DerivedField
from langnghe.index.derived import Derived, derived_from_json, derived_of
from langnghe.item import Item

# what a write reads of a document already indexed: its derived fields, in ``item``
DERIVED_SOURCE = ["item.story_id", "item.claims", "item.false_info"]


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def to_document(item: Item) -> dict[str, Any]:
    """The indexed document of an Item (field names as analysts read them in Kibana)."""
    nlp = item.nlp
    effective = item.published_at or item.fetched_at
    facets = derived_document(derived_of(item))
    del facets["item"]  # the whole Item goes there below
    return {
        "@timestamp": effective.isoformat(),
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "fetched_at": item.fetched_at.isoformat(),
        "id": item.id, "url": item.canonical_url or item.url, "parent_id": item.parent_id,
        "author": item.author, "content_from": item.content_from,
        "source": item.source, "platform": item.platform, "kind": item.kind, "lang": item.lang,
        "section": nlp.section.label if nlp and nlp.section else None,
        "sentiment": nlp.sentiment.label if nlp and nlp.sentiment else None,
        "emotion": nlp.emotion.label if nlp and nlp.emotion else None,
        "toxicity": nlp.toxicity.label if nlp and nlp.toxicity else None,
        "province": list(nlp.provinces) if nlp else [],
        "watch_topic": list(item.watch_topics),
        "concern": list(nlp.concerns) if nlp else [],
        "near_dup_key": nlp.near_dup_key if nlp else None,
        **facets,
        "entity": [entity.text for entity in nlp.entities] if nlp else [],
        "keyword": list(nlp.keywords) if nlp else [],
        "title": _nfc(item.title), "text": _nfc(item.text),
        "tokens": _nfc(" ".join(nlp.tokens)).lower() if nlp else "",  # the analyzer splits, we fold case
        "folded": folded_fields(item),
        "engagement": item.engagement.model_dump(),
        "item": json.loads(item.to_json()),
    }  # fmt: skip


def folded_fields(item: Item) -> dict[str, str]:
    """``title``, ``text`` and ``tokens`` without diacritics, which queries match
    (:mod:`langnghe.index.folded`; folded here: the test distribution has no ``asciifolding``)."""
    tokens = _nfc(" ".join(item.nlp.tokens)).lower() if item.nlp else ""
    return {"title": fold(_nfc(item.title)), "text": fold(_nfc(item.text)), "tokens": fold(tokens)}


def derived_document(changes: Mapping[DerivedField, Any]) -> dict[str, Any]:
    """The partial document that sets ``changes`` (validated values): facet fields, and the
    same values inside ``item``. Elasticsearch merges a partial document into the stored one
    object by object; every value here is a scalar, a list or a ``FalseInfo`` object with all
    its keys, so the merge replaces exactly these fields."""
    doc: dict[str, Any] = {}
    inner: dict[str, Any] = {}
    if "story_id" in changes:
        doc["story"] = inner["story_id"] = changes["story_id"]
    if "claims" in changes:
        claims = changes["claims"]
        doc["claim"] = [match.claim_id for match in claims if match.stance == "spreads"]
        inner["claims"] = [match.model_dump(mode="json") for match in claims]
    if "false_info" in changes:
        flag = changes["false_info"]
        doc["false_info"] = flag is not None and flag.flagged  # not assessed counts as not flagged
        inner["false_info"] = flag.model_dump(mode="json") if flag is not None else None
    doc["item"] = inner
    return doc


def encodable(doc: dict[str, Any]) -> None:
    """Raise ``ValueError`` for a document the client could not send (a lone surrogate in a
    string: UTF-8 cannot encode it, and the whole bulk request would fail)."""
    json.dumps(doc, ensure_ascii=False).encode("utf-8")


def item_of(source: Mapping[str, Any]) -> Item:
    """The Item of a document's ``_source``."""
    return Item.model_validate(source["item"])


def derived_of_source(source: Mapping[str, Any]) -> Derived:
    """The derived fields of a document's ``_source`` (whole, or filtered to :data:`DERIVED_SOURCE`)."""
    return derived_from_json(source.get("item") or {})
