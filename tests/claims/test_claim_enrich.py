"""The claims step inside the real enrich stage: SQLite queue, index and claim store, shipped models."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from langnghe.claims.store import open_claim_store
from langnghe.claims.testing import LEMON, TAP_WATER
from langnghe.index.sqlite import SQLiteIndex
from langnghe.app import App
from langnghe.jobs.core import run_enrich as run_enrich_on
from langnghe.stages.base import StageReport
from langnghe.queue.sqlite import SQLiteQueue
from langnghe.settings import Settings
from langnghe.testing import build_item

T0 = datetime(2026, 11, 15, 1, 0, tzinfo=timezone.utc)
RUMOUR = ("KHẨN: Nước máy TP Cần Thơ nhiễm hóa chất, sắp cắt nước toàn thành phố 7 ngày!!! "
          "Mọi người trữ nước gấp, chia sẻ ngay cho người thân!!!")  # fmt: skip
ITEMS = [
    build_item(id="rumour-0001", platform="forum", source="forum-a", title="Cần Thơ sắp cắt nước?", text=RUMOUR,
               published_at=T0),
    build_item(id="rumour-0002", platform="forum", source="forum-b", title="Share gấp mn ơi",
               text=RUMOUR.replace("Nước máy", "nuoc may"), published_at=T0 + timedelta(hours=5)),
    build_item(id="correction-1", source="bao-a", title="Thông tin nước máy Cần Thơ nhiễm hóa chất là sai sự thật",
               text="Công ty cấp nước khẳng định nước đạt chuẩn, không có kế hoạch cắt nước toàn thành phố 7 ngày.",
               published_at=T0 + timedelta(days=2)),
    build_item(id="other-00001", source="bao-a", title="Đội tuyển thắng 2-0",
               text="Cổ động viên ăn mừng trên phố sau trận giao hữu.", published_at=T0),
]  # fmt: skip



def run_enrich(settings: Settings) -> StageReport:
    with App(settings) as app:
        return run_enrich_on(app)

def _settings(tmp_path: Path) -> Settings:
    config = tmp_path / "config"
    config.mkdir()
    (config / "claims.yaml").write_text(
        yaml.safe_dump({"claims": [c.to_record() | {"published": c.published.isoformat()} for c in (TAP_WATER, LEMON)]},
                       allow_unicode=True), encoding="utf-8")  # fmt: skip
    return Settings(data_dir=tmp_path / "data", config_dir=config)


def test_enrich_sets_claims_and_flags_and_records_the_spread(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with SQLiteQueue(settings.paths.queue) as queue:
        queue.put(ITEMS)
    report = run_enrich(settings)
    assert report.done == 4 and not report.failed
    with SQLiteIndex(settings.paths.index) as index:
        items = {item.id: index.get(item.id) for item in ITEMS}
    rumour, reshare, correction, other = (items[i.id] for i in ITEMS)
    assert rumour and reshare and correction and other
    assert [m.claim_id for m in rumour.claims] == [TAP_WATER.id] and rumour.claims[0].similarity >= 0.45
    assert rumour.false_info and rumour.false_info.flagged and "Trùng khớp" in rumour.false_info.explanation
    assert reshare.claims and reshare.false_info and reshare.false_info.flagged  # typed without diacritics
    assert [m.claim_id for m in correction.claims] == [TAP_WATER.id]
    assert correction.false_info and not correction.false_info.flagged
    assert correction.false_info.explanation.startswith("Bác bỏ, đính chính")
    assert not other.claims and other.false_info and not other.false_info.flagged
    with open_claim_store(settings) as store:
        stances = sorted((r.item_id, r.stance) for r in store.matches())
        assert stances == [("correction-1", "refutes"), ("rumour-0001", "spreads"), ("rumour-0002", "spreads")]
        assert {claim_id for claim_id, _, _ in store.exemplars()} == {TAP_WATER.id}


def test_rerunning_enrich_changes_nothing(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    with SQLiteQueue(settings.paths.queue) as queue:
        queue.put(ITEMS)
    run_enrich(settings)
    with open_claim_store(settings) as store:
        before = store.matches()
    with SQLiteQueue(settings.paths.queue) as queue:
        queue.put(ITEMS)  # an unchanged re-crawl: a no-op in the queue
    assert run_enrich(settings).done == 0
    with open_claim_store(settings) as store:
        assert store.matches() == before
