"""Saved searches: the store, the checks of what a person typed, and the watch topics they add."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from langnghe.errors import InputError
from langnghe.settings import Settings
from langnghe.stores.saved_searches import SavedSearchStore, check_draft, watch_topics

T0 = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)


def test_a_saved_search_is_created_read_changed_and_deleted(tmp_path: Path) -> None:
    with SavedSearchStore(tmp_path / "saved.sqlite3") as store:
        made = store.create(check_draft("Cá chết sông Bưởi", '"cá chết" OR "xả thải"', shared=True), owner_id=7, now=T0)
        assert (made.name, made.owner_id, made.shared, made.created_at) == ("Cá chết sông Bưởi", 7, True, T0)
        assert made.topic_id == f"saved-{made.id}" and store.get(made.id) == made
        later = datetime(2026, 11, 21, tzinfo=timezone.utc)
        changed = store.update(made.id, check_draft("Cá chết", '"cá chết"'), now=later)
        assert changed is not None and (changed.query, changed.shared, changed.created_at, changed.updated_at) == (
            '"cá chết"', False, T0, later)
        assert store.update(made.id + 1, check_draft("x", "y")) is None
        assert store.delete(made.id) and not store.delete(made.id) and store.get(made.id) is None


def test_each_user_sees_the_shared_searches_and_their_own(tmp_path: Path) -> None:
    with SavedSearchStore(tmp_path / "saved.sqlite3") as store:
        shared = store.create(check_draft("Chung", "lũ", shared=True), owner_id=1)
        mine = store.create(check_draft("Của tôi", "bão"), owner_id=2)
        theirs = store.create(check_draft("Của người khác", "sạt lở"), owner_id=3)
        assert [s.id for s in store.visible(2)] == [shared.id, mine.id]
        assert [s.id for s in store.visible(None)] == [shared.id]
        assert [s.id for s in store.all()] == [shared.id, mine.id, theirs.id]


def test_the_version_changes_with_every_change(tmp_path: Path) -> None:
    with SavedSearchStore(tmp_path / "saved.sqlite3") as store:
        kept = store.create(check_draft("A", "a"), owner_id=1)
        versions = [store.version()]
        made = store.create(check_draft("B", "b"), owner_id=1)
        versions.append(store.version())
        store.update(kept.id, check_draft("A", "c"))
        versions.append(store.version())
        store.delete(made.id)
        versions.append(store.version())
        store.create(check_draft("C", "c"), owner_id=1)
        versions.append(store.version())
        assert all(before != after for before, after in zip(versions, versions[1:]))


@pytest.mark.parametrize(("name", "query", "expected"), [
    ("", "lũ", "Tên: cần đặt tên"),
    ("   ", "lũ", "Tên: cần đặt tên"),
    ("x" * 121, "lũ", "Tên: dài quá 120 ký tự"),
    ("Lũ", "  ", "Truy vấn: cần nhập truy vấn"),
    ("Lũ", '"cá chết', "Truy vấn: sai cú pháp ở ký tự thứ 1"),
    ("Lũ", "lũ OR", "Truy vấn: sai cú pháp ở ký tự thứ 4"),
    ("Lũ", "(lũ", "Truy vấn: sai cú pháp ở ký tự thứ 1"),
])  # fmt: skip
def test_a_bad_draft_is_refused_with_the_field_named(name: str, query: str, expected: str) -> None:
    with pytest.raises(InputError) as caught:
        check_draft(name, query)
    assert str(caught.value).startswith(expected)


def test_a_draft_is_tidied() -> None:
    assert check_draft("  Cá   chết ", ' "cá chết" ', " mô tả ") == check_draft("Cá chết", '"cá chết"', "mô tả")


def test_watch_topics_are_topics_yaml_then_the_shared_then_the_users_own(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "topics.yaml").write_text(yaml.safe_dump({"topics": [{"id": "ngap", "name": "Ngập", "query": "ngập"}]},
                                                       allow_unicode=True), encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data", config_dir=config)
    assert [t.id for t in watch_topics(settings)] == ["ngap"]
    assert not settings.paths.saved_searches.exists()  # reading made no file
    with SavedSearchStore(settings.paths.saved_searches) as store:
        shared = store.create(check_draft("Bão", "bão", shared=True), owner_id=1)
        private = store.create(check_draft("Lũ", "lũ"), owner_id=2)
        assert [t.id for t in watch_topics(settings, store, user_id=2)] == ["ngap", shared.topic_id, private.topic_id]
    assert [(t.id, t.name, t.query) for t in watch_topics(settings)] == [("ngap", "Ngập", "ngập"),
                                                                         (shared.topic_id, "Bão", "bão")]
