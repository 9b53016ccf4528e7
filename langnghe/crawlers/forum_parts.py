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
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass

import lxml.html
from parsel import Selector
from parsel.csstranslator import css2xpath

# Blocks that say who wrote a post, and nothing of what it says.
_USER_BLOCKS = ", ".join((
    ".message-user", ".message-cell--user", ".message-userExtras", ".message-signature",  # XenForo
    ".bbCodeBlock-title", ".bbCodeBlock-expandLink", ".p-description .username", ".p-description",
    ".userinfo", ".username_container", ".postuseravatar", ".userinfo_extra", ".bbcode_postedby",  # vBulletin
    ".bigusername", ".postbit-userinfo", ".signaturecontainer",
    ".postprofile", ".postbody p.author", "blockquote > cite",  # phpBB
    ".topic-avatar", ".topic-meta-data .names",  # Discourse
    ".post_wrapper .poster", ".quoteheader",  # SMF
    ".username",  # every engine's name link
))
_USER_BLOCKS_XPATH = css2xpath(_USER_BLOCKS)
# Where the handles are written: names in user blocks and quote headers, and attributes.
_HANDLE_TEXTS = css2xpath(", ".join((
    ".username", ".message-name", ".bigusername", ".bbcode_postedby strong", ".postprofile .username",
    ".topic-meta-data .names a", ".post_wrapper .poster h4", "blockquote > cite", ".bbCodeBlock-title",
)))
# XenForo's posts and quotes (a news page's data-author is a journalist's byline, not a handle).
_HANDLE_ATTRIBUTES = "//*[contains(concat(' ', normalize-space(@class), ' '), ' message ')]/@data-author | //blockquote/@data-quote"
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

    @property
    def is_forum(self) -> bool:
        return bool(self.handles) or self.html is not None

    def without_attributions(self, text: str) -> tuple[str, tuple[str, ...]]:
        """A forum page's text without its "X said:" lines, and the names they gave; other pages'
        text as it is ("The minister said:" on its own line is news)."""
        return without_attributions(text) if self.is_forum else (text, ())


def forum_parts(sel: Selector) -> ForumParts:
    """The handles ``sel`` names and its HTML without user blocks and quote attributions."""
    handles = _handles(sel)
    root = sel.root
    if not isinstance(root, lxml.html.HtmlElement) or not root.xpath(_USER_BLOCKS_XPATH):
        return ForumParts(handles=handles, html=None, sel=sel)
    cleaned = copy.deepcopy(root)
    for block in cleaned.xpath(_USER_BLOCKS_XPATH):
        if block.getparent() is not None:  # a block inside one already dropped is gone with it
            block.drop_tree()
    html = lxml.html.tostring(cleaned, encoding="unicode")
    return ForumParts(handles=handles, html=html, sel=Selector(root=cleaned, type="html"))


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


def _handles(sel: Selector) -> tuple[str, ...]:
    found: dict[str, None] = {}  # ordered, unique
    texts = (" ".join(node.xpath(".//text()").getall()) for node in sel.xpath(_HANDLE_TEXTS))
    for raw in (*texts, *sel.xpath(_HANDLE_ATTRIBUTES).getall()):
        name = _clean(_WRITTEN.sub("", raw))
        if name:
            found.setdefault(name, None)
        if len(found) >= _MAX_HANDLES:
            break
    return tuple(found)


def _clean(raw: str) -> str:
    name = " ".join(raw.split()).strip(" @:")
    return name if len(name) <= _MAX_HANDLE else ""
