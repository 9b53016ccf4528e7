"""The passage of a hit that shows why it matched, with the matched words marked.

Made here from the item's text and the query, the same way for both backends (the embedded
index keeps no text in its full-text tables, so FTS5's ``snippet()`` cannot run there). Words
are found as the search matched them (:mod:`langnghe.index.folded`): in the folded text, so
"ca chet" marks "cá chết"; the window is centred on the first match of the words as typed
when there is one. :func:`~langnghe.folding.fold` keeps positions, so the marks are offsets
in the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from langnghe.folding import fold, nfc
from langnghe.index.query import And, Near, Node, Not, Or, Phrase, Term, parse, split_negations

WIDTH = 160  # characters of text in a snippet, about two lines of a terminal
ELLIPSIS = "…"
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Snippet:
    """``text``: a passage of the title or the text; ``marks``: [start, end) offsets of the matches in it."""

    text: str
    marks: tuple[tuple[int, int], ...]


def _phrases(node: Node | None) -> list[tuple[str, ...]]:
    """Word sequences of what must match: a segmented word also as its syllables."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, (And, Or)):
        return [phrase for child in node.children for phrase in _phrases(child)]
    if isinstance(node, Term):
        words: list[tuple[str, ...]] = [(node.text,)]
    elif isinstance(node, Phrase):
        words = [node.words]
    elif isinstance(node, Near):
        words = [(word,) for word in node.words]
    else:
        return []
    return words + [tuple(" ".join(phrase).replace("_", " ").split()) for phrase in words if "_" in " ".join(phrase)]


def _pattern(phrases: list[tuple[str, ...]], *, folded: bool) -> re.Pattern[str] | None:
    forms = {tuple(fold(word) if folded else word for word in phrase) for phrase in phrases}
    if not forms:
        return None
    longest_first = sorted(forms, key=lambda phrase: -sum(map(len, phrase)))
    body = "|".join(r"[\W_]+".join(map(re.escape, phrase)) for phrase in longest_first)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _lower(text: str) -> str:
    """Lower case, one character for one (the few that lower to two are left as they are)."""
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


def _window(text: str, first: tuple[int, int], width: int) -> tuple[int, int]:
    start = max(0, min(first[0] - width // 3, len(text) - width))
    if start > 0:  # begin on a word
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first[0] else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", first[1], end)
        end = space if space > 0 else end
    return start, end


def _in(text: str, phrases: list[tuple[str, ...]], width: int) -> Snippet | None:
    folded, exact = _pattern(phrases, folded=True), _pattern(phrases, folded=False)
    if folded is None or exact is None:
        return None
    lower = _lower(text)
    spans = [match.span() for match in folded.finditer(fold(lower))]
    if not spans:
        return None
    first = next((match.span() for match in exact.finditer(lower)), spans[0])
    start, end = _window(text, first, width)
    prefix = ELLIPSIS if start > 0 else ""
    shift = len(prefix) - start
    marks = tuple((a + shift, b + shift) for a, b in spans if a >= start and b <= end)
    return Snippet(prefix + text[start:end] + (ELLIPSIS if end < len(text) else ""), marks)


def make_snippet(query: str, title: str, text: str, *, width: int = WIDTH) -> Snippet | None:
    """The passage of ``text`` (else of ``title``) around the first match of ``query``; None
    when the query has no words to show, or they matched elsewhere (the segmented tokens).

    >>> make_snippet("ca chet", "", "Sáng nay người dân thấy cá chết nổi trắng mặt hồ.")
    Snippet(text='Sáng nay người dân thấy cá chết nổi trắng mặt hồ.', marks=((24, 26), (27, 31)))
    """
    phrases = _phrases(split_negations(parse(query))[0])
    if not phrases:
        return None
    return _in(_one_line(text), phrases, width) or _in(_one_line(title), phrases, width)


def _one_line(text: str) -> str:
    """NFC, each line break or tab a space (one for one: the offsets stay)."""
    return _SPACE.sub(" ", nfc(text))
