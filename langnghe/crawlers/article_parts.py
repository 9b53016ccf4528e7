"""The parts of a Vietnamese news page that trafilatura gets wrong or leaves out.

- The title: ``og:title`` and ``<title>`` often carry the site's name ("... - VnExpress");
  the ``<h1>`` over the article does not.
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
from collections.abc import Iterator
from typing import Any

from parsel import Selector

from langnghe.crawlers.decoding import unescape_text

_LEAD_CLASSES = ("sapo", "description", "lead", "chapeau", "chappeau", "summary", "excerpt")
# An author's box (bio, byline, profile) often sits under the headline with a "description" or
# "summary" of its own: it is about the writer, never the article's lead.
_AUTHOR_BOXES = ("author", "bio", "byline", "profile")
_LOWER = "translate({}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
_IN_AUTHOR_BOX = "ancestor-or-self::*[not(self::body or self::html)][{}]".format(
    " or ".join(f"contains({_LOWER.format(attr)},'{name}')" for attr in ("@class", "@id") for name in _AUTHOR_BOXES)
)
_LEAD = (
    "(//h1[1]/following::*[position() <= 15][self::p or self::h2 or self::div or self::span][{cond}][not({box})])[1]"
).format(
    cond=" or ".join([f"contains(@class,'{name}')" for name in _LEAD_CLASSES] + ["@data-role='sapo'"]),
    box=_IN_AUTHOR_BOX,
)
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
_NAME_PREFIX = re.compile(r"^(theo|bởi|by|tác giả|phóng viên|pv|nhóm pv)\s*[:.]?\s+", re.IGNORECASE)
_MAX_NAME_WORDS = 6


def _squash(text: str) -> str:
    return " ".join(unescape_text(text).split())


def headline(sel: Selector) -> str:
    return _squash(" ".join(sel.xpath("//h1[1]//text()").getall()))


def best_title(found: str, sel: Selector) -> str:
    """The ``<h1>`` when it and the found title are one headline; else the found title less the site's name."""
    h1 = headline(sel)
    if h1 and len(h1.split()) >= 3 and (not found or h1 in found or found in h1):
        return h1
    site = _squash(sel.css("meta[property='og:site_name']::attr(content)").get() or "")
    if site:
        return re.sub(rf"\s+[-|–—:]\s+{re.escape(site)}\s*$", "", found, flags=re.IGNORECASE)
    return found


def with_lead(text: str, sel: Selector) -> str:
    """``text`` with the page's lead first when extraction left it out."""
    nodes = sel.xpath(_LEAD)
    lead = _squash(" ".join(nodes[0].xpath(".//text()").getall())) if nodes else ""
    if not (20 <= len(lead) <= 1000) or lead[:80] in _squash(text):
        return text
    return f"{lead}\n{text}" if text else lead


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
