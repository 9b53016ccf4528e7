"""Crawl throughput and re-crawl cost on loopback: one RSS feed of N generated Vietnamese articles.

    .venv/bin/python bench/bench_crawl.py --pages 300 [--per-domain 2]

1. First crawl: items/s crawled and parsed over the whole ``run_crawl`` (child start included)
   and after the feed arrived, against the baseline of the same pages extracted in-process
   alone (``extract_article``, what each page costs without the engine): the ratio is the
   engine's share. No delay between requests: this measures the crawler, not politeness.
2. Re-crawl with nothing changed: requests sent (all conditional, answered 304) and items
   stored, against a crawler without validators or a seen-URL store (robots.txt + feed + N pages).
3. Re-crawl after one new article: requests sent.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlEvent, run_crawl
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite
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


def page(n: int) -> str:
    body = "".join(f"<p>{p.format(n=n)}</p>" for p in PARAGRAPHS * 3)
    return PAGE.format(n=n, m=n % 60, body=body)


def build_site(site: MockSite, pages: int, version: str = "v1") -> str:
    site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain", headers={"ETag": '"r1"'})
    for n in range(pages):
        site.add(f"/tin/{n}.html", page(n))
    items = "".join(ITEM.format(n=n) for n in range(pages))
    feed = f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Thử</title>{items}</channel></rss>'
    return site.add("/rss.xml", feed, content_type="application/rss+xml", headers={"ETag": f'"{version}"'})


def extraction_alone(pages: int) -> float:
    """Items/s of the page extraction by itself, in this process: the baseline."""
    from datetime import datetime, timezone

    from langnghe.crawlers.extract import extract_article

    html = [page(n) for n in range(pages)]
    now = datetime.now(timezone.utc)
    started = time.perf_counter()
    for n, text in enumerate(html):
        extract_article(text, f"http://127.0.0.1/tin/{n}.html", now=now)
    return pages / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--per-domain", type=int, default=2, help="CONCURRENT_REQUESTS_PER_DOMAIN")
    args = parser.parse_args()
    overrides = {"CONCURRENT_REQUESTS_PER_DOMAIN": args.per_domain, "AUTOTHROTTLE_ENABLED": False}
    with tempfile.TemporaryDirectory() as tmp, MockSite() as site:
        url = build_site(site, args.pages)
        settings = Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=Path(tmp), download_delay=0.0)
        source = SourceConfig(id="bench", kind="rss", url=url)
        first_item: list[float] = []

        def on_event(event: CrawlEvent) -> None:
            if event.kind == "feed" and not first_item:
                first_item.append(time.perf_counter())

        started = time.perf_counter()
        report = run_crawl([source], settings, on_event=on_event, scrapy_overrides=overrides)
        total = time.perf_counter() - started
        before = len(site.requests)
        unchanged = run_crawl([source], settings, scrapy_overrides=overrides)
        recrawl = site.requests[before:]
        build_site(site, args.pages + 1, version="v2")
        before = len(site.requests)
        one_new = run_crawl([source], settings, scrapy_overrides=overrides)
        changed_requests = len(site.requests) - before
    crawl = total - (first_item[0] - started if first_item else 0.0)
    baseline = extraction_alone(args.pages)
    after_feed = report.pages_fetched / crawl
    print(report.summary_line())
    print(f"first crawl: {report.items} items in {total:.1f}s: {report.items / total:.1f} items/s overall, "
          f"{after_feed:.1f} items/s after the feed arrived (per-domain concurrency {args.per_domain})")
    print(f"baseline, extraction alone in-process: {baseline:.1f} items/s; crawl/extraction = {after_feed / baseline:.2f}")
    naive = 2 + args.pages
    print(f"re-crawl, nothing changed: {len(recrawl)} requests ({sum(r.conditional for r in recrawl)} conditional, "
          f"{unchanged.not_modified} answered 304), {unchanged.items_new} items stored; "
          f"without validators and seen URLs: {naive} requests ({naive / max(1, len(recrawl)):.0f}x)")
    print(f"re-crawl, one new article: {changed_requests} requests, {one_new.items_new} item stored")


if __name__ == "__main__":
    main()
