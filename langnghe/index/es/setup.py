"""Templates, indices and aliases of the Elasticsearch index, installed from versioned JSON.

Layout (``<prefix>`` defaults to ``langnghe``, :data:`MAPPING_VERSION` is ``N``):

- component templates ``<prefix>-items-settings-vN`` and ``<prefix>-items-mappings-vN``
  (``templates/items-settings.json``, ``templates/items-mappings.json``), plus
  ``<prefix>-items-lifecycle`` naming the ILM policy where the cluster has ILM;
- index template ``<prefix>-items-vN`` for ``<prefix>-items-vN-*`` (``templates/items-index.json``),
  with the mapping version in its ``_meta``;
- one concrete index per calendar month (UTC) of the item's effective time, e.g.
  ``langnghe-items-v2-2024.05``. The month comes from ``published_at`` (else ``fetched_at``),
  so a re-sent item lands in the index that already holds it and replaces it by ``_id``.
  A rollover write alias cannot give that: after a rollover a re-sent id would land in the
  new index as a duplicate. The writer therefore addresses monthly indices directly, and
  moves an item whose month changed (see :mod:`langnghe.index.es.backend`);
- read alias ``<prefix>-items`` over every monthly index, given by the index template, so a
  bulk write auto-creates a new month's index already readable. :func:`reindex_to` takes
  the alias off a new-version index while it is empty, fills it out of sight, then swaps
  the alias from the old indices to the new ones in one atomic ``_aliases`` call.

A mapping change: edit the JSON files, bump :data:`MAPPING_VERSION` (and the ``_meta`` in
the files), deploy, then run :func:`reindex_to` once, with writers stopped (or re-send
the queue afterwards: upserts are idempotent). It makes each document again from its Item
(``to_document``), so fields a new version derives are filled (v3: ``folded.*``; v4: ``emotion``).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Any

from elasticsearch import ApiError, Elasticsearch, helpers

log = logging.getLogger(__name__)

# 2: concern, entity, story, claim and false_info fields; 3: folded.title/text/tokens;
# 4: emotion, and false_info false (not null) on every item not flagged
MAPPING_VERSION = 4
_PACKAGE = "langnghe.index.es"


@lru_cache(maxsize=None)
def load_template(name: str) -> dict[str, Any]:
    """A JSON file of ``templates/``; production and tests load the same files."""
    text = resources.files(_PACKAGE).joinpath("templates", name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


class Names:
    """Every Elasticsearch name langnghe uses, derived from a prefix and a mapping version."""

    def __init__(self, prefix: str, version: int = MAPPING_VERSION) -> None:
        self.prefix = prefix
        self.version = version
        self.read_alias = f"{prefix}-items"
        self.index_pattern = f"{prefix}-items-v{version}-*"
        self.index_template = f"{prefix}-items-v{version}"
        self.settings_component = f"{prefix}-items-settings-v{version}"
        self.mappings_component = f"{prefix}-items-mappings-v{version}"
        self.lifecycle_component = f"{prefix}-items-lifecycle"
        self.ilm_policy = f"{prefix}-items-policy"

    def monthly_index(self, when: datetime) -> str:
        """The concrete index for an effective time: its UTC calendar month."""
        return f"{self.prefix}-items-v{self.version}-{when.astimezone(timezone.utc):%Y.%m}"


def has_ilm(client: Elasticsearch) -> bool:
    """True when ``GET _ilm/status`` works (the integ-test distribution has no ILM)."""
    try:
        client.ilm.get_status()
    except ApiError:
        return False
    return True


def ensure_templates(client: Elasticsearch, names: Names) -> bool:
    """Install (or update) the templates and, where supported, the ILM policy; idempotent.

    Returns whether an ILM policy is attached.
    """
    composed = [names.settings_component, names.mappings_component]
    client.cluster.put_component_template(name=names.settings_component, **load_template("items-settings.json"))
    client.cluster.put_component_template(name=names.mappings_component, **load_template("items-mappings.json"))
    ilm = has_ilm(client)
    if ilm:
        client.ilm.put_lifecycle(name=names.ilm_policy, policy=load_template("ilm-policy.json"))
        lifecycle = {"settings": {"index.lifecycle.name": names.ilm_policy}}
        client.cluster.put_component_template(name=names.lifecycle_component, template=lifecycle)
        composed.append(names.lifecycle_component)
    else:
        log.info("elasticsearch: no ILM on this cluster; %s gets no lifecycle policy", names.index_pattern)
    body = load_template("items-index.json")
    client.indices.put_index_template(
        name=names.index_template,
        index_patterns=[names.index_pattern],
        composed_of=composed,
        template={"aliases": {names.read_alias: {}}},
        **body,
    )
    return ilm


def _create_hidden(client: Elasticsearch, index: str, alias: str) -> None:
    """Create an index from its template, then take the read alias off while it is still empty."""
    client.indices.create(index=index)
    client.indices.update_aliases(actions=[{"remove": {"index": index, "alias": alias}}])


def reindex_to(client: Elasticsearch, prefix: str, new_version: int, *, old_version: int) -> dict[str, int]:
    """Copy every ``old_version`` monthly index into a ``new_version`` one, then swap the read alias.

    The new indices take their mappings from the installed ``new_version`` templates
    (call :func:`ensure_templates` first). Returns documents copied per new index. The
    old indices are kept (delete them once the new ones are checked).
    """
    old, new = Names(prefix, old_version), Names(prefix, new_version)
    copied: dict[str, int] = {}
    sources = sorted(client.indices.get(index=old.index_pattern, allow_no_indices=True, expand_wildcards="open"))
    for source in sources:
        target = source.replace(f"-items-v{old_version}-", f"-items-v{new_version}-", 1)
        _create_hidden(client, target, new.read_alias)  # out of sight until the swap
        copied[target] = _copy(client, source, target)
    actions: list[dict[str, Any]] = [{"remove": {"index": src, "alias": old.read_alias}} for src in sources]
    actions += [{"add": {"index": target, "alias": new.read_alias}} for target in copied]
    if actions:
        client.indices.update_aliases(actions=actions)
    return copied


def _copy(client: Elasticsearch, source: str, target: str) -> int:
    """Client-side scan + bulk: the server-side ``_reindex`` lives in a module (``reindex``)
    that the integ-test distribution lacks."""
    from langnghe.index.es.bulk import BulkIndexer, BulkWriteError  # bulk imports nothing from here

    # each document made again from its Item, so fields a new version derives (folded text) are filled
    actions = (
        {"_op_type": "index", "_index": target, "_id": hit["_id"], "_source": _remade(hit["_source"])}
        for hit in helpers.scan(client, index=source, query={"query": {"match_all": {}}})
    )
    result = BulkIndexer(client, refresh="true").index(actions)
    if result.failures:
        raise BulkWriteError(result)
    return result.written


def _remade(source: dict[str, Any]) -> dict[str, Any]:
    """The document of the Item in ``source``, keeping fields written beside it (``rekey_layer``)."""
    from langnghe.index.es.documents import item_of, to_document

    return {**source, **to_document(item_of(source))}


def drop(client: Elasticsearch, names: Names) -> None:
    """Delete the indices and templates of ``names`` (tests, and tearing down a trial)."""
    found = client.indices.get(index=names.index_pattern, allow_no_indices=True, expand_wildcards="all")
    if found:  # deleting by wildcard is refused (action.destructive_requires_name)
        client.indices.delete(index=",".join(sorted(found)))
    client.options(ignore_status=404).indices.delete_index_template(name=names.index_template)
    for component in (names.settings_component, names.mappings_component, names.lifecycle_component):
        client.options(ignore_status=404).cluster.delete_component_template(name=component)
