"""The search page's state: what the URL holds, read into the query service's requests, and
written back as URLs (a facet value added, a filter removed, the next page).

The whole state lives in the query string, so a URL reproduces a search: ``q`` (the query
language of ``langnghe search``), ``since`` / ``until`` (dd/mm/yyyy [HH:MM] or ISO, through
:mod:`langnghe.times`) or ``range`` (``24h``, ``7d``, ``30d``: the last hours or days before
now), one parameter per filter named as the index field (``source``, ``platform``, ``section``,
``concern``, ``province``, ``sentiment``, ``emotion``, ``toxicity``, ``false_info``,
``story``; repeated for several values, which are OR-ed), ``sort`` (``relevance`` or
``time``), ``size`` and ``after`` (the cursor of the next page). The API takes the same.

Also here, because pages show them: the Vietnamese wording of a query error and the parts of a
snippet (marked or not), which the template escapes; no HTML is built in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import urlencode

from langnghe.errors import InputError
from langnghe.index.query import QueryError
from langnghe.labels import SEARCH_PERIOD_VI
from langnghe.service.filters import FIELDS, FilterRequest
from langnghe.service.views import SnippetView

SearchSort = Literal["relevance", "time"]
Period = Literal["", "24h", "7d", "30d"]
PERIODS: dict[str, timedelta] = {"24h": timedelta(hours=24), "7d": timedelta(days=7), "30d": timedelta(days=30)}
DEFAULT_SIZE = 20
# URL parameter (= index field) -> FilterRequest field, in the order the page lists the filters
FILTER_PARAMS: dict[str, str] = {index_field: name for name, (index_field, _) in FIELDS.items()}
# an option as the shared resolver names it -> the URL parameter it came from
OPTION_PARAMS: dict[str, str] = {option: index_field for index_field, option in FIELDS.values()} | {
    "--since": "since", "--until": "until"}
PAGE_ORDER = ("source", "platform", "section", "concern", "province", "sentiment", "emotion", "toxicity",
              "false_info", "story")  # fmt: skip


@dataclass(frozen=True)
class SearchState:
    """One search as its URL holds it (filter values as typed: names, ids or unaccented forms)."""

    q: str = ""
    since: str = ""
    until: str = ""
    period: Period = ""
    # the best match first: a word typed with its accents ranks the items that have it so above
    # those that match only without accents (bão lũ: not "bảo ... lữ"), which newest-first mixes in
    sort: SearchSort = "relevance"
    size: int = DEFAULT_SIZE
    after: str = ""
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)  # URL parameter -> values

    def request(self, now: datetime) -> FilterRequest:
        """The filters as typed, a preset period read as its start before ``now``."""
        since = self.since.strip() or None
        if self.period:
            if since is not None:
                raise InputError(f"--since: chọn “{SEARCH_PERIOD_VI[self.period]}” hoặc nhập ngày bắt đầu, không cả hai")
            since = (now - PERIODS[self.period]).isoformat()
        values = {FILTER_PARAMS[param]: tuple(v for v in typed if v.strip()) for param, typed in self.terms.items()}
        return FilterRequest(since=since, until=self.until.strip() or None, **values)

    def pairs(self) -> list[tuple[str, str]]:
        """The URL parameters of this state, without defaults or blanks."""
        found = [("q", self.q), ("since", self.since), ("until", self.until), ("range", self.period)]
        found += [(param, value) for param in PAGE_ORDER for value in self.terms.get(param, ())]
        if self.sort != "relevance":
            found.append(("sort", self.sort))
        if self.size != DEFAULT_SIZE:
            found.append(("size", str(self.size)))
        found.append(("after", self.after))
        return [(name, value) for name, value in found if value.strip()]

    def url(self, path: str = "/tim-kiem") -> str:
        query = urlencode(self.pairs())
        return f"{path}?{query}" if query else path

    def with_value(self, param: str, value: str) -> SearchState:
        """This search narrowed by one more value (from the first page again)."""
        present = self.terms.get(param, ())
        added = present if value in present else (*present, value)
        return replace(self, terms={**self.terms, param: added}, after="")

    def without_value(self, param: str, value: str) -> SearchState:
        left = tuple(v for v in self.terms.get(param, ()) if v != value)
        return replace(self, terms={**self.terms, param: left}, after="")

    def page_after(self, cursor: str) -> SearchState:
        return replace(self, after=cursor)

    def first_page(self) -> SearchState:
        return replace(self, after="")

    def resolved(self, terms: dict[str, tuple[str, ...]]) -> SearchState:
        """This search with the filter values as the index stores them (``terms``: index field ->
        values), so that removing one or adding a facet value compares like with like."""
        return replace(self, terms={param: terms.get(param, ()) for param in FILTER_PARAMS})


def named_for(message: str, names: dict[str, str]) -> str:
    """A filter's error line as the resolver wrote it (``--emotion: ...``), its option replaced by
    the name ``names`` gives its URL parameter (the page: the form's label; the API: the parameter),
    and so is another option the line names (``--until: ... phải sau --since ...``), in quotes."""
    option, colon, rest = message.partition(": ")
    param = OPTION_PARAMS.get(option)
    if not colon or param is None:
        return message
    rest = re.sub(r"--[a-z_-]+\b", lambda found: _quoted(found.group(0), names), rest)
    return f"{names.get(param, param)}: {rest}"


def _quoted(option: str, names: dict[str, str]) -> str:
    param = OPTION_PARAMS.get(option)
    return option if param is None else f"“{names.get(param, param)}”"


@dataclass(frozen=True)
class QueryProblem:
    """A query that could not be read: the Vietnamese reason and where in the query."""

    message: str
    query: str
    position: int

    @property
    def before(self) -> str:
        return self.query[: self.position]

    @property
    def at(self) -> str:
        return self.query[self.position : self.position + 1] or " "

    @property
    def after(self) -> str:
        return self.query[self.position + 1 :]


_REASONS_VI: tuple[tuple[str, str], ...] = (
    (r"^unclosed quote", "dấu ngoặc kép (\") chưa đóng"),
    (r"^'~' after a phrase needs a number", "sau dấu ~ cần một số, ví dụ \"cá chết\"~5"),
    (r"^empty phrase", "cặp ngoặc kép không có từ nào"),
    (r"^'~N' applies to a phrase", "~N chỉ dùng sau một cụm từ trong ngoặc kép, ví dụ \"cá chết\"~5"),
    (r"^unmatched '\)'", "dấu ) không có dấu ( đi trước"),
    (r"^unclosed '\('", "dấu ( chưa đóng"),
    (r"^empty parentheses", "cặp ngoặc đơn không có từ nào"),
    (r"^a term is missing at the end", "thiếu một từ ở cuối"),
    (r"^(\S+) needs a term before it", "trước {0} cần một từ"),
    (r"^(\S+) needs a term after it", "sau {0} cần một từ"),
    (r"^NOT/- cannot stand alone inside OR", "NOT hoặc - không thể đứng riêng trong OR; ghép với một từ, ví dụ (a -b) OR c"),
    (r"^a group of only NOT/- terms", "một nhóm chỉ có NOT hoặc - không khớp gì; thêm một từ, ví dụ (a -b)"),
    (r"^NOT/- needs a term beside it", "NOT hoặc - cần một từ không bị loại đứng cạnh, ví dụ a -b"),
)


def query_problem(error: QueryError, typed: str) -> QueryProblem:
    """The page's (and the API's) account of a query error, in Vietnamese."""
    message = "không đọc được câu tìm kiếm"
    for pattern, wording in _REASONS_VI:
        found = re.match(pattern, error.reason)
        if found:
            message = wording.format(*(part.strip("'") for part in found.groups()))
            break
    query = error.query or typed
    position = max(0, min(error.position, len(query)))
    return QueryProblem(f"Lỗi ở ký tự thứ {position + 1}: {message}", query, position)


@dataclass(frozen=True)
class SnippetPart:
    text: str
    marked: bool


def snippet_parts(snippet: SnippetView | None) -> list[SnippetPart]:
    """A snippet cut at its marks; the template escapes each part and wraps the marked ones in ``<mark>``."""
    if snippet is None:
        return []
    parts: list[SnippetPart] = []
    at = 0
    for start, end in sorted(snippet.marks):
        if start < at:
            continue
        parts += [SnippetPart(snippet.text[at:start], False), SnippetPart(snippet.text[start:end], True)]
        at = end
    parts.append(SnippetPart(snippet.text[at:], False))
    return [part for part in parts if part.text]
