"""`langnghe queue`, `langnghe queue retry` and `langnghe worker` as an operator runs them."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.testing import build_item

runner = CliRunner()


def _quarantine_two(data: Path) -> list[str]:
    items = [build_item(title=f"Tin số {n}", text=f"Nội dung tin số {n}") for n in range(3)]
    with SQLiteQueue(data / "queue.sqlite3") as queue:
        queue.put(items)
        lease = queue.lease(5)
        assert lease is not None
        queue.quarantine(lease, [items[0].id], "the index refused it: mapper_parsing_exception")
        queue.quarantine(lease, [items[1].id], "enrich: ValueError: cannot annotate this text")
        queue.ack(lease, [items[2].id])
    return [item.id for item in items]


def test_queue_lists_states_and_the_quarantine_with_reasons(tmp_path: Path) -> None:
    ids = _quarantine_two(tmp_path)
    result = runner.invoke(app, ["queue", "--data-dir", str(tmp_path)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "1 đã xong, 2 bị cách ly" in result.output
    assert "mapper_parsing_exception" in result.output and "cannot annotate" in result.output
    assert ids[0] in result.output and "Tin số 0" in result.output
    only = runner.invoke(app, ["queue", "--data-dir", str(tmp_path), "--reason", "mapper"], terminal_width=200)
    assert ids[0] in only.output and ids[1] not in only.output


def test_queue_retry_by_reason_then_by_id(tmp_path: Path) -> None:
    ids = _quarantine_two(tmp_path)
    by_reason = runner.invoke(app, ["queue", "retry", "--reason", "MAPPER", "--data-dir", str(tmp_path)])
    assert by_reason.exit_code == 0 and "Đã đưa 1 tin" in by_reason.output
    by_id = runner.invoke(app, ["queue", "retry", ids[1], "khong-co-ma-nay", "--data-dir", str(tmp_path)])
    assert by_id.exit_code == 0 and "Đã đưa 1 tin" in by_id.output
    with SQLiteQueue(tmp_path / "queue.sqlite3") as queue:
        stats = queue.stats()
        assert (stats.ready, stats.quarantined, stats.done) == (2, 0, 1)


def test_worker_rejects_an_unknown_stage(tmp_path: Path) -> None:
    result = runner.invoke(app, ["worker", "phan-loai", "--data-dir", str(tmp_path)])
    assert result.exit_code != 0
    assert "không có bước 'phan-loai'" in str(result.exception) + result.output
