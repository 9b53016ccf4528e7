"""A seeded stream of planted developing events, for the thread tests and ``bench/bench_threads.py``.
Written for langnghe; nothing comes from the shared datasets.

A *chain* is one event told in 3-5 phases a day or more apart: an incident, a denial, a
fine, compensation, sometimes a halt; each phase a burst of 2-6 items (outlets and a
forum) naming the same firm and place in the words of that phase. Beside each chain:

- ``place-only``: a story in the chain's commune on another subject (a festival...);
- ``words-elsewhere``: a phase of the same kind told of another firm in another province;
- ``words-province`` (half the chains): the same, in the chain's province, another commune.

Each distractor story is an event of its own. Sentences are segmented once per template
piece, so a stream of thousands of items builds in seconds.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

from langnghe.item import Entity, Item
from langnghe.testing import build_item, build_nlp

T0 = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)

# {firm}: the firm's name; {place}: the commune; {province}; {thing}: what the event is about.
KINDS: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "xa-thai": {
        "su-co": (("Cá chết trắng {thing} gần nhà máy của {firm} ở xã {place}",
                   "Người dân xã {place} bức xúc vì cá chết hàng loạt trên {thing}"),
                  ("Sáng nay người dân xã {place}, {province} phát hiện cá chết trắng {thing}.",
                   "Nước {thing} đổi màu đen, bốc mùi hôi nồng nặc gần cửa xả của {firm}.",
                   "Các hộ nuôi cá lồng cho biết thiệt hại hàng chục tấn cá.")),
        "bac-bo": (("{firm} bác bỏ thông tin xả thải làm cá chết trên {thing}",
                    "{firm} khẳng định không liên quan vụ cá chết ở xã {place}"),
                   ("Đại diện {firm} cho rằng hệ thống xử lý nước thải của nhà máy vẫn hoạt động bình thường.",
                    "Doanh nghiệp đề nghị cơ quan chức năng lấy mẫu nước {thing} để làm rõ.",
                    "Người dân xã {place} không đồng tình với giải thích của {firm}.")),
        "xu-phat": (("{firm} bị phạt vì xả nước thải vượt quy chuẩn ra {thing}",
                     "Xử phạt {firm} sau vụ cá chết ở xã {place}"),
                    ("Kết quả quan trắc cho thấy nước thải của {firm} vượt quy chuẩn nhiều lần.",
                     "UBND tỉnh {province} quyết định xử phạt {firm} hàng trăm triệu đồng.",
                     "Nhà máy bị buộc khắc phục hệ thống xử lý nước thải xả ra {thing}.")),
        "boi-thuong": (("{firm} bồi thường cho hộ nuôi cá trên {thing}",
                        "Hộ nuôi cá xã {place} nhận tiền bồi thường từ {firm}"),
                       ("{firm} cam kết bồi thường thiệt hại cho các hộ nuôi cá lồng trên {thing}.",
                        "Mỗi hộ ở xã {place} được hỗ trợ theo khối lượng cá chết đã kiểm đếm.",
                        "Người dân mong {thing} sớm sạch trở lại.")),
        "dung": (("{firm} tạm dừng sản xuất để cải tạo hệ thống xử lý nước thải",),
                 ("{firm} tạm dừng hoạt động nhà máy gần {thing} trong ba tháng.",
                  "Việc cải tạo được giám sát bởi Sở Nông nghiệp và Môi trường tỉnh {province}.")),
    },
    "ngo-doc": {
        "su-co": (("Hàng chục học sinh {thing} nhập viện sau bữa ăn do {firm} cung cấp",
                   "Nghi ngộ độc thực phẩm tại {thing}, xã {place}"),
                  ("Sau bữa trưa bán trú, nhiều học sinh {thing} ở xã {place}, {province} đau bụng, nôn ói.",
                   "Suất ăn do {firm} cung cấp gồm cơm gà và canh rau.",
                   "Phụ huynh lo lắng đưa con đến bệnh viện.")),
        "bac-bo": (("{firm} phủ nhận suất ăn gây ngộ độc cho học sinh {thing}",
                    "{firm} nói thực phẩm đủ tiêu chuẩn"),
                   ("Giám đốc {firm} cho rằng nguyên liệu có nguồn gốc rõ ràng, bếp ăn đạt chuẩn.",
                    "Doanh nghiệp chờ kết quả kiểm nghiệm mẫu thức ăn của {thing}.",
                    "Phụ huynh {thing} không tin lời giải thích của {firm}.")),
        "xu-phat": (("{firm} bị phạt, đình chỉ cung cấp suất ăn sau vụ ngộ độc ở {thing}",
                     "Kết luận nguyên nhân vụ ngộ độc tại {thing}"),
                    ("Kết quả kiểm nghiệm phát hiện vi khuẩn trong mẫu cơm gà của {firm}.",
                     "Sở Y tế {province} xử phạt {firm} và đình chỉ hoạt động bếp ăn.",
                     "Nhà trường {thing} chấm dứt hợp đồng với doanh nghiệp.")),
        "boi-thuong": (("{firm} chi trả viện phí cho học sinh {thing} bị ngộ độc",),
                       ("{firm} cam kết chi trả toàn bộ viện phí cho các học sinh {thing}.",
                        "Đại diện doanh nghiệp đến thăm hỏi, xin lỗi phụ huynh ở xã {place}.",
                        "Các em học sinh đã xuất viện và đi học trở lại.")),
    },
    "cong-trinh": {
        "su-co": (("Sập giàn giáo tại {thing} do {firm} thi công ở xã {place}",
                   "Công trình {thing} đổ sập, nhiều công nhân bị thương"),
                  ("Chiều qua giàn giáo tại {thing}, xã {place}, {province} bất ngờ đổ sập.",
                   "Nhà thầu {firm} đang thi công phần mái khi xảy ra sự cố.",
                   "Ba công nhân bị thương được đưa đi cấp cứu.")),
        "bac-bo": (("{firm} cho rằng sự cố tại {thing} do mưa bão, không phải lỗi thi công",),
                   ("Đại diện nhà thầu {firm} khẳng định giàn giáo được lắp đúng thiết kế.",
                    "Theo {firm}, gió giật mạnh là nguyên nhân làm đổ sập công trình {thing}.",
                    "Chủ đầu tư yêu cầu nhà thầu báo cáo đầy đủ.")),
        "xu-phat": (("Đình chỉ nhà thầu {firm}, phạt vi phạm an toàn lao động ở {thing}",),
                    ("Đoàn thanh tra xác định {firm} không có biện pháp an toàn lao động tại {thing}.",
                     "Sở Xây dựng {province} xử phạt và đình chỉ thi công đối với {firm}.",
                     "Công trình phải kiểm định lại trước khi thi công tiếp.")),
        "boi-thuong": (("{firm} hỗ trợ công nhân bị thương trong vụ sập giàn giáo {thing}",),
                       ("{firm} chi trả chi phí điều trị và hỗ trợ thu nhập cho ba công nhân.",
                        "Gia đình các công nhân ở xã {place} đồng ý với mức hỗ trợ.",
                        "Công trình {thing} dự kiến chậm tiến độ hai tháng.")),
    },
}
PHASE_ORDER = ("su-co", "bac-bo", "xu-phat", "boi-thuong", "dung")
THINGS = {
    "xa-thai": ("sông {name}", "kênh {name}", "hồ {name}"),
    "ngo-doc": ("Trường tiểu học {name}", "Trường mầm non {name}", "Trường THCS {name}"),
    "cong-trinh": ("cầu {name}", "trường học {name}", "nhà văn hóa {name}"),
}
OTHER_TOPICS = (  # place-only distractors: another subject in the chain's commune
    (("Lễ hội đình làng xã {place} thu hút đông du khách",),
     ("Lễ hội truyền thống ở xã {place}, {province} diễn ra với nhiều trò chơi dân gian.",
      "Du khách thích thú với hội thi nấu cơm và kéo co.")),
    (("Xã {place} khánh thành nhà văn hóa mới",),
     ("Nhà văn hóa mới của xã {place} được xây bằng nguồn vốn xã hội hóa.",
      "Người dân {province} phấn khởi vì có nơi sinh hoạt cộng đồng khang trang.")),
    (("Nông dân xã {place} trúng mùa lúa",),
     ("Vụ lúa năm nay ở xã {place}, {province} đạt năng suất cao.",
      "Giá lúa ổn định giúp nông dân có lãi.")),
)
NAME_PARTS = "An Bình Cát Dương Giang Hải Hòa Khánh Lâm Minh Nam Phúc Quang Sơn Tân Thành Trung Vân Xuân Yên".split()
PROVINCES = ("Hưng Yên", "Ninh Bình", "Thanh Hóa", "Nghệ An", "Quảng Ninh", "Đồng Nai", "Tây Ninh", "Cần Thơ",
             "An Giang", "Gia Lai", "Lào Cai", "Khánh Hòa")  # fmt: skip
FIRM_KINDS = ("Công ty", "Công ty TNHH", "Công ty cổ phần")
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý".split()
GIVEN = "Văn Hùng|Thị Lan|Minh Tuấn|Thu Hà|Quốc Bảo|Ngọc Anh|Đức Thắng|Kim Oanh|Hữu Toàn|Thanh Tâm".split("|")
# What tells one event from another of its kind in every phase, as in bench/bench_stories.py:
# made-up names (roads, hamlets, products) the event's reports keep repeating.
SYLLABLES = "an bình cát dương giang hải hòa khánh lâm minh nam phúc quang sơn tân thành trung vân xuân yên".split()
CONNECTORS = "theo cho biết tại khu_vực người_dân ông bà đã đang sẽ nhiều cùng với của và".split()
# The people it names.
DETAILS = (
    "Ông {person}, giám đốc {firm}, cho biết doanh nghiệp sẽ làm việc với cơ quan chức năng.",
    "Trưởng thôn {village} ông {witness} kể lại sự việc với phóng viên.",
    "Theo ông {person}, {firm} đã có mặt ở xã {place} từ nhiều năm nay.",
    "Bà {witness} ở thôn {village} nói người dân theo dõi sát vụ việc.",
    "Luật sư {witness} nhận định vụ việc của {firm} cần được làm rõ.",
    "Ông {person} từng nhiều lần gặp gỡ người dân thôn {village}.",
)
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Planted:
    """One item of the stream: the event it tells (``truth``), what it is in the plan."""

    truth: str  # chain-N, or the distractor's own event id
    role: str  # chain, place-only, words-elsewhere, words-province
    phase: str
    item: Item


@dataclass(frozen=True)
class _Event:
    kind: str
    firm: str
    place: str
    province: str
    thing: str
    person: str = ""
    witness: str = ""
    village: str = ""
    words: tuple[str, ...] = ()  # the event's own made-up names (segmented tokens)


@lru_cache(maxsize=4096)
def _segmented(piece: str) -> tuple[str, ...]:
    from langnghe.nlp import segment  # the shipped segmenter; loaded on first use

    return tuple(segment(piece)) if piece.strip() else ()


def _tokens(template: str, slots: dict[str, str]) -> list[str]:
    """The template's words, literal pieces segmented once, slot values as whole names."""
    tokens: list[str] = []
    for n, piece in enumerate(_SLOT.split(template)):
        if n % 2:
            tokens += [word.replace(" ", "_") for word in _name_words(slots[piece])]
        else:
            tokens += _segmented(piece)
    return tokens


def _name_words(value: str) -> list[str]:
    """A name as the segmenter would cut it: its known head word(s), then the proper name."""
    for head in ("Công ty cổ phần", "Công ty TNHH", "Công ty", "Trường tiểu học", "Trường mầm non", "Trường THCS",
                 "nhà văn hóa", "trường học", "sông", "kênh", "hồ", "cầu"):  # fmt: skip
        if value.startswith(head + " "):
            return [*head.replace("Công ty", "Công_ty").split(), value[len(head) + 1 :]]
    return [value]


def _name(rng: random.Random) -> str:
    return " ".join(rng.sample(NAME_PARTS, 2))


def _item(n: int, event: _Event, templates: tuple[tuple[str, ...], tuple[str, ...]], when: datetime,
          rng: random.Random) -> Item:  # fmt: skip
    titles, sentences = templates
    slots = {"firm": event.firm, "place": event.place, "province": event.province, "thing": event.thing,
             "person": event.person, "witness": event.witness, "village": event.village}
    forum = rng.random() < 0.3
    title = rng.choice(titles)
    chosen = rng.sample(sentences, k=rng.randint(1, 2))
    if event.person:  # a phase of a firm's event: who it involves, as reports of it say
        chosen += rng.sample(DETAILS, k=2)
    tokens = _tokens(title, slots) + [t for s in chosen for t in _tokens(s, slots)]
    fill = lambda text: _SLOT.sub(lambda m: slots[m.group(1)], text)  # noqa: E731
    if event.words:
        own = [*rng.sample(CONNECTORS, k=4), *rng.sample(event.words, k=4)]
        rng.shuffle(own)
        tokens += [*own, "."]
        chosen.append(" ".join(own).replace("_", " ") + ".")
    from langnghe.nlp.keywords import extract_keywords

    nlp = build_nlp(tokens=tokens, keywords=extract_keywords(tokens, top_k=8), provinces=[event.province],
                    entities=[Entity(text=event.place, label="LOC"), Entity(text=event.province, label="LOC")],
                    sentiment="negative")  # fmt: skip
    return build_item(id=f"thread-{n:06d}", source="dien-dan" if forum else f"bao-{rng.randrange(8)}",
                      platform="forum" if forum else "news", kind="post" if forum else "article",
                      title=fill(title), text=" ".join(fill(s) for s in chosen), published_at=when, nlp=nlp,
                      url=f"https://{'dien-dan' if forum else 'bao'}.example/{n}")  # fmt: skip


def _event(kind: str, rng: random.Random, place: str | None = None, province: str | None = None) -> _Event:
    firm = f"{rng.choice(FIRM_KINDS)} {_name(rng)}"
    return _Event(kind, firm, place or _name(rng), province or rng.choice(PROVINCES),
                  rng.choice(THINGS[kind]).format(name=_name(rng)), _person(rng), _person(rng), _name(rng),
                  tuple("_".join(rng.sample(SYLLABLES, 3)) for _ in range(10)))


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}"


def _burst(start: datetime, rng: random.Random) -> list[datetime]:
    return sorted(start + timedelta(hours=rng.uniform(0, 14)) for _ in range(rng.randint(2, 6)))


def planted_stream(chains: int = 30, *, seed: int = 1, days: int = 60) -> list[Planted]:
    """``chains`` planted developing events with their distractors, in publish-time order."""
    rng = random.Random(seed)
    plan: list[tuple[datetime, str, str, str, _Event, tuple[tuple[str, ...], tuple[str, ...]]]] = []
    for number in range(chains):
        kind = rng.choice(sorted(KINDS))
        event = _event(kind, rng)
        phases = [p for p in PHASE_ORDER if p in KINDS[kind]][: rng.randint(3, len(KINDS[kind]))]
        moment = T0 + timedelta(days=rng.uniform(0, days))
        for phase in phases:
            plan += [(when, f"chain-{number}", "chain", phase, event, KINDS[kind][phase]) for when in _burst(moment, rng)]
            last = moment
            moment += timedelta(days=rng.uniform(2.0, 5.0))
        near = T0 + (last - T0) * rng.uniform(0.9, 1.0)
        same_place = _Event(kind, event.firm, event.place, event.province, event.thing,
                            words=tuple("_".join(rng.sample(SYLLABLES, 3)) for _ in range(10)))  # not the firm's
        plan += [(w, f"place-{number}", "place-only", "khac", same_place, rng.choice(OTHER_TOPICS)) for w in _burst(near, rng)]
        mirrored = rng.choice(phases)
        elsewhere = _event(kind, rng, province=rng.choice([p for p in PROVINCES if p != event.province]))
        plan += [(w, f"elsewhere-{number}", "words-elsewhere", mirrored, elsewhere, KINDS[kind][mirrored])
                 for w in _burst(moment - timedelta(days=rng.uniform(2, 6)), rng)]  # fmt: skip
        if rng.random() < 0.5:
            province = _event(kind, rng, province=event.province)
            plan += [(w, f"province-{number}", "words-province", mirrored, province, KINDS[kind][mirrored])
                     for w in _burst(moment - timedelta(days=rng.uniform(2, 6)), rng)]  # fmt: skip
    plan.sort(key=lambda step: (step[0], step[1]))
    return [Planted(truth, role, phase, _item(n, event, templates, when, rng))
            for n, (when, truth, role, phase, event, templates) in enumerate(plan)]  # fmt: skip
