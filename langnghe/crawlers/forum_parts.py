"""The parts of a forum thread page that name its members, taken out before text extraction.

Beside every post, forum software prints a user block (name, avatar, title, join date, post
count) and, over a quoted post, an attribution ("X said:", "X đã viết:", "Trích dẫn nguyên văn
bởi X"). Article extraction keeps them as text, and a handle in the text is searchable: authors
would no longer be pseudonyms (README, "Security and privacy"). :func:`forum_parts` lists the
handles a page names and gives the page without those blocks; :func:`without_attributions`
drops the attribution lines extraction kept anyway. The crawler then writes every handle left in
the text as its pseudonym (:func:`langnghe.pseudonym.mask_handles`).

The markup is that of XenForo, vBulletin, phpBB, Discourse and SMF-like forums; news pages have
none of it and pass through untouched.

:func:`post_texts` gives a thread's posts' own text where the engine marks it (vBulletin's
``post_message_N``, XenForo's ``messageText``/``bbWrapper``, Discourse's ``cooked``): a
vBulletin 3 thread lays its posts out in tables, which extraction reads row by row, the post
number and the poster's join date before the post.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.html
from parsel import Selector

# Blocks that say who wrote a post, and nothing of what it says, by class.
_BLOCK_CLASSES = frozenset((
    "message-user", "message-cell--user", "message-userExtras", "message-signature",  # XenForo
    "bbCodeBlock-title", "bbCodeBlock-expandLink", "p-description",
    "userinfo", "username_container", "postuseravatar", "userinfo_extra", "bbcode_postedby",  # vBulletin
    "bigusername", "postbit-userinfo", "signaturecontainer",
    "postprofile", "topic-avatar", "quoteheader",  # phpBB, Discourse, SMF
    "username",  # every engine's name link
))
# Classes too common to mean a user block anywhere but inside that engine's post: class -> ancestor's.
_NESTED_CLASSES = {"author": "postbody", "names": "topic-meta-data", "poster": "post_wrapper"}  # phpBB, Discourse, SMF
# Where the name itself is written (the other blocks hold avatars, titles, counts).
_NAME_CLASSES = frozenset(("username", "message-name", "bigusername", "bbCodeBlock-title", "names"))
_NAME_INSIDE = {"bbcode_postedby": ".//strong//text()", "poster": ".//h4//text()"}
# One pass over the elements that have a class (a union of CSS selectors costs a tree walk each).
_CANDIDATES = "//*[@class] | //blockquote/cite"
# Where an engine writes a post's own text (not its header, signature or user block).
_POST_TEXT = (
    "//*[starts-with(@id,'post_message_')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' messageText ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' bbWrapper ')][not(ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' messageText ')])]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' cooked ')]"
)
_BLOCK_TAGS = frozenset(("p", "div", "li", "blockquote", "tr", "h1", "h2", "h3", "h4", "table", "pre"))
# XenForo's quotes name the quoted member (a news page's data-author is a journalist's byline).
_QUOTED = "//blockquote/@data-quote"
_MAX_HANDLE = 50
_MAX_HANDLES = 500
_SAID = r"(?:said|wrote|đã viết|viết|posted)"
_QUOTE_PREFIX = r"(?:originally posted by|quote from|quote originally posted by|trích dẫn nguyên văn bởi|trích dẫn của|nguyên văn bởi|trích dẫn bởi)"
_EXPAND = r"(?:\s*(?:click to expand|nhấp để mở rộng|bấm để xem đầy đủ)\.*)?"
_ATTRIBUTION = re.compile(
    rf"^\s*(?:(?P<said>[^\n:]{{1,{_MAX_HANDLE}}}?)\s+{_SAID}\s*:|{_QUOTE_PREFIX}\s*:?\s*(?P<by>[^\n]{{1,{_MAX_HANDLE}}}?)){_EXPAND}\s*$",
    re.IGNORECASE,
)
_WRITTEN = re.compile(rf"\s+{_SAID}\s*:?\s*$|^\s*{_QUOTE_PREFIX}\s*:?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class ForumParts:
    """What a page's forum markup gives: the handles it names, and the page without its user blocks."""

    handles: tuple[str, ...]
    html: str | None  # None when the page has no user block (a news page): extract it as it is
    sel: Selector  # the page without user blocks (the page itself when it has none)
    # The page without the blocks about a member (profile, join date, signature) but with each
    # post's header, which in phpBB holds the poster's name beside the post's date: where to
    # look for the post's time (a profile's join date is not it). The page itself when it has none.
    dated: Selector | None = None

    @property
    def for_dates(self) -> Selector:
        return self.dated if self.dated is not None else self.sel

    @property
    def is_forum(self) -> bool:
        return bool(self.handles) or self.html is not None

    def without_attributions(self, text: str) -> tuple[str, tuple[str, ...]]:
        """A forum page's text without its "X said:" lines, and the names they gave; other pages'
        text as it is ("The minister said:" on its own line is news)."""
        return without_attributions(text) if self.is_forum else (text, ())


def forum_parts(sel: Selector) -> ForumParts:
    """The handles ``sel`` names and its HTML without user blocks and quote attributions."""
    root = sel.root
    if not isinstance(root, lxml.html.HtmlElement):
        return ForumParts(handles=(), html=None, sel=sel)
    handles = _handles(root)
    if next(_user_blocks(root), None) is None:
        return ForumParts(handles=handles, html=None, sel=sel)
    cleaned = copy.deepcopy(root)
    for block in list(_user_blocks(cleaned)):
        block.drop_tree()  # a block inside one already dropped goes with it: dropping it again is harmless
    html = lxml.html.tostring(cleaned, encoding="unicode")
    return ForumParts(handles=handles, html=html, sel=Selector(root=cleaned, type="html"), dated=_without_profiles(root))


def _without_profiles(root: lxml.html.HtmlElement) -> Selector:
    """A copy of the page without the blocks named by class alone (profiles, signatures); the
    nested ones (phpBB's ``.author`` line, with the post's date) stay."""
    dated = copy.deepcopy(root)
    for element in list(dated.xpath("//*[@class]")):
        if _tokens(element) & _BLOCK_CLASSES and element.getparent() is not None:
            element.drop_tree()
    return Selector(root=dated, type="html")


def without_attributions(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without its "X said:" lines, and the names those lines gave."""
    kept, names = [], []
    for line in text.split("\n"):
        found = _ATTRIBUTION.match(line)
        if found is None:
            kept.append(line)
        else:
            names.append(_clean(found["said"] or found["by"] or ""))
    return "\n".join(kept), tuple(name for name in names if name)


def post_texts(sel: Selector) -> list[str]:
    """The text of each post a thread page marks as such, in page order (empty for other pages)."""
    texts = []
    for node in sel.xpath(_POST_TEXT):
        root = node.root
        if isinstance(root, lxml.html.HtmlElement):
            text = _element_text(root)
            if text:
                texts.append(text)
    return texts


def _element_text(element: lxml.html.HtmlElement) -> str:
    """An element's text with its line breaks (``<br>``, block elements) kept, spaces squashed."""
    copy_ = copy.deepcopy(element)
    for drop in copy_.xpath(".//script | .//style"):
        drop.drop_tree()
    for child in copy_.iter():
        if child.tag == "br" or child.tag in _BLOCK_TAGS:
            child.tail = "\n" + (child.tail or "")
    lines = (" ".join(line.split()) for line in copy_.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _user_blocks(root: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    for element in root.xpath(_CANDIDATES):
        if _is_block(element, _tokens(element)):
            yield element


def _is_block(element: lxml.html.HtmlElement, tokens: set[str]) -> bool:
    if _quote_header(element) or tokens & _BLOCK_CLASSES:
        return True
    return any(_inside(element, _NESTED_CLASSES[token]) for token in tokens & _NESTED_CLASSES.keys())


def _handles(root: lxml.html.HtmlElement) -> tuple[str, ...]:
    found: dict[str, None] = {}  # ordered, unique
    for raw in (*_names(root), *root.xpath(_QUOTED), *_xenforo_authors(root)):
        name = _clean(_WRITTEN.sub("", str(raw)))
        if name:
            found.setdefault(name, None)
        if len(found) >= _MAX_HANDLES:
            break
    return tuple(found)


def _names(root: lxml.html.HtmlElement) -> Iterator[str]:
    for element in root.xpath(_CANDIDATES):
        tokens = _tokens(element)
        named = _quote_header(element) or bool(tokens & _NAME_CLASSES)
        if named and ("names" not in tokens or _is_block(element, tokens)):  # Discourse's only in its posts
            yield element.text_content()
        for token in tokens & _NAME_INSIDE.keys():
            if _is_block(element, tokens):
                yield " ".join(element.xpath(_NAME_INSIDE[token]))


def _xenforo_authors(root: lxml.html.HtmlElement) -> Iterator[str]:
    for element in root.xpath("//*[@data-author]"):
        if "message" in _tokens(element):
            yield element.get("data-author", "")


def _quote_header(element: lxml.html.HtmlElement) -> bool:
    """phpBB's ``<blockquote><cite>X wrote:</cite>``; a ``<cite>`` elsewhere is a citation."""
    parent = element.getparent()
    return element.tag == "cite" and parent is not None and parent.tag == "blockquote"


def _tokens(element: lxml.html.HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _inside(element: lxml.html.HtmlElement, ancestor_class: str) -> bool:
    return any(ancestor_class in _tokens(ancestor) for ancestor in element.iterancestors())


def _clean(raw: str) -> str:
    name = " ".join(raw.split()).strip(" @:")
    return name if len(name) <= _MAX_HANDLE else ""
