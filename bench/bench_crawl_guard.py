"""What the internal-address guard (langnghe.crawlers.guard) costs a crawl: the same first crawl of
one feed and N article pages on loopback, with the guard and without it (its middleware and name
resolver replaced by scrapy's defaults), alternated over several rounds in one run.

    .venv/bin/python bench/bench_crawl_guard.py --pages 200 --rounds 3

Prints the median pages/s of each and their ratio (guard / no guard; 1.0: free).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_crawl import build_site

from langnghe.config import SourceConfig
from langnghe.crawlers import run_crawl
from langnghe.crawlers.scrapy_settings import DEFAULTS
from langnghe.crawlers.testing import MockSite
from langnghe.settings import Settings

BASE = {"CONCURRENT_REQUESTS_PER_DOMAIN": 2, "AUTOTHROTTLE_ENABLED": False}
NO_GUARD = {
    **BASE,
    "TWISTED_DNS_RESOLVER": "scrapy.resolver.CachingThreadedResolver",
    "DOWNLOADER_MIDDLEWARES": {**DEFAULTS["DOWNLOADER_MIDDLEWARES"], "langnghe.crawlers.guard.InternalAddressMiddleware": None},
}


def pages_per_second(site: MockSite, url: str, overrides: dict[str, Any]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), download_delay=0.0, allow_private_hosts=[site.host_port])
        started = time.perf_counter()
        report = run_crawl([SourceConfig(id="bench", kind="rss", url=url)], settings, scrapy_overrides=overrides)
        elapsed = time.perf_counter() - started
    assert report.ok and report.sources["bench"].blocked == 0, report.problems()
    return report.pages_fetched / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    guarded: list[float] = []
    plain: list[float] = []
    with MockSite() as site:
        url = build_site(site, args.pages)
        for _ in range(args.rounds):
            plain.append(pages_per_second(site, url, NO_GUARD))
            guarded.append(pages_per_second(site, url, BASE))
    on, off = statistics.median(guarded), statistics.median(plain)
    print(f"{args.pages} pages, {args.rounds} rounds: guard {on:.1f} pages/s, no guard (baseline) {off:.1f} pages/s; "
          f"ratio {on / off:.2f}")


if __name__ == "__main__":
    main()
