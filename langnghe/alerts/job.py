"""The alert job: evaluate every rule now, group, respect cooldowns, deliver.

The rules read the stored detections, the claim matches and the source health through the
query service of the job's :class:`~langnghe.app.App` (which opens nothing no job has
written); each alert is recorded in the app's alert ledger; one message per channel carries
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
from langnghe.app import App
from langnghe.config import AlertRule, load_alerts, load_config
from langnghe.reports.names import load_names
from langnghe.service import QueryService

log = logging.getLogger(__name__)


@dataclass
class AlertsReport:
    evaluated: int = 0  # rules
    fired: int = 0  # before grouping and cooldowns
    sent: list[Alert] = field(default_factory=list)
    delivery_errors: list[str] = field(default_factory=list)


def run_alerts(app: App, now: datetime) -> AlertsReport:
    from langnghe.alerts.channels import configured_channels
    from langnghe.delivery import deliver

    settings = app.settings
    config = load_alerts(settings.config_dir)
    report = AlertsReport(evaluated=len(config.alerts))
    if not config.alerts:
        return report
    channels = configured_channels(settings)
    alerts = evaluate(config.alerts, _gather(QueryService(app), config.alerts, now), now)
    report.fired = len(alerts)
    report.sent = admit(app.alerts, alerts, {rule.id: rule.cooldown for rule in config.alerts}, now)
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
        log.info("alert", extra={"event": "alert", "rule": alert.rule_id, "subject": alert.subject,
                                 "title": alert.title})
    return report


def _gather(service: QueryService, rules: list[AlertRule], now: datetime) -> Sources:
    """Read only what the configured kinds need."""
    settings = service.app.settings
    kinds = {rule.kind for rule in rules}
    data = Sources(spikes=[], emerging=[], matches=[], claims={}, health={}, sources={}, index=None, tz=settings.timezone)
    if kinds & {"spike", "emerging_issue"}:
        longest = max((r.window for r in rules if r.kind == "spike"), default=timedelta(hours=1))
        data.spikes = service.spike_records(now - longest, now)
        data.emerging = service.emerging_records() or []
    if "claim_spread" in kinds:
        data.matches = service.claim_matches(before=now)
        data.claims = {claim.id: claim for claim in service.claim_base()}
    if "source_health" in kinds:
        data.health = service.source_health()
        if (settings.config_dir / "sources.yaml").exists():
            data.sources = {s.id: s for s in load_config(settings.config_dir).sources}
    names = load_names(settings, service.saved_search_store())  # every kind names what fired and the sources of its samples
    data.names = {"concern": names.concerns, "watch_topic": names.topics, "source": names.sources}
    if kinds & {"sentiment_surge", "spike", "emerging_issue"}:
        data.index = service.app.index  # the surge counts; sample links of spikes and issues
    return data
