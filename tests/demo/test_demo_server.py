"""The running loopback site: feeds parse, links resolve, robots.txt traps, pages extract."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import urllib.robotparser
from urllib.parse import urlsplit

import feedparser
import markupsafe
import pytest
import trafilatura

from langnghe.config import SourceConfig
from langnghe.demo import DemoSite, ServedSite, serve_site
from langnghe.demo.render import dateline

_TIMEOUT = 10


def _get(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_each_host_has_its_own_loopback_address(served: ServedSite) -> None:
    hosts = {urlsplit(b).hostname for b in served.bases.values()}
    assert len(served.bases) == 6
    assert all(h is not None and h.startswith("127.") for h in hosts)


def test_every_feed_parses_and_every_entry_resolves(site: DemoSite, served: ServedSite) -> None:
    linked = set()
    formats = set()
    for url in served.feed_urls():
        status, headers, body = _get(url)
        assert status == 200 and "charset=utf-8" in headers["Content-Type"]
        parsed = feedparser.parse(body)
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        formats.add(parsed.version)
        for entry in parsed.entries:
            assert entry.title and entry.link and entry.id and entry.published_parsed and entry.summary
            linked.add(entry.link)
    assert {"rss20", "atom10"} <= formats
    assert linked == {served.url(i) for i in site.items}
    for url in sorted(linked):
        status, headers, _ = _get(url)
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8", url


def test_rss_dates_are_rfc822_in_vietnam_time(served: ServedSite) -> None:
    _, _, body = _get(served.feed_urls()[0])
    dates = re.findall(rb"<pubDate>([^<]+)</pubDate>", body)
    assert dates and all(d.endswith(b" +0700") for d in dates)


def test_robots_txt_disallows_some_feed_links(site: DemoSite, served: ServedSite) -> None:
    blocked = [i for i in site.items if i.robots_blocked]
    assert blocked
    for outlet in site.outlets:
        status, headers, body = _get(served.base_url(outlet.id) + "/robots.txt")
        assert status == 200 and headers["Content-Type"].startswith("text/plain")
    for item in blocked:
        robots = urllib.robotparser.RobotFileParser()
        robots.parse(_get(served.base_url(item.outlet) + "/robots.txt")[2].decode().splitlines())
        assert not robots.can_fetch("langnghe", served.url(item))
        assert item.summary  # the crawler falls back to this
    allowed = [i for i in site.items if not i.robots_blocked][:50]
    for item in allowed:
        robots = urllib.robotparser.RobotFileParser()
        robots.parse(_get(served.base_url(item.outlet) + "/robots.txt")[2].decode().splitlines())
        assert robots.can_fetch("langnghe", served.url(item))


def test_unknown_paths_are_404_and_head_and_etag_work(site: DemoSite, served: ServedSite) -> None:
    base = served.base_url("songhong")
    assert _get(base + "/khong-co-trang-nay.html")[0] == 404
    url = served.url(site.items_of("songhong")[0])
    status, headers, body = _get(url, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 1000
    assert _get(url, headers={"If-None-Match": headers["ETag"]})[0] == 304
    assert _get(url + "?utm_source=rss")[0] == 200


def test_requests_log_nothing(
    site: DemoSite, served: ServedSite, capfd: pytest.CaptureFixture[str]
) -> None:
    for item in site.items[:20]:
        _get(served.url(item))
    _get(served.base_url("phophuong") + "/khong-co/")
    assert capfd.readouterr().err == ""


def test_servers_stop_when_the_block_ends(site: DemoSite) -> None:
    with serve_site(site) as running:
        feed = running.feed_urls()[0]
        assert _get(feed)[0] == 200
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(feed, timeout=2)


def test_sources_are_valid_source_configs(served: ServedSite) -> None:
    sources = [SourceConfig(**entry) for entry in served.sources()]
    assert len(sources) == len(served.feed_urls())
    assert {s.platform for s in sources} == {"news", "forum"}
    assert len({s.id for s in sources}) == len(sources)


def test_article_pages_have_title_date_line_and_canonical(site: DemoSite, served: ServedSite) -> None:
    for item in [i for i in site.items if i.outlet != "phophuong"][::7]:
        html = _get(served.url(item))[2].decode()
        outlet = site.outlet(item.outlet)
        assert '<html lang="vi">' in html
        assert re.search(r"<h1[^>]*>" + re.escape(_escape(item.title)) + "</h1>", html), item.id
        assert dateline(item.published, outlet.date_style) in html
        assert f'<link rel="canonical" href="{served.url(item)}">' in html
        assert f'<meta property="article:published_time" content="{item.published.isoformat()}">' in html


def test_forum_threads_are_shaped_like_xenforo(site: DemoSite, served: ServedSite) -> None:
    for item in site.items_of("phophuong")[::9]:
        html = _get(served.url(item))[2].decode()
        messages = re.findall(r'<article class="message message--post[^"]*" data-author="([^"]+)"', html)
        assert messages[0] == _escape(item.author) and len(messages) == 1 + len(item.replies)
        assert html.count('<div class="bbWrapper">') == len(messages)
        times = re.findall(r'<time class="u-dt" dir="auto" datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0700"', html)
        assert len(times) >= len(messages)


@pytest.mark.parametrize("outlet", ["songhong", "mientrung", "phuongnam", "hungyen", "kinhteso"])
def test_trafilatura_extracts_the_body_not_the_boxes(site: DemoSite, served: ServedSite, outlet: str) -> None:
    for item in site.items_of(outlet)[5:8]:
        text = trafilatura.extract(_get(served.url(item))[2].decode())
        assert text, item.id
        assert item.paragraphs[1] in text and item.paragraphs[-1] in text
        for boilerplate in ("Đọc nhiều", "Tin liên quan", "Xem thêm", "Bài viết cùng chuyên mục", "Giấy phép"):
            assert boilerplate not in text, (item.id, boilerplate)
        others = [i.title for i in site.items_of(outlet) if i.id != item.id]
        assert not any(title in text for title in others), item.id


def _escape(text: str) -> str:
    return str(markupsafe.escape(text))
