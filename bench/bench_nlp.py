"""Benchmark the NLP stage: annotate throughput on ~2 KB Vietnamese articles, and where time goes.

(Short posts, the whole enrich stage and the ratio to underthesea: bench_enrich.py.)

    .venv/bin/python bench/bench_nlp.py --items 200 --batch 64

Articles are shuffled hand-written sentences (no dataset text).
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence

from langnghe.nlp import annotate_texts
from langnghe.nlp.gazetteer import find_provinces
from langnghe.nlp.normalize import normalize
from langnghe.nlp.registry import get_model
from langnghe.nlp.segment import segment_words

SENTENCES = (
    "Chiều 12/3, UBND TP.HCM họp bàn giải pháp chống ngập cho các tuyến đường trung tâm.",
    "Theo Sở Giao thông vận tải, dự án cầu Thủ Thiêm 4 dự kiến khởi công vào quý II năm nay.",
    "Người dân phản ánh tình trạng ùn tắc kéo dài vào giờ cao điểm khiến việc đi lại rất vất vả.",
    "Bộ Y tế khuyến cáo người dân chủ động tiêm vắc xin và giữ vệ sinh để phòng bệnh cúm mùa.",
    "Bệnh viện Bạch Mai cho biết số ca sốt xuất huyết nhập viện tăng gần gấp đôi so với tuần trước.",
    "Đội tuyển Việt Nam giành chiến thắng 2-0 trước Thái Lan trong trận đấu tối qua tại Mỹ Đình.",
    "Huấn luyện viên đánh giá cao tinh thần thi đấu của các cầu thủ trẻ sau chuỗi trận khó khăn.",
    "Giá vàng trong nước tăng mạnh, nhiều người xếp hàng từ sáng sớm để mua vàng miếng.",
    "Chỉ số VN-Index giảm hơn 10 điểm do áp lực bán ra ở nhóm cổ phiếu ngân hàng và bất động sản.",
    "Mưa lớn kéo dài khiến nhiều tuyến đường ở Hà Giang và Lào Cai bị sạt lở, giao thông chia cắt.",
    "Công an tỉnh Nghệ An đã khởi tố vụ án lừa đảo chiếm đoạt tài sản qua mạng xã hội.",
    "Nhiều phụ huynh lo lắng trước việc tăng học phí ở các trường đại học công lập.",
    "Đà Nẵng đón hơn một triệu lượt khách du lịch trong dịp lễ, công suất phòng khách sạn đạt 90%.",
    "Các chuyên gia cho rằng cần minh bạch thông tin để người dân yên tâm về chất lượng nước sạch.",
    "Ứng dụng mới giúp nông dân đồng bằng sông Cửu Long theo dõi độ mặn của nước theo thời gian thực.",
    "Tuy nhiên, nhiều ý kiến cho rằng quy định mới còn chồng chéo và khó thực hiện trong thực tế.",
)


def make_articles(count: int, size: int = 2000, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    articles = []
    for _ in range(count):
        parts: list[str] = []
        while sum(map(len, parts)) < size:
            parts.append(rng.choice(SENTENCES))
        articles.append("\n".join(parts))
    return articles


def timed(label: str, items: int, run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    seconds = time.perf_counter() - started
    print(f"{label:<28} {seconds:7.3f} s  {items / seconds:9.1f} items/s")
    return seconds


def bench(articles: Sequence[str], batch: int) -> None:
    annotate_texts(articles[:2])  # load models and the segmenter outside the timings
    normalized = [normalize(text) for text in articles]
    n = len(articles)
    print(f"{n} articles, mean {sum(map(len, articles)) / n:.0f} chars, batch {batch}")
    timed("normalize", n, lambda: [normalize(text) for text in articles])
    segment_words("khởi động", method="crf")  # load underthesea outside the timing
    timed("segment, underthesea (crf)", n, lambda: [segment_words(text, method="crf") for text in normalized])
    timed("segment, fast (default)", n, lambda: [segment_words(text) for text in normalized])
    timed("find_provinces", n, lambda: [find_provinces(text, normalized=True) for text in normalized])
    for signal in ("section", "sentiment", "emotion", "toxicity", "misinfo"):
        model = get_model(signal)
        timed(f"classify {signal}", n, lambda: model.predict_proba(model.prepare(normalized)))
    timed("annotate_texts (all)", n, lambda: [annotate_texts(articles[i : i + batch]) for i in range(0, n, batch)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--size", type=int, default=2000, help="characters per article")
    args = parser.parse_args()
    bench(make_articles(args.items, args.size), args.batch)


if __name__ == "__main__":
    main()
