"""The story job and store: items tagged in the index, incremental and idempotent runs,
restarts, the state at a past moment (``--at``), the ``langnghe stories`` command."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.index.base import FieldUpdate, WriteOutcome
from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Item
from langnghe.jobs.core import ingest_file, run_stories
from langnghe.stages.stories import MAX_TRIES, update_stories
from langnghe.stores.stories import StoryStore
from langnghe.settings import Settings
from langnghe.testing import build_item
from langnghe.testing_stories import T0, build_cases
from langnghe.testing import DbTarget

REPO = Path(__file__).resolve().parents[2]
Cases = list[tuple[str, Item]]


@pytest.fixture(scope="module")
def cases() -> Cases:
    return build_cases()


@pytest.fixture
def index(tmp_path: Path, cases: Cases) -> Iterator[SQLiteIndex]:
    with SQLiteIndex(tmp_path / "index.sqlite3") as backend:
        backend.upsert([item for _, item in cases])
        yield backend


@pytest.fixture
def store(db_target: DbTarget, tmp_path: Path) -> Iterator[StoryStore]:
    with StoryStore(db_target("stories")) as opened:
        yield opened


def _tags(index: SQLiteIndex) -> dict[str, str | None]:
    return {item.id: item.story_id for item in index.scan()}


def test_the_job_tags_every_item_and_saves_the_stories(index: SQLiteIndex, store: StoryStore, cases: Cases) -> None:
    report = update_stories(index, store)
    assert report.scanned == report.clustered == report.written == len(cases)
    tags = _tags(index)
    assert all(tags.values()) and store.story_of(list(tags)) == tags
    by_event: dict[str, set[str | None]] = {}
    for key, item in cases:
        by_event.setdefault(key, set()).add(tags[item.id])
    assert all(len(ids) == 1 for ids in by_event.values()) and len(set(tags.values())) == len(by_event)
    stories = store.stories()
    assert [story.size for story in stories] == sorted((story.size for story in stories), reverse=True)
    assert store.totals() == (len(by_event), len(cases))
    assert index.facets("story", size=1)[0].count == stories[0].size  # the index's story facet agrees


def test_a_story_record_counts_its_items(index: SQLiteIndex, store: StoryStore, cases: Cases) -> None:
    update_stories(index, store)
    landslide = [item for key, item in cases if key == "sat-lo"]
    story = store.story(_tags(index)[landslide[0].id] or "")
    assert story is not None and story.size == len(landslide) == 5
    assert story.item_ids == tuple(item.id for item in sorted(landslide, key=lambda i: i.published_at or T0))
    assert story.first_seen == T0 and story.last_seen == T0 + timedelta(hours=30)
    assert story.sources == {"bao-b": 2, "bao-a": 1, "bao-c": 1, "dien-dan": 1}
    assert story.platforms == {"news": 4, "forum": 1}
    assert next(iter(story.provinces)) == "Lào Cai"
    assert sum(story.sentiment.values()) == sum(story.emotion.values()) == 5
    assert "Bản Xèo" in story.title and any("Bản Xèo" in keyword for keyword in story.keywords)


def test_several_stories_read_at_once_are_the_stories_read_one_by_one(
    index: SQLiteIndex, store: StoryStore, cases: Cases
) -> None:
    update_stories(index, store)
    ids = [story.id for story in store.stories()]
    assert store.stories_of([*ids, "khong-co-su-viec-nay"]) == {story_id: store.story(story_id) for story_id in ids}
    assert store.stories_of(ids, at=T0) == {}  # before the first item
    assert store.stories_of([]) == {}


def test_a_second_run_does_only_new_items(index: SQLiteIndex, store: StoryStore, cases: Cases) -> None:
    update_stories(index, store)
    before = _tags(index)
    again = update_stories(index, store)
    assert again.clustered == again.written == 0 and _tags(index) == before
    landslide = next(item for key, item in cases if key == "sat-lo")
    follow_up = build_cases(((
        "sat-lo", "dien-dan", "forum", 33.0, "Cập nhật tình hình sạt lở Bản Xèo, Lào Cai",
        "Quốc lộ 4D qua xã Bản Xèo đã thông xe, các hộ dân bị vùi lấp nhà ở Lào Cai đang dựng lại nhà, "
        "bà con vùng sạt lở cần hỗ trợ thêm chăn màn và nước sạch.",
    ),))[0][1]
    index.upsert([follow_up])
    third = update_stories(index, store)
    assert third.clustered == 1 and third.methods == {"similar": 1}
    assert _tags(index)[follow_up.id] == before[landslide.id]


def test_runs_split_in_time_give_the_stories_of_one_run(db_target: DbTarget, tmp_path: Path, index: SQLiteIndex, cases: Cases) -> None:
    with StoryStore(db_target("whole")) as whole:
        update_stories(index, whole)
        expected = whole.story_of([item.id for _, item in cases])
    with SQLiteIndex(tmp_path / "other.sqlite3") as other, StoryStore(db_target("split")) as split:
        other.upsert([item for _, item in cases])
        first = update_stories(other, split, until=T0 + timedelta(hours=21))
        with StoryStore(db_target("split")) as reopened:  # a restart between the runs
            second = update_stories(other, reopened)
        assert first.clustered + second.clustered == len(cases) and 0 < first.clustered < len(cases)
        assert split.story_of([item.id for _, item in cases]) == expected


def test_a_run_killed_after_writing_the_index_is_redone_the_same(
    index: SQLiteIndex, store: StoryStore, cases: Cases, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*args: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(store, "save", killed)
        with pytest.raises(KeyboardInterrupt):
            update_stories(index, store)
    written = _tags(index)
    assert all(written.values()) and store.totals() == (0, 0)
    rerun = update_stories(index, store)
    assert rerun.clustered == len(cases) and rerun.written == 0  # the same ids: nothing to rewrite
    assert store.story_of(list(written)) == written


def test_a_story_id_the_index_lost_is_restored(index: SQLiteIndex, store: StoryStore, cases: Cases) -> None:
    update_stories(index, store)
    item = cases[3][1]
    index.upsert([item])  # as the enrich stage writes a re-crawled item: without story_id
    assert index.get(item.id).story_id is None  # type: ignore[union-attr]
    report = update_stories(index, store, since=T0)
    assert (report.clustered, report.repaired) == (0, 1)
    assert index.get(item.id).story_id == store.story_of([item.id])[item.id]  # type: ignore[union-attr]


class _RewrittenMeanwhile(SQLiteIndex):
    """A real index where the enrich stage rewrites ``item`` (new text, through ``write``) just
    before the story job writes its story ids: once, or before every attempt (``always``)."""

    def __init__(self, path: Path, item: Item, *, always: bool = False) -> None:
        super().__init__(path)
        self.item, self.always, self.rewrites = item, always, 0

    def update_fields(self, updates: Sequence[FieldUpdate]) -> list[WriteOutcome]:
        if self.always or not self.rewrites:
            self.rewrites += 1
            self.write([self.item.model_copy(update={"text": f"{self.item.text} (sửa lần {self.rewrites})"})])
        return super().update_fields(updates)


def test_an_item_rewritten_while_the_job_runs_gets_its_story_on_the_newer_text(
    tmp_path: Path, store: StoryStore, cases: Cases
) -> None:
    item = cases[2][1]
    index = _RewrittenMeanwhile(tmp_path / "meanwhile.sqlite3", item)
    with index:
        index.upsert([case for _, case in cases])
        report = update_stories(index, store)
        stored = index.get(item.id)
    assert stored is not None and stored.text == f"{item.text} (sửa lần 1)"  # the newer content stays
    assert stored.story_id == store.story_of([item.id])[item.id]
    assert report.written == len(cases) and report.unwritten == 0


def test_an_item_that_keeps_changing_is_left_to_the_next_run(tmp_path: Path, store: StoryStore, cases: Cases) -> None:
    item = cases[2][1]
    index = _RewrittenMeanwhile(tmp_path / "busy.sqlite3", item, always=True)
    with index:
        index.upsert([case for _, case in cases])
        report = update_stories(index, store)
        assert (report.written, report.unwritten) == (len(cases) - 1, 1) and "1 mã sự việc chưa ghi (để lần chạy sau)" in report.line()
        assert index.rewrites == MAX_TRIES and index.get(item.id).story_id is None  # type: ignore[union-attr]
        index.always = False
        assert update_stories(index, store, since=T0).repaired == 1  # the store knows its story
        assert index.get(item.id).story_id == store.story_of([item.id])[item.id]  # type: ignore[union-attr]


def test_the_state_at_a_past_moment_uses_only_earlier_items(index: SQLiteIndex, store: StoryStore, cases: Cases) -> None:
    update_stories(index, store)
    at = T0 + timedelta(hours=3)  # the landslide's first two articles only
    early = {story.id: story for story in store.stories(at=at)}
    landslide = store.story_of([cases[0][1].id])[cases[0][1].id]
    assert early[landslide].size == 2 and early[landslide].last_seen == T0 + timedelta(hours=2.5)
    assert all(story.last_seen < at for story in early.values())
    assert store.totals(at=at) == (len(early), sum(story.size for story in early.values()))
    assert store.story(landslide, at=T0) is None  # before its first item
    assert [m.item_id for m in store.members(landslide, at=at)] == list(early[landslide].item_ids)
    later = store.members_of([landslide, "st_khong_co"], since=T0 + timedelta(hours=3))
    assert list(later) == [landslide] and [m.published_at for m in later[landslide]] == [
        T0 + timedelta(hours=h) for h in (4, 6, 30)
    ]
    assert {m.author for m in later[landslide]} == {None} and later[landslide][0].method == "similar"
    recent = store.stories(active_since=T0 + timedelta(hours=40), order="recent")
    assert recent and all(story.last_seen >= T0 + timedelta(hours=40) for story in recent)
    assert [s.last_seen for s in recent] == sorted((s.last_seen for s in recent), reverse=True)
    counts = store.counts(T0, T0 + timedelta(hours=10))
    assert counts[landslide] == 4
    assert sum(counts.values()) == sum(1 for _, item in cases if (item.published_at or T0) < T0 + timedelta(hours=10))


def test_json_shape(index: SQLiteIndex, store: StoryStore) -> None:
    update_stories(index, store)
    story = store.stories(limit=1)[0]
    payload = story.to_json(max_items=2)
    assert list(payload) == [
        "id", "title", "keywords", "first_seen", "last_seen", "size", "item_ids",
        "sources", "platforms", "provinces", "sentiment", "emotion", "title_item_id",
    ]  # fmt: skip
    assert payload["title_item_id"] in story.item_ids
    assert payload["size"] == story.size > 2 and len(payload["item_ids"]) == 2
    assert payload["first_seen"].endswith("+00:00")
    json.dumps(payload)


def test_store_restart_keeps_the_state(db_target: DbTarget, tmp_path: Path, index: SQLiteIndex) -> None:
    from langnghe.detection.stories import StoryParams

    with StoryStore(db_target("s")) as first:
        update_stories(index, first)
        frontier = first.frontier()
    with StoryStore(db_target("s")) as second:
        assert second.frontier() == frontier == T0 + timedelta(hours=46)
        state = second.load_state(T0, StoryParams())
        assert state.docs == index.count() and state.stories and state.df
        assert all(seen.signature is not None and seen.signature.shape == (64,) for seen in state.seen)
        assert not second.stories(at=T0 - timedelta(days=1))
        second.clear()
        assert second.totals() == (0, 0) and second.frontier() is None


def test_run_stories_rebuild_and_the_stories_command(tmp_path: Path, cases: Cases) -> None:
    settings = Settings(data_dir=tmp_path / "data", config_dir=REPO / "config")
    settings.data_dir.mkdir()
    with SQLiteIndex(settings.paths.index) as backend:
        backend.upsert([item for _, item in cases])
    assert run_stories(settings).clustered == len(cases)
    assert run_stories(settings).clustered == 0
    assert run_stories(settings, rebuild=True).clustered == len(cases)
    runner = CliRunner()
    result = runner.invoke(app, ["stories", "--json", "--limit", "2", "--data-dir", str(settings.data_dir)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["at"] is None and payload["items_total"] == len(cases) and len(payload["stories"]) == 2
    at = (T0 + timedelta(hours=3)).isoformat()
    past = json.loads(runner.invoke(app, ["stories", "--json", "--at", at, "--data-dir", str(settings.data_dir)]).stdout)
    assert past["items_total"] == 2 and past["at"] == at  # the landslide at 0:00 and 2:30
    table = runner.invoke(app, ["stories", "--min-size", "4", "--data-dir", str(settings.data_dir)])
    assert table.exit_code == 0 and "Bản Xèo" in table.stdout and "Khương Hạ" not in table.stdout


def test_ingest_puts_items_in_stories(tmp_path: Path, cases: Cases) -> None:
    settings = Settings(data_dir=tmp_path / "data", config_dir=REPO / "config")
    path = tmp_path / "items.jsonl"
    path.write_text("".join(item.model_copy(update={"nlp": None}).to_json() + "\n" for _, item in cases), encoding="utf-8")
    outcome = ingest_file(settings, path)
    assert outcome.stories is not None and outcome.stories.clustered == len(cases)
    with SQLiteIndex(settings.paths.index) as backend:
        assert all(item.story_id for item in backend.scan())
    assert ingest_file(settings, path).stories.clustered == 0  # type: ignore[union-attr]


def test_items_without_nlp_are_clustered_on_their_words(index: SQLiteIndex, store: StoryStore) -> None:
    raw = build_item(id="chua-phan-tich", title="Sạt lở đất ở xã Bản Xèo, Lào Cai", text="Đất đá vùi lấp nhà dân.",
                     published_at=T0 + timedelta(hours=1))  # fmt: skip
    index.upsert([raw])
    update_stories(index, store)
    assert index.get(raw.id).story_id  # type: ignore[union-attr]


# The schema of the plain-sqlite3 story store (schema version 1), as files made before langnghe.db hold it.
OLD_STORY_DDL = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE members (item_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, ts INTEGER NOT NULL,
        method TEXT NOT NULL, similarity REAL NOT NULL, source TEXT NOT NULL, platform TEXT NOT NULL,
        kind TEXT NOT NULL, author TEXT, title TEXT NOT NULL, provinces TEXT NOT NULL, keywords TEXT NOT NULL,
        sentiment TEXT, emotion TEXT)""",
    "CREATE INDEX members_story ON members(story_id, ts)",
    "CREATE INDEX members_ts ON members(ts)",
    """CREATE TABLE stories (id TEXT PRIMARY KEY, founder TEXT NOT NULL, first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL, size INTEGER NOT NULL, centroid TEXT NOT NULL, places TEXT NOT NULL)""",
    "CREATE INDEX stories_last_seen ON stories(last_seen)",
    """CREATE TABLE signatures (item_id TEXT PRIMARY KEY, ts INTEGER NOT NULL, story_id TEXT NOT NULL,
        signature BLOB NOT NULL)""",
    "CREATE INDEX signatures_ts ON signatures(ts)",
    "CREATE TABLE df (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID",
)


def test_a_store_of_the_previous_version_is_upgraded_in_place(tmp_path: Path) -> None:
    import sqlite3

    import numpy as np

    from langnghe.detection.stories import StoryParams
    from langnghe.index.timebuckets import to_micros

    path, ts = tmp_path / "stories.sqlite3", to_micros(T0)
    old = sqlite3.connect(path)
    for statement in OLD_STORY_DDL:
        old.execute(statement)
    old.executemany("INSERT INTO meta VALUES (?, ?)", [("schema_version", "1"), ("docs", "2")])
    old.executemany("INSERT INTO members VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
        ("a", "st-a", ts, "new", 1.0, "bao-a", "news", "article", None, "Cá chết trên sông", '["Hưng Yên"]',
         '["cá chết"]', "negative", None),
        ("b", "st-a", ts + 3_600_000_000, "similar", 0.7, "dien-dan", "forum", "post", "u_1", "Lại cá chết",
         '["Hưng Yên"]', '["cá chết", "sông"]', None, "anger"),
    ])  # fmt: skip
    old.execute("INSERT INTO stories VALUES ('st-a', 'a', ?, ?, 2, '{\"cá\": 0.5}', '{\"Hưng Yên\": 2}')",
                (ts, ts + 3_600_000_000))  # fmt: skip
    old.execute("INSERT INTO signatures VALUES ('a', ?, 'st-a', ?)", (ts, np.arange(64, dtype="<u4").tobytes()))
    old.executemany("INSERT INTO df VALUES (?, ?)", [("cá chết", 2), ("sông", 1)])
    old.commit()
    old.close()
    with StoryStore(path) as store:
        (story,) = store.stories()
        assert (story.id, story.size, story.first_seen) == ("st-a", 2, T0)
        assert store.story_of(["a", "b", "c"]) == {"a": "st-a", "b": "st-a"}
        assert store.frontier() == T0 + timedelta(hours=1) and store.totals() == (1, 2)
        state = store.load_state(T0, StoryParams())
        assert state.docs == 2 and state.df == {"cá chết": 2, "sông": 1}
        assert [s.id for s in state.stories] == ["st-a"] and state.stories[0].centroid == {"cá": 0.5}
        assert state.seen[0].signature is not None and list(state.seen[0].signature[:3]) == [0, 1, 2]
    with sqlite3.connect(path) as check:  # the old version's marks are still there for it to read
        assert check.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)


def test_a_story_state_is_stored_as_the_same_text_whatever_order_its_terms_came_in(tmp_path: Path) -> None:
    # a process's hash seed orders the sets a centroid and its places are built from: the rows must not show it
    from collections import Counter

    from langnghe.detection.stories import StoryChanges, StoryState

    rows = []
    for order in (1, -1):
        centroid = dict(list({"cá": 0.5, "chết": 0.5, "sông": 0.25, "nước": 0.75}.items())[::order])
        places = dict(list({"p:hue": 2, "p:quang-tri": 2, "c:vn": 1}.items())[::order])
        state = StoryState("st_1", "a", 1, 2, 3, centroid, places)
        with StoryStore(tmp_path / f"stories-{order}.sqlite3") as opened:
            opened.save(StoryChanges([state], [], Counter(), 0), [])
        with sqlite3.connect(tmp_path / f"stories-{order}.sqlite3") as conn:
            rows.append(conn.execute("SELECT centroid, places FROM stories").fetchone())
        conn.close()
    assert rows[0] == rows[1]
    assert list(json.loads(rows[0][0])) == ["nước", "chết", "cá", "sông"]  # heaviest first, ties by term (code points)


def test_threads_are_linked_when_read_the_same_on_every_call(db_target: DbTarget, tmp_path: Path) -> None:
    from langnghe.testing_threads import planted_stream

    stream = planted_stream(4, seed=5)
    with SQLiteIndex(tmp_path / "i.sqlite3") as index, StoryStore(db_target("s")) as store:
        index.upsert([p.item for p in stream])
        update_stories(index, store)
        tags = _tags(index)
        chain = [p for p in stream if p.truth == "chain-0"]
        asked = sorted({tags[p.item.id] or "" for p in chain})
        at = max(p.item.published_at for p in chain if p.item.published_at) + timedelta(hours=1)
        found = store.threads_of(asked, at)
        assert found == store.threads_of(asked, at)
        (thread,) = {found[story_id] for story_id in asked if story_id in found}
        assert len(asked) >= 2 and set(asked) <= set(thread.story_ids)  # its phases were stories of their own
        times = [entry.first_seen for entry in thread.timeline]
        assert times == sorted(times) and all(entry.title for entry in thread.timeline)
        early = store.threads_of(asked, chain[0].item.published_at + timedelta(hours=20))  # only its first phase then
        assert all(len(t.timeline) < len(thread.timeline) for t in early.values())
