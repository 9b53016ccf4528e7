"""One event, one alert: grouping within an evaluation and cooldowns across them.

Grouping: alerts of one evaluation that are about the same items (a spike on a concern,
the same spike on its province, the story's emerging-issue entry) become one alert, the
strongest, listing the others. Cooldown: a (rule, subject) pair that alerted stays quiet
for the rule's ``cooldown``; the pairs folded into a sent alert are quieted with it.
History is kept in ``data_dir/alerts.sqlite3`` for ``langnghe status`` and later the UI.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from langnghe.alerts.model import Alert
from langnghe.storage import open_store, write_transaction

OVERLAP = 0.5  # share of the smaller item set two alerts must have in common to be one event

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS quiet_until (
        rule_id TEXT NOT NULL, subject TEXT NOT NULL, until_ts REAL NOT NULL, PRIMARY KEY (rule_id, subject))""",
    """CREATE TABLE IF NOT EXISTS history (
        at_ts REAL NOT NULL, rule_id TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS history_at ON history(at_ts)",
)


def group(alerts: list[Alert]) -> list[tuple[Alert, list[Alert]]]:
    """Strongest first, each with the alerts folded into it."""
    ordered = sorted(alerts, key=lambda a: (_rank(a.kind), -a.value, a.rule_id, a.subject))
    groups: list[tuple[Alert, list[Alert]]] = []
    for alert in ordered:
        for head, members in groups:
            if _same_event(head, alert) or any(_same_event(m, alert) for m in members):
                members.append(alert)
                break
        else:
            groups.append((alert, []))
    return groups


def _rank(kind: str) -> int:
    # When one event trips several rules, lead with the most telling one.
    return ["claim_spread", "emerging_issue", "spike", "sentiment_surge", "source_health"].index(kind)


def _same_event(a: Alert, b: Alert) -> bool:
    if a.subject == b.subject:
        return True
    if not a.item_ids or not b.item_ids:
        return False
    small, large = sorted((set(a.item_ids), set(b.item_ids)), key=len)
    return len(small & large) >= OVERLAP * len(small)


class AlertLedger:
    def __init__(self, path: Path) -> None:
        self._db = open_store(path, _SCHEMA)
        self._lock = threading.Lock()

    def admit(self, alerts: list[Alert], cooldowns: dict[str, timedelta], now: datetime) -> list[Alert]:
        """The alerts to send now (grouped, out of cooldown), recorded as sent."""
        with self._lock:
            quiet = {
                (rule, subject)
                for rule, subject in self._db.execute(
                    "SELECT rule_id, subject FROM quiet_until WHERE until_ts > ?", (now.timestamp(),)
                )
            }
        fresh = [a for a in alerts if (a.rule_id, a.subject) not in quiet]
        chosen = [replace(head, also=tuple(m.title for m in members)) for head, members in group(fresh)]
        folded = {(a.rule_id, a.subject): a for a in fresh}
        with write_transaction(self._db, self._lock) as db:
            for (rule, subject) in folded:
                until = now + cooldowns.get(rule, timedelta(hours=6))
                db.execute("INSERT OR REPLACE INTO quiet_until VALUES (?, ?, ?)", (rule, subject, until.timestamp()))
            db.executemany(
                "INSERT INTO history VALUES (?, ?, ?, ?)",
                [(now.timestamp(), a.rule_id, a.subject, json.dumps(a.to_dict(), ensure_ascii=False)) for a in chosen],
            )
        return chosen

    def recent(self, since: datetime) -> list[dict[str, object]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT body FROM history WHERE at_ts >= ? ORDER BY at_ts DESC", (since.timestamp(),)
            ).fetchall()
        return [json.loads(body) for (body,) in rows]

    def count_since(self, since: datetime) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM history WHERE at_ts >= ?", (since.timestamp(),)).fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._db.close()
