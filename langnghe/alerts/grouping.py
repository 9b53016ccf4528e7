"""One event, one alert: grouping within an evaluation and cooldowns across them.

Grouping: alerts of one evaluation that are about the same items (a spike on a concern,
the same spike on its province, the story's emerging-issue entry) become one alert, the
strongest, listing the others. Cooldown: a (rule, subject) pair that alerted stays quiet
for the rule's ``cooldown``; the pairs folded into a sent alert are quieted with it. The
history and the cooldowns are kept by :class:`langnghe.stores.alerts.AlertLedger`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from langnghe.stores.alerts import Alert, AlertLedger

OVERLAP = 0.5  # share of the smaller item set two alerts must have in common to be one event


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


def heads(alerts: list[Alert]) -> list[Alert]:
    """One alert per event: the strongest, with the titles of the others in ``also``."""
    return [replace(head, also=tuple(m.title for m in members)) for head, members in group(alerts)]


def admit(ledger: AlertLedger, alerts: list[Alert], cooldowns: dict[str, timedelta], now: datetime) -> list[Alert]:
    """The alerts to send now (grouped, out of cooldown), recorded as sent."""
    return ledger.admit(alerts, cooldowns, now, heads)


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
