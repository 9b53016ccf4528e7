"""The IndexBackend contract, as tests any backend must pass.

A backend's test module provides a function-scoped ``backend`` fixture (an empty index)
and imports these tests: ``from .contract import *`` (and the write contract's,
:mod:`tests.index.contract_writes`). Test texts are written for this suite; none come from
the shared datasets.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from langnghe.errors import InputError
from langnghe.index.base import DateBucket, FacetCount, Filters, IndexBackend
from langnghe.index.query import QueryError
from langnghe.item import ClaimMatch, Item
from langnghe.testing import build_item, build_nlp

UTC = timezone.utc
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = datetime(2024, 5, 1, 3, 0, tzinfo=UTC)


def _ids(backend: IndexBackend, query: str = "", filters: Filters | None = None) -> set[str]:
    result = backend.search(query, filters, limit=1000)
    assert result.total == len(result.hits), "the test corpus fits in one page"
    return {hit.item.id for hit in result.hits}


def _corpus(backend: IndexBackend) -> dict[str, Item]:
    """A small newsroom day; keys name the items in the assertions below."""
    items = {
        "air": build_item(
            id="air-hanoi-01",
            source="bao-a",
            title="Ô nhiễm không khí ở Hà Nội lên mức nguy hại",
            text="Chỉ số bụi mịn tăng cao vào sáng sớm, người dân được khuyến cáo hạn chế ra đường.",
            tokens=["ô_nhiễm", "không_khí", "ở", "hà_nội", "lên", "mức", "nguy_hại", "bụi", "mịn"],
            section="moi-truong", sentiment="negative", provinces=["Hà Nội"], watch_topics=["moi-truong"],
            concerns=["pollution_environment", "health_care"], published_at=T0,
            claims=[ClaimMatch(claim_id="claim-vo-de", similarity=0.9, stance="refutes")],
        ),
        "river": build_item(
            id="river-hcm-02",
            source="bao-b",
            platform="forum",
            kind="post",
            title="Kênh Nhiêu Lộc sạch hơn sau cải tạo",
            text="Nước kênh trong hơn, không khí quanh bờ kênh dễ chịu; bà con tập thể dục mỗi sáng.",
            tokens=["kênh", "nhiêu_lộc", "sạch", "hơn", "sau", "cải_tạo"],
            section="moi-truong", sentiment="positive", provinces=["TP Hồ Chí Minh"],
            published_at=T0 + timedelta(hours=2),
        ),
        "flood": build_item(
            id="flood-central-03",
            source="bao-a",
            title="Mưa lớn gây ngập ở Huế và Đà Nẵng",
            text="Nhiều khu dân cư bị cô lập; lực lượng cứu hộ đã có mặt để hỗ trợ người dân.",
            tokens=["mưa", "lớn", "gây", "ngập", "ở", "huế", "và", "đà_nẵng"],
            section="thoi-su", sentiment="negative", provinces=["Thừa Thiên Huế", "Đà Nẵng"],
            watch_topics=["thien-tai"], story_id="story-lu-mien-trung",
            claims=[ClaimMatch(claim_id="claim-vo-de", similarity=0.82)],
            published_at=T0 + timedelta(days=1),
        ),
        "ad": build_item(
            id="ad-spam-04",
            source="mang-xa-hoi",
            platform="facebook",
            kind="comment",
            title="",
            text="Quảng cáo máy lọc không khí giá rẻ, inbox ngay để nhận ưu đãi ô nhiễm gì cũng lọc.",
            published_at=None,
            fetched_at=T0 + timedelta(hours=20, minutes=30),  # 23:30 UTC, next morning in Việt Nam
        ),
        "ghost": build_item(
            id="ghost-story-05",
            source="bao-b",
            title="Chuyện ma ở ngôi nhà cũ",
            text="Hàng xóm kể rằng đêm nào cũng nghe tiếng động lạ, mà chẳng ai dám vào xem.",
            sentiment="neutral",
            published_at=T0 + timedelta(hours=1),
        ),
    }
    assert backend.upsert(list(items.values())) == len(items)
    return items


# -- writing and reading back -----------------------------------------------------------


def test_upsert_then_get_round_trips_the_item(backend: IndexBackend) -> None:
    items = _corpus(backend)
    assert backend.get("air-hanoi-01") == items["air"]
    assert backend.get("khong-co-bai-nay") is None


def test_upsert_same_id_replaces_content_without_duplicates(backend: IndexBackend) -> None:
    first = build_item(id="bai-viet-lap-lai", title="Giá xăng tăng mạnh", text="Người dân lo lắng.")
    second = first.model_copy(update={"title": "Giá xăng giảm nhẹ", "text": "Tài xế vui mừng."})
    assert backend.upsert([first]) == 1
    assert backend.upsert([first]) == 1  # an unchanged re-upsert is harmless
    assert backend.upsert([second]) == 1
    assert backend.count() == 1
    assert backend.get(first.id) == second
    assert _ids(backend, "tăng") == set()
    assert _ids(backend, "lo lắng") == set()
    result = backend.search("giá xăng")
    assert result.total == 1 and [h.item.title for h in result.hits] == ["Giá xăng giảm nhẹ"]


def test_duplicate_ids_in_one_batch_keep_the_last(backend: IndexBackend) -> None:
    first = build_item(id="trung-lap-trong-lo", title="Bản nháp")
    last = first.model_copy(update={"title": "Bản chính thức"})
    assert backend.upsert([first, last]) == 1
    assert backend.count() == 1
    assert backend.get(first.id).title == "Bản chính thức"  # type: ignore[union-attr]


def test_upsert_of_nothing_writes_nothing(backend: IndexBackend) -> None:
    assert backend.upsert([]) == 0
    assert backend.count() == 0
    assert backend.search("").total == 0
    assert backend.date_histogram() == []
    assert backend.facets("source") == []


def test_enrichment_replaces_facets_and_tokens(backend: IndexBackend) -> None:
    raw = build_item(id="chua-lam-giau", title="Triều cường dâng cao", text="Đường phố ngập nước.")
    backend.upsert([raw])
    assert backend.facets("sentiment") == []
    nlp = build_nlp(tokens=["triều_cường", "dâng", "cao"], sentiment="negative", provinces=["Cần Thơ"])
    enriched = raw.model_copy(update={"nlp": nlp})
    backend.upsert([enriched])
    assert backend.facets("sentiment") == [FacetCount("negative", 1)]
    assert backend.facets("province") == [FacetCount("Cần Thơ", 1)]
    assert _ids(backend, "triều_cường") == {raw.id}
    backend.upsert([raw])  # back to unenriched: old labels must not linger
    assert backend.facets("province") == []
    assert backend.count(Filters(terms={"sentiment": ("negative",)})) == 0


# -- counting and filtering -------------------------------------------------------------


def test_delete_before_removes_older_items_everywhere(backend: IndexBackend) -> None:
    items = _corpus(backend)
    april = build_item(id="old-april-06", source="bao-a", title="Tin tháng trước về ô nhiễm",
                       text="Bài cũ từ tháng tư.", published_at=T0 - timedelta(days=20))
    backend.upsert([april])
    # published before the cut (air, ghost, and April's whole month) go; the cut itself stays
    assert backend.delete_before(T0 + timedelta(hours=2)) == 3
    assert _ids(backend) == {items["river"].id, items["ad"].id, items["flood"].id}
    assert _ids(backend, "nguy hại") == set()  # the full-text entries went too
    assert {f.value for f in backend.facets("province")} == {"TP Hồ Chí Minh", "Thừa Thiên Huế", "Đà Nẵng"}
    assert backend.get(items["air"].id) is None
    assert backend.delete_before(T0) == 0


def test_count_with_filters(backend: IndexBackend) -> None:
    _corpus(backend)
    assert backend.count() == 5
    assert backend.count(Filters(terms={"source": ("bao-a",)})) == 2
    assert backend.count(Filters(terms={"source": ("bao-a", "bao-b")})) == 4  # OR within a field
    assert backend.count(Filters(terms={"source": ("bao-b",), "sentiment": ("neutral",)})) == 1  # AND across
    assert backend.count(Filters(terms={"kind": ("comment",), "platform": ("facebook",)})) == 1
    assert backend.count(Filters(terms={"section": ("moi-truong",)})) == 2
    assert backend.count(Filters(terms={"source": ()})) == 5  # nothing selected: no constraint
    assert backend.count(Filters(terms={"lang": ("en",)})) == 0


def test_filter_on_multi_valued_province(backend: IndexBackend) -> None:
    items = _corpus(backend)
    assert _ids(backend, filters=Filters(terms={"province": ("Đà Nẵng",)})) == {items["flood"].id}
    assert _ids(backend, filters=Filters(terms={"province": ("Thừa Thiên Huế",)})) == {items["flood"].id}
    both = Filters(terms={"province": ("Hà Nội", "Đà Nẵng")})
    assert _ids(backend, filters=both) == {items["air"].id, items["flood"].id}
    assert backend.count(Filters(terms={"province": ("Hà Nội",), "source": ("bao-b",)})) == 0
    assert backend.count(Filters(terms={"watch_topic": ("thien-tai",)})) == 1


def test_time_range_uses_published_else_fetched(backend: IndexBackend) -> None:
    items = _corpus(backend)
    since, until = T0 + timedelta(hours=1), T0 + timedelta(days=1)
    window = _ids(backend, filters=Filters(since=since, until=until))
    # since is inclusive (ghost at exactly +1h), until exclusive (flood at exactly +1 day);
    # the ad has no published_at and counts at its fetch time.
    assert window == {items["ghost"].id, items["river"].id, items["ad"].id}
    local_since = since.astimezone(HCM)  # any zone names the same instant
    assert backend.count(Filters(since=local_since, until=until)) == 3
    assert backend.count(Filters(until=T0)) == 0


def test_unknown_filter_or_facet_field_is_named(backend: IndexBackend) -> None:
    _corpus(backend)
    with pytest.raises(InputError, match="tinh_thanh"):
        backend.count(Filters(terms={"tinh_thanh": ("Hà Nội",)}))
    with pytest.raises(InputError, match="author"):
        backend.facets("author")


# -- full-text queries ------------------------------------------------------------------


def test_words_match_anywhere_but_phrase_needs_adjacency(backend: IndexBackend) -> None:
    items = _corpus(backend)
    # "không khí" is adjacent in air, river and ad; "khí không" nowhere
    assert _ids(backend, '"không khí"') == {items["air"].id, items["river"].id, items["ad"].id}
    assert _ids(backend, '"khí không"') == set()
    assert _ids(backend, "người dân") == {items["air"].id, items["flood"].id}
    assert _ids(backend, '"người dân"') == {items["air"].id, items["flood"].id}
    assert _ids(backend, "kênh sạch") == {items["river"].id}
    assert _ids(backend, '"kênh sạch"') == set()


def test_or_not_and_minus(backend: IndexBackend) -> None:
    items = _corpus(backend)
    assert _ids(backend, "huế OR nhiêu") == {items["flood"].id, items["river"].id}
    assert _ids(backend, '"không khí" -quảng') == {items["air"].id, items["river"].id}
    assert _ids(backend, '"không khí" NOT quảng NOT kênh') == {items["air"].id}
    assert _ids(backend, "(huế OR hà) AND nội") == {items["air"].id}
    assert _ids(backend, "-ma -khí") == {items["flood"].id}
    assert _ids(backend, "NOT (khí OR mưa)") == {items["ghost"].id}


def test_proximity(backend: IndexBackend) -> None:
    items = _corpus(backend)
    # air body: "bụi mịn tăng cao vào sáng sớm": bụi..sáng has 4 words between them
    assert _ids(backend, '"bụi sáng"~4') == {items["air"].id}
    assert _ids(backend, '"bụi sáng"~3') == set()
    assert _ids(backend, '"sáng bụi"~4') == {items["air"].id}  # any order


def test_diacritics_and_case_are_ignored(backend: IndexBackend) -> None:
    items = _corpus(backend)
    assert _ids(backend, "ma") == {items["ghost"].id}
    assert _ids(backend, "mà") == {items["ghost"].id}  # the ghost text has both
    assert _ids(backend, "má") == {items["ghost"].id}  # a query typed with other marks finds them too
    assert _ids(backend, "huế") == {items["flood"].id}
    assert _ids(backend, "hue") == {items["flood"].id}
    assert _ids(backend, "HUẾ") == {items["flood"].id}
    assert _ids(backend, "da_nang") == {items["flood"].id}  # "đ" folds to "d" (no combining mark in it)
    decomposed = "hu\u0065\u0302\u0301"  # "huế" typed as e + circumflex + acute
    assert _ids(backend, decomposed) == {items["flood"].id}


def _fish(backend: IndexBackend) -> dict[str, Item]:
    items = {
        "accented": build_item(id="ca-chet-co-dau", title="Cá chết trắng sông Đáy",
                               text="Người dân vớt cá chết suốt đêm.", published_at=T0),
        # typed without diacritics, and denser: BM25 alone would put it first for "cá chết"
        "plain": build_item(id="ca-chet-khong-dau", title="ca chet, ca chet hang loat o ho",
                            text="dan lang bao ca chet nhieu lam", published_at=T0 + timedelta(hours=1)),
        "apart": build_item(id="ca-lang-chet-lang", title="Cả làng chết lặng", text="Tin buồn đến lúc nửa đêm.",
                            published_at=T0 + timedelta(hours=2)),
        "other": build_item(id="ca-chua-gia-re", title="Cà chua giá rẻ", text="Chợ đầu mối Đà Lạt.",
                            published_at=T0 + timedelta(hours=3)),
    }
    backend.upsert(list(items.values()))
    return items


def test_a_query_without_diacritics_finds_what_the_accented_one_finds(backend: IndexBackend) -> None:
    items = _fish(backend)
    words = {items["accented"].id, items["plain"].id, items["apart"].id}
    assert _ids(backend, "cá chết") == _ids(backend, "ca chet") == _ids(backend, "CA CHET") == words
    assert _ids(backend, '"cá chết"') == _ids(backend, '"ca chet"') == {items["accented"].id, items["plain"].id}
    assert _ids(backend, '"ca chet"~2') == words
    assert _ids(backend, "ca -chet") == {items["other"].id}  # a word excludes what it would find
    assert _ids(backend, "đáy OR lat") == {items["accented"].id, items["other"].id}


def test_exact_accents_rank_first(backend: IndexBackend) -> None:
    items = _fish(backend)
    accented = [hit.item.id for hit in backend.search("cá chết").hits]
    assert accented[0] == items["accented"].id and len(accented) == 3
    plain = [hit.item.id for hit in backend.search("ca chet").hits]
    assert plain[0] == items["plain"].id and len(plain) == 3
    page = backend.search_page('"cá chết"', sort="relevance", size=1)
    assert [hit.item.id for hit in page.hits] == [items["accented"].id] and page.next is not None
    rest = backend.search_page('"cá chết"', sort="relevance", size=1, after=page.next)
    assert [hit.item.id for hit in rest.hits] == [items["plain"].id] and rest.next is None


def test_segmented_token_query(backend: IndexBackend) -> None:
    items = _corpus(backend)
    assert items["air"].id in _ids(backend, "ô_nhiễm")
    assert _ids(backend, "nhiêu_lộc") == {items["river"].id}
    assert _ids(backend, "đà_nẵng mưa") == {items["flood"].id}


def test_empty_and_negative_only_queries(backend: IndexBackend) -> None:
    _corpus(backend)
    assert backend.search("").total == 5
    assert backend.search("   ").total == 5
    assert backend.search("-inbox").total == 4
    assert backend.search("-inbox -ma").total == 3


def test_no_query_lists_newest_first_and_pages(backend: IndexBackend) -> None:
    items = _corpus(backend)
    newest_first = ["flood", "ad", "river", "ghost", "air"]
    result = backend.search(limit=2, offset=1)
    assert result.total == 5
    assert [hit.item.id for hit in result.hits] == [items[k].id for k in newest_first[1:3]]


def test_no_query_ties_in_time_are_ordered_by_id_whatever_the_write_order(backend: IndexBackend) -> None:
    # Items written in another order (a batch redelivered after a crash) list the same way.
    same_time = [build_item(id=f"cung-luc-{n}", title="Họp báo", published_at=T0) for n in (2, 3, 1)]
    for item in same_time:
        backend.upsert([item])
    assert [hit.item.id for hit in backend.search().hits] == ["cung-luc-3", "cung-luc-2", "cung-luc-1"]
    assert [hit.item.id for hit in backend.search("họp báo").hits] == ["cung-luc-3", "cung-luc-2", "cung-luc-1"]


def test_ranked_hits_put_the_denser_match_first(backend: IndexBackend) -> None:
    once = build_item(title="Bão số 3", text="Người dân ven biển chuẩn bị chằng chống nhà cửa.")
    thrice = build_item(title="Bão số 3 đổ bộ", text="Bão mạnh, bão giật cấp 12, người dân sơ tán.")
    unrelated = [
        build_item(title="Giá vàng hôm nay", text="Vàng miếng đứng yên."),
        build_item(title="Lịch thi đấu bóng đá", text="Đội tuyển tập trung vào thứ hai."),
        build_item(title="Khai trương thư viện mới", text="Sách được tặng cho học sinh."),
    ]
    backend.upsert([once, thrice, *unrelated])
    result = backend.search("bão")
    assert [hit.item.id for hit in result.hits] == [thrice.id, once.id]
    assert result.hits[0].score > result.hits[1].score > 0


def test_query_filters_and_paging_combine(backend: IndexBackend) -> None:
    items = _corpus(backend)
    assert _ids(backend, '"không khí"', Filters(terms={"source": ("bao-b",)})) == {items["river"].id}
    result = backend.search('"không khí"', limit=1)
    assert result.total == 3 and len(result.hits) == 1


def test_bad_query_raises_query_error_naming_the_position(backend: IndexBackend) -> None:
    _corpus(backend)
    with pytest.raises(QueryError, match="position 4") as caught:
        backend.search('bụi "mịn')
    assert isinstance(caught.value, InputError)
    with pytest.raises(QueryError, match="OR needs a term after it"):
        backend.facets("source", "bụi OR")
    with pytest.raises(QueryError, match="unclosed '\\('"):
        backend.date_histogram("(bụi mịn")


# -- aggregations -----------------------------------------------------------------------


def test_facets_largest_first_ties_by_value(backend: IndexBackend) -> None:
    _corpus(backend)
    assert backend.facets("source") == [
        FacetCount("bao-a", 2), FacetCount("bao-b", 2), FacetCount("mang-xa-hoi", 1)
    ]  # fmt: skip
    assert backend.facets("sentiment") == [
        FacetCount("negative", 2), FacetCount("neutral", 1), FacetCount("positive", 1)
    ]  # fmt: skip
    assert backend.facets("source", size=1) == [FacetCount("bao-a", 2)]
    assert backend.facets("platform") == [
        FacetCount("news", 3), FacetCount("facebook", 1), FacetCount("forum", 1)
    ]  # fmt: skip


def test_facets_of_multi_valued_fields_with_query_and_filters(backend: IndexBackend) -> None:
    _corpus(backend)
    provinces = backend.facets("province")
    assert provinces == [
        FacetCount("Hà Nội", 1), FacetCount("TP Hồ Chí Minh", 1),
        FacetCount("Thừa Thiên Huế", 1), FacetCount("Đà Nẵng", 1),
    ]  # fmt: skip  (ties ordered by value as code points: "Đ" sorts after Latin letters)
    assert backend.facets("province", '"không khí"') == [FacetCount("Hà Nội", 1), FacetCount("TP Hồ Chí Minh", 1)]
    assert backend.facets("province", filters=Filters(terms={"sentiment": ("negative",)})) == [
        FacetCount("Hà Nội", 1), FacetCount("Thừa Thiên Huế", 1), FacetCount("Đà Nẵng", 1)
    ]  # fmt: skip
    assert backend.facets("watch_topic") == [FacetCount("moi-truong", 1), FacetCount("thien-tai", 1)]
    assert backend.facets("concern") == [FacetCount("health_care", 1), FacetCount("pollution_environment", 1)]
    assert backend.count(Filters(terms={"concern": ("pollution_environment",)})) == 1
    assert backend.facets("story") == [FacetCount("story-lu-mien-trung", 1)]
    assert backend.count(Filters(terms={"claim": ("claim-vo-de",)})) == 1  # the refuting item is not counted


def test_date_histogram_cuts_days_in_vietnam_time(backend: IndexBackend) -> None:
    _corpus(backend)
    buckets = backend.date_histogram(tz="Asia/Ho_Chi_Minh")
    # air 10:00, ghost 11:00, river 12:00 on 1 May (local); the ad at 23:30 UTC on 1 May
    # is 06:30 on 2 May locally, as is the flood at 10:00.
    assert [(b.start, b.count) for b in buckets] == [
        (datetime(2024, 5, 1, tzinfo=HCM), 3),
        (datetime(2024, 5, 2, tzinfo=HCM), 2),
    ]
    assert all(b.start.utcoffset() == timedelta(hours=7) for b in buckets)
    utc_days = backend.date_histogram(tz="UTC")
    assert [b.count for b in utc_days] == [4, 1]


def test_date_histogram_hours_include_empty_buckets(backend: IndexBackend) -> None:
    _corpus(backend)
    buckets = backend.date_histogram("quảng OR ma", interval="hour")
    # ghost at 11:00 on 1 May, the ad at 06:30 on 2 May (local): 13 + 7 hourly buckets
    assert buckets[0] == DateBucket(datetime(2024, 5, 1, 11, tzinfo=HCM), 1)
    assert buckets[-1] == DateBucket(datetime(2024, 5, 2, 6, tzinfo=HCM), 1)
    assert len(buckets) == 20 and sum(b.count for b in buckets) == 2
    filtered = backend.date_histogram(filters=Filters(terms={"source": ("bao-a",)}), interval="day")
    assert [b.count for b in filtered] == [1, 1]


def test_date_histogram_rejects_unknown_zone_and_interval(backend: IndexBackend) -> None:
    _corpus(backend)
    with pytest.raises(InputError, match="Asia/Sai_Gon_Moi"):
        backend.date_histogram(tz="Asia/Sai_Gon_Moi")
    with pytest.raises(InputError, match="week"):
        backend.date_histogram(interval="week")  # type: ignore[arg-type]


# -- scanning in time order -------------------------------------------------------------


def test_scan_yields_every_item_oldest_first_in_pages(backend: IndexBackend) -> None:
    items = _corpus(backend)
    oldest_first = [items[k].id for k in ("air", "ghost", "river", "ad", "flood")]  # the ad at its fetch time
    assert [item.id for item in backend.scan(batch=2)] == oldest_first
    assert [item.id for item in backend.scan()] == oldest_first
    assert next(iter(backend.scan(batch=1))) == items["air"]  # whole items, as get returns them


def test_scan_ties_in_time_are_ordered_by_id(backend: IndexBackend) -> None:
    same_time = [build_item(id=f"cung-luc-{n}", title="Họp báo", published_at=T0) for n in (3, 1, 2)]
    backend.upsert(same_time)
    assert [item.id for item in backend.scan(batch=2)] == ["cung-luc-1", "cung-luc-2", "cung-luc-3"]


def test_scan_applies_filters_and_time_range(backend: IndexBackend) -> None:
    items = _corpus(backend)
    by_source = backend.scan(Filters(terms={"source": ("bao-a",)}), batch=1)
    assert [item.id for item in by_source] == [items["air"].id, items["flood"].id]
    window = Filters(since=T0 + timedelta(hours=1), until=T0 + timedelta(days=1))
    assert [item.id for item in backend.scan(window)] == [items[k].id for k in ("ghost", "river", "ad")]
    assert list(backend.scan(Filters(until=T0))) == []


def test_scan_of_an_empty_index_and_a_bad_batch(backend: IndexBackend) -> None:
    assert list(backend.scan()) == []
    with pytest.raises(InputError, match="batch"):
        list(backend.scan(batch=0))


def test_writing_back_while_scanning_sees_each_item_once(backend: IndexBackend) -> None:
    items = _corpus(backend)
    seen = []
    for item in backend.scan(batch=2):  # as the story job does: tag each item and write it back
        seen.append(item.id)
        backend.upsert([item.model_copy(update={"story_id": f"story-{item.id}"})])
    assert sorted(seen) == sorted(item.id for item in items.values())
    assert backend.count(Filters(terms={"story": (f"story-{items['ghost'].id}",)})) == 1
    assert all(item.story_id == f"story-{item.id}" for item in backend.scan())


def test_significant_terms_score_the_same_on_every_backend(backend: IndexBackend) -> None:
    day = datetime(2026, 5, 10, 12, tzinfo=timezone.utc)
    items = [
        build_item(id=f"nen-{n:05d}", published_at=day - timedelta(days=2, hours=n),
                   keywords=["giá xăng", "thời tiết"], near_dup_key=f"nen-{n}")
        for n in range(30)
    ]  # fmt: skip
    items += [
        build_item(id=f"moi-{n:05d}", published_at=day - timedelta(hours=n + 1),
                   keywords=["cá chết", "thời tiết"], near_dup_key=f"moi-{n}")
        for n in range(4)
    ]  # fmt: skip
    items += [
        build_item(id=f"sao-{n:05d}", published_at=day - timedelta(hours=2),
                   keywords=["tin đồn"], near_dup_key="cung-mot-ban")
        for n in range(6)
    ]  # fmt: skip
    backend.upsert(items)
    recent = Filters(since=day - timedelta(hours=24), until=day)
    past = Filters(since=day - timedelta(days=14), until=day)
    found = backend.significant_terms(recent, past, min_count=2)
    # 4 + 1 foreground items once near-duplicates count once; "cá chết": (4/5 - 4/40) * (4/5) / (4/40)
    assert [(t.term, t.foreground, t.background, t.foreground_total, t.background_total) for t in found] == [
        ("cá chết", 4, 4, 5, 40)
    ]
    assert found[0].score == pytest.approx((0.8 - 0.1) * 8, rel=1e-4)
