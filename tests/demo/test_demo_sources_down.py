"""``langnghe demo`` when no source can be fetched (issue 14, point 8): it says so in one
Vietnamese line and exits 2 instead of writing a digest of nothing and exiting 0.

Every fetch is made to fail for real: the crawler is sent through an HTTP proxy on a loopback
port where nothing listens (the proxy environment variables, which scrapy honours)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from langnghe.crawlers import CrawlEvent, CrawlReport
from langnghe.demo.run import nothing_crawled

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # closed again when the block ends: connections are refused


@pytest.mark.slow
def test_a_demo_whose_sources_all_fail_exits_2_without_a_digest(tmp_path: Path) -> None:
    proxy = f"http://127.0.0.1:{_closed_port()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "http_proxy": proxy, "https_proxy": proxy, "no_proxy": "",
           "HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "NO_PROXY": ""}
    result = subprocess.run(
        [sys.executable, "-m", "langnghe.cli", "demo", "--end-date", "2026-11-20", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=300, env=env, check=False,
    )
    assert result.returncode == 2, result.stdout[-2000:]
    last = [line for line in result.stderr.splitlines() if line.strip()][-1]
    assert "nguồn" in last and "bản tin" in last and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("digests/*")), "no digest is written from nothing"


def _report(*events: CrawlEvent) -> CrawlReport:
    report = CrawlReport()
    for event in events:
        report.apply(event)
    return report


def test_the_demo_goes_on_while_one_source_answers_or_pages_are_unchanged() -> None:
    down = CrawlEvent(kind="source_error", source="a", url="http://a/rss", reason="connection refused")
    assert nothing_crawled(_report(down), 2) is None  # b answered (its pages unchanged: 304)
    assert nothing_crawled(_report(), 2) is None
    assert "cả 1 nguồn đều lỗi" in (nothing_crawled(_report(down), 1) or "")
    died = CrawlEvent(kind="child_failed", reason="exit 1")
    assert "dừng sớm" in (nothing_crawled(_report(died), 2) or "")
