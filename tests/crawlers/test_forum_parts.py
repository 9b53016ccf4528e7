"""Forum markup that names members: found and taken out; news pages pass through untouched."""

from __future__ import annotations

from parsel import Selector

from langnghe.crawlers.forum_parts import forum_parts, without_attributions

PHPBB = """<html><body><div class="post"><div class="inner">
<dl class="postprofile"><dt><a href="./memberlist.php?u=2" class="username">gio_bac</a></dt>
<dd><strong>Bài viết:</strong> 812</dd><dd><strong>Ngày tham gia:</strong> 02/05/2018</dd></dl>
<div class="postbody"><p class="author">bởi <a class="username">gio_bac</a> » 20/11/2026</p>
<div class="content"><blockquote><cite>may_chieu wrote:</cite>Đường ven biển sạt thêm một đoạn.</blockquote>
Đoạn này tuần trước mình đi qua đã thấy nứt, mong tỉnh sớm gia cố.</div></div></div></div></body></html>"""

NEWS = """<html><body><article data-author="Minh Anh"><h1>Cầu mới thông xe</h1>
<div class="byline author">Minh Anh</div><p>Bộ trưởng nói:</p><p>Ông Hùng said:</p></article></body></html>"""


def test_a_phpbb_post_gives_its_members_and_loses_their_blocks() -> None:
    parts = forum_parts(Selector(text=PHPBB, type="html"))
    assert parts.handles == ("gio_bac", "may_chieu")
    assert parts.html is not None
    for gone in ("gio_bac", "may_chieu", "812", "02/05/2018"):
        assert gone not in parts.html
    assert "Đường ven biển sạt thêm" in parts.html and "mong tỉnh sớm gia cố" in parts.html


def test_a_news_page_is_no_forum() -> None:
    parts = forum_parts(Selector(text=NEWS, type="html"))
    assert (parts.handles, parts.html, parts.is_forum) == ((), None, False)
    text = "Bộ trưởng nói:\nÔng Hùng said:"
    assert parts.without_attributions(text) == (text, ())


def test_attribution_lines_go_and_name_who_was_quoted() -> None:
    text = "mèo_mun92 đã viết:\nNguyên văn bởi Bác Tư Hưu\nQuote from dev_ngheo\nCâu trả lời của mình."
    assert without_attributions(text) == ("Câu trả lời của mình.", ("mèo_mun92", "Bác Tư Hưu", "dev_ngheo"))
