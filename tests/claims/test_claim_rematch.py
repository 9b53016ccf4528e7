"""The rematch after a claim import writes ``claims`` and ``false_info`` only, on the items'
newest versions: a story id or a newer text written meanwhile stays (real SQLite index and store)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from langnghe.claims.stage import ClaimStage, build_matcher
from langnghe.claims.store import open_claim_store
from langnghe.claims.testing import LEMON, TAP_WATER
from langnghe.index.base import FieldUpdate, WriteOutcome
from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Item
from langnghe.jobs.claims import rematch
from langnghe.settings import Settings
from langnghe.testing import build_item

RUMOUR = build_item(id="tin-don-nuoc-may", platform="forum", title="Cần Thơ sắp cắt nước?",
                    text="Nước máy TP Cần Thơ nhiễm hóa chất, sắp cắt nước toàn thành phố 7 ngày, mọi người trữ nước nhé.")  # fmt: skip
OTHER = build_item(id="bong-da-thang-2-0", title="Đội tuyển thắng 2-0", text="Cổ động viên ăn mừng trên phố.")


class _WrittenMeanwhile(SQLiteIndex):
    """Before the rematch's first write, the story job tags the rumour and the enrich stage
    rewrites its text (a re-crawl): both through the write contract, as they run in production."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.interrupted = False

    def update_fields(self, updates: Sequence[FieldUpdate]) -> list[WriteOutcome]:
        if not self.interrupted:
            self.interrupted = True
            assert super().update_fields([FieldUpdate(RUMOUR.id, {"story_id": "s-cat-nuoc"})])[0].ok
            self.write([RUMOUR.model_copy(update={"text": RUMOUR.text + " Tin cập nhật lúc 9 giờ."})])
        return super().update_fields(updates)


def test_rematch_keeps_what_other_writers_wrote_meanwhile(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    index = _WrittenMeanwhile(tmp_path / "index.sqlite3")
    with open_claim_store(settings) as store, index:
        index.write([RUMOUR, OTHER])
        store.upsert_claims([TAP_WATER, LEMON], "import")
        stage = ClaimStage(build_matcher(store.claims(), store), store)
        read, matched = rematch(stage, index, [TAP_WATER])
        rumour: Item | None = index.get(RUMOUR.id)
        assert index.interrupted and read >= 1 and matched == 1
        assert rumour is not None and rumour.text.endswith("Tin cập nhật lúc 9 giờ.")  # the newer text
        assert rumour.story_id == "s-cat-nuoc"  # the story job's field
        assert [m.claim_id for m in rumour.claims] == [TAP_WATER.id] and rumour.false_info and rumour.false_info.flagged
        assert index.get(OTHER.id).claims == []  # type: ignore[union-attr]
        assert [r.item_id for r in store.matches()] == [RUMOUR.id]


class _Refusing(SQLiteIndex):
    """An index that takes no field update (e.g. the document vanished or was refused)."""

    def update_fields(self, updates: Sequence[FieldUpdate]) -> list[WriteOutcome]:
        return [WriteOutcome(update.id, "missing", "gone") for update in updates]


def test_rematch_records_spread_only_for_what_the_index_took(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    with open_claim_store(settings) as store, _Refusing(tmp_path / "index.sqlite3") as index:
        index.write([RUMOUR, OTHER])
        store.upsert_claims([TAP_WATER, LEMON], "import")
        stage = ClaimStage(build_matcher(store.claims(), store), store)
        assert rematch(stage, index, [TAP_WATER])[1] == 0
        assert store.matches() == [] and index.get(RUMOUR.id).claims == []  # type: ignore[union-attr]
