"""Forum handles never reach searchable text: article-page extraction of forum threads drops the
user blocks (name, avatar, join date, post count) and the "X said:" quote lines, and every handle
the page names (the post's author, quoted members) that is left in the text becomes its pseudonym.

The thread pages are written here in the shapes of XenForo 2 and vBulletin 4 (all names and
sentences invented); they are served on loopback and crawled as an RSS source that follows links.
"""

from __future__ import annotations

import re
from datetime import date
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from pydantic import SecretStr

from langnghe.config import SourceConfig
from langnghe.crawlers import run_crawl
from langnghe.crawlers.testing import MOCK_SITE_HOSTS, MockSite, queued_items
from langnghe.demo import build_site, serve_site
from langnghe.demo.banks import forum_bank
from langnghe.item import Item
from langnghe.pseudonym import pseudonymise
from langnghe.settings import Settings
from langnghe.testing import TEST_AUTHOR_KEY

KEY = TEST_AUTHOR_KEY
STARTER = "lan_anh_92"
REPLIER = "Bác Tư Xe Lôi"
QUOTER = "ThanhTung.HN"
HANDLES = (STARTER, REPLIER, QUOTER)
DATE = "Fri, 20 Nov 2026 08:15:00 +0700"
FIRST_POST = (
    "Mọi người ơi, con hẻm 42 đường Nguyễn Trãi nhà mình ngập nửa mét suốt ba ngày nay rồi, "
    "xe máy chết máy hàng loạt mà chưa thấy ai xuống khơi thông cống.",
    "Phường bảo đã báo lên quận nhưng cống chính bị lấp bởi công trình bên cạnh, ai có cách nào "
    "phản ánh cho nhanh thì chỉ giúp với, nhà có người già đi lại rất khó.",
    f"Hôm trước bác {QUOTER} có chỉ gọi đường dây nóng của quận nhưng gọi mãi không ai nghe máy.",
)
QUOTED = (REPLIER, "Cống ở đầu hẻm bị lấp từ tháng trước rồi, phải làm đơn gửi quận thì mới có người xuống xử lý.")
REPLY = (
    f"Như bác {STARTER} nói đó, hẻm bên mình cũng y chang, tối qua nước tràn vào tận bếp. "
    "Gọi đường dây nóng của quận thì được hẹn sáng mai cho xe hút bùn tới.",
)
QUOTE_REPLY = (
    f"@{REPLIER} gọi số nào vậy bác, để tối nay mình gọi luôn cho cả xóm, chứ đợi mãi không được.",
)


def _xf_post(post_id: int, author: str, body: tuple[str, ...], quote: tuple[str, str] | None = None) -> str:
    who = escape(author)
    quoted = ""
    if quote is not None:
        quoted = (
            f'<blockquote class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote" data-quote="{escape(quote[0])}">'
            f'<div class="bbCodeBlock-title"><a href="/goto/post?id=1" class="bbCodeBlock-sourceJump">{escape(quote[0])} said:</a></div>'
            f'<div class="bbCodeBlock-content"><div class="bbCodeBlock-expandContent">{escape(quote[1])}</div>'
            '<div class="bbCodeBlock-expandLink"><a role="button">Click to expand...</a></div></div></blockquote>'
        )
    text = "<br />\n<br />\n".join(escape(p) for p in body)
    return f"""<article class="message message--post" data-author="{who}" data-content="post-{post_id}" id="js-post-{post_id}">
<div class="message-inner"><div class="message-cell message-cell--user"><section class="message-user">
<div class="message-avatar"><a href="/members/{post_id}/" class="avatar avatar--m"><img src="/data/avatars/m/{post_id}.jpg" alt="{who}" /></a></div>
<div class="message-userDetails"><h4 class="message-name"><a href="/members/{post_id}/" class="username">{who}</a></h4>
<h5 class="userTitle message-userTitle">Thành viên tích cực</h5></div>
<div class="message-userExtras"><dl class="pairs pairs--justified"><dt>Tham gia</dt><dd>12/3/2019</dd></dl>
<dl class="pairs pairs--justified"><dt>Bài viết</dt><dd>1.234</dd></dl><dl class="pairs pairs--justified"><dt>Điểm tương tác</dt><dd>567</dd></dl></div>
</section></div>
<div class="message-cell message-cell--main"><header class="message-attribution">
<time class="u-dt" datetime="2026-11-20T08:15:00+0700">20/11/26</time></header>
<div class="message-content"><article class="message-body js-selectToQuote"><div class="bbWrapper">{quoted}{text}</div></article></div>
</div></div></article>"""


def xenforo_thread(title: str) -> str:
    posts = (
        _xf_post(101, STARTER, FIRST_POST, quote=QUOTED)
        + _xf_post(102, REPLIER, REPLY)
        + _xf_post(103, QUOTER, QUOTE_REPLY, quote=(REPLIER, REPLY[0][:80]))
    )
    return f"""<!DOCTYPE html><html lang="vi-VN" data-app="public"><head><meta charset="utf-8" />
<title>{escape(title)} | Diễn đàn Xóm Trọ</title><meta property="og:site_name" content="Diễn đàn Xóm Trọ" /></head>
<body><div class="p-body"><div class="p-body-header"><div class="p-title"><h1 class="p-title-value">{escape(title)}</h1></div>
<div class="p-description"><ul class="listInline"><li><span class="u-srOnly">Người tạo chủ đề</span>
<a href="/members/101/" class="username u-concealed">{escape(STARTER)}</a></li>
<li><time class="u-dt" datetime="2026-11-20T08:15:00+0700">20/11/26</time></li></ul></div></div>
<div class="block block--messages"><div class="block-container"><div class="block-body">{posts}</div></div></div>
</div></body></html>"""


def _vb_post(post_id: int, author: str, body: tuple[str, ...], quote: tuple[str, str] | None = None) -> str:
    who = escape(author)
    quoted = ""
    if quote is not None:
        quoted = (
            '<div class="bbcode_container"><div class="bbcode_quote"><div class="quote_container">'
            f'<div class="bbcode_postedby">Trích dẫn nguyên văn bởi <strong>{escape(quote[0])}</strong></div>'
            f'<div class="message">{escape(quote[1])}</div></div></div></div>'
        )
    text = "<br />\n".join(escape(p) for p in body)
    return f"""<li class="postbitlegacy postcontainer" id="post_{post_id}">
<div class="posthead"><span class="postdate"><span class="date">20-11-2026,&nbsp;<span class="time">08:15</span></span></span>
<span class="nodecontrols"><a name="{post_id}" class="postcounter">#{post_id - 200}</a></span></div>
<div class="postdetails"><div class="userinfo">
<div class="username_container"><a class="username offline popupctrl" href="member.php?u={post_id}"><strong>{who}</strong></a></div>
<span class="usertitle">Thành viên mới</span>
<a class="postuseravatar" href="member.php?u={post_id}"><img src="avatar{post_id}.gif" alt="Ảnh đại diện của {who}" /></a>
<hr /><dl class="userinfo_extra"><dt>Tham gia ngày</dt><dd>Mar 2019</dd><dt>Bài gửi</dt><dd>1.234</dd></dl></div>
<div class="postbody"><div class="postrow"><div class="content"><div id="post_message_{post_id}">
<blockquote class="postcontent restore">{quoted}{text}</blockquote></div></div></div></div></div></li>"""


def vbulletin_thread(title: str) -> str:
    posts = (
        _vb_post(201, STARTER, FIRST_POST, quote=QUOTED)
        + _vb_post(202, REPLIER, REPLY)
        + _vb_post(203, QUOTER, QUOTE_REPLY, quote=(REPLIER, REPLY[0][:80]))
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8" /><title>{escape(title)} - Diễn đàn Phố Cũ</title></head>
<body><div id="pagetitle"><h1>Chủ đề: <span class="threadtitle"><a href="showthread.php?t=9">{escape(title)}</a></span></h1></div>
<div id="postlist" class="postlist"><ol id="posts" class="posts">{posts}</ol></div>
<div id="footer">Múi giờ GMT +7. Bây giờ là 08:30.</div></body></html>"""


def _feed(entries: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>{{base}}{path}</link><pubDate>{DATE}</pubDate>"
        f"<dc:creator>{escape(STARTER)}</dc:creator><description>{escape(FIRST_POST[0])}</description></item>"
        for title, path in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Chủ đề mới</title>
<link>{{base}}/</link><description>Chủ đề mới</description>{items}</channel></rss>"""


def _leaks(text: str, handles: tuple[str, ...] | list[str]) -> list[str]:
    folded = text.casefold()
    return [handle for handle in handles if handle.casefold() in folded]


@pytest.fixture(scope="module")
def threads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Item]]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("handles"), download_delay=0.01, author_key=SecretStr(KEY),
                        allow_private_hosts=MOCK_SITE_HOSTS)
    with MockSite() as site:
        site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        site.add("/threads/hem-42-ngap.101/", xenforo_thread("Hẻm 42 ngập ba ngày chưa ai xử lý"))
        site.add("/showthread.php", vbulletin_thread("Hẻm 42 ngập nửa mét, xe chết máy hàng loạt"))
        site.add("/forums/-/index.rss", _feed([
            ("Hẻm 42 ngập ba ngày chưa ai xử lý", "/threads/hem-42-ngap.101/"),
            ("Hẻm 42 ngập nửa mét, xe chết máy hàng loạt", "/showthread.php?t=9"),
        ]), content_type="application/rss+xml")
        source = SourceConfig(id="xom-tro", kind="rss", url=site.url("/forums/-/index.rss"), platform="forum")
        report = run_crawl([source], settings, scrapy_overrides={"RETRY_TIMES": 0})
        assert report.finished, report
    yield queued_items(settings, by=lambda item: "xenforo" if "/threads/" in (item.url or "") else "vbulletin")


@pytest.mark.parametrize("engine", ["xenforo", "vbulletin"])
def test_a_forum_thread_page_keeps_no_handle(threads: dict[str, Item], engine: str) -> None:
    item = threads[engine]
    assert item.content_from == "page"
    assert "ngập nửa mét suốt ba ngày" in item.text  # the post itself is kept
    assert _leaks(item.text, HANDLES) == [] and _leaks(item.title, HANDLES) == []
    assert not re.search(r"Tham gia|Bài viết|Bài gửi|1\.234|said:|nguyên văn bởi", item.text, re.IGNORECASE)
    assert item.author == pseudonymise(STARTER, KEY.encode())


@pytest.mark.parametrize("engine", ["xenforo", "vbulletin"])
def test_handles_named_in_the_text_become_their_pseudonyms(threads: dict[str, Item], engine: str) -> None:
    text = threads[engine].text
    if engine == "xenforo":  # trafilatura keeps XenForo's quoted words (not vBulletin's): they stay
        assert "phải làm đơn gửi quận" in text
    assert f"Hôm trước bác {pseudonymise(QUOTER, KEY.encode())} có chỉ" in text


def test_the_demo_forum_crawled_like_the_demo_leaks_no_handle(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The demo's forum (99 threads over fourteen days): no member's handle in any stored post."""
    with serve_site(build_site(date(2026, 11, 20))) as served:
        settings = Settings(data_dir=tmp_path_factory.mktemp("demo-forum"), download_delay=0,
                            author_key=SecretStr(KEY), allow_private_hosts=served.allow_list())
        forum = [SourceConfig(**s) for s in served.sources() if s["platform"] == "forum"]
        assert forum and run_crawl(forum, settings, scrapy_overrides={"RETRY_TIMES": 0}).finished
    items = list(queued_items(settings).values())
    members = forum_bank()["members"]
    leaking = [item.url for item in items if _leaks(item.title + "\n" + item.text, members)]
    assert len(items) >= 80 and all(item.content_from == "page" for item in items)
    assert leaking == [], f"{len(leaking)} of {len(items)} forum posts name a member"


def test_a_xenforo_source_writes_members_named_in_posts_as_pseudonyms(tmp_path: Path) -> None:
    """The ``xenforo`` kind reads each post's own text: a reply naming another member is masked too."""
    settings = Settings(data_dir=tmp_path, download_delay=0.01, author_key=SecretStr(KEY),
                        allow_private_hosts=MOCK_SITE_HOSTS)
    with MockSite() as site:
        site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        site.add("/threads/hem-42-ngap.101/", xenforo_thread("Hẻm 42 ngập ba ngày chưa ai xử lý"))
        source = SourceConfig(id="xom-tro-xf", kind="xenforo", url=site.url("/threads/hem-42-ngap.101/"))
        assert run_crawl([source], settings, scrapy_overrides={"RETRY_TIMES": 0}).finished
    posts = list(queued_items(settings).values())
    assert len(posts) == 3
    assert [_leaks(post.text, HANDLES) for post in posts] == [[], [], []]
    assert any(f"Như bác {pseudonymise(STARTER, KEY.encode())} nói đó" in post.text for post in posts)
