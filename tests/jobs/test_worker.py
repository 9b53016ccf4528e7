"""`langnghe worker STAGE` passes, run in-process on a real data folder."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import yaml

from langnghe.app import App
from langnghe.claims.testing import LEMON, TAP_WATER
from langnghe.jobs.core import run_enrich
from langnghe.jobs.worker import run_worker
from langnghe.settings import Settings
from langnghe.testing import build_item
from langnghe.testing_outage import ReadOnlyOutage

T0 = datetime(2026, 11, 15, 1, 0, tzinfo=timezone.utc)
RUMOURS = [build_item(id=f"tin-don-{n}", platform="forum", published_at=T0, title="Cần Thơ sắp cắt nước 7 ngày",
                      text="Nước máy TP Cần Thơ nhiễm hóa chất, sắp cắt nước toàn thành phố 7 ngày, mọi người trữ nước nhé.")
           for n in range(2)]  # fmt: skip
OTHER = build_item(id="bong-da-thang", published_at=T0, title="Đội tuyển thắng 2-0", text="Cổ động viên ăn mừng trên phố.")


def _write_claims(config: Path, *claims: object) -> None:
    records = [claim.to_record() for claim in claims]  # type: ignore[attr-defined]
    (config / "claims.yaml").write_text(yaml.safe_dump({"claims": records}, allow_unicode=True), encoding="utf-8")


def _pass(app: App, stage: str) -> list[str]:
    return list(run_worker(app, stage, stop=threading.Event(), interval=0.1, once=True))


@contextmanager
def _enriched(tmp_path: Path) -> Iterator[tuple[App, Path]]:
    """An app whose index holds the rumours and the other item, enriched with no claim base yet,
    and its (empty) config folder."""
    config = tmp_path / "config"
    config.mkdir()
    with App(Settings(data_dir=tmp_path / "data", config_dir=config)) as app:
        app.queue.put([*RUMOURS, OTHER])
        run_enrich(app)
        yield app, config


def test_the_claims_worker_rematches_the_index_when_claims_yaml_changes(tmp_path: Path) -> None:
    with _enriched(tmp_path) as (app, config):  # no claim base yet: nothing matches
        assert all(not app.index.get(item.id).claims for item in RUMOURS)  # type: ignore[union-attr]
        _write_claims(config, TAP_WATER, LEMON)
        [line] = _pass(app, "claims")
        assert "2 mục đã đổi" in line and "2 tin nay khớp" in line
        for item in RUMOURS:
            assert [m.claim_id for m in app.index.get(item.id).claims] == [TAP_WATER.id]  # type: ignore[union-attr]
        assert app.index.get(OTHER.id).claims == []  # type: ignore[union-attr]
        assert sorted(record.item_id for record in app.claims.matches()) == [item.id for item in RUMOURS]
        assert _pass(app, "claims") == []  # nothing changed since: nothing to do
        _write_claims(config, LEMON)  # the tap-water entry withdrawn from the config
        [line] = _pass(app, "claims")
        assert "1 mục đã xóa" in line and "đọc lại 2 tin đã lập chỉ mục, 0 tin nay khớp" in line
        assert all(app.index.get(item.id).claims == [] for item in RUMOURS)  # type: ignore[union-attr]
        assert app.claims.matches() == []  # their spread rows went with the entry


def test_a_claims_yaml_edit_met_by_an_index_outage_is_rematched_on_a_later_pass(tmp_path: Path) -> None:
    with _enriched(tmp_path) as (app, config):
        _write_claims(config, TAP_WATER, LEMON)
        outage = ReadOnlyOutage(app.settings.paths.index)
        outage.cut()
        try:
            [line] = _pass(app, "claims")  # the edit is seen, the index cannot take the matches
        finally:
            outage.restore()
        assert line.startswith("claims: kho dữ liệu tạm thời không dùng được") and "lượt này sẽ chạy lại" in line
        assert all(not app.index.get(item.id).claims for item in RUMOURS)  # type: ignore[union-attr]
        [line] = _pass(app, "claims")  # claims.yaml unchanged since: the pending rematch is done now
        assert "2 tin nay khớp" in line
        for item in RUMOURS:
            assert [m.claim_id for m in app.index.get(item.id).claims] == [TAP_WATER.id]  # type: ignore[union-attr]
        assert _pass(app, "claims") == []
