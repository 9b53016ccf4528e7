"""The deep-paging contract (:meth:`IndexBackend.search_page`), as tests any backend must pass.

Imported by each backend's test module next to :mod:`tests.index.contract` (same ``backend``
fixture). The deep walk writes more items than Elasticsearch's ``from``/``size`` window
(10,000) holds, a third of them sharing their publication time with others.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from langnghe.errors import InputError
from langnghe.index.base import MAX_PAGE, Cursor, Filters, IndexBackend, SearchPage, SearchSort
from langnghe.item import Item
from langnghe.testing import build_item

T0 = datetime(2024, 5, 1, 3, 0, tzinfo=timezone.utc)
DEEP = 10_500
WRITE_CHUNK = 2_000
WORDS = ("mưa", "lũ", "ngập", "đường", "phố", "dân", "cứu", "hộ")


def _deep_items(count: int) -> list[Item]:
    """``count`` small items over two months; three in a row share one publication time
    and one in seven is known by its fetch time only."""
    items = []
    for n in range(count):
        moment = T0 + timedelta(minutes=7 * (n // 3))
        words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(1 + n % 5))
        published = None if n % 7 == 0 else moment
        items.append(build_item(id=f"sau-{n:05d}", source=f"nguon-{n % 3}", title=f"Tin {n}", text=f"bản tin {words}",
                                published_at=published, fetched_at=moment))
    return items


def _walk(backend: IndexBackend, query: str = "", filters: Filters | None = None, *, size: int,
          sort: SearchSort = "time") -> Iterator[SearchPage]:
    page = backend.search_page(query, filters, size=size, sort=sort)
    yield page
    while page.next is not None:
        page = backend.search_page(query, filters, size=size, after=Cursor.from_token(page.next.token()), sort=sort)
        yield page


def _effective(item: Item) -> datetime:
    return item.published_at or item.fetched_at


@pytest.mark.slow
def test_pages_go_past_ten_thousand_hits_without_repeats_or_gaps(backend: IndexBackend) -> None:
    items = _deep_items(DEEP)
    for start in range(0, DEEP, WRITE_CHUNK):
        backend.upsert(items[start:start + WRITE_CHUNK])
    pages = list(_walk(backend, size=MAX_PAGE))
    seen = [hit.item for page in pages for hit in page.hits]
    assert len(pages) == -(-DEEP // MAX_PAGE) and all(page.total == DEEP for page in pages)
    assert len(seen) == len({item.id for item in seen}) == DEEP  # no repeats, no gaps
    times = [_effective(item) for item in seen]
    assert times == sorted(times, reverse=True)  # newest first
    ranked = list(_walk(backend, "bản tin", size=MAX_PAGE, sort="relevance"))
    ranked_ids = [hit.item.id for page in ranked for hit in page.hits]
    assert len(ranked_ids) == len(set(ranked_ids)) == DEEP
    scores = [hit.score for page in ranked for hit in page.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    some = Filters(terms={"source": ("nguon-1",)}, since=T0 + timedelta(days=3))
    filtered = [hit.item.id for page in _walk(backend, "ngập", some, size=333) for hit in page.hits]
    assert sorted(filtered) == sorted(item.id for item in items if item.source == "nguon-1"
                                      and _effective(item) >= T0 + timedelta(days=3) and "ngập" in item.text)


def test_small_pages_follow_the_order_of_search(backend: IndexBackend) -> None:
    items = _deep_items(40)
    backend.upsert(items)
    newest_first = [hit.item.id for hit in backend.search("", limit=100).hits]  # ties: the backend's own order
    with_word = {hit.item.id for hit in backend.search("lũ", limit=100).hits}
    for query, sort, expected in (("", "time", newest_first),
                                  ("lũ", "relevance", [hit.item.id for hit in backend.search("lũ", limit=100).hits]),
                                  ("lũ", "time", [item_id for item_id in newest_first if item_id in with_word])):
        walked = [hit.item.id for page in _walk(backend, query, size=3, sort=sort) for hit in page.hits]  # type: ignore[arg-type]
        assert walked == expected, (query, sort)
    assert len(with_word) == sum("lũ" in item.text for item in items) > 3


def test_the_last_page_has_no_cursor_and_an_empty_index_no_hits(backend: IndexBackend) -> None:
    empty = backend.search_page("", size=10)
    assert (empty.total, empty.hits, empty.next) == (0, [], None)
    backend.upsert(_deep_items(4))
    first = backend.search_page("", size=2)
    assert first.total == 4 and len(first.hits) == 2 and first.next is not None
    last = backend.search_page("", size=2, after=first.next)
    assert len(last.hits) == 2 and last.next is None  # exactly full: still known to be the last


def test_bad_sizes_sorts_and_cursors_are_refused(backend: IndexBackend) -> None:
    backend.upsert(_deep_items(4))
    for size in (0, MAX_PAGE + 1):
        with pytest.raises(InputError, match="page size"):
            backend.search_page("", size=size)
    with pytest.raises(InputError, match="sort"):
        backend.search_page("", size=2, sort="random")  # type: ignore[arg-type]
    cursor = backend.search_page("", size=1).next
    assert cursor is not None
    with pytest.raises(InputError, match="cursor"):
        backend.search_page("lũ", size=1, after=cursor, sort="relevance")
    with pytest.raises(InputError, match="cursor"):
        Cursor.from_token("khong-phai-con-tro")


def test_a_count_bound_caps_the_total_and_says_so(backend: IndexBackend) -> None:
    items = _deep_items(40)
    backend.upsert(items)
    with_word = sum("lũ" in item.text for item in items)
    for query, matches in (("", 40), ("lũ", with_word)):
        for sort in ("time", "relevance"):
            capped = backend.search_page(query, size=5, sort=sort, count_up_to=10)  # type: ignore[arg-type]
            assert (capped.total, capped.total_exact, len(capped.hits)) == (10, False, 5), (query, sort)
            whole = backend.search_page(query, size=5, sort=sort, count_up_to=matches)  # type: ignore[arg-type]
            assert (whole.total, whole.total_exact) == (matches, True), (query, sort)
            unbounded = backend.search_page(query, size=5, sort=sort)  # type: ignore[arg-type]
            assert (unbounded.total, unbounded.total_exact) == (matches, True)
            assert [hit.item.id for hit in capped.hits] == [hit.item.id for hit in unbounded.hits]
    with pytest.raises(InputError, match="count_up_to"):
        backend.search_page("", size=5, count_up_to=0)
