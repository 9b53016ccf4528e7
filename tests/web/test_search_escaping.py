"""Crawled text stays text on the search and item pages: titles, snippets (the marks are the only
markup) and links out (web addresses only, opened without the opener)."""

from __future__ import annotations

from langnghe.item import ClaimMatch, FalseInfo
from langnghe.labels import FIELD_VI, SIGNAL_VI, STANCE_VI, vi
from langnghe.service.items import ItemResponse, item_link, signal_views
from langnghe.service.views import SearchResponse, SnippetView
from langnghe.testing import build_item
from langnghe.web.render import make_environment
from langnghe.web.search_form import SearchState, snippet_parts
from langnghe.web.search_view import HitRow, Outcome, SearchPage

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _render(template: str, **context: object) -> str:
    environment = make_environment("Asia/Ho_Chi_Minh")
    return environment.get_template(template).render(request=None, principal=None, nav=[], path="/", csrf_token="t",
                                                     csrf_field=lambda: "", **context)  # fmt: skip


def test_a_snippet_is_cut_at_its_marks() -> None:
    parts = snippet_parts(SnippetView(text="Người dân thấy cá chết nổi", marks=[(15, 17), (18, 22)]))
    assert [(part.text, part.marked) for part in parts] == [
        ("Người dân thấy ", False), ("cá", True), (" ", False), ("chết", True), (" nổi", False)]


def test_hostile_titles_and_snippets_render_as_text() -> None:
    snippet = SnippetView(text=f"cá chết {HOSTILE}", marks=[(0, 2)])
    hit = HitRow("tin-1", HOSTILE, HOSTILE, "Diễn đàn", None, snippet_parts(snippet), "", [])
    found = SearchResponse(query=HOSTILE, sort="time", total=1, hits=[], next=None)
    view = SearchPage(SearchState(q=HOSTILE), Outcome(SearchState(q=HOSTILE), found=found), [], [], [], [hit], None, None)
    html = _render("search_body.html", view=view, periods={}, sorts={})
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert "<mark>cá</mark> chết &lt;script&gt;" in html and '<a href="/tin/tin-1">&lt;script&gt;' in html


def test_the_item_page_escapes_the_item_and_links_out_only_to_the_web() -> None:
    item = build_item(id="tin-doc-hai", title=HOSTILE, text=f"{HOSTILE}\nDòng hai", url="javascript:alert(1)",
                      section="law", claims=[ClaimMatch(claim_id=HOSTILE, similarity=0.9)],
                      false_info=FalseInfo(flagged=True, score=0.9, explanation=HOSTILE))
    found = ItemResponse(item=item, story=None, signals=signal_views(item), link=item_link(item))
    html = _render("item.html", found=found, signals=SIGNAL_VI, fields=FIELD_VI, stances=STANCE_VI, cues=[], vi=vi,
                   platform="Báo điện tử")  # fmt: skip
    assert "<script>" not in html and "<img" not in html and "javascript:" not in html
    assert "Mở bài gốc" not in html  # no web address: no link out
    linked = found.model_copy(update={"link": "https://bao.example/a"})
    html = _render("item.html", found=linked, signals=SIGNAL_VI, fields=FIELD_VI, stances=STANCE_VI, cues=[], vi=vi,
                   platform="Báo điện tử")  # fmt: skip
    assert '<a href="https://bao.example/a" rel="noopener noreferrer" target="_blank">' in html
