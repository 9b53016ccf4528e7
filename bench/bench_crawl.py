"""Crawl throughput on loopback: one RSS feed of N generated Vietnamese articles on a MockSite.

    .venv/bin/python bench/bench_crawl.py --pages 300 [--per-domain 2]

Prints pages/s over the whole ``run_crawl`` (child start included) and over the crawl
alone. No delay between requests, so this measures the crawler, not politeness.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlEvent, run_crawl
from langnghe.crawlers.testing import MockSite
from langnghe.settings import Settings

PARAGRAPHS = [
    "Sáng nay, người dân phường {n} phản ánh tình trạng ngập nước kéo dài sau cơn mưa lớn đêm qua.",
    "Chính quyền địa phương cho biết đã cử lực lượng khơi thông cống rãnh và hỗ trợ các hộ bị ảnh hưởng.",
    "Nhiều hộ kinh doanh dọc tuyến đường phải đóng cửa, thiệt hại ước tính hàng chục triệu đồng.",
    "Các chuyên gia đề nghị thành phố sớm nâng cấp hệ thống thoát nước tại những điểm thường xuyên ngập.",
]
PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Bài {n} - Báo Thử</title>
<meta property="article:published_time" content="2024-05-01T08:{m:02d}:00+07:00"></head><body>
<nav><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a> <a href="/kinh-te">Kinh tế</a></nav>
<article><h1>Tin thời sự số {n}</h1>{body}</article><footer>© Báo Thử. Liên hệ quảng cáo.</footer></body></html>"""
ITEM = "<item><title>Tin thời sự số {n}</title><link>{{base}}/tin/{n}.html</link><guid>{n}</guid>" \
       "<description>Tóm tắt tin số {n}.</description></item>"


def build_site(site: MockSite, pages: int) -> str:
    site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
    for n in range(pages):
        body = "".join(f"<p>{p.format(n=n)}</p>" for p in PARAGRAPHS * 3)
        site.add(f"/tin/{n}.html", PAGE.format(n=n, m=n % 60, body=body))
    items = "".join(ITEM.format(n=n) for n in range(pages))
    feed = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Thử</title>{items}</channel></rss>'
    return site.add("/rss.xml", feed, content_type="application/rss+xml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--per-domain", type=int, default=2, help="CONCURRENT_REQUESTS_PER_DOMAIN")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, MockSite() as site:
        url = build_site(site, args.pages)
        settings = Settings(data_dir=Path(tmp), download_delay=0.0)
        first_item: list[float] = []

        def on_event(event: CrawlEvent) -> None:
            if event.kind == "feed" and not first_item:
                first_item.append(time.perf_counter())

        started = time.perf_counter()
        report = run_crawl(
            [SourceConfig(id="bench", kind="rss", url=url)],
            settings,
            on_event=on_event,
            scrapy_overrides={"CONCURRENT_REQUESTS_PER_DOMAIN": args.per_domain, "AUTOTHROTTLE_ENABLED": False},
        )
        total = time.perf_counter() - started
    crawl = total - (first_item[0] - started if first_item else 0.0)
    print(report.summary_line())
    print(f"{report.pages_fetched} pages in {total:.1f}s: {report.pages_fetched / total:.1f} pages/s overall, "
          f"{report.pages_fetched / crawl:.1f} pages/s after the feed arrived "
          f"(per-domain concurrency {args.per_domain})")


if __name__ == "__main__":
    main()
