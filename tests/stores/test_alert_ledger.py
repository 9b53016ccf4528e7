"""The alert ledger keeps sent alerts field by field and upgrades the files of the previous
version (JSON bodies) in place."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.stores.alerts import Alert, AlertLedger, Sample
from langnghe.testing import DbTarget

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)
OLD_DDL = (
    """CREATE TABLE IF NOT EXISTS quiet_until (
        rule_id TEXT NOT NULL, subject TEXT NOT NULL, until_ts REAL NOT NULL, PRIMARY KEY (rule_id, subject))""",
    """CREATE TABLE IF NOT EXISTS history (
        at_ts REAL NOT NULL, rule_id TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS history_at ON history(at_ts)",
)
SENT = Alert(
    rule_id="o-nhiem", kind="spike", subject="concern:o-nhiem", title="Tăng đột biến - Mối quan tâm: Ô nhiễm",
    detail="Mối quan tâm “Ô nhiễm”: 9 tin trong giờ 09:00 ngày 20/11/2026 (giờ Việt Nam).", value=9.0, at=NOW,
    samples=(Sample("Cá chết trên sông", "https://bao-a.example/a", "bao-a"), Sample("Không có đường dẫn")),
    item_ids=("a", "b"), also=("Tăng đột biến - Tỉnh/thành: Hưng Yên",),
)  # fmt: skip


def _all(alerts: list[Alert]) -> list[Alert]:
    return alerts


def test_a_sent_alert_reads_back_whole_and_starts_its_cooldown(db_target: DbTarget, tmp_path: Path) -> None:
    ledger = AlertLedger(db_target("alerts"))
    assert ledger.admit([SENT], {"o-nhiem": timedelta(hours=1)}, NOW, _all) == [SENT]
    assert ledger.admit([SENT], {"o-nhiem": timedelta(hours=1)}, NOW + timedelta(minutes=59), _all) == []
    assert ledger.recent(NOW) == [SENT] and ledger.count_since(NOW + timedelta(seconds=1)) == 0
    ledger.close()


def test_a_ledger_of_the_previous_version_is_upgraded_in_place(tmp_path: Path) -> None:
    path = tmp_path / "alerts.sqlite3"
    old = sqlite3.connect(path)
    for statement in OLD_DDL:
        old.execute(statement)
    old.execute("INSERT INTO quiet_until VALUES ('o-nhiem', 'concern:o-nhiem', ?)", ((NOW + timedelta(hours=6)).timestamp(),))
    old.execute("INSERT INTO history VALUES (?, 'o-nhiem', 'concern:o-nhiem', ?)",
                (NOW.timestamp(), json.dumps(SENT.to_dict(), ensure_ascii=False)))  # fmt: skip
    old.commit()
    old.close()
    ledger = AlertLedger(path)
    assert ledger.recent(NOW - timedelta(days=1)) == [SENT]
    assert ledger.admit([SENT], {}, NOW + timedelta(hours=5), _all) == []  # its cooldown is still on
    ledger.close()
