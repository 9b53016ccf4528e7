"""``langnghe rekey`` (issue 14, point 13): a new layer on the author key, every stored pseudonym
(queue, index, stories) rewritten through it once, the same person still one voice afterwards,
a run cut short finished by the next one, a weak ``LANGNGHE_AUTHOR_KEY`` moved into a key file."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.errors import ConfigError
from langnghe.jobs.core import ingest_file
from langnghe.jobs.rekey import rekey
from langnghe.progress import Task
from langnghe.pseudonym import author_key, author_value, is_pseudonym
from langnghe.settings import Settings
from langnghe.testing import build_item

CONFIG = Path(__file__).resolve().parents[2] / "config"
HANDLES = ("Nguyễn Văn An", "meo_con_q8", "Trần Thị Bình")
KEPT_HANDLE = "ban-doc-giu-ten"  # an author stored as written (keep_author_handles once): never touched


def _ingest(settings: Settings, tmp_path: Path) -> None:
    items = [build_item(text=f"Người dân phản ánh ngập nước ở phường {n}, xe cộ đi lại khó khăn.",
                        author=author_value(HANDLES[n % 3], settings)) for n in range(6)]  # fmt: skip
    items.append(build_item(text="Một ý kiến khác về giá điện tăng.", author=KEPT_HANDLE))
    path = tmp_path / "items.jsonl"
    path.write_text("".join(item.to_json() + "\n" for item in items), encoding="utf-8")
    assert ingest_file(settings, path).enrich.done == len(items)


def _authors(settings: Settings) -> dict[str, list[str]]:
    """Every stored author, by store."""
    found: dict[str, list[str]] = {}
    for name, sql in (("queue", "SELECT json_extract(body, '$.author') FROM items"),
                      ("index", "SELECT json_extract(doc, '$.author') FROM docs"),
                      ("stories", "SELECT author FROM members")):  # fmt: skip
        with sqlite3.connect(getattr(settings.paths, name)) as db:
            found[name] = sorted(row[0] for row in db.execute(sql) if row[0] is not None)
        db.close()
    return found


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder and its key file, filled once (the NLP is slow); each test rekeys a copy."""
    root = tmp_path_factory.mktemp("rekey")
    _ingest(Settings(data_dir=root / "data", config_dir=CONFIG), root)
    return root


@pytest.fixture
def settings(ingested: Path, tmp_path: Path) -> Settings:
    shutil.copytree(ingested / "data", tmp_path / "data")
    shutil.copy2(ingested / "data.author.key", tmp_path / "data.author.key")
    return Settings(data_dir=tmp_path / "data", config_dir=CONFIG)


def test_rekey_rewrites_every_store_and_keeps_one_voice_per_person(settings: Settings) -> None:
    before = _authors(settings)
    old = {handle: author_value(handle, settings) for handle in HANDLES}
    report = rekey(settings)
    assert report.layers == 2 and {s.name: s.rows for s in report.stores} == {"queue": 6, "index": 6, "stories": 6}
    new = {handle: author_value(handle, settings) for handle in HANDLES}  # what a crawl writes from now on
    after = _authors(settings)
    for store, authors in after.items():
        assert sorted(set(authors) - {KEPT_HANDLE}) == sorted(set(new.values())), store
        assert KEPT_HANDLE in authors and not set(old.values()) & set(authors)
        assert len(authors) == len(before[store])
    assert all(is_pseudonym(value) for value in new.values()) and set(new.values()) != set(old.values())
    key_file = settings.paths.author_key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600 and len(key_file.read_text().split()) == 2


def test_a_rekey_cut_short_is_finished_once_by_the_next_run(settings: Settings) -> None:
    class Killed(Exception):
        pass

    class DiesAtTheIndex:
        def warn(self, message: str) -> None:
            pass

        @contextmanager
        def task(self, label: str, total: int | None = None) -> Iterator[Task]:
            if label == "rekey index":
                raise Killed(label)
            yield _NoTask()

    first_key = author_key(settings)
    with pytest.raises(Killed):
        rekey(settings, progress=DiesAtTheIndex())
    with pytest.raises(ConfigError, match=r"a rekey did not finish: run `langnghe rekey` again"):
        author_key(settings)  # nothing may write old pseudonyms into the rewritten queue meanwhile
    report = rekey(settings)
    assert report.resumed and [(s.name, s.already_done) for s in report.stores] == [
        ("queue", True), ("index", False), ("stories", False)]
    expected = {author_value(handle, settings) for handle in HANDLES}
    assert author_key(settings).layers[0] == first_key.layers[0]
    for store, authors in _authors(settings).items():  # each store went through the new layer exactly once
        assert set(authors) - {KEPT_HANDLE} == expected, store


class _NoTask:
    def advance(self, n: int = 1) -> None:
        pass

    def total(self, total: int | None) -> None:
        pass


def test_a_weak_setting_key_is_rekeyed_into_a_key_file(tmp_path: Path) -> None:
    weak = Settings(data_dir=tmp_path / "data", config_dir=CONFIG, author_key=SecretStr("k"))
    with pytest.raises(ConfigError):
        author_key(weak)
    report = rekey(weak)
    assert report.from_setting and report.key_file == tmp_path / "data.author.key"
    file_only = Settings(data_dir=tmp_path / "data", config_dir=CONFIG)
    assert author_key(file_only).layers[0] == b"k"  # the old key stays the first layer, the new one guards it


def test_the_command_has_help_and_prints_one_vietnamese_line(settings: Settings) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["rekey", "--help"]).exit_code == 0
    result = runner.invoke(app, ["rekey", "--data-dir", str(settings.data_dir), "--config-dir", str(CONFIG)])
    assert result.exit_code == 0, result.output
    assert "Đã đổi khóa tác giả (2 lớp)" in result.output and "queue 6, index 6, stories 6" in result.output
    doc = json.loads(sqlite3.connect(settings.paths.index).execute("SELECT doc FROM docs LIMIT 1").fetchone()[0])
    assert doc["id"]  # the rewritten documents are still whole JSON
