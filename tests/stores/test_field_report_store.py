"""Who filed which field report: kept beside the item id, the first filing kept on a refiling."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.stores.field_reports import FieldReportStore, FiledReport

T0 = datetime(2026, 12, 7, 1, 0, tzinfo=timezone.utc)


def _report(item_id: str, user_id: str, minutes: int, text: str = "Cá chết trên sông") -> FiledReport:
    return FiledReport(item_id=item_id, user_id=user_id, filed_at=T0 + timedelta(minutes=minutes), via="form",
                       text=text, place="Đồng Nai", province="Đồng Nai", reported_at=T0)  # fmt: skip


def test_latest_is_newest_first_and_per_user(tmp_path: Path) -> None:
    with FieldReportStore(tmp_path / "f.sqlite3") as store:
        store.record([_report("a", "1", 0), _report("b", "2", 5), _report("c", "1", 10)])
        assert [r.item_id for r in store.latest()] == ["c", "b", "a"]
        assert [r.item_id for r in store.latest(user_id="1")] == ["c", "a"]
        assert [r.item_id for r in store.latest(limit=1)] == ["c"]
        assert store.get(["a", "zzz"]) == {"a": _report("a", "1", 0)}


def test_filing_again_keeps_the_first_filer_and_time_and_refreshes_the_text(tmp_path: Path) -> None:
    with FieldReportStore(tmp_path / "f.sqlite3") as store:
        store.record([_report("a", "1", 0)])
        store.record([_report("a", "9", 30, text="Cá chết trên sông, đã báo xã")])
        (kept,) = store.latest()
    assert (kept.user_id, kept.filed_at, kept.text) == ("1", T0, "Cá chết trên sông, đã báo xã")
