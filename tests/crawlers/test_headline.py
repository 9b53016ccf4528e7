"""The headline element behind the title, the lead and the date line: never the site's logo."""

from __future__ import annotations

import pytest
from parsel import Selector

from langnghe.crawlers.article_parts import best_title, headline

HEADLINE = "Xã khánh thành nhà văn hóa mới cho bà con"


def page(head: str, body: str) -> Selector:
    return Selector(text=f"<html><head>{head}</head><body>{body}<p>Bà con vui mừng.</p></body></html>")


@pytest.mark.parametrize(
    "logo",
    [
        '<h1 class="logo"><a href="/"><img src="logo.png" alt="Báo Quê"></a></h1>',
        '<h1><a href="https://baoque.example/">Báo Quê Hương Online</a></h1>',
        '<div id="logo"><h1>Báo Quê Hương Online</h1></div>',
        "<h1>Báo Quê Hương Online</h1>",  # the site's name: a part of <title> beside the headline
    ],
)
def test_a_logo_h1_gives_way_to_the_headline_it_sits_above(logo: str) -> None:
    sel = page(f"<title>{HEADLINE} - Báo Quê Hương Online</title>", f'{logo}<h2 class="tieu-de">{HEADLINE}</h2>')
    assert headline(sel) == HEADLINE
    assert best_title("Báo Quê Hương Online", sel) == HEADLINE


def test_a_forum_label_before_the_thread_title_is_dropped() -> None:
    sel = page("<title>Hỏi cách ủ phân chuồng - Diễn đàn</title>", "<h1>Chủ đề: <span>Hỏi cách ủ phân chuồng</span></h1>")
    assert headline(sel) == "Hỏi cách ủ phân chuồng"


def test_without_any_heading_the_element_holding_the_title_is_found() -> None:
    sel = page(f"<title>Báo Quê :: {HEADLINE}</title>", f"<table><tr><td class='title'><b>{HEADLINE}</b></td></tr></table>")
    assert headline(sel) == HEADLINE
