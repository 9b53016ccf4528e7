"""Benchmark story clustering: items/s on a synthetic stream, against brute-force nearest neighbours.

    .venv/bin/python bench/bench_stories.py                      # 100,000 items, baseline on 2,000
    .venv/bin/python bench/bench_stories.py --items 20000 --job 5000

The stream is built from hand-written sentences (no dataset text): events of twelve
kinds (a landslide, a fire, food poisoning...) happen in one of ~20,000 places (commune x
province), each told by one item (55% of events) to a few hundred over up to three days.
An item is a title naming one of the event's details and its commune, a lead sentence
of its kind with the place, filler, and sentences made of the event's own details (a
person, made-up names): what tells two fires apart in real reports. 5% of items re-post
an earlier item of their event with a line added. Sentences are segmented once, so
building the items costs little. Printed:

1. clustering alone (signals + assignment, in memory): items/s over the whole stream;
2. the same first ``--baseline`` items with candidates from the inverted index and with
   every active story scored (brute force), in the same run: the speed ratio and how
   often both choose the same story;
3. the whole job (``update_stories``: scan the SQLite index, cluster, write ``story_id``
   back, save the store) on ``--job`` items;
4. purity / inverse purity / B-cubed against the events (synthetic, so only a sanity check).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from langnghe.index.sqlite import SQLiteIndex
from langnghe.item import Entity, Item
from langnghe.nlp import segment
from langnghe.nlp.keywords import extract_keywords
from langnghe.detection.stories import StoryClusterer, StoryParams
from langnghe.stages.stories import update_stories
from langnghe.detection.story_records import cluster_scores
from langnghe.detection.story_signals import item_signals
from langnghe.stores.stories import StoryStore
from langnghe.testing import build_item, build_nlp, prediction

T0 = datetime(2025, 3, 1, tzinfo=timezone.utc)
DAYS = 30
PLACE = "@"  # where the place goes in a sentence

EVENTS: dict[str, tuple[str, ...]] = {
    "sat-lo": (
        "Mưa lớn kéo dài gây sạt lở đất nghiêm trọng tại xã @.",
        "Đất đá vùi lấp nhiều ngôi nhà, tuyến đường liên xã bị chia cắt.",
        "Lực lượng cứu hộ đang tìm kiếm người mất tích sau vụ sạt lở.",
        "Các hộ dân sống gần sườn đồi được sơ tán đến nơi an toàn.",
        "Máy xúc được điều đến thông tuyến, khắc phục hậu quả sạt lở.",
        "Chính quyền hỗ trợ các gia đình có nhà bị vùi lấp.",
    ),
    "chay": (
        "Đám cháy bùng phát tại một xưởng sản xuất ở @ vào rạng sáng.",
        "Cảnh sát phòng cháy chữa cháy điều nhiều xe chữa cháy đến hiện trường.",
        "Ngọn lửa thiêu rụi kho hàng, khói đen bốc cao hàng chục mét.",
        "Công nhân kịp thời thoát ra ngoài, không có thương vong.",
        "Nguyên nhân ban đầu được xác định do chập điện.",
        "Thiệt hại ước tính nhiều tỷ đồng, cơ quan chức năng đang điều tra.",
    ),
    "ngo-doc": (
        "Hàng chục học sinh một trường tiểu học ở @ nhập viện sau bữa trưa bán trú.",
        "Các em có biểu hiện đau bụng, nôn ói, nghi ngộ độc thực phẩm.",
        "Ngành y tế lấy mẫu thức ăn để xét nghiệm, xác định nguyên nhân.",
        "Bếp ăn bán trú bị tạm đình chỉ chờ kết quả kiểm nghiệm.",
        "Phụ huynh bức xúc về chất lượng bữa ăn của con em mình.",
    ),
    "tai-nan": (
        "Xe khách va chạm với xe container trên quốc lộ đoạn qua @.",
        "Vụ tai nạn khiến nhiều hành khách bị thương được đưa đi cấp cứu.",
        "Giao thông ùn tắc kéo dài nhiều cây số sau vụ va chạm.",
        "Cảnh sát giao thông đang điều tra nguyên nhân vụ tai nạn.",
        "Tài xế xe container được xác định có nồng độ cồn vượt mức cho phép.",
    ),
    "o-nhiem": (
        "Người dân xã @ phản ánh mùi hôi và cá chết trên sông.",
        "Nước sông đổi màu đen, bốc mùi nồng nặc vào ban đêm.",
        "Đoàn kiểm tra lấy mẫu nước thải tại các cửa xả của khu công nghiệp.",
        "Kết quả quan trắc cho thấy nước thải vượt quy chuẩn nhiều lần.",
        "Doanh nghiệp xả thải bị đình chỉ và phạt hàng trăm triệu đồng.",
    ),
    "ngap": (
        "Mưa như trút nước khiến nhiều tuyến phố ở @ ngập sâu.",
        "Xe máy chết máy giữa dòng nước, người dân chật vật về nhà.",
        "Nhiều hộ dân vùng trũng phải kê đồ đạc lên cao tránh nước.",
        "Hệ thống thoát nước quá tải sau trận mưa lớn.",
    ),
    "lua-dao": (
        "Một người dân ở @ bị lừa hơn một tỷ đồng qua điện thoại.",
        "Kẻ gian giả danh công an yêu cầu chuyển tiền để chứng minh trong sạch.",
        "Công an khuyến cáo người dân không cung cấp mã OTP cho người lạ.",
        "Đường dây lừa đảo bị triệt phá, nhiều đối tượng bị bắt giữ.",
    ),
    "dich-benh": (
        "Số ca sốt xuất huyết tại @ tăng mạnh trong tuần qua.",
        "Bệnh viện tuyến tỉnh quá tải, nhiều bệnh nhân phải nằm ghép.",
        "Ngành y tế tổ chức phun hóa chất diệt muỗi tại các ổ dịch.",
        "Người dân được khuyến cáo diệt lăng quăng, ngủ màn.",
    ),
    "dat-dai": (
        "Hàng chục hộ dân ở @ khiếu nại về giá đền bù giải phóng mặt bằng.",
        "Người dân cho rằng mức bồi thường thấp hơn giá thị trường.",
        "Chính quyền tổ chức đối thoại với các hộ dân bị thu hồi đất.",
        "Dự án chậm tiến độ vì vướng mặt bằng.",
    ),
    "mat-dien": (
        "Sự cố lưới điện khiến hàng nghìn hộ dân ở @ mất điện nhiều giờ.",
        "Điện lực khẩn trương khắc phục sự cố trạm biến áp.",
        "Người dân than trời vì mất điện giữa trời nắng nóng.",
        "Nhiều cửa hàng phải đóng cửa sớm do không có điện.",
    ),
    "le-hoi": (
        "Lễ hội truyền thống ở @ thu hút hàng nghìn du khách.",
        "Các trò chơi dân gian, hội thi nấu ăn diễn ra sôi nổi.",
        "Ban tổ chức bố trí thêm bãi giữ xe phục vụ du khách.",
        "Du khách thích thú với không gian văn hóa đặc sắc của địa phương.",
    ),
    "truong-hoc": (
        "Ngôi trường mới tại @ được khánh thành trước năm học.",
        "Học sinh vùng khó khăn có thêm phòng học kiên cố và thư viện.",
        "Giáo viên phấn khởi khi cơ sở vật chất được cải thiện.",
        "Nhà hảo tâm tặng sách vở, đồ dùng học tập cho các em.",
    ),
}
FILLER = (
    "Theo ghi nhận của phóng viên, tình hình đến chiều nay vẫn chưa có nhiều thay đổi.",
    "Chính quyền địa phương cho biết sẽ tiếp tục theo dõi và báo cáo cấp trên.",
    "Nhiều người dân bày tỏ mong muốn sự việc sớm được giải quyết dứt điểm.",
    "Cơ quan chức năng đề nghị người dân bình tĩnh, theo dõi thông tin chính thức.",
    "Sự việc thu hút sự quan tâm của đông đảo cư dân mạng.",
    "Lãnh đạo địa phương đã trực tiếp xuống hiện trường chỉ đạo.",
    "Báo sẽ tiếp tục thông tin về diễn biến sự việc.",
    "Một số chuyên gia cho rằng cần có giải pháp lâu dài.",
)
COMMUNE_PARTS = (
    "Tân Phú Hòa Bình An Lạc Phước Long Minh Đức Thạnh Quang Trung Hưng Đạo Hiệp Nam Phong Gia Xuân Lộc "
    "Mỹ Đông Tiên Yên Thế Cẩm Thành Vĩnh Lợi Ngọc Lâm Thuận Đại Đồng"
).split()
COMMUNES = tuple(f"{a} {b}" for a in COMMUNE_PARTS for b in COMMUNE_PARTS if a != b)
PROVINCES = (
    "Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Cần Thơ", "Lào Cai", "Nghệ An", "Thanh Hóa", "Quảng Ninh",
    "Đồng Nai", "An Giang", "Gia Lai", "Đắk Lắk", "Khánh Hòa", "Hưng Yên", "Ninh Bình", "Cà Mau", "Tây Ninh",
)
SOURCES = tuple(f"bao-{n}" for n in range(20)) + ("dien-dan", "mang-xa-hoi")
# What makes one event unlike another of its kind: the people, firms, roads it names.
SYLLABLES = "an bình cát dương giang hải hòa khánh lâm minh nam phúc quang sơn tân thành trung vân xuân yên".split()
DETAILS = [f"{a}_{b}_{c}" for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES if len({a, b, c}) == 3]
CONNECTORS = "theo cho biết tại khu_vực người_dân ông bà anh chị đã đang sẽ nhiều cùng với của và".split()
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
GIVEN = "Văn_Hùng Thị_Lan Minh_Tuấn Thu_Hà Quốc_Bảo Ngọc_Anh Đức_Thắng Kim_Oanh Hữu_Toàn Thanh_Tâm".split()
EMOTIONS = ("anger", "sadness", "fear", "other", "enjoyment")


class Bank:
    """The sentences, segmented once, with the place slot kept apart."""

    def __init__(self) -> None:
        self.events = {key: [self._segment(s) for s in sentences] for key, sentences in EVENTS.items()}
        self.filler = [self._segment(s) for s in FILLER]

    @staticmethod
    def _segment(sentence: str) -> tuple[list[str], list[str]]:
        before, _, after = sentence.partition(PLACE)
        return segment(before), segment(after)


Recipe = tuple[float, int, str, str, str, tuple[str, ...]]


def _recipes(count: int, rng: random.Random) -> list[Recipe]:
    """(hours after T0, event number, event type, commune, province, details) per item, in time order."""
    recipes: list[Recipe] = []
    event = 0
    while len(recipes) < count:
        event += 1
        size = 1 if rng.random() < 0.55 else min(400, int(rng.paretovariate(1.2)) + 1)
        start, kind = rng.uniform(0, DAYS * 24), rng.choice(list(EVENTS))
        commune, province = rng.choice(COMMUNES), rng.choice(PROVINCES)  # ~8,000 places, as many as communes
        person = f"{rng.choice(FAMILY)}_{rng.choice(GIVEN)}"
        details = (person, *rng.sample(DETAILS, k=12))
        for _ in range(size):
            recipes.append((start + min(72.0, rng.expovariate(1 / 14)), event, kind, commune, province, details))
    recipes = recipes[:count]
    recipes.sort()
    return recipes


def stream(count: int, seed: int = 11) -> Iterator[tuple[int, Item]]:
    """(event number, Item) in publish-time order."""
    rng, bank = random.Random(seed), Bank()
    earlier: dict[int, list[Item]] = {}
    for n, (hours, event, kind, commune, province, details) in enumerate(_recipes(count, rng)):
        published = T0 + timedelta(hours=hours)
        copies = earlier.get(event, [])
        if copies and rng.random() < 0.05:
            original = rng.choice(copies)
            extra = rng.choice(bank.filler)[0]
            item = original.model_copy(update={
                "id": f"bench-{n:07d}", "published_at": published, "source": "mang-xa-hoi", "platform": "facebook",
                "text": original.text + " " + " ".join(extra).replace("_", " "),
                "nlp": original.nlp.model_copy(update={"tokens": [*original.nlp.tokens, *extra]}) if original.nlp else None,
            })  # fmt: skip
        else:
            item = _item(n, bank, rng, (kind, commune, province, details), published)
        earlier.setdefault(event, []).append(item)
        yield event, item


def _item(n: int, bank: Bank, rng: random.Random, event: tuple[str, str, str, tuple[str, ...]], when: datetime) -> Item:
    """One report: a title naming a detail and the commune, a lead with the place and one
    sentence of its kind, filler (news only), then what this event's reports talk about."""
    kind, commune, province, details = event
    place = [commune.replace(" ", "_"), ",", province.replace(" ", "_")]
    forum = rng.random() < 0.3
    before, after = rng.choice(bank.events[kind])
    shape = [*before[:5], rng.choice(details[1:]), "ở", commune.replace(" ", "_")]
    sentences = [["Tại", *place, ",", *before, *after, "."]]
    sentences += [] if forum else [[*before, *after, "."] for before, after in rng.sample(bank.filler, k=rng.randint(1, 2))]
    for _ in range(1 if forum else rng.randint(2, 4)):
        words = [details[0], *rng.sample(CONNECTORS, k=4), *rng.sample(details[1:], k=4)]
        rng.shuffle(words)
        sentences.append([*words, "."])
    text = " ".join(" ".join(words) for words in sentences).replace("_", " ").replace(" ,", ",").replace(" .", ".")
    title = " ".join(shape).replace("_", " ")
    tokens = [*shape, *(token for words in sentences for token in words)]
    nlp = build_nlp(
        tokens=tokens, keywords=extract_keywords(tokens, top_k=8), provinces=[province],
        sentiment=rng.choice(("negative", "neutral", "positive")),
        entities=[Entity(text=commune, label="LOC"), Entity(text=province, label="LOC")],
    )  # fmt: skip
    nlp = nlp.model_copy(update={"emotion": prediction(rng.choice(EMOTIONS))})
    source = "dien-dan" if forum else rng.choice(SOURCES[:-2])
    return build_item(
        id=f"bench-{n:07d}", source=source, platform="forum" if forum else "news", title=title[0].upper() + title[1:],
        text=text, published_at=when, nlp=nlp,
    )  # fmt: skip


def _cluster(items: list[tuple[int, Item]], params: StoryParams) -> tuple[dict[str, str], float, float]:
    """Stories per item, wall seconds and CPU seconds (steadier on a shared machine)."""
    clusterer = StoryClusterer(params)
    wall, cpu = time.perf_counter(), time.process_time()
    assigned = {item.id: clusterer.assign(item_signals(item, params)).story_id for _, item in items}
    return assigned, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=2_000, help="items clustered by brute force too")
    parser.add_argument("--job", type=int, default=20_000, help="items run through the whole job (index + store)")
    args = parser.parse_args()

    started = time.perf_counter()
    items = list(stream(args.items))
    print(f"built {len(items):,} synthetic items in {time.perf_counter() - started:.1f} s "
          f"({len({e for e, _ in items}):,} events over {DAYS} days)")
    params = StoryParams()
    assigned, seconds, cpu = _cluster(items, params)
    print(f"clustering, inverted-index candidates: {len(items):,} items in {seconds:.1f} s = "
          f"{len(items) / seconds:,.0f} items/s ({len(items) / cpu:,.0f} per CPU second); "
          f"{len(set(assigned.values())):,} stories")
    scores = cluster_scores({item.id: str(e) for e, item in items}, assigned)
    print(f"  vs the synthetic events: purity {scores.purity:.3f}, inverse purity {scores.inverse_purity:.3f}, "
          f"B-cubed P {scores.bcubed_precision:.3f} R {scores.bcubed_recall:.3f} F1 {scores.bcubed_f1:.3f}")

    head = items[: args.baseline]
    fast, _, fast_cpu = _cluster(head, params)
    brute, _, brute_cpu = _cluster(head, StoryParams(retrieval="exhaustive"))
    same = sum(fast[i] == brute[i] for i in fast) / len(fast)
    print(f"first {len(head):,} items, per CPU second: inverted {len(head) / fast_cpu:,.0f} items, brute force "
          f"{len(head) / brute_cpu:,.0f}: ratio {brute_cpu / fast_cpu:.1f}x; same story for {same:.1%} of items")

    with tempfile.TemporaryDirectory() as folder:
        job_items = [item for _, item in items[: args.job]]
        with SQLiteIndex(Path(folder) / "index.sqlite3") as index, StoryStore(Path(folder) / "s.sqlite3") as store:
            for start in range(0, len(job_items), 2000):
                index.upsert(job_items[start : start + 2000])
            started, cpu = time.perf_counter(), time.process_time()
            report = update_stories(index, store)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            rerun = time.perf_counter()
            again = update_stories(index, store)
            rerun_s = time.perf_counter() - rerun
        size = (Path(folder) / "s.sqlite3").stat().st_size
    print(f"whole job (scan SQLite, cluster, write story_id back, save): {report.clustered:,} items in {seconds:.1f} s "
          f"= {report.clustered / seconds:,.0f} items/s ({report.clustered / cpu:,.0f} per CPU second); rerun {again.clustered} new in {rerun_s:.1f} s; "
          f"store {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
