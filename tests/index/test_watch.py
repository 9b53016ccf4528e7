"""Watch-list matching must agree with what the embedded index's search finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from langnghe.config import TopicConfig
from langnghe.errors import ConfigError
from langnghe.index.sqlite import SQLiteIndex
from langnghe.index.watch import WatchList, tokenize
from langnghe.testing import build_item

ITEMS = [
    build_item(title="Ô nhiễm không khí ở Hà Nội", text="Bụi mịn tăng cao, người dân lo lắng.", tokens=["ô_nhiễm", "không_khí"]),
    build_item(title="Cá chết trên sông", text="Nước thải từ khu công nghiệp bốc mùi hôi nồng nặc.", tokens=["cá", "chết", "nước_thải"]),
    build_item(title="Giá xăng giảm", text="Giá xăng dầu giảm lần thứ ba liên tiếp, không khí mua bán sôi động."),
    build_item(title="Tin thể thao", text="Đội tuyển thắng đậm, cổ động viên ăn mừng trên phố."),
    build_item(title="Ma túy", text="Công an bắt đối tượng mua bán ma túy, mà không khai báo."),
    build_item(title="TP.HCM mưa lớn", text="Mưa lớn gây ngập nhiều tuyến đường ở TP.HCM, xe chết máy."),
]

QUERIES = [
    "ô_nhiễm", '"ô nhiễm"', "nước_thải", '"nước thải"', "ma", "mà", "ma -túy", '"không khí"',
    '"giá xăng" -tăng', "chết OR thắng", '"cá nước_thải"~3', '"giá giảm"~1', '"giá giảm"~0',
    "(mưa OR bụi) -ngập", "tp.hcm", '"tp hcm"', "xăng AND dầu", "NOT thể", "mùi_hôi", "bốc mùi hôi",
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> SQLiteIndex:
    backend = SQLiteIndex(tmp_path_factory.mktemp("watch") / "i.sqlite3")
    backend.upsert(ITEMS)
    return backend


@pytest.mark.parametrize("query", QUERIES)
def test_matching_agrees_with_search_as_typed(index: SQLiteIndex, query: str) -> None:
    """Search ignores diacritics and ranks the hits with the accents as typed first; a watch-list
    matches the accents as written ("bão" does not tag every "báo"): its items are the search's
    first hits (a negated word excludes more from search: also its forms without accents)."""
    watch = WatchList({"t": query})
    matched = {item.id for item in ITEMS if watch.match(item)}
    found = [hit.item.id for hit in index.search(query, limit=100).hits]
    assert matched <= set(found)
    if query.startswith("NOT "):  # nothing positive: no score, no tiers
        assert matched == set(found)
    elif not ("-" in query or "NOT" in query):
        assert matched == set(found[: len(matched)])


def test_a_watch_list_keeps_the_accents_as_written() -> None:
    storm, paper = build_item(title="Bão số 9 đổ bộ"), build_item(title="Báo chí đưa tin")
    watch = WatchList({"thien-tai": "bão OR lũ"})
    assert watch.match(storm) == ["thien-tai"] and watch.match(paper) == []


def test_topics_in_order_and_tagging() -> None:
    watch = WatchList({"moi-truong": '"ô nhiễm" OR "nước thải"', "gia-ca": '"giá xăng"', "the-thao": "thắng"})
    assert watch.match(ITEMS[0]) == ["moi-truong"]
    assert watch.tag(ITEMS[1:3])[1].watch_topics == ["gia-ca"]
    assert watch.match(ITEMS[4]) == []


def test_shipped_topics_compile_and_bad_query_names_topic() -> None:
    topics = [TopicConfig(id="x", name="X", query='"ô nhiễm" OR (bụi')]
    with pytest.raises(ConfigError, match="topic 'x'"):
        WatchList.from_config(topics)
    from langnghe.config import load_config

    assert len(WatchList.from_config(load_config(Path(__file__).resolve().parents[2] / "config").topics)) == 7


def test_tokenize_like_unicode61() -> None:
    assert tokenize("Hòa bình, ô_nhiễm; 3,5 tỷ") == ("hòa", "bình", "ô_nhiễm", "3", "5", "tỷ")
