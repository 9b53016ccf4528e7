"""SQLiteIndex: the backend contract, plus what is particular to the embedded store."""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest

from langnghe.errors import BackendUnavailable, InputError
from langnghe.index import Filters, IndexBackend, open_index
from langnghe.index.base import FacetCount, FieldUpdate, Version, WriteOutcome
from langnghe.index.sqlite import SCHEMA_VERSION, SQLiteIndex
from langnghe.item import FalseInfo, Item
from langnghe.settings import load_settings
from langnghe.testing import build_item

from .contract import *  # noqa: F403  (the shared backend contract runs against this backend)
from .contract_writes import *  # noqa: F403  (and the write contract)
from .contract_paging import *  # noqa: F403  (and the deep-paging contract)
from .contract_filters import *  # noqa: F403  (and the search page's filters and facets)


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[SQLiteIndex]:
    index = SQLiteIndex(tmp_path / "index.sqlite3")
    yield index
    index.close()


@pytest.fixture
def refused_item() -> tuple[Item, str]:
    """SQLite has no size or type limit an Item can exceed (TEXT holds up to 1 GB, and every
    field is checked by the Item itself), so the one refusal is a document that cannot be
    serialised: a lone surrogate, which neither UTF-8 JSON nor SQLite's TEXT can hold."""
    return build_item(id="khong-the-luu", title="Tiêu đề", author="Tác giả \udc80"), "surrogate"


def _fts_rows(path: Path, fts_query: str) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", (fts_query,)).fetchone()[0])


def test_is_an_index_backend(backend: SQLiteIndex) -> None:
    assert isinstance(backend, IndexBackend)


def test_replacing_text_leaves_one_fts_row(backend: SQLiteIndex) -> None:
    item = build_item(id="mot-hang-fts", title="Cầu Long Biên", text="Cây cầu hơn trăm tuổi.")
    for text in ("Cây cầu hơn trăm tuổi.", "Cây cầu được sửa chữa.", "Cây cầu hơn trăm tuổi."):
        backend.upsert([item.model_copy(update={"text": text})])
    assert _fts_rows(backend.path, '"cầu"') == 1
    assert _fts_rows(backend.path, '"sửa"') == 0
    assert _fts_rows(backend.path, '"tuổi"') == 1


def test_schema_version_is_recorded_and_data_persists(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    with SQLiteIndex(path) as index:
        index.upsert([build_item(id="con-lai-sau-khi-dong", title="Lũ quét ở Lào Cai")])
    with sqlite3.connect(path) as conn:
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        assert int(version) == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with SQLiteIndex(path) as reopened:
        assert reopened.search("lũ quét").total == 1


def test_newer_schema_is_refused_with_the_path(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    SQLiteIndex(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(InputError, match="index.sqlite3.*newer"):
        SQLiteIndex(path)


def test_segmented_query_also_finds_unsegmented_text(backend: SQLiteIndex) -> None:
    raw = build_item(title="Tình trạng ô nhiễm nguồn nước", text="Chưa qua xử lý ngôn ngữ.")
    apart = build_item(title="Ô che nắng", text="Mức nhiễm khuẩn thấp.")
    backend.upsert([raw, apart])
    assert {hit.item.id for hit in backend.search("ô_nhiễm").hits} == {raw.id}


def test_decomposed_text_is_indexed_as_composed(backend: SQLiteIndex) -> None:
    item = build_item(title="Tho\u0302n qu\u00ea", text="Lu\u0301a chi\u0301n")  # "Thôn quê", "Lúa chín"
    backend.upsert([item])
    assert backend.search("thôn lúa").total == 1


def test_rebuild_fts_keeps_results(backend: SQLiteIndex) -> None:
    backend.upsert([build_item(title=f"Phiên chợ số {n}", tokens=["phiên", "chợ"]) for n in range(5)])
    assert backend.rebuild_fts() == 5
    assert backend.search("phiên chợ").total == 5
    assert _fts_rows(backend.path, '"chợ"') == 5


def test_threads_share_one_instance(backend: SQLiteIndex) -> None:
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for batch in range(5):
                items = [build_item(title=f"Luồng {worker} lô {batch} bài {n}") for n in range(20)]
                backend.upsert(items)
                backend.search("luồng", limit=5)
        except BaseException as exc:  # surfaced below: a thread's exception would vanish
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors and not any(thread.is_alive() for thread in threads)
    assert backend.count() == 400
    assert backend.search("luồng").total == 400


def test_use_after_close_fails(tmp_path: Path) -> None:
    index = SQLiteIndex(tmp_path / "index.sqlite3")
    index.close()
    with pytest.raises(RuntimeError, match="closed"):
        index.count()


def test_naive_time_filter_is_rejected(backend: SQLiteIndex) -> None:
    with pytest.raises(InputError, match="timezone-aware"):
        backend.count(Filters(since=datetime(2024, 5, 1)))


def test_histogram_with_a_historical_odd_offset(backend: SQLiteIndex) -> None:
    # Saigon kept local mean time (+7:06:40) until 1906: 15-minute UTC slots then straddle
    # local hours, so those rows are bucketed one by one.
    early = datetime(1900, 3, 1, 2, 50, tzinfo=timezone.utc)  # 09:56:40 local
    later = datetime(1900, 3, 1, 2, 55, tzinfo=timezone.utc)  # 10:01:40 local
    backend.upsert([build_item(published_at=early), build_item(published_at=later)])
    buckets = backend.date_histogram(interval="hour")
    assert [(b.start.hour, b.count) for b in buckets] == [(9, 1), (10, 1)]


def test_open_index_uses_the_data_dir(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "du-lieu")
    index = open_index(settings)
    try:
        index.upsert([build_item(title="Hội chợ nông sản")])
        assert settings.paths.index.exists() and index.count() == 1
    finally:
        index.close()


def test_a_version_1_index_is_migrated_and_its_new_facets_filled(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    item = build_item(id="cu-00000001", concerns=["education"], keywords=["học phí"], story_id="s-1")
    with SQLiteIndex(path) as index:
        index.upsert([item])
    with sqlite3.connect(path) as conn:  # what a version 1 index held: no concern/story/keyword tags
        conn.execute("DELETE FROM item_tags WHERE field IN ('concern', 'story', 'keyword')")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with SQLiteIndex(path) as index:
        assert index.facets("concern") == [FacetCount("education", 1)]
        assert index.facets("keyword") == [FacetCount("học phí", 1)] and index.facets("story") == [FacetCount("s-1", 1)]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_a_version_2_index_gets_versions_in_place(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    items = [build_item(id=f"ban-cu-{n:04d}", story_id=f"s-{n}") for n in range(3)]
    with SQLiteIndex(path) as index:
        index.upsert(items)
    with sqlite3.connect(path) as conn:  # what a version 2 index held: no versions, no counter
        conn.execute("ALTER TABLE items DROP COLUMN version")
        conn.execute("DELETE FROM meta WHERE key = 'last_version'")
        conn.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with SQLiteIndex(path) as index:
        read = index.get_versioned([item.id for item in items])
        assert {entry.item.id for entry in read.values()} == {item.id for item in items}
        assert len({entry.version for entry in read.values()}) == 3  # each its own
        first = read[items[0].id].version
        assert index.update_fields([FieldUpdate(items[0].id, {"story_id": "s-moi"}, first)])[0].ok
        assert index.get_versioned([items[0].id])[items[0].id].version not in {e.version for e in read.values()}
        assert index.facets("story", size=5)[0] == FacetCount("s-1", 1) and index.get(items[0].id).story_id == "s-moi"  # type: ignore[union-attr]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_a_version_4_index_gets_its_folded_full_text_in_place(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite3"
    item = build_item(id="ca-chet-song-day", title="Cá chết trắng sông Đáy", text="Người dân vớt cá chết.")
    with SQLiteIndex(path) as index:
        index.upsert([item])
    with sqlite3.connect(path) as conn:  # what a version 4 index held: no folded table
        conn.execute("DROP TABLE items_fold")
        conn.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    with SQLiteIndex(path) as index:
        assert [hit.item.id for hit in index.search("ca chet song day").hits] == [item.id]
        index.upsert([item.model_copy(update={"title": "Nước sông Đáy đã trong"})])  # the old row leaves both tables
        assert index.search("ca chet trang").total == 0 and index.search("nuoc song").total == 1
        assert index.rebuild_fts() == 1 and index.search("da trong").total == 1
        assert index.delete_before(datetime(2100, 1, 1, tzinfo=timezone.utc)) == 1
        assert index.search("song day").total == 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        assert conn.execute("SELECT count(*) FROM items_fold WHERE items_fold MATCH 'song'").fetchone()[0] == 0


def test_a_version_5_index_gets_its_emotion_and_false_information_tags(tmp_path: Path) -> None:
    path = tmp_path / "v5.sqlite3"
    angry = build_item(id="gian-du-cu", emotion="anger", false_info=FalseInfo(flagged=True, score=0.9))
    plain = build_item(id="chua-phan-tich-cu")
    with SQLiteIndex(path) as index:
        index.upsert([angry, plain])
    with sqlite3.connect(path) as conn:  # what a version 5 index held: neither tag
        conn.execute("DELETE FROM item_tags WHERE field IN ('emotion', 'false_info')")
        conn.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    with SQLiteIndex(path) as index:
        assert index.facets("emotion") == [FacetCount("anger", 1)]
        assert index.facets("false_info") == [FacetCount("false", 1), FacetCount("true", 1)]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_a_version_is_never_given_twice_even_after_a_delete(backend: SQLiteIndex) -> None:
    item = build_item(id="xoa-roi-viet-lai", published_at=datetime(2024, 5, 1, tzinfo=timezone.utc))
    backend.write([item])
    old = backend.get_versioned([item.id])[item.id].version
    assert backend.delete_before(datetime(2024, 6, 1, tzinfo=timezone.utc)) == 1
    backend.write([item])  # the same id again, in the same rid
    assert backend.update_fields([FieldUpdate(item.id, {"story_id": "s-1"}, old)])[0].status == "conflict"


NOBODY = 65534


@contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """The index file read-only; as root (whom file modes do not stop) also run as nobody meanwhile."""
    os.chmod(path, 0o444)
    as_root = os.geteuid() == 0
    if as_root:
        os.seteuid(NOBODY)
    try:
        yield
    finally:
        if as_root:
            os.seteuid(0)
        os.chmod(path, 0o644)


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder anyone may enter and write (tmp_path's parents are private to the test's user)."""
    folder = Path(tempfile.mkdtemp(prefix="langnghe-ro-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder)


def test_a_read_only_file_is_unavailable_until_writable_again(open_dir: Path) -> None:
    path = open_dir / "index.sqlite3"
    item = build_item(id="chi-doc-thoi", title="Bản đầu")
    with SQLiteIndex(path) as index:
        index.write([item])
    with _read_only(path):  # (a connection opened before would go on writing: the file was open for writing)
        index = SQLiteIndex(path)  # a new connection on the read-only file: opens, and reads
        assert index.get(item.id) == item
        with pytest.raises(BackendUnavailable, match="readonly"):
            index.write([item])
        with pytest.raises(BackendUnavailable, match="readonly"):
            index.update_fields([FieldUpdate(item.id, {"story_id": "s"})])
    try:
        newer = item.model_copy(update={"title": "Bản sau"})
        assert index.write([newer]) == [WriteOutcome(item.id, "ok")]  # the same instance recovers
        assert index.update_fields([FieldUpdate(item.id, {"story_id": "s-sau"})])[0].ok
        assert index.get(item.id) == newer.model_copy(update={"story_id": "s-sau"})
    finally:
        index.close()


def test_a_lock_held_beyond_the_timeout_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite3"
    item = build_item(id="bi-khoa-lau")
    index = SQLiteIndex(path, busy_timeout=0.2)
    index.write([item])
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another process writing, for longer than the timeout
        with pytest.raises(BackendUnavailable, match="locked"):
            index.write([item])
        with pytest.raises(BackendUnavailable, match="locked"):
            index.update_fields([FieldUpdate(item.id, {"story_id": "s"}, Version(1))])
        assert index.get(item.id) == item  # readers are not blocked (WAL)
        holder.execute("ROLLBACK")
        assert index.write([item]) == [WriteOutcome(item.id, "ok")]
    finally:
        holder.close()
        index.close()


def test_significant_terms_read_copies_at_one_time_in_id_order_whatever_the_write_order(tmp_path: Path) -> None:
    # Of near-duplicates published at one moment only the first read counts: which one must
    # not depend on the order they were written in (a batch redelivered after a crash).
    day = datetime(2026, 5, 10, 12, tzinfo=timezone.utc)
    copies = [build_item(id=f"ban-sao-{n}", published_at=day.replace(hour=10), near_dup_key="mot-ban",
                         keywords=["cá chết", f"từ khóa {n}"]) for n in (1, 2)]
    found = []
    for name, order in (("a", copies), ("b", copies[::-1])):
        with SQLiteIndex(tmp_path / f"{name}.sqlite3") as index:
            for item in order:
                index.upsert([item])
            index.upsert([build_item(id=f"tin-cu-{n}", published_at=day.replace(day=1, hour=n)) for n in range(5)])
            terms = index.significant_terms(Filters(since=day.replace(hour=0), until=day),
                                            Filters(since=day.replace(day=1), until=day), min_count=1)
            found.append([term.term for term in terms])
    assert found[0] == found[1] and "từ khóa 2" in found[0]


def _pages(index: SQLiteIndex, query: str, filters: Filters | None, size: int) -> list[list[tuple[str, int]]]:
    pages, after = [], None
    while True:
        page = index.search_page(query, filters, size=size, after=after, sort="time")
        pages.append([(hit.item.id, page.total) for hit in page.hits])
        if page.next is None:
            return pages
        after = page.next


def test_a_broad_query_walks_the_time_index_and_pages_as_the_sorted_plan(
    backend: SQLiteIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newest-first page of a query most items match probes FTS5 row by row along the ts index
    (sqlite_paging.PROBE_COST): the same pages, ties and cursors as sorting every match."""
    from langnghe.index import sqlite_paging

    from .contract_paging import _deep_items

    items = _deep_items(300)
    backend.upsert(items)
    searches = [("bản tin", None), ("lũ", None), ("bản tin -ngập", None),
                ("mưa OR dân", Filters(terms={"source": ("nguon-1", "nguon-2")})),
                ("bản tin", Filters(since=items[150].fetched_at))]  # fmt: skip
    statements: list[str] = []
    backend._conn().set_trace_callback(statements.append)
    monkeypatch.setattr(sqlite_paging, "PROBE_COST", 10**9)  # never probe
    sorted_plan = {query: _pages(backend, query, filters, 7) for query, filters in searches}
    assert not any("INDEXED BY items_ts" in sql for sql in statements)
    monkeypatch.setattr(sqlite_paging, "PROBE_COST", 0)
    monkeypatch.setattr(sqlite_paging, "PROBE_FROM", 1)  # always probe
    statements.clear()
    probed = {query: _pages(backend, query, filters, 7) for query, filters in searches}
    assert sum("INDEXED BY items_ts" in sql for sql in statements) >= sum(len(pages) for pages in probed.values())
    assert probed == sorted_plan
    assert all(sum(len(page) for page in pages) > 20 for pages in probed.values())
