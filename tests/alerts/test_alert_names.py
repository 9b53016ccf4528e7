"""Alerts name what fired and where it came from: watch topics and sources by the config's names."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

from langnghe.alerts.job import run_alerts
from langnghe.alerts.rules import Sources, evaluate
from langnghe.app import App
from langnghe.claims.model import Claim
from langnghe.claims.store import ClaimStore, MatchRecord
from langnghe.config import AlertRule
from langnghe.delivery.testing import SmtpSink
from langnghe.detection.spikes import SpikeCheck
from langnghe.detection.trends import Spike
from langnghe.index.sqlite import SQLiteIndex
from langnghe.settings import load_settings
from langnghe.testing import build_item

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)  # 10:00 in Hà Nội
NAMES = {"watch_topic": {"o-nhiem-moi-truong": "Ô nhiễm môi trường"},
         "source": {"bao-song-hong": "Báo Sông Hồng - Thời sự", "dien-dan-pho": "Diễn đàn Phố Phường"}}


def _sources(**fields: object) -> Sources:
    base: dict[str, object] = dict(spikes=[], emerging=[], matches=[], claims={}, health={}, sources={}, index=None,
                                   names=NAMES)
    base.update(fields)
    return Sources(**base)  # type: ignore[arg-type]


def _spike(items: tuple[str, ...] = ()) -> Spike:
    # As the detection job stored it before it knew watch topics' names: the name is the id.
    check = SpikeCheck("window", 6, 1.0, 3.0, True, "mean of the previous 12 hours")
    return Spike(dimension="watch_topic", value="o-nhiem-moi-truong", granularity="hour", start=NOW - timedelta(hours=1),
                 observed=6, expected=1.0, score=6.0, methods=("window",), checks=(check,), item_ids=items,
                 name="o-nhiem-moi-truong")  # fmt: skip


def _match(n: int) -> MatchRecord:
    return MatchRecord("c1", f"i{n}", 0.8, "text", "spreads", NOW - timedelta(hours=n),
                       ("bao-song-hong", "dien-dan-pho")[n % 2], "forum", f"Bài {n}", f"http://127.0.0.1/{n}")


def test_a_watch_topic_spike_is_named_and_so_are_its_samples_sources(tmp_path: Path) -> None:
    index = SQLiteIndex(tmp_path / "index.sqlite3")
    index.upsert([build_item(id=f"tin-{n:04d}", source="bao-song-hong", title=f"Cá chết số {n}") for n in range(2)])
    rule = AlertRule(id="chu-de", kind="spike", dimension="watch_topic", threshold=3, window=timedelta(hours=2))
    [alert] = evaluate([rule], _sources(spikes=[_spike(("tin-0000", "tin-0001"))], index=index), NOW)
    index.close()
    assert alert.title == "Tăng đột biến - Chủ đề theo dõi: Ô nhiễm môi trường"
    assert "Ô nhiễm môi trường" in alert.detail and "o-nhiem-moi-truong" not in alert.detail
    assert [sample.source for sample in alert.samples] == ["Báo Sông Hồng - Thời sự"] * 2


def test_a_spreading_claim_lists_its_sources_by_name() -> None:
    rule = AlertRule(id="tin-gia", kind="claim_spread", threshold=2, window=timedelta(days=1))
    claims = {"c1": Claim(id="c1", claim="Nước máy nhiễm độc", source="Sở Y tế")}
    [alert] = evaluate([rule], _sources(matches=[_match(n) for n in (1, 2, 3)], claims=claims), NOW)
    assert "(Báo Sông Hồng - Thời sự, Diễn đàn Phố Phường)" in alert.detail
    assert {sample.source for sample in alert.samples} == {"Báo Sông Hồng - Thời sự", "Diễn đàn Phố Phường"}


def test_the_alert_job_reads_the_names_of_the_config(tmp_path: Path) -> None:
    with SmtpSink() as smtp:
        config = tmp_path / "config"
        config.mkdir()
        (config / "sources.yaml").write_text(yaml.safe_dump({"sources": [
            {"id": "bao-song-hong", "kind": "rss", "name": "Báo Sông Hồng - Thời sự", "url": "http://127.0.0.1:9/a"},
            {"id": "dien-dan-pho", "kind": "rss", "name": "Diễn đàn Phố Phường", "url": "http://127.0.0.1:9/b"},
        ]}, allow_unicode=True), encoding="utf-8")
        (config / "alerts.yaml").write_text(yaml.safe_dump({
            "channels": {"mail": {"kind": "email", "host": "127.0.0.1", "port": smtp.port, "security": "none",
                                  "sender": "langnghe@example.org", "to": ["a@example.org"]}},
            "alerts": [{"id": "tin-gia", "kind": "claim_spread", "threshold": 2, "window": "1d", "channels": ["mail"]}],
        }, allow_unicode=True), encoding="utf-8")
        settings = load_settings(data_dir=tmp_path / "data", config_dir=config)
        store = ClaimStore(settings.paths.claims)
        try:
            store.upsert_claims([Claim(id="c1", claim="Uống nước chanh nóng chữa khỏi ung thư")], origin="test")
            store.record(["i1", "i2"], [_match(n) for n in (1, 2)])
        finally:
            store.close()
        with App(settings) as app:
            report = run_alerts(app, NOW)
        body = smtp.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert [alert.rule_id for alert in report.sent] == ["tin-gia"]
    assert "Báo Sông Hồng - Thời sự" in body and "Diễn đàn Phố Phường" in body
    assert "bao-song-hong" not in body and "dien-dan-pho" not in body
