"""``langnghe rekey``: a new author-key layer, and every stored pseudonym rewritten through it
(docs/privacy.md, "Rotating the key"; the key's layers: :mod:`langnghe.pseudonym`).

Handles are never stored, so a pseudonym cannot be computed again from its handle: the new
layer hashes the stored pseudonym instead (``u_new = HMAC(new layer, u_old)``), and pseudonyms
of items crawled afterwards go through every layer, so each person keeps one pseudonym.

Crash-safe and exactly once per store: the next key is first written to ``<key file>.pending``
(while it exists, :func:`~langnghe.pseudonym.author_key` refuses to hand out a key, so nothing
writes old pseudonyms meanwhile); each SQLite store is rewritten in one transaction that also
records the layer's id in its ``rekey_log`` table; the key file is replaced last. A run cut
short is finished by the next one, which skips the stores already rewritten. An Elasticsearch
index has no transaction: each document records the layer it went through instead
(:mod:`langnghe.index.es.rekey`). Run it with the pipeline stopped.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from langnghe.errors import ConfigError
from langnghe.progress import SILENT, Progress
from langnghe.pseudonym import (
    current_key,
    forget_cached_keys,
    is_pseudonym,
    key_path,
    new_layer,
    pending_path,
    read_key_file,
    rekeyed,
    write_key_file,
)
from langnghe.settings import Settings

# Where each store keeps authors: (table, the statement rewriting them). ``rekey(x)`` is the
# new layer's function, ``wanted(x)`` whether x is a pseudonym (a kept handle is left alone).
_JSON_AUTHOR = "json_set({col}, '$.author', rekey(json_extract({col}, '$.author')))"
REWRITES: dict[str, tuple[str, str]] = {
    "queue": ("items", f"UPDATE items SET body = {_JSON_AUTHOR.format(col='body')} "
                       "WHERE wanted(json_extract(body, '$.author'))"),
    "index": ("docs", f"UPDATE docs SET doc = {_JSON_AUTHOR.format(col='doc')} "
                      "WHERE wanted(json_extract(doc, '$.author'))"),
    "stories": ("members", "UPDATE members SET author = rekey(author) WHERE wanted(author)"),
}  # fmt: skip


@dataclass(frozen=True)
class StoreRekey:
    """One store's part: how many rows it rewrote, or that an earlier run had done it."""

    name: str
    rows: int
    already_done: bool = False


@dataclass(frozen=True)
class RekeyReport:
    key_file: Path
    stores: tuple[StoreRekey, ...]
    layers: int
    resumed: bool
    from_setting: bool  # the old key was LANGNGHE_AUTHOR_KEY: the operator must switch to the file

    def line(self) -> str:
        parts = ", ".join(f"{s.name} {s.rows}" + (" (đã làm trước đó)" if s.already_done else "") for s in self.stores)
        return (f"Đã đổi khóa tác giả ({self.layers} lớp) trong {self.key_file}; bút danh đã viết lại: "
                f"{parts or 'không có kho nào'}")  # fmt: skip


def rekey(settings: Settings, progress: Progress = SILENT) -> RekeyReport:
    """Add a layer to the deployment's author key and rewrite the stored pseudonyms through it."""
    _check_supported(settings)
    path = key_path(settings)
    pending = pending_path(path)
    resumed = pending.exists()
    target = read_key_file(pending) if resumed else current_key(settings).with_layer(new_layer())
    if not resumed:
        write_key_file(pending, target, replace=True)
    layer = target.layers[-1]
    stores = tuple(
        _rewrite_es_index(settings, layer, progress) if file is None else _rewrite_store(name, file, layer, progress)
        for name, file in _store_files(settings) if file is None or file.exists()
    )  # fmt: skip
    write_key_file(path, target, replace=True)
    pending.unlink()
    forget_cached_keys()
    return RekeyReport(path, stores, len(target.layers), resumed, settings.author_key is not None)


def _check_supported(settings: Settings) -> None:
    if settings.keep_author_handles:
        raise ConfigError("rekey: LANGNGHE_KEEP_AUTHOR_HANDLES=true stores handles, not pseudonyms: nothing to rewrite")


def _store_files(settings: Settings) -> list[tuple[str, Path | None]]:
    """Each store holding authors, by file; None: the Elasticsearch index."""
    paths = settings.paths
    index = None if settings.index_backend == "elasticsearch" else paths.index
    return [("queue", paths.queue), ("index", index), ("stories", paths.stories)]


def _rewrite_es_index(settings: Settings, layer: bytes, progress: Progress) -> StoreRekey:
    from langnghe.index import open_index
    from langnghe.index.es import ElasticsearchIndex
    from langnghe.index.es.rekey import rekey_authors

    index = open_index(settings)
    try:
        assert isinstance(index, ElasticsearchIndex)  # _store_files chose it from the same setting
        with progress.task("rekey index") as task:
            rows = rekey_authors(index, lambda value: rekeyed(value, layer), layer_id(layer))
            task.advance(rows)
    finally:
        index.close()
    return StoreRekey("index", rows)


def layer_id(layer: bytes) -> str:
    """A name for a layer that reveals nothing of it: what a store records as done."""
    return hashlib.sha256(b"langnghe-rekey\x00" + layer).hexdigest()[:16]


def _rewrite_store(name: str, file: Path, layer: bytes, progress: Progress) -> StoreRekey:
    table, statement = REWRITES[name]
    done_id = layer_id(layer)
    db = sqlite3.connect(str(file), timeout=30, isolation_level=None)
    try:
        _functions(db, lambda value: rekeyed(value, layer))
        with progress.task(f"rekey {name}") as task:
            db.execute("BEGIN IMMEDIATE")
            try:
                rows = _rewrite_once(db, table, statement, done_id)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            task.advance(rows or 0)
    finally:
        db.close()
    return StoreRekey(name, rows or 0, already_done=rows is None)


def _rewrite_once(db: sqlite3.Connection, table: str, statement: str, done_id: str) -> int | None:
    """Rows rewritten, inside the caller's transaction; None when this layer was applied before."""
    db.execute("CREATE TABLE IF NOT EXISTS rekey_log (layer TEXT PRIMARY KEY, at TEXT NOT NULL)")
    if db.execute("SELECT 1 FROM rekey_log WHERE layer = ?", (done_id,)).fetchone():
        return None
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    rows = db.execute(statement).rowcount if exists else 0
    db.execute("INSERT INTO rekey_log VALUES (?, datetime('now'))", (done_id,))
    return rows


def _functions(db: sqlite3.Connection, through: Callable[[str], str]) -> None:
    db.create_function("wanted", 1, lambda value: is_pseudonym(value) if isinstance(value, str) else False,
                       deterministic=True)  # fmt: skip
    db.create_function("rekey", 1, through, deterministic=True)

