"""The parts of a Vietnamese news page that trafilatura gets wrong or leaves out.

- The title: ``og:title`` and ``<title>`` often carry the site's name ("... - VnExpress");
  the ``<h1>`` over the article does not. Older layouts make the logo the ``<h1>`` (a link home,
  a class or id naming the logo, the site's name) and put the headline in an ``<h2>`` or a
  ``<strong>``: :func:`headline_node` skips such an ``<h1>`` and then finds the element whose
  text is the page's ``<title>`` (or a part of it between separators). Every rule that looks
  "near the headline" (the lead, the date line) starts from that node.
- The lead ("sapo"): most outlets print a bold lead under the headline, outside the body
  container (VnExpress ``p.description``, Tuổi Trẻ/Thanh Niên ``h2.detail-sapo``, Dân trí
  ``h2.singular-sapo``, Lao Động ``.chappeau``); it is part of the article. An author's bio
  box there (class or id naming author, bio, byline or profile) is not.
- The author: JSON-LD or ``<meta name="author">`` when the page has them; else the byline
  (``.author-name``, ``.author-info .name``, ``[rel=author]``), or VnExpress's right-aligned bold
  name closing the body, which then leaves the text.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Iterator
from typing import Any

import lxml.html
from parsel import Selector

from langnghe.crawlers.dates import is_date_line
from langnghe.crawlers.decoding import unescape_text

_LEAD_CLASSES = (
    "sapo", "description", "lead", "chapeau", "chappeau", "summary", "excerpt", "intro", "tomtat", "tom-tat", "tom_tat",
    "abstract", "teaser",
)
# An author's box (bio, byline, profile) often sits under the headline with a "description" or
# "summary" of its own: it is about the writer, never the article's lead.
_AUTHOR_BOXES = ("author", "bio", "byline", "profile")
_LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_IN_AUTHOR_BOX = "ancestor-or-self::*[not(self::body or self::html)][{}]".format(
    " or ".join(f"contains({_LOWER.format(attr)},'{name}')" for attr in ("@class", "@id") for name in _AUTHOR_BOXES)
)
# Class names are matched whatever their case: 2010s templates wrote "Lead", "Sapo", "TomTat".
_LEAD = (
    "(following::*[position() <= 15][self::p or self::h2 or self::h3 or self::div or self::span][{cond}][not({box})])[1]"
).format(
    cond=" or ".join(
        [f"contains({_LOWER.format(attr)},'{name}')" for attr in ("@class", "@id") for name in _LEAD_CLASSES]
        + ["@data-role='sapo'"]
    ),
    box=_IN_AUTHOR_BOX,
)
_LOGO_WORDS = ("logo", "brand", "site-title", "site-name", "sitename", "site_title", "masthead")
_IN_LOGO = "ancestor-or-self::*[position() <= 3][{}] | .//*[{}]".format(
    *[" or ".join(f"contains({_LOWER.format(attr)},'{name}')" for attr in ("@class", "@id") for name in _LOGO_WORDS)] * 2
)
# A link home: "/", "./", "index.php", "forum.php", or a bare host.
_HOME_LINK = re.compile(r"^(?:\.?/|(?:https?:)?//[^/]+/?|(?:\./)?(?:index|forum|default|home|trang-chu)\.\w+)$", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—•»:«]|::)\s+|\s*[|•»«]\s*")
# Forum engines print a label before the thread's title in the heading.
_TITLE_LABEL = re.compile(r"^(?:chủ đề|đề tài|tiêu đề|thread|topic)\s*:\s*", re.IGNORECASE)
_HEADLINE_TAGS = "self::h1 or self::h2 or self::h3 or self::h4 or self::strong or self::b or self::a or self::span or self::div or self::p or self::td"
_BYLINES = (
    "[itemprop='author'] [itemprop='name']::text",
    "[itemprop='author']::text",
    ".author-name::text",
    ".author-name a::text",
    ".author-info .name::text",
    ".author-info .name a::text",
    ".author .name::text",
    "a[rel='author']::text",
    ".byline .author::text",
    ".author::text",
)
_CLOSING_NAME = "(//article//p | //div[contains(@class,'detail')]//p)[last()][contains(@style,'right') or contains(@class,'author')]//strong//text()"
# "Theo ...", "Bài: ...", "Bài và ảnh: ...", "gửi bởi ..." (a prefix with no name after it leaves nothing).
_NAME_PREFIX = re.compile(
    r"^(?:(?:gửi|đăng|viết)\s+)?(theo|bởi|by|tác giả|phóng viên|pv|nhóm pv|bài và ảnh|bài|tin và ảnh|tin)\s*[:.]?(?:\s+|$)",
    re.IGNORECASE,
)
_MAX_NAME_WORDS = 6


def _squash(text: str) -> str:
    return " ".join(unescape_text(text).split())


def headline_node(sel: Selector) -> Selector | None:
    """The element that holds the article's headline: the first ``<h1>`` that is not the site's
    logo; else the first element whose text is the page's title or its longest part."""
    root = sel.root
    if not isinstance(root, lxml.html.HtmlElement):  # a bare lxml.etree._Element takes no weak reference
        return _find_headline(sel)
    if root in _HEADLINES:  # the title, the lead and the date line all ask: look once per page
        return _HEADLINES[root]
    node = _find_headline(sel)
    _HEADLINES[root] = node
    return node


def _find_headline(sel: Selector) -> Selector | None:
    titles = _title_parts(sel)  # the whole title, then its longest part (the headline), then the rest
    site_names = set(titles[2:]) | {_squash(sel.css("meta[property='og:site_name']::attr(content)").get() or "")}
    for h1 in sel.xpath("//h1"):
        text = _text(h1)
        if text and not _is_logo(h1, text, site_names):
            return h1
    for title in titles[:2]:
        found = sel.xpath(f"//body//*[{_HEADLINE_TAGS}][normalize-space()=$title]", title=title)
        if found:
            return found[0]
    return None


_HEADLINES: weakref.WeakKeyDictionary[Any, Selector | None] = weakref.WeakKeyDictionary()


def headline(sel: Selector) -> str:
    node = headline_node(sel)
    return _TITLE_LABEL.sub("", _text(node)) if node is not None else ""


def _text(node: Selector) -> str:
    return _squash(" ".join(node.xpath(".//text()[not(ancestor::script or ancestor::style)]").getall()))


def _title_parts(sel: Selector) -> list[str]:
    """The page's title (``og:title``, else ``<title>``) whole, then its parts between separators,
    longest first: the headline is usually the longest part, the site's name a shorter one."""
    title = _squash(sel.css("meta[property='og:title']::attr(content)").get() or sel.xpath("//title/text()").get() or "")
    if not title:
        return []
    parts = sorted({part.strip() for part in _TITLE_SEPARATORS.split(title) if part.strip()} - {title}, key=len, reverse=True)
    return [title, *parts]


def _is_logo(h1: Selector, text: str, site_names: set[str]) -> bool:
    """An ``<h1>`` that names the site: a logo's class or id, a link home, or the site's name."""
    if text in site_names or h1.xpath(_IN_LOGO):
        return True
    links = h1.xpath(".//a/@href").getall()
    return bool(links) and all(_HOME_LINK.match(link.strip()) for link in links)


def best_title(found: str, sel: Selector) -> str:
    """The headline when it and the found title (or the page's ``<title>``) are one headline;
    else the found title less the site's name."""
    h1 = headline(sel)
    page_title = " ".join(_title_parts(sel)[:1])
    if h1 and len(h1.split()) >= 3 and (not found or h1 in found or found in h1 or h1 in page_title):
        return h1
    site = _squash(sel.css("meta[property='og:site_name']::attr(content)").get() or "")
    if site:
        return re.sub(rf"\s+[-|–—:]\s+{re.escape(site)}\s*$", "", found, flags=re.IGNORECASE)
    return found


def with_lead(text: str, sel: Selector) -> str:
    """``text`` with the page's lead first when extraction left it out."""
    node = headline_node(sel)
    nodes = node.xpath(_LEAD) if node is not None else []
    lead = _squash(" ".join(nodes[0].xpath(".//text()").getall())) if nodes else ""
    if not (20 <= len(lead) <= 1000) or lead[:80] in _squash(text):
        return text
    return f"{lead}\n{text}" if text else lead


def without_leading_furniture(text: str, title: str) -> str:
    """``text`` without the lines an extractor kept above the body: the headline again (also as a
    list item, "- Headline") and the date line ("Thứ Năm, 17/02/2011, 14:20")."""
    lines = text.split("\n")
    start = 0
    while start < len(lines) - 1:
        line = _squash(lines[start]).lstrip("-*#|> ").rstrip("| ").strip()
        if line and line != title and not is_date_line(line):
            break
        start += 1
    return "\n".join(lines[start:]).strip() if start else text


def page_author(found: str | None, sel: Selector) -> str | None:
    """JSON-LD, then what trafilatura found (meta tags), then the byline, then a closing name."""
    for candidate in (*_json_ld_authors(sel), found or "", *(sel.css(q).get() or "" for q in _BYLINES)):
        name = _person(candidate)
        if name:
            return name
    return _person(" ".join(sel.xpath(_CLOSING_NAME).getall()))


def without_closing_name(text: str, author: str | None) -> str:
    """Drop the last line when it is only the author's name (VnExpress ends its body with it)."""
    if not author:
        return text
    head, _, last = text.rstrip().rpartition("\n")
    return head.rstrip() if head and _squash(last) == author else text


def _person(text: str) -> str | None:
    name = _NAME_PREFIX.sub("", _squash(text)).strip(" -–|,.")
    if not name or len(name.split()) > _MAX_NAME_WORDS or any(c.isdigit() for c in name) or "@" in name:
        return None
    return name


def _json_ld_authors(sel: Selector) -> Iterator[str]:
    for block in sel.xpath("//script[@type='application/ld+json']/text()").getall():
        try:
            data = json.loads(block)
        except ValueError:
            continue
        yield from _author_names(data)


def _author_names(data: Any) -> Iterator[str]:
    if isinstance(data, list):
        for value in data:
            yield from _author_names(value)
    elif isinstance(data, dict):
        author = data.get("author")
        for one in author if isinstance(author, list) else [author]:
            if isinstance(one, dict) and isinstance(one.get("name"), str):
                yield one["name"]
            elif isinstance(one, str):
                yield one
        for key in ("@graph", "mainEntity"):
            if key in data:
                yield from _author_names(data[key])
