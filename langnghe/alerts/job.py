"""The alert job: evaluate every rule now, group, respect cooldowns, deliver.

Each alert is recorded in ``data_dir/alerts.sqlite3``; one message per channel carries
every alert routed to it in this run, so a burst of related events is one mail.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from langnghe.alerts.grouping import admit
from langnghe.alerts.model import Alert
from langnghe.alerts.render import alerts_message
from langnghe.alerts.rules import Sources, evaluate
from langnghe.config import AlertRule, load_alerts, load_concerns, load_config, load_topics
from langnghe.settings import Settings
from langnghe.stores.alerts import AlertLedger

log = logging.getLogger(__name__)


@dataclass
class AlertsReport:
    evaluated: int = 0  # rules
    fired: int = 0  # before grouping and cooldowns
    sent: list[Alert] = field(default_factory=list)
    delivery_errors: list[str] = field(default_factory=list)


def run_alerts(settings: Settings, now: datetime) -> AlertsReport:
    from langnghe.alerts.channels import configured_channels
    from langnghe.delivery import deliver

    config = load_alerts(settings.config_dir)
    report = AlertsReport(evaluated=len(config.alerts))
    if not config.alerts:
        return report
    channels = configured_channels(settings)
    data = _gather(settings, config.alerts, now)
    try:
        alerts = evaluate(config.alerts, data, now)
    finally:
        if data.index is not None:
            data.index.close()
    report.fired = len(alerts)
    ledger = AlertLedger(settings.paths.alerts)
    try:
        report.sent = admit(ledger, alerts, {rule.id: rule.cooldown for rule in config.alerts}, now)
    finally:
        ledger.close()
    rules = {rule.id: rule for rule in config.alerts}
    for name in sorted({c for rule in config.alerts for c in rule.channels}):
        routed = [a for a in report.sent if name in rules[a.rule_id].channels]
        if not routed:
            continue
        for result in deliver(alerts_message(routed, settings.timezone), [name], channels, data_dir=settings.data_dir,
                              tz=settings.timezone):
            if not result.ok:
                report.delivery_errors.append(f"{name}: {result.error}")
    for alert in report.sent:
        log.info("alert", extra={"event": "alert", "rule": alert.rule_id, "subject": alert.subject})
    return report


def _gather(settings: Settings, rules: list[AlertRule], now: datetime) -> Sources:
    """Open only what the configured kinds read."""
    from langnghe.claims.store import ClaimStore
    from langnghe.index import open_index
    from langnghe.stores.detections import DetectionStore
    from langnghe.stores.health import SourceHealthStore

    kinds = {rule.kind for rule in rules}
    data = Sources(spikes=[], emerging=[], matches=[], claims={}, health={}, sources={}, index=None, tz=settings.timezone)
    if kinds & {"spike", "emerging_issue"} and settings.paths.detections.exists():
        detections = DetectionStore(settings.paths.detections)
        try:
            longest = max((r.window for r in rules if r.kind == "spike"), default=timedelta(hours=1))
            data.spikes = detections.spikes(now - longest, now)
            data.emerging = detections.emerging()
        finally:
            detections.close()
    if "claim_spread" in kinds and settings.paths.claims.exists():
        store = ClaimStore(settings.paths.claims)
        try:
            data.matches = [m for m in store.matches(before=now)]
            data.claims = {claim.id: claim for claim in store.claims()}
        finally:
            store.close()
    if "source_health" in kinds:
        if settings.paths.health.exists():
            health = SourceHealthStore(settings.paths.health)
            try:
                data.health = health.all()
            finally:
                health.close()
        if (settings.config_dir / "sources.yaml").exists():
            data.sources = {s.id: s for s in load_config(settings.config_dir).sources}
    if "sentiment_surge" in kinds:
        data.index = open_index(settings)
        data.names = {
            "concern": {c.id: c.name for c in load_concerns(settings.config_dir)},
            "watch_topic": {t.id: t.name for t in load_topics(settings.config_dir)},
        }
    elif kinds & {"spike", "emerging_issue"}:
        data.index = open_index(settings)  # for sample links
    return data
