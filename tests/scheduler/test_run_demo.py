"""``langnghe run`` on the demo configuration, on a controlled clock: the crawls, enrich,
roll-up and detection jobs run by themselves, and at 07:00 the digest reaches a real
local SMTP server (HTML with the charts inline, plain text, Vietnamese subject)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from typer.testing import CliRunner

from langnghe.cli import app
from langnghe.delivery.testing import SmtpSink
from langnghe.demo import build_site, serve_site
from langnghe.index import open_index
from langnghe.scheduler.service import Service
from langnghe.settings import load_settings

from .conftest import wait_for, write_config

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
ROUND_JOBS = ("enrich", "rollup", "detect")


@pytest.mark.slow
def test_run_crawls_enriches_detects_and_mails_the_digest_at_seven(tmp_path: Path, services: list[Service]) -> None:
    # The crawler runs in a child process on the real clock, so the controlled clock must stay
    # ahead of it: the demo's last day is today, the scheduler wakes tomorrow morning.
    end = datetime.now(HCM).date()
    morning = datetime.combine(end + timedelta(days=1), time(6, 50), tzinfo=HCM)
    site = build_site(end, seed=7)
    with serve_site(site) as served, SmtpSink() as smtp:
        sources = [{**source, "interval": "1d"} for source in served.sources()]
        mail = {"kind": "email", "host": "127.0.0.1", "port": smtp.port, "security": "none",
                "sender": "langnghe@example.org", "to": ["phong-thong-tin@example.org"]}
        schedule = {"enrich_every": "1m", "rollup_every": "1m", "detect_every": "1m", "health_every": "1d",
                    "digest": {"at": "07:00", "channels": ["mail"]}}
        config_dir = write_config(tmp_path / "config", sources=sources, schedule=schedule,
                                  alerts={"channels": {"mail": mail}, "alerts": []})
        settings = load_settings(data_dir=tmp_path / "data", config_dir=config_dir, download_delay=0.0,
                                 allow_private_hosts=served.allow_list())
        with time_machine.travel(morning, tick=False) as clock:
            service = Service(settings)
            services.append(service)
            service.start()
            for source in sources:
                wait_for(lambda: bool(service.runs.runs(f"crawl:{source['id']}")), f"crawl of {source['id']}", 240)
            # each minute the enrich, roll-up and detection jobs run again; three rounds after
            # the crawls, every item is enriched, rolled up and seen by the detectors
            for minute in range(51, 54):
                runs = {job: len(service.runs.runs(job)) for job in ROUND_JOBS}
                clock.move_to(morning.replace(minute=minute))
                service.scheduler.wakeup()
                for job, n in runs.items():
                    wait_for(lambda: len(service.runs.runs(job)) > n, f"{job} at 06:{minute}", 240)
            assert smtp.messages == []

            clock.move_to(morning.replace(hour=7, minute=0, second=5))
            service.scheduler.wakeup()
            wait_for(lambda: bool(service.runs.runs("digest")), "the digest job", 240)
            service.stop()

        for job in ("crawl", "enrich", "rollup", "detect", "digest"):
            failed = [r for r in _all_runs(service, job) if r.outcome != "ok"]
            assert failed == [], failed
        index = open_index(settings)
        try:
            indexed = index.count()
        finally:
            index.close()
        assert indexed >= 0.9 * len(site.items)  # the rest are pages the demo withholds on purpose

        assert len(smtp.messages) == 1
        mail_message = smtp.messages[0]
        assert mail_message["Subject"] == f"Bản tin dư luận ngày {end:%d/%m/%Y}"
        assert mail_message["To"] == "phong-thong-tin@example.org"
        html = mail_message.get_body(preferencelist=("html",))
        text = mail_message.get_body(preferencelist=("plain",))
        assert html is not None and text is not None
        images = [part for part in mail_message.walk() if part.get_content_type() == "image/png"]
        assert images and all(f"cid:{part['Content-ID'].strip('<>')}" in html.get_content() for part in images)
        assert "Bản tin" in text.get_content()

        status = CliRunner().invoke(app, ["status", "--data-dir", str(settings.data_dir), "--config-dir",
                                          str(config_dir)])
        assert status.exit_code == 0, status.output
        assert "Bản tin" in status.output and "Phát hiện" in status.output


def _all_runs(service: Service, prefix: str) -> list[object]:
    from langnghe.stores.runs import RunLog

    log = RunLog(service.settings.paths.scheduler)
    try:
        return [run for job_id, run in log.last_runs().items() if job_id.split(":")[0] == prefix]
    finally:
        log.close()
