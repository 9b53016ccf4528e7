"""Benchmark the enrich stage on 100-syllable posts against underthesea's word_tokenize alone.

    .venv/bin/python bench/bench_enrich.py --items 4000 --processes 2

Every default signal is on: normalisation, segmentation, the five classifiers,
provinces, keywords, entities, near-duplicate key, misinformation cues, concerns and
watch topics (what ``langnghe enrich`` runs per item). The baseline is underthesea's
``word_tokenize`` on the same texts in the same run, one process per core as well. Rates are given by
wall clock and by CPU time (items per CPU-second of a worker), which holds when other
work shares the machine.
Posts are shuffled hand-written sentences (no dataset text), cut to 100 syllables.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

SENTENCES = (
    "Chiều 12/3, UBND TP.HCM họp bàn giải pháp chống ngập cho các tuyến đường trung tâm.",
    "Người dân phản ánh tình trạng ùn tắc kéo dài vào giờ cao điểm khiến việc đi lại rất vất vả.",
    "Bệnh viện Bạch Mai cho biết số ca sốt xuất huyết nhập viện tăng gần gấp đôi so với tuần trước.",
    "Đội tuyển Việt Nam giành chiến thắng 2-0 trước Thái Lan trong trận đấu tối qua tại Mỹ Đình.",
    "Mưa lớn kéo dài khiến nhiều tuyến đường ở Hà Giang và Lào Cai bị sạt lở, giao thông chia cắt.",
    "Nhiều phụ huynh lo lắng trước việc tăng học phí ở các trường đại học công lập.",
    "ko hiểu sao giá xăng cứ tăng hoài, lương thì chẳng tăng đồng nào :(((",
    "nước thải bốc mùi suốt mấy tháng nay mà chưa thấy ai xử lý, bức xúc quá!!!",
    "Cảm ơn các anh chiến sĩ đã giúp bà con vùng lũ, thật sự rất xúc động 😢❤️",
    "Xã mình sáp nhập xong giờ làm giấy tờ phải đi xa hơn, mong chính quyền sớm hỗ trợ.",
    "Hàng chục hộ dân chưa nhận tiền đền bù giải phóng mặt bằng dù dự án đã thi công.",
    "Thông tin uống nước chanh nóng chữa khỏi bệnh là sai sự thật, mọi người đừng chia sẻ.",
    "toi thay khong on lam, moi nguoi nen can than khi mua hang online nhe",
    "Quá đẹp luôn ạ, lần sau nhất định sẽ quay lại Đà Nẵng du lịch tiếp 😍😍",
    "Cơ quan chức năng cần vào cuộc làm rõ sai phạm tại dự án khu dân cư này.",
    "Tàu cá của ngư dân Quảng Ngãi bị xua đuổi khi đang đánh bắt ở vùng biển Hoàng Sa.",
)


def make_posts(count: int, syllables: int = 100, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    posts = []
    for _ in range(count):
        words: list[str] = []
        while len(words) < syllables:
            words.extend(rng.choice(SENTENCES).split())
        posts.append(" ".join(words[:syllables]))
    return posts


def _tokenize(texts: list[str]) -> int:
    from underthesea import word_tokenize

    for text in texts:
        word_tokenize(text)
    return len(texts)


def _enrich(texts: list[str]) -> int:
    from langnghe.item import Item, utcnow

    annotate = _annotator()
    items = [Item(id=f"bench{i:06d}", source="bench", platform="facebook", fetched_at=utcnow(), text=text)
             for i, text in enumerate(texts)]
    for start in range(0, len(items), 256):
        annotate(items[start : start + 256])
    return len(texts)


_cached: list[Callable[..., object]] = []


def _annotator() -> Callable[..., object]:
    if not _cached:
        from langnghe.config import load_concerns, load_topics
        from langnghe.index.watch import WatchList
        from langnghe.jobs.core import annotate_with
        from langnghe.settings import Settings

        config = Path(__file__).resolve().parents[1] / "config"
        settings = Settings(config_dir=config)
        watch = WatchList.from_config(load_topics(config))
        _cached.append(annotate_with(settings, watch, WatchList.from_config(load_concerns(config))))
    return _cached[0]


def _warm(kind: str) -> None:
    (_tokenize if kind == "tokenize" else _enrich)(make_posts(8, seed=1))


def _own_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(kind: str, texts: list[str]) -> tuple[int, float, float]:
    """(items, CPU seconds, peak MiB of this worker) for one chunk."""
    started = time.process_time()
    done = (_tokenize if kind == "tokenize" else _enrich)(texts)
    return done, time.process_time() - started, _own_peak_mib()


@dataclass(frozen=True)
class Run:
    wall: float  # items per second of wall-clock time, all workers together
    cpu: float  # items per CPU-second of one worker: what one free core does
    peak_mib: float


def run(kind: str, posts: list[str], processes: int) -> Run:
    """``kind`` over ``posts`` with ``processes`` warm workers (fresh processes: the peak memory is
    that of ``kind`` alone). The CPU-time rate does not depend on what else the machine runs."""
    chunks = [posts[i :: processes * 4] for i in range(processes * 4)]
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn"), initializer=_warm, initargs=(kind,)) as pool:
        list(pool.map(_warm, [kind] * processes))  # every worker started and warm before the clock
        started = time.perf_counter()
        results = list(pool.map(_timed, [kind] * len(chunks), chunks))
        seconds = time.perf_counter() - started
    done = sum(count for count, _, _ in results)
    return Run(done / seconds, done / sum(cpu for _, cpu, _ in results), max(peak for _, _, peak in results))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=4000)
    parser.add_argument("--processes", type=int, default=2, help="worker processes (one per core)")
    args = parser.parse_args()
    posts = make_posts(args.items)
    load = os.getloadavg()[0]
    print(f"{len(posts)} posts of 100 syllables, {sum(map(len, posts)) / len(posts):.0f} chars on average; "
          f"{os.cpu_count()} cores, load average {load:.1f} at the start")
    base = run("tokenize", posts[: max(200, args.items // 4)], args.processes)
    one = run("enrich", posts, 1)
    many = run("enrich", posts, args.processes)
    n = args.processes
    print(f"{'':34} {'wall items/s':>13} {'per core (CPU)':>15} {'peak MiB':>9}")
    print(f"{'underthesea word_tokenize alone':34} {base.wall:13.1f} {base.cpu:15.1f} {base.peak_mib:9.0f}")
    print(f"{'enrich, every default signal, 1 p':34} {one.wall:13.1f} {one.cpu:15.1f} {one.peak_mib:9.0f}")
    print(f"{f'enrich, every default signal, {n} p':34} {many.wall:13.1f} {many.cpu:15.1f} {many.peak_mib:9.0f}")
    print(f"ratio enrich / word_tokenize: {many.wall / base.wall:.2f}x wall, {many.cpu / base.cpu:.2f}x per core; "
          f"{n} free cores would give {n * many.cpu:.0f} items/s")

if __name__ == "__main__":
    main()
