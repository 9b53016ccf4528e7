"""A crawled page whose metadata time misses its byline by whole hours: the item keeps the
byline's time and the crawl report (hence source health) counts the page."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlEvent, run_crawl
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, queued_items, url_path
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

SNAPSHOTS = Path(__file__).parent / "snapshots"
RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Kinh Tế Xanh</title>
<link>{base}/</link><description>Tin</description>
<item><title>Hợp tác xã rau sạch ký hợp đồng bao tiêu</title><link>{base}/tin/rau-sach.html</link>
<description>Hợp tác xã giao rau cho siêu thị.</description><pubDate>Tue, 03 Mar 2020 01:20:00 +0700</pubDate></item>
<item><title>Trạm bơm mới</title><link>{base}/tin/tram-bom.html</link>
<description>Trạm bơm cấp nước cho ba xã.</description></item>
</channel></rss>"""


def test_the_byline_wins_and_the_report_counts_the_page(tmp_path: Path) -> None:
    settings = Settings(allow_private_hosts=MOCK_SITE_HOSTS, data_dir=tmp_path, download_delay=0.01,
                        author_key=SecretStr(TEST_AUTHOR_KEY))
    events: list[CrawlEvent] = []
    with MockSite() as site:
        site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        site.add("/rss.xml", RSS.replace("{base}", site.base), content_type="application/rss+xml; charset=utf-8")
        site.add("/tin/rau-sach.html", (SNAPSHOTS / "news_2020_byline_hours.html").read_text(encoding="utf-8"))
        site.add("/tin/tram-bom.html", (SNAPSHOTS / "news_2025_modern.html").read_text(encoding="utf-8"))
        report = run_crawl([SourceConfig(id="kinh-te-xanh", kind="rss", url=site.url("/rss.xml"))], settings,
                           on_event=events.append)
    assert report.items == 2 and report.sources["kinh-te-xanh"].items_metadata_off == 1
    assert [e.metadata_off for e in events if e.kind == "item"].count(True) == 1
    items = queued_items(settings, by=url_path)
    assert items["tin/rau-sach.html"].published_at == datetime(2020, 3, 3, 1, 20, tzinfo=timezone.utc)  # 08:20 GMT+7
