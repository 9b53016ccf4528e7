"""Benchmark the embedded index: upsert rate and query latency on synthetic Vietnamese items.

    .venv/bin/python bench/bench_index.py --items 100000

Texts are random sentences built from a small hand-written vocabulary (no dataset text).
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.index import Filters
from langnghe.index.base import Cursor, SearchSort
from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Item
from langnghe.testing import build_item

WORDS = (
    "ô_nhiễm không_khí bụi mịn giao_thông ùn_tắc mưa lớn ngập lụt giá xăng tăng giảm thị_trường "
    "chứng_khoán bất_động_sản học_sinh giáo_viên bệnh_viện bác_sĩ vắc_xin người_dân chính_quyền "
    "dự_án cầu đường cao_tốc nông_dân lúa gạo xuất_khẩu du_lịch khách sân_bay bóng_đá đội_tuyển "
    "thời_tiết nắng nóng bão lũ sạt_lở cứu_hộ điện nước mất_điện mạng xã_hội thông_tin sai_lệch"
).split()
SYLLABLES = "an bình cát dương giang hải hòa khánh lâm minh nam phúc quang sơn tân thành trung vân xuân yên".split()
# ~400 two-syllable words, each in about 0.75% of items: what a selective analyst query hits
RARE = [f"{a}_{b}" for a in SYLLABLES for b in SYLLABLES if a != b]
PROVINCES = ("Hà Nội", "TP Hồ Chí Minh", "Đà Nẵng", "Cần Thơ", "Hải Phòng", "Huế", "Nghệ An", "Lào Cai")
SOURCES = tuple(f"nguon-{n}" for n in range(30))
T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


def make_items(count: int, seed: int = 7) -> list[Item]:
    rng = random.Random(seed)
    items = []
    for n in range(count):
        tokens = rng.choices(WORDS, k=rng.randint(40, 160)) + rng.sample(RARE, k=3)
        rng.shuffle(tokens)
        items.append(
            build_item(
                id=f"bench-{n:08d}",
                source=rng.choice(SOURCES),
                title=" ".join(rng.choices(WORDS, k=8)).replace("_", " ").capitalize(),
                text=" ".join(tokens).replace("_", " "),
                tokens=tokens,
                sentiment=rng.choice(("positive", "neutral", "negative")),
                section=rng.choice(("thoi-su", "kinh-te", "the-thao", "suc-khoe")),
                provinces=rng.sample(PROVINCES, k=rng.randint(0, 2)),
                published_at=T0 + timedelta(seconds=rng.randint(0, 90 * 86400)),
            )
        )
    return items


def timed(label: str, action: Callable[[], object], repeat: int = 5) -> None:
    action()  # warm the page cache once
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    print(f"{label:<44} median {statistics.median(samples):8.1f} ms   max {max(samples):8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite3"
        with SQLiteIndex(path) as index:
            load(index, make_items(args.items), args.batch)
        gc.collect()  # the 100k built Items are gone; a reader process would not hold them
        with SQLiteIndex(path) as index:  # reopened, as a reader process would see it
            queries(index)
            deep_pages(index)


def load(index: SQLiteIndex, items: list[Item], batch: int) -> None:
    first = items[: min(10_000, len(items))]
    start = time.perf_counter()
    for offset in range(0, len(first), batch):
        index.upsert(first[offset : offset + batch])
    elapsed = time.perf_counter() - start
    print(f"upsert {len(first)} new items: {len(first) / elapsed:,.0f} items/s")
    start = time.perf_counter()
    for offset in range(0, len(first), batch):
        index.upsert(first[offset : offset + batch])
    print(f"re-upsert same {len(first)} items: {len(first) / (time.perf_counter() - start):,.0f} items/s")
    for offset in range(len(first), len(items), batch):
        index.upsert(items[offset : offset + batch])
    print(f"index holds {index.count()} items, file {Path(index.path).stat().st_size / 1e6:,.0f} MB")


def queries(index: SQLiteIndex) -> None:
    hanoi = Filters(terms={"province": ("Hà Nội",)})
    week = Filters(since=T0 + timedelta(days=30), until=T0 + timedelta(days=37))
    timed("count()", index.count)
    timed("search('') newest 20", lambda: index.search(""))
    timed("search('bão') ranked 20 (~all match)", lambda: index.search("bão"))
    timed("search('minh_sơn') ranked 20 (~0.75%)", lambda: index.search("minh_sơn"))
    timed("search('minh_sơn OR an_giang', province)", lambda: index.search("minh_sơn OR an_giang", hanoi))
    timed("search('\"giá xăng\" -giảm')", lambda: index.search('"giá xăng" -giảm'))
    timed("search('\"ô_nhiễm bụi\"~5', province)", lambda: index.search('"ô_nhiễm bụi"~5', hanoi))
    timed("search('bão OR lũ', one week)", lambda: index.search("bão OR lũ", week))
    timed("facets('source')", lambda: index.facets("source"))
    timed("facets('province', 'bão')", lambda: index.facets("province", "bão"))
    timed("facets('sentiment', 'minh_sơn')", lambda: index.facets("sentiment", "minh_sơn"))
    timed("date_histogram(day) all", lambda: index.date_histogram())
    timed("date_histogram(hour, 'minh_sơn')", lambda: index.date_histogram("minh_sơn", interval="hour"))
    timed("date_histogram(hour, 'mất_điện')", lambda: index.date_histogram("mất_điện", interval="hour"))


def _cursor_at(index: SQLiteIndex, query: str, depth: int, sort: SearchSort) -> Cursor | None:
    """The cursor of the page that starts after ``depth`` hits (walked 1,000 at a time)."""
    after: Cursor | None = None
    for _ in range(depth // 1000):
        after = index.search_page(query, size=1000, after=after, sort=sort).next
    return after


def deep_pages(index: SQLiteIndex) -> None:
    """A page of 20 deep in the results: OFFSET (``search``) against the keyset cursor
    (``search_page``), in the same run; the ratio is what deep paging saves."""
    depth = (index.count() // 2000) * 1000
    for query, sort in (("", "time"), ("bão", "relevance")):
        after = _cursor_at(index, query, depth, sort)  # type: ignore[arg-type]
        offset = median_ms(lambda: index.search(query, limit=20, offset=depth))
        keyset = median_ms(lambda: index.search_page(query, size=20, after=after, sort=sort))  # type: ignore[arg-type]
        print(f"page of 20 at depth {depth} of {query or 'everything'!r} ({sort}): offset {offset:.1f} ms, "
              f"cursor {keyset:.1f} ms, cursor/offset {keyset / offset:.2f}")


def median_ms(action: Callable[[], object], repeat: int = 5) -> float:
    action()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


if __name__ == "__main__":
    main()
