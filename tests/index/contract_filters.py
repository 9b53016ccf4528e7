"""The filters and facets the search page offers, as tests any backend must pass: platform,
emotion, toxicity, the false-information flag and the story, beside the older ones.

Imported by each backend's test module (``from .contract_filters import *``) like
:mod:`tests.index.contract`. Texts written for this suite.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from langnghe.index.base import FacetCount, FieldUpdate, Filters, IndexBackend
from langnghe.item import FalseInfo, Item
from langnghe.testing import build_item

T1 = datetime(2024, 6, 3, 2, 0, tzinfo=timezone.utc)
FLAG = FalseInfo(flagged=True, score=0.91, explanation="Trùng khớp với tin đã bị bác bỏ")
CLEARED = FalseInfo(flagged=False, score=0.2, explanation="")


def _signals(backend: IndexBackend) -> dict[str, Item]:
    """Four items, each with its own signals; keys name them below."""
    items = {
        "angry": build_item(id="gian-du-01", platform="facebook", kind="post", title="Bực mình vì nước bẩn",
                            emotion="anger", toxicity="offensive", false_info=FLAG, story_id="su-viec-nuoc",
                            near_dup_key="ban-sao-nuoc", published_at=T1),
        "sad": build_item(id="buon-ba-02", title="Cá chết hàng loạt ở hồ", emotion="sadness", toxicity="clean",
                          false_info=CLEARED, story_id="su-viec-nuoc", near_dup_key="ban-sao-nuoc",
                          published_at=T1 + timedelta(hours=1)),
        "hate": build_item(id="thu-ghet-03", platform="forum", kind="post", title="Lời lẽ kích động",
                           emotion="anger", toxicity="hate", published_at=T1 + timedelta(hours=2)),
        "plain": build_item(id="chua-phan-tich-04", title="Tin chưa phân tích", published_at=T1 + timedelta(hours=3)),
    }
    assert backend.upsert(list(items.values())) == len(items)
    return items


def _found(backend: IndexBackend, **terms: tuple[str, ...]) -> set[str]:
    return {hit.item.id for hit in backend.search("", Filters(terms=dict(terms)), limit=100).hits}


def test_emotion_and_toxicity_filter_and_count(backend: IndexBackend) -> None:
    items = _signals(backend)
    assert _found(backend, emotion=("anger",)) == {items["angry"].id, items["hate"].id}
    assert _found(backend, toxicity=("offensive", "hate")) == {items["angry"].id, items["hate"].id}
    assert _found(backend, emotion=("anger",), platform=("forum",)) == {items["hate"].id}
    assert backend.facets("emotion") == [FacetCount("anger", 2), FacetCount("sadness", 1)]
    assert backend.facets("toxicity") == [FacetCount("clean", 1), FacetCount("hate", 1), FacetCount("offensive", 1)]
    assert backend.facets("emotion", filters=Filters(terms={"toxicity": ("clean",)})) == [FacetCount("sadness", 1)]


def test_the_false_information_flag_counts_items_never_assessed_as_not_flagged(backend: IndexBackend) -> None:
    items = _signals(backend)
    assert _found(backend, false_info=("true",)) == {items["angry"].id}
    assert _found(backend, false_info=("false",)) == {items["sad"].id, items["hate"].id, items["plain"].id}
    assert backend.facets("false_info") == [FacetCount("false", 3), FacetCount("true", 1)]


def test_the_flag_facet_follows_update_fields(backend: IndexBackend) -> None:
    items = _signals(backend)
    read = backend.get_versioned([items["plain"].id])[items["plain"].id]
    assert backend.update_fields([FieldUpdate(items["plain"].id, {"false_info": FLAG}, read.version)])[0].ok
    assert _found(backend, false_info=("true",)) == {items["angry"].id, items["plain"].id}
    again = backend.get_versioned([items["angry"].id])[items["angry"].id]
    assert backend.update_fields([FieldUpdate(items["angry"].id, {"false_info": None}, again.version)])[0].ok
    assert backend.facets("false_info") == [FacetCount("false", 3), FacetCount("true", 1)]
    assert _found(backend, false_info=("true",)) == {items["plain"].id}


def test_story_and_platform_filter_with_a_query(backend: IndexBackend) -> None:
    items = _signals(backend)
    assert _found(backend, story=("su-viec-nuoc",)) == {items["angry"].id, items["sad"].id}
    assert backend.search("ca chet", Filters(terms={"story": ("su-viec-nuoc",)})).total == 1
    assert backend.search("ca chet", Filters(terms={"platform": ("facebook",)})).total == 0
    assert backend.facets("platform", filters=Filters(terms={"story": ("su-viec-nuoc",)})) == [
        FacetCount("facebook", 1), FacetCount("news", 1)]


def test_near_duplicates_are_found_by_their_key(backend: IndexBackend) -> None:
    items = _signals(backend)
    assert _found(backend, near_dup_key=("ban-sao-nuoc",)) == {items["angry"].id, items["sad"].id}
    assert backend.facets("near_dup_key") == [FacetCount("ban-sao-nuoc", 2)]


def test_many_facets_at_once_count_as_one_facet_at_a_time(backend: IndexBackend) -> None:
    from .contract_paging import _deep_items

    _signals(backend)
    backend.upsert(_deep_items(60))
    fields = ["source", "platform", "section", "sentiment", "toxicity", "emotion", "false_info", "story", "province"]
    for query, filters in (("", None), ("lũ", None), ("cá chết", None), ("ngập", Filters(terms={"source": ("nguon-1",)})),
                           ("", Filters(terms={"emotion": ("anger",)})), ("không có từ này", None)):
        for size in (1, 2, 20):
            together = backend.facet_counts(fields, query, filters, size=size)
            assert together == {field: backend.facets(field, query, filters, size=size) for field in fields}, (query, size)
    assert backend.facet_counts(["source"], "lũ")["source"][0].count > 1
    assert backend.facet_counts([], "lũ") == {}
