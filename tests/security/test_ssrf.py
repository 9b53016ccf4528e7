"""Requests to internal addresses (SSRF): a source may link to, or redirect to, loopback, private or
link-local addresses (a cloud metadata service); nothing there is fetched or stored unless the
operator allowed it (``allow_private_hosts``), and the rest of the crawl goes on.

Three real servers on loopback: ``public`` stands for the Internet (allowed by host:port, as the
demo's sites are), ``internal`` and ``robots_target`` for services that must never be reached.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import CrawlReport, run_crawl
from langnghe.crawlers.testing import MockSite, queued_items
from langnghe.demo import build_site, serve_site
from langnghe.item import Item
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

BLOCKED = "địa chỉ nội bộ bị chặn"
SECRET = "Khóa truy cập nội bộ của máy chủ quản trị"
TEXT = ("Người dân xã Tân Phú phản ánh tuyến đường liên thôn xuống cấp nghiêm trọng sau mùa mưa, "
        "xe máy đi lại rất khó khăn và học sinh phải lội bùn đến trường mỗi sáng. ") * 4
LIMITS = {"DOWNLOAD_TIMEOUT": 3, "RETRY_TIMES": 0}


def page(title: str, text: str) -> str:
    return (f"<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
            f"<body><article><h1>{escape(title)}</h1><p>{escape(text)}</p><p>{escape(text)}</p></article></body></html>")


def feed(*links: str) -> str:
    items = "".join(f"<item><title>Tin số {n}</title><link>{escape(link)}</link>"
                    f"<pubDate>Mon, 20 Nov 2026 08:15:00 +0700</pubDate><description>Tóm tắt tin {n}.</description></item>"
                    for n, link in enumerate(links, 1))
    return f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Báo</title>{items}</channel></rss>"


@dataclass
class Crawl:
    report: CrawlReport
    items: list[Item]
    internal: MockSite
    robots_target: MockSite


def _host_port(site: MockSite) -> str:
    return urlsplit(site.base).netloc


def _serve_public(public: MockSite, internal: MockSite, robots_target: MockSite) -> None:
    port = urlsplit(internal.base).port
    public.add("/robots.txt", "", status=302, headers={"Location": robots_target.url("/robots.txt")})
    public.add("/tin/ok.html", page("Tin bình thường", TEXT))
    public.add("/go/internal", "", status=302, headers={"Location": internal.url("/secret")})
    public.add("/go/metadata", "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/iam/"})
    feeds = {
        "entry-internal": feed(internal.url("/secret")),
        "redirect-internal": feed("{base}/go/internal"),
        "redirect-metadata": feed("{base}/go/metadata"),
        "ipv6-loopback": feed(f"http://[::1]:{port}/secret"),
        "ipv4-mapped": feed(f"http://[::ffff:127.0.0.1]:{port}/secret"),
        "localhost": feed(f"http://localhost:{port}/secret"),
        "fine": feed("{base}/tin/ok.html"),
    }
    for name, body in feeds.items():
        public.add(f"/{name}.xml", body, content_type="application/rss+xml")


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with MockSite() as public, MockSite() as internal, MockSite() as robots_target:
        internal.add("/secret", page(SECRET, SECRET + ". " + TEXT))
        internal.add("/rss.xml", feed(internal.url("/secret")), content_type="application/rss+xml")
        robots_target.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        _serve_public(public, internal, robots_target)
        settings = Settings(data_dir=tmp_path_factory.mktemp("ssrf"), download_delay=0.0, author_key=SecretStr(TEST_AUTHOR_KEY),
                            allow_private_hosts=[_host_port(public)])
        names = ["entry-internal", "redirect-internal", "redirect-metadata", "ipv6-loopback", "ipv4-mapped", "localhost", "fine"]
        sources = [SourceConfig(id=name, kind="rss", url=public.url(f"/{name}.xml")) for name in names]
        sources.append(SourceConfig(id="feed-internal", kind="rss", url=internal.url("/rss.xml")))
        report = run_crawl(sources, settings, scrapy_overrides=LIMITS)
        yield Crawl(report, list(queued_items(settings).values()), internal, robots_target)


def _page_reason(crawl: Crawl, source: str) -> str:
    failed = crawl.report.sources[source].pages_failed
    assert failed, f"{source}: the internal page was not refused"
    return failed[0].reason


def test_the_internal_server_is_never_reached(crawl: Crawl) -> None:
    assert crawl.internal.requests == []
    assert all(SECRET not in item.text and SECRET not in item.title for item in crawl.items)


def test_a_feed_entry_linking_to_an_internal_page_is_refused(crawl: Crawl) -> None:
    assert BLOCKED in _page_reason(crawl, "entry-internal")
    assert crawl.report.sources["entry-internal"].blocked == 1


def test_a_redirect_to_an_internal_address_is_refused(crawl: Crawl) -> None:
    assert BLOCKED in _page_reason(crawl, "redirect-internal")


def test_a_redirect_to_the_metadata_service_is_refused(crawl: Crawl) -> None:
    reason = _page_reason(crawl, "redirect-metadata")
    assert BLOCKED in reason and "169.254.169.254" in reason


@pytest.mark.parametrize("source", ["ipv6-loopback", "ipv4-mapped"])
def test_ipv6_literals_of_loopback_are_refused(crawl: Crawl, source: str) -> None:
    assert BLOCKED in _page_reason(crawl, source)


def test_a_host_name_resolving_to_loopback_is_refused(crawl: Crawl) -> None:
    reason = _page_reason(crawl, "localhost")
    assert BLOCKED in reason and "localhost" in reason


def test_a_robots_txt_redirect_to_an_internal_address_is_not_followed(crawl: Crawl) -> None:
    assert crawl.robots_target.requests == []


def test_a_source_on_an_internal_address_fails_with_the_reason(crawl: Crawl) -> None:
    source = crawl.report.sources["feed-internal"]
    assert source.errors and BLOCKED in source.errors[0] and source.blocked == 1


def test_the_rest_of_the_crawl_goes_on(crawl: Crawl) -> None:
    assert crawl.report.finished and crawl.report.child_error is None
    fine = [item for item in crawl.items if item.source == "fine"]
    assert len(fine) == 1 and fine[0].content_from == "page" and "Tân Phú" in fine[0].text


def test_the_allow_list_lets_the_demo_site_through(tmp_path: Path) -> None:
    site = build_site(date(2026, 11, 20), seed=7)
    with serve_site(site) as served:
        source = SourceConfig.model_validate({**served.sources()[0], "options": {"max_entries": 3}})
        settings = Settings(data_dir=tmp_path, download_delay=0.0, author_key=SecretStr(TEST_AUTHOR_KEY),
                            allow_private_hosts=served.allow_list())
        report = run_crawl([source], settings, scrapy_overrides=LIMITS)
    crawled = report.sources[source.id]
    assert report.ok and crawled.blocked == 0 and report.items == 3
    assert crawled.pages_fetched >= 2 and all(BLOCKED not in failed.reason for failed in crawled.pages_failed)


def test_connections_go_only_to_checked_addresses_even_without_the_middleware(tmp_path: Path) -> None:
    # The name resolver is the last line: with the checking middleware switched off, a connection
    # to an internal address still never opens (the download fails as an unresolvable host).
    from langnghe.crawlers.scrapy_settings import DEFAULTS

    middlewares = {**DEFAULTS["DOWNLOADER_MIDDLEWARES"], "langnghe.crawlers.guard.InternalAddressMiddleware": None}
    with MockSite() as public, MockSite() as internal:
        internal.add("/secret", page(SECRET, SECRET + ". " + TEXT))
        public.add("/rss.xml", feed(internal.url("/secret"), f"http://localhost:{urlsplit(internal.base).port}/secret"),
                   content_type="application/rss+xml")
        settings = Settings(data_dir=tmp_path, download_delay=0.0, author_key=SecretStr(TEST_AUTHOR_KEY),
                            allow_private_hosts=[_host_port(public)])
        source = SourceConfig(id="no-middleware", kind="rss", url=public.url("/rss.xml"))
        report = run_crawl([source], settings, scrapy_overrides={**LIMITS, "DOWNLOADER_MIDDLEWARES": middlewares})
        assert internal.requests == []
    assert len(report.sources["no-middleware"].pages_failed) == 2 and report.sources["no-middleware"].entries == 2


def test_a_sitemap_index_pointing_at_a_local_file_is_refused(tmp_path: Path) -> None:
    # Only http(s) is fetched: a sitemap index whose child is a file:// URL (here a readable sitemap
    # that would lead to a real page) is refused, not read from the crawler's disk.
    with MockSite() as public:
        public.add("/tin/ok.html", page("Tin bình thường", TEXT))
        local = tmp_path / "sitemap.xml"
        local.write_text("<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                         f"<url><loc>{public.url('/tin/ok.html')}</loc></url></urlset>", encoding="utf-8")
        index = ("<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                 f"<sitemap><loc>{local.as_uri()}</loc></sitemap></sitemapindex>")
        public.add("/sitemap-index.xml", index, content_type="application/xml")
        settings = Settings(data_dir=tmp_path / "data", download_delay=0.0, author_key=SecretStr(TEST_AUTHOR_KEY),
                            allow_private_hosts=[_host_port(public)])
        source = SourceConfig(id="file-child", kind="sitemap", url=public.url("/sitemap-index.xml"))
        report = run_crawl([source], settings, scrapy_overrides=LIMITS)
        assert public.hits("/tin/ok.html") == 0
    crawled = report.sources["file-child"]
    assert report.items == 0 and crawled.blocked == 1
    assert crawled.errors and "file://" in crawled.errors[0] and "chỉ tải địa chỉ http(s)" in crawled.errors[0]
