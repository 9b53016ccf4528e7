"""`langnghe claims import`: bad lines named and skipped, the rest loaded, re-imports idempotent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from langnghe.jobs.claims import import_claims
from langnghe.claims.store import open_claim_store
from langnghe.errors import InputError
from langnghe.settings import Settings

GOOD = {"id": "c1", "claim": "Uống nước chanh nóng chữa khỏi ung thư", "verdict": "sai sự thật",
        "published": "2026-11-12", "source": "Trung tâm kiểm chứng (ví dụ)", "url": "https://kc.example/c1"}


def _settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", config_dir=tmp_path / "config")


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_lines_are_reported_with_their_number_and_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path / "claims.jsonl", [
        json.dumps(GOOD, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "c3", "verdict": "sai"}),
        "",
        json.dumps({**GOOD, "id": "c5", "published": "tháng trước"}, ensure_ascii=False),
        json.dumps({"id": "c6", "claim": "Tin đồn sáu", "tags": ["thêm"], "url": None}, ensure_ascii=False),
        "[1, 2]",
    ])  # fmt: skip
    warnings: list[str] = []
    outcome = import_claims(_settings(tmp_path), path, warnings.append)
    assert (outcome.read.read, outcome.read.rejected, outcome.stored.new) == (6, 4, 2)
    assert warnings[0].startswith(f"{path}:2: bỏ qua: JSON sai cú pháp (cột ")
    assert warnings[1] == f"{path}:3: bỏ qua: claim: thiếu khóa bắt buộc"
    assert warnings[2].startswith(f"{path}:5: bỏ qua: published: cần một ngày như 18/11/2026")
    assert warnings[3] == f"{path}:7: bỏ qua: cần một đối tượng JSON {{...}}, nhận một mảng"
    with open_claim_store(_settings(tmp_path)) as store:
        assert [claim.id for claim in store.claims()] == ["c1", "c6"]
        assert store.claim("c1").url == GOOD["url"]  # type: ignore[union-attr]


def test_reimport_is_idempotent_and_an_edit_replaces_the_entry(tmp_path: Path) -> None:
    path = _write(tmp_path / "claims.jsonl", [json.dumps(GOOD, ensure_ascii=False)])
    settings = _settings(tmp_path)
    assert import_claims(settings, path, print).stored.new == 1
    again = import_claims(settings, path, print).stored
    assert (again.new, again.updated, again.unchanged) == (0, 0, 1)
    _write(path, [json.dumps({**GOOD, "verdict": "gây hiểu lầm"}, ensure_ascii=False)])
    assert import_claims(settings, path, print).stored.updated == 1
    with open_claim_store(settings) as store:
        assert [(c.id, c.verdict) for c in store.claims()] == [("c1", "gây hiểu lầm")]


def test_the_record_shape_round_trips(tmp_path: Path) -> None:
    from langnghe.claims.importer import parse_line

    claim = parse_line(json.dumps(GOOD, ensure_ascii=False))
    assert set(claim.to_record()) == {"id", "claim", "verdict", "published", "source", "url"}
    assert parse_line(json.dumps(claim.to_record(), ensure_ascii=False)) == claim


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        import_claims(_settings(tmp_path), tmp_path / "nope.jsonl", print)
