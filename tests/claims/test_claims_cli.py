"""`langnghe claims` and `langnghe claims import` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.claims.testing import LEMON, TAP_WATER
from langnghe.app import App
from langnghe.jobs.core import run_enrich as run_enrich_on
from langnghe.stages.base import StageReport
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.settings import Settings
from langnghe.testing import build_item

T0 = datetime(2026, 11, 15, 1, 0, tzinfo=timezone.utc)



def run_enrich(settings: Settings) -> StageReport:
    with App(settings) as app:
        return run_enrich_on(app)

def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "langnghe.cli", *args], capture_output=True, text=True, timeout=300,
                          check=False)  # fmt: skip


def test_help() -> None:
    for args in (("claims", "--help"), ("claims", "import", "--help")):
        result = _run(*args)
        assert result.returncode == 0 and "--data-dir" in result.stdout
    assert "--at" in _run("claims", "--help").stdout


def test_import_after_the_stream_rematches_and_lists_as_json(tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    config.mkdir()
    settings = Settings(data_dir=data, config_dir=config)
    with SQLiteQueue(settings.paths.queue) as queue:
        queue.put([
            build_item(id=f"rumour-{n:04d}", platform="forum", source=f"forum-{n % 2}", published_at=T0 + timedelta(hours=12 * n),
                       title="Cần Thơ sắp cắt nước 7 ngày", text="Nước máy TP Cần Thơ nhiễm hóa chất, sắp cắt nước "
                       "toàn thành phố 7 ngày, mọi người trữ nước nhé.")
            for n in range(3)
        ] + [build_item(id="other-0001", title="Đội tuyển thắng 2-0", text="Cổ động viên ăn mừng.", published_at=T0)])  # fmt: skip
    run_enrich(settings)  # no claim base yet
    path = tmp_path / "claims.jsonl"
    lines = [json.dumps(claim.to_record(), ensure_ascii=False) for claim in (TAP_WATER, LEMON)]
    path.write_text("\n".join([*lines, "{broken"]) + "\n", encoding="utf-8")
    imported = _run("claims", "import", str(path), "--data-dir", str(data), "--config-dir", str(config))
    assert imported.returncode == 1  # one line skipped: the others are imported
    assert f"{path}:3: bỏ qua: JSON sai cú pháp" in imported.stderr.replace("\n", "")
    assert "đọc 3 dòng: 2 mới, 0 cập nhật, 0 không đổi, bỏ qua 1 dòng" in imported.stdout.replace("\n", " ")
    assert "3 tin nay khớp một tin sai lệch" in imported.stdout.replace("\n", " ")

    listed = _run("claims", "--json", "--data-dir", str(data), "--config-dir", str(config))
    assert listed.returncode == 0, listed.stderr
    payload = json.loads(listed.stdout)
    assert payload["at"] is None and payload["claims_total"] == 2
    (entry,) = payload["claims"]
    assert entry["id"] == TAP_WATER.id and entry["title"] == TAP_WATER.claim and entry["items"] == 3
    assert sorted(entry["item_ids"]) == ["rumour-0000", "rumour-0001", "rumour-0002"]
    assert entry["first_seen"] == T0.isoformat() and entry["provinces"] == ["Cần Thơ"] and entry["keywords"]
    assert entry["per_day"] == {"2026-11-15": 2, "2026-11-16": 1} and entry["score"] > 1
    assert entry["explanation"].startswith("Tin “Nước máy TP Cần Thơ")

    then = json.loads(_run("claims", "--json", "--at", "2026-11-15T12:00", "--data-dir", str(data)).stdout)
    assert then["at"] == "2026-11-15T12:00:00+07:00" and [c["items"] for c in then["claims"]] == [1]
    table = _run("claims", "--data-dir", str(data))
    assert table.returncode == 0 and "Nước máy TP Cần Thơ" in table.stdout and "Lan truyền: 3 mục, 2 nguồn" in table.stdout


def test_check_config_validates_topics_concerns_and_claims(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from langnghe.cli import app

    shipped = Path(__file__).resolve().parents[2] / "config"
    result = CliRunner().invoke(app, ["check-config", "--config-dir", str(shipped)])
    assert result.exit_code == 0, result.output
    assert "12 mối quan tâm" in result.output and " tin sai lệch: hợp lệ" in result.output and "OK" not in result.output
    for name in ("sources.yaml", "topics.yaml", "alerts.yaml"):
        (tmp_path / name).write_text((shipped / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "claims.yaml").write_text("claims:\n  - id: x1\n    claim: Tin đồn\n    published: hôm qua\n", encoding="utf-8")
    broken = CliRunner().invoke(app, ["check-config", "--config-dir", str(tmp_path)])
    # the CLI's error boundary turns this error into one line and exit status 2, however it is run
    assert broken.exit_code == 2 and "claims.yaml: claims[0].published" in broken.output
