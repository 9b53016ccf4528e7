"""The alert job end to end: a failing source and a spreading false claim reach a real
local SMTP server as one mail; the next evaluation sends nothing (cooldown)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from langnghe.alerts.job import run_alerts
from langnghe.app import App
from langnghe.claims.model import Claim
from langnghe.claims.store import ClaimStore, MatchRecord
from langnghe.crawlers.events import CrawlReport
from langnghe.delivery.testing import SmtpSink
from langnghe.stores.health import SourceHealthStore
from langnghe.settings import load_settings

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)


def test_failing_source_and_spreading_claim_mail_one_alert_message(tmp_path: Path) -> None:
    with SmtpSink() as smtp:
        config = tmp_path / "config"
        config.mkdir()
        (config / "sources.yaml").write_text(yaml.safe_dump({"sources": [
            {"id": "bao-hong", "kind": "rss", "name": "Báo Hỏng", "url": "http://127.0.0.1:9/rss.xml"}]}))
        (config / "alerts.yaml").write_text(yaml.safe_dump({
            "channels": {"mail": {"kind": "email", "host": "127.0.0.1", "port": smtp.port, "security": "none",
                                  "sender": "langnghe@example.org", "to": ["a@example.org"]}},
            "alerts": [
                {"id": "nguon", "kind": "source_health", "threshold": 2, "window": "1d", "channels": ["mail"]},
                {"id": "tin-gia", "kind": "claim_spread", "threshold": 2, "window": "1d", "channels": ["mail"]},
            ],
        }, allow_unicode=True), encoding="utf-8")
        settings = load_settings(data_dir=tmp_path / "data", config_dir=config)
        health = SourceHealthStore(settings.paths.health)
        try:
            for hours in (3, 2):
                report = CrawlReport.for_sources([("bao-hong", "http://127.0.0.1:9/rss.xml")])
                report.sources["bao-hong"].errors.append("connection refused")
                report.finished = True
                health.record(report, at=NOW - timedelta(hours=hours))
        finally:
            health.close()
        store = ClaimStore(settings.paths.claims)
        try:
            store.upsert_claims([Claim(id="c1", claim="Uống nước chanh nóng chữa khỏi ung thư")], origin="test")
            store.record(["i1", "i2"], [
                MatchRecord("c1", f"i{n}", 0.8, "text", "spreads", NOW - timedelta(hours=n), f"nguon-{n}", "forum",
                            f"Bài {n}", f"http://127.0.0.1/{n}") for n in (1, 2)])
        finally:
            store.close()

        with App(settings) as app:
            first = run_alerts(app, NOW)
        assert sorted(a.rule_id for a in first.sent) == ["nguon", "tin-gia"]
        assert first.delivery_errors == []
        assert len(smtp.messages) == 1  # both alerts in one mail
        body = smtp.messages[0].get_body(preferencelist=("plain",)).get_content()
        assert "Báo Hỏng" in body and "nước chanh" in body and "connection refused" in body
        assert smtp.messages[0]["Subject"].startswith("[Cảnh báo dư luận] 2 cảnh báo")

        with App(settings) as app:
            again = run_alerts(app, NOW + timedelta(minutes=10))
        assert again.fired == 2 and again.sent == []
        assert len(smtp.messages) == 1


def test_rules_on_a_fresh_data_folder_fire_nothing_and_create_no_store(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    kinds = ("spike", "emerging_issue", "claim_spread", "source_health")
    (config / "alerts.yaml").write_text(yaml.safe_dump({
        "channels": {"mail": {"kind": "email", "host": "127.0.0.1", "port": 9, "security": "none",
                              "sender": "langnghe@example.org", "to": ["a@example.org"]}},
        "alerts": [{"id": kind.replace("_", "-"), "kind": kind, "channels": ["mail"]} for kind in kinds],
    }), encoding="utf-8")
    settings = load_settings(data_dir=tmp_path / "data", config_dir=config)
    with App(settings) as app:
        report = run_alerts(app, NOW)
    assert (report.evaluated, report.fired, report.sent) == (4, 0, [])
    written = {path.name for path in settings.data_dir.iterdir()}
    assert not written & {settings.paths.detections.name, settings.paths.claims.name, settings.paths.health.name}
