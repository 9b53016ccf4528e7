"""The analysts' query string language, parsed into a small backend-neutral AST.

Grammar (operators in UPPER CASE only, so a lower-case ``not`` is an ordinary word)::

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*          # words side by side must all match
    unary   := ("NOT" | "-") unary | primary
    primary := "(" or_expr ")" | '"' words '"' ["~" N] | word

``NOT`` binds tightest, then AND, then OR: ``a b OR c`` is ``(a AND b) OR c``.
``"a b"~5`` asks for the words within 5 tokens of each other (any order).
Words are NFC-normalised and lower-cased; Vietnamese syllables keep their diacritics
(``ma`` and ``mà`` differ) and segmented words such as ``ô_nhiễm`` are single terms.

The AST (:class:`Term`, :class:`Phrase`, :class:`Near`, :class:`And`, :class:`Or`,
:class:`Not`, :class:`MatchAll`) knows nothing of SQLite; :func:`to_fts5` translates it
for the embedded index, and an Elasticsearch translation can walk the same tree.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from collections.abc import Callable, Sequence
from typing import Union

from langnghe.errors import InputError

OPERATORS = ("AND", "OR", "NOT")
_SPECIAL = '"()'
_PROXIMITY = re.compile(r"~(\d+)")


class QueryError(InputError):
    """A query string that cannot be parsed; ``position`` is a 0-based offset in the NFC text."""

    def __init__(self, message: str, position: int, query: str = "") -> None:
        self.reason = message
        self.position = position
        self.query = query
        where = f" (in {query!r})" if query else ""
        super().__init__(f"query error at position {position}: {message}{where}")


@dataclass(frozen=True)
class Term:
    text: str


@dataclass(frozen=True)
class Phrase:
    words: tuple[str, ...]


@dataclass(frozen=True)
class Near:
    """Words within ``distance`` tokens of each other, in any order."""

    words: tuple[str, ...]
    distance: int


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node
    position: int = field(default=0, compare=False, repr=False)  # where the NOT/- was, for errors


@dataclass(frozen=True)
class MatchAll:
    """The empty query: every item matches."""


Node = Union[Term, Phrase, Near, And, Or, Not, MatchAll]


@dataclass(frozen=True)
class _Token:
    kind: str  # word, phrase, lparen, rparen, and, or, not, minus
    pos: int
    words: tuple[str, ...] = ()
    distance: int | None = None


def normalize(text: str) -> str:
    """NFC then lower case: the form in which both queries and indexed text are compared."""
    return unicodedata.normalize("NFC", text).lower()


def clean_word(raw: str) -> str:
    """Lower-case a word and strip the punctuation around it; ``""`` when nothing is left.

    >>> clean_word("«Ô_Nhiễm»,")
    'ô_nhiễm'
    """
    word = normalize(raw)
    start, end = 0, len(word)
    while start < end and not word[start].isalnum():
        start += 1
    while end > start and not word[end - 1].isalnum():
        end -= 1
    return word[start:end]


def parse(query: str) -> Node:
    """Parse a query string into an AST; raises :class:`QueryError` naming the position.

    >>> parse('ô_nhiễm "không khí" -bụi')
    And(children=(Term(text='ô_nhiễm'), Phrase(words=('không', 'khí')), Not(child=Term(text='bụi'))))
    """
    text = unicodedata.normalize("NFC", query)
    tokens = _lex(text)
    if not tokens:
        return MatchAll()
    return _Parser(tokens, text).parse()


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace() or unicodedata.category(char) == "Cc":
            pos += 1
        elif char in "()":
            tokens.append(_Token("lparen" if char == "(" else "rparen", pos))
            pos += 1
        elif char == '"':
            pos = _lex_phrase(text, pos, tokens)
        elif char == "-" and pos + 1 < len(text) and not text[pos + 1].isspace() and text[pos + 1] != "-":
            tokens.append(_Token("minus", pos))
            pos += 1
        else:
            pos = _lex_word(text, pos, tokens)
    return tokens


def _lex_phrase(text: str, start: int, tokens: list[_Token]) -> int:
    end = text.find('"', start + 1)
    if end < 0:
        raise QueryError('unclosed quote (")', start, text)
    words = tuple(w for w in (clean_word(part) for part in text[start + 1 : end].split()) if w)
    pos = end + 1
    distance: int | None = None
    if text.startswith("~", pos):
        match = _PROXIMITY.match(text, pos)
        if match is None:
            raise QueryError("'~' after a phrase needs a number, e.g. \"a b\"~5", pos, text)
        distance = int(match.group(1))
        pos = match.end()
    if not words:
        raise QueryError("empty phrase", start, text)
    tokens.append(_Token("phrase", start, words, distance))
    return pos


def _lex_word(text: str, start: int, tokens: list[_Token]) -> int:
    pos = start
    while pos < len(text) and not text[pos].isspace() and text[pos] not in _SPECIAL:
        pos += 1
    raw = text[start:pos]
    if raw in OPERATORS:
        tokens.append(_Token(raw.lower(), start))
    elif re.search(r"\w~\d*$", raw):
        raise QueryError("'~N' applies to a phrase in quotes, e.g. \"a b\"~5", start + raw.index("~"), text)
    elif word := clean_word(raw):
        tokens.append(_Token("word", start, (word,)))
    return pos  # a word of punctuation only is dropped, as an analyzer would


class _Parser:
    """Recursive descent over the token list; one method per grammar rule."""

    def __init__(self, tokens: list[_Token], text: str) -> None:
        self.tokens = tokens
        self.text = text
        self.index = 0

    def parse(self) -> Node:
        node = self._or()
        token = self._peek()
        if token is not None:  # only a stray ')' can stop the top-level rule early
            raise QueryError("unmatched ')'", token.pos, self.text)
        return node

    def _peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _next(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _error_at_end(self, message: str) -> QueryError:
        return QueryError(message, len(self.text), self.text)

    def _or(self) -> Node:
        children = [self._and()]
        while (token := self._peek()) is not None and token.kind == "or":
            self._next()
            self._require_operand(token, "OR")
            children.append(self._and())
        return _combine(Or, children)

    def _and(self) -> Node:
        first = self._peek()
        if first is not None and first.kind in ("or", "and"):
            raise QueryError(f"{first.kind.upper()} needs a term before it", first.pos, self.text)
        children = [self._unary()]
        while (token := self._peek()) is not None and token.kind not in ("or", "rparen"):
            if token.kind == "and":
                self._next()
                self._require_operand(token, "AND")
            children.append(self._unary())
        return _combine(And, children)

    def _require_operand(self, operator: _Token, name: str) -> None:
        following = self._peek()
        if following is None or following.kind in ("or", "and", "rparen"):
            raise QueryError(f"{name} needs a term after it", operator.pos, self.text)

    def _unary(self) -> Node:
        token = self._peek()
        if token is not None and token.kind in ("not", "minus"):
            self._next()
            following = self._peek()
            if following is None or following.kind in ("or", "and", "rparen"):
                name = "NOT" if token.kind == "not" else "'-'"
                raise QueryError(f"{name} needs a term after it", token.pos, self.text)
            child = self._unary()
            return child.child if isinstance(child, Not) else Not(child, token.pos)
        return self._primary()

    def _primary(self) -> Node:
        token = self._peek()
        if token is None:
            raise self._error_at_end("a term is missing at the end")
        self._next()
        if token.kind == "lparen":
            return self._group(token)
        if token.kind == "rparen":
            raise QueryError("unmatched ')'", token.pos, self.text)
        return _leaf(token)

    def _group(self, opening: _Token) -> Node:
        following = self._peek()
        if following is None:
            raise QueryError("unclosed '('", opening.pos, self.text)
        if following.kind == "rparen":
            raise QueryError("empty parentheses", opening.pos, self.text)
        node = self._or()
        closing = self._peek()
        if closing is None or closing.kind != "rparen":
            raise QueryError("unclosed '('", opening.pos, self.text)
        self._next()
        return node


def _leaf(token: _Token) -> Node:
    if len(token.words) == 1:
        return Term(token.words[0])
    if token.distance is not None:
        return Near(token.words, token.distance)
    return Phrase(token.words)


def _combine(kind: type[And] | type[Or], children: Sequence[Node]) -> Node:
    """Flatten nested nodes of the same kind (both are associative); one child stands alone."""
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, kind) else (child,))
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def split_negations(node: Node) -> tuple[Node | None, Node | None]:
    """Split a query into (what must match, what must not), either possibly ``None``.

    Backends whose boolean syntax has no stand-alone NOT (FTS5) use it to run ``-spam``
    as "everything except spam". ``MatchAll`` gives ``(None, None)``.
    """
    if isinstance(node, MatchAll):
        return None, None
    if isinstance(node, Not):
        return None, node.child
    if not isinstance(node, And):
        return node, None
    positives = [child for child in node.children if not isinstance(child, Not)]
    negatives = [child.child for child in node.children if isinstance(child, Not)]
    positive = _combine(And, positives) if positives else None
    negative = _combine(Or, negatives) if negatives else None
    return positive, negative


def quote_fts5(text: str) -> str:
    """An FTS5 string literal: the tokenizer sees the text, the parser sees no syntax."""
    return '"' + text.replace('"', '""') + '"'


def to_fts5(node: Node) -> str:
    """Translate the AST to an FTS5 MATCH expression with every term quoted.

    A segmented word (``ô_nhiễm``) also matches its syllables as a phrase (``"ô nhiễm"``),
    so items indexed before segmentation are still found.

    >>> to_fts5(parse('"ô nhiễm" OR bụi -mịn'))
    '("ô nhiễm" OR ("bụi" NOT ("mịn")))'
    """
    if isinstance(node, Term):
        return _with_syllables(node.text, quote_fts5)
    if isinstance(node, Phrase):
        return _with_syllables(" ".join(node.words), quote_fts5)
    if isinstance(node, Near):
        return _with_syllables(" ".join(node.words), lambda words: _near(words, node.distance))
    if isinstance(node, Or):
        return "(" + " OR ".join(_positive_fts5(child) for child in node.children) + ")"
    if isinstance(node, And):
        return _and_fts5(node)
    if isinstance(node, Not):
        raise QueryError("NOT/- needs a term beside it that is not negated, e.g. 'a -b'", node.position, "")
    raise QueryError("the empty query has no FTS5 form; match everything instead", 0, "")


def _positive_fts5(node: Node) -> str:
    if isinstance(node, Not):
        raise QueryError(
            "NOT/- cannot stand alone inside OR; group it with a term, e.g. '(a -b) OR c'", node.position, ""
        )
    return to_fts5(node)


def _and_fts5(node: And) -> str:
    positive, negative = split_negations(node)
    if positive is None:
        first = next(child for child in node.children if isinstance(child, Not))
        raise QueryError(
            "a group of only NOT/- terms matches nothing here; add a term, e.g. '(a -b)'", first.position, ""
        )
    if isinstance(positive, And):
        expression = "(" + " AND ".join(_positive_fts5(child) for child in positive.children) + ")"
    else:
        expression = to_fts5(positive)
    if negative is None:
        return expression
    return f"({expression} NOT ({to_fts5(negative)}))"


def _near(words: str, distance: int) -> str:
    return f"NEAR({' '.join(quote_fts5(word) for word in words.split())}, {distance})"


def _with_syllables(words: str, render: Callable[[str], str]) -> str:
    exact = render(words)
    if "_" not in words:
        return exact
    return f"({exact} OR {render(words.replace('_', ' '))})"


def compile_fts5(query: str) -> tuple[str | None, str | None]:
    """Parse ``query`` into FTS5 expressions (must match, must not match); ``None`` = no constraint.

    >>> compile_fts5("-quảng_cáo")
    (None, '("quảng_cáo" OR "quảng cáo")')
    """
    positive, negative = split_negations(parse(query))
    try:
        return (
            None if positive is None else to_fts5(positive),
            None if negative is None else to_fts5(negative),
        )
    except QueryError as exc:  # to_fts5 sees only the tree; name the text the analyst typed
        raise QueryError(exc.reason, exc.position, unicodedata.normalize("NFC", query)) from None
