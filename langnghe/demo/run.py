"""``langnghe demo``: the whole pipeline on the bundled demo site and the embedded store.

Serves the fictional outlets on loopback addresses at a fixed port (so page URLs,
and therefore item ids, are the same on every run), writes a demo
``sources.yaml`` under the data folder, crawls, enriches, summarises and writes
the digest for the demo's last day. Re-running is safe: unchanged items are
no-ops in the queue and upserts in the index.
"""

from __future__ import annotations

import shutil
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from rich.console import Console

from langnghe.config import load_config
from langnghe.demo.model import DAYS
from langnghe.crawlers import CrawlReport
from langnghe.errors import LangngheError
from langnghe.progress import SILENT, Progress
from langnghe.index import open_index
from langnghe.app import App
from langnghe.jobs.core import crawl_sources, run_detections, run_enrich, run_rollup, run_stories
from langnghe.jobs.detect import DetectReport
from langnghe.jobs.core import enrich_line as enrich_line_of
from langnghe.service.summary import Summary, summarize
from langnghe.reports.digest_render import write_digest
from langnghe.settings import Settings, link_config_dir

DEMO_PORT = 48_231
# Our own loopback site: a short delay keeps the crawl polite without making the demo slow.
DEMO_DOWNLOAD_DELAY = 0.02


@dataclass(frozen=True)
class DemoResult:
    summary: Summary
    digest_path: Path
    crawl_line: str
    enrich_line: str
    seconds: float
    end_date: date
    stories_line: str = ""
    detections_line: str = ""


def demo_config_dir(settings: Settings) -> Path:
    return settings.data_dir / "demo-config"


def write_demo_config(
    settings: Settings, sources: list[dict[str, object]], claims: list[dict[str, object]] | None = None
) -> Path:
    """The demo's sources (and claim base) plus the shipped topics and alerts, in a folder of its own."""
    folder = demo_config_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    header = "# Written by `langnghe demo`: the bundled demo site's feeds on loopback.\n"
    (folder / "sources.yaml").write_text(
        header + yaml.safe_dump({"sources": sources}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    if claims is not None:
        (folder / "claims.yaml").write_text(
            "# Written by `langnghe demo`: the demo's claim base (fictional debunks).\n"
            + yaml.safe_dump({"claims": claims}, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    for name in ("topics.yaml", "alerts.yaml"):
        if (settings.config_dir / name).is_file():
            shutil.copyfile(settings.config_dir / name, folder / name)
    link_config_dir(settings.paths, folder, "`langnghe demo`")  # later commands read the demo's sources
    return folder


def nothing_crawled(report: CrawlReport, sources: int) -> str | None:
    """Why the demo cannot go on (every source failed or the crawler died, no item queued),
    in Vietnamese for the operator; None when it can. A rerun that finds every page unchanged
    (304, no item) is no failure."""
    if report.items:
        return None
    failed = sum(1 for source in report.sources.values() if source.errors)
    if report.child_error is not None:
        return "demo: tiến trình thu thập dừng sớm, không có tin nào; không viết bản tin"
    if sources and failed == sources:
        return f"demo: cả {sources} nguồn đều lỗi, không có tin nào; không viết bản tin"
    return None


def run_demo(
    settings: Settings, *, end_date: date | None = None, console: Console, port: int = DEMO_PORT,
    progress: Progress = SILENT,
) -> DemoResult:
    from langnghe.claims.model import load_claims
    from langnghe.demo import build_site, serve_site
    from langnghe.demo.claim_base import claim_base

    started = time.monotonic()
    now = datetime.now(ZoneInfo(settings.timezone))
    last_day = end_date or now.date() - timedelta(days=1)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    site = build_site(last_day, not_after=now)
    console.print(f"Trang demo: {len(site.items)} tin, bài trong {DAYS} ngày, đến hết ngày {last_day:%d/%m/%Y}")
    with ExitStack() as stack:
        try:
            served = stack.enter_context(serve_site(site, port=port))
        except OSError as exc:
            raise LangngheError(f"demo: không mở được trang demo ở cổng {port} ({exc.strerror or exc}); có bản demo khác đang chạy?") from None
        config = load_config(write_demo_config(settings, served.sources(), claim_base(site, served.url)))
        # The demo's hosts live on loopback: allow exactly their host:port, nothing else internal.
        allowed = [*settings.allow_private_hosts, *served.allow_list()]
        crawl_settings = settings.model_copy(update={"download_delay": DEMO_DOWNLOAD_DELAY, "allow_private_hosts": allowed})
        crawled = crawl_sources(config.sources, crawl_settings, progress=progress)
    failed = nothing_crawled(crawled, len(config.sources))
    if failed:
        raise LangngheError(failed)
    crawl_line = crawled.summary_line()
    claims = load_claims(demo_config_dir(settings))
    with App(settings) as app:
        enriched = run_enrich(app, progress=progress, topics=config.topics, claims=claims)
    enrich_line = enrich_line_of(enriched)
    stories_line = run_stories(settings).line()
    run_rollup(settings, None, datetime.now(ZoneInfo(settings.timezone)))  # now: the crawl took a while
    index = open_index(settings)
    try:
        summary = summarize(index, tz=settings.timezone)
    finally:
        index.close()
    # The demo's own config folder: its sources' names and the watch topics it enriched with.
    demo_settings = settings.model_copy(update={"config_dir": demo_config_dir(settings)})
    detected = detect_demo_days(demo_settings, last_day, progress)
    digest_path = write_digest(demo_settings, last_day)
    return DemoResult(
        summary, digest_path, crawl_line, enrich_line, time.monotonic() - started, last_day, stories_line,
        detections_line(detected),
    )


def detect_demo_days(settings: Settings, last_day: date, progress: Progress = SILENT) -> DetectReport:
    """What the scheduler's detection jobs would have stored over the demo's days (hourly and
    daily spikes, the daily emerging-issue ranking), so that its digest shows them."""
    zone = ZoneInfo(settings.timezone)
    since = datetime.combine(last_day - timedelta(days=DAYS - 1), datetime.min.time(), zone)
    until = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), zone)
    return run_detections(settings, since, until, progress=progress)


def detections_line(report: DetectReport) -> str:
    """``Phát hiện: 336 giờ và 14 ngày đã kiểm tra: 9 đột biến, 14 bảng xếp hạng dư luận tiềm ẩn``."""
    return (f"{report.hours} giờ và {report.days} ngày đã kiểm tra: {report.spikes} đột biến, "
            f"{report.rankings} bảng xếp hạng dư luận tiềm ẩn")
