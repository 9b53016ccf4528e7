"""A seeded three-week stream for the independent-voice tests: ordinary items, a copy flood
by one account, and a slow issue that many people raise before any outlet covers it.
Written for langnghe; the words are made up here, nothing comes from the shared datasets.

- background: :data:`CONCERNS` each get a flat daily volume from a pool of accounts on
  forums, social pages and news outlets, each item its own text and its own story;
- the flood: :data:`FLOOD_ACCOUNT` posts :data:`FLOOD_COPIES` copies of one post about
  :data:`FLOOD_CONCERN` (story :data:`FLOOD_STORY`) over two local days, each copy edited a
  little (a word swapped, a tag or a number added), as copy-paste campaigns do;
- the slow issue: story :data:`SLOW_STORY` (concern :data:`SLOW_CONCERN`) grows from one
  post a day to a dozen, each post by another account in its own words; news outlets cover
  it from :data:`SLOW_NEWS_DAY` on.

Days are local (Asia/Ho_Chi_Minh) days after :data:`START`; :func:`day_end` gives the
moment a ranking of that day is made.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from langnghe.item import Item
from langnghe.testing import build_item

START = datetime(2026, 10, 31, 17, tzinfo=timezone.utc)  # 00:00 on 01/11/2026 in Hà Nội
DAYS = 21
CONCERNS = ("giao-thong", "y-te", "giao-duc", "gia-ca", "an-ninh", "dat-dai")
FLOOD_CONCERN, FLOOD_STORY, FLOOD_ACCOUNT = "dat-dai", "st-flood", "u_flood"
FLOOD_COPIES, FLOOD_DAYS = 40, (12, 13)
SLOW_CONCERN, SLOW_STORY = "nuoc-sach", "st-slow"
SLOW_PER_DAY = {8: 1, 9: 1, 10: 2, 11: 2, 12: 3, 13: 4, 14: 5, 15: 7, 16: 9, 17: 12, 18: 14}
SLOW_NEWS_DAY = 17
_WORDS = (
    "người dân phản ánh tình trạng kéo dài nhiều tháng nay chính quyền địa phương chưa có phương án xử lý "
    "khu phố chúng tôi buổi sáng buổi tối đi làm về con nhỏ ông bà lo lắng bức xúc mong cơ quan chức năng "
    "sớm vào cuộc kiểm tra làm rõ trách nhiệm hôm qua hôm nay tuần trước gia đình hàng xóm cả xóm ai cũng "
    "thấy chuyện này không thể chấp nhận được đề nghị công khai minh bạch thông tin cụ thể rõ ràng"
).split()
_SLOW_WORDS = ("nước máy", "có mùi lạ", "màu vàng đục", "cặn đen", "nhà máy nước", "vòi nước", "đun sôi", "đau bụng")
_FLOOD_POST = (
    "Cảnh báo khẩn cấp toàn bộ khu đất ven sông ở phường Tân Hòa sắp bị thu hồi trắng không đền bù một đồng "
    "nào bà con chia sẻ ngay cho mọi người cùng biết trước khi quá muộn đừng để mất nhà mất đất như các hộ "
    "ở xã bên cạnh năm ngoái chính quyền đang giấu thông tin"
)
_SWAPS = {"khẩn cấp": "gấp", "bà con": "mọi người", "ngay": "liền", "quá muộn": "muộn mất", "giấu": "ỉm"}
_TAGS = ("#daidai", "#tanhoa", "#chiase", "🔥", "!!!", "‼️", "#canhbao")


@dataclass(frozen=True)
class VoiceStream:
    """The stream's items, oldest first, and which of them are the flood's and the slow issue's."""

    items: list[Item]
    flood_ids: frozenset[str]
    slow_ids: frozenset[str]
    first_slow_news: datetime


def day_end(day: int) -> datetime:
    """The end of local day ``day`` (0 is :data:`START`'s day), in UTC."""
    return START + timedelta(days=day + 1)


def ordinary_text(rng: random.Random, size: int = 30, extra: tuple[str, ...] = ()) -> str:
    """A post of ``size`` made-up words (and ``extra`` phrases): one person's own words, which
    no other such post nearly repeats."""
    words = [rng.choice(_WORDS) for _ in range(size)]
    for word in extra:
        words.insert(rng.randrange(len(words) + 1), word)
    return " ".join(words).capitalize() + "."


def _background(rng: random.Random) -> list[Item]:
    items: list[Item] = []
    for day in range(DAYS):
        for concern in CONCERNS:
            for number in range(rng.randint(8, 12)):
                on_news = rng.random() < 0.3
                items.append(build_item(
                    id=f"bg-{concern}-{day:02d}-{number:02d}", story_id=f"st-bg-{concern}-{day:02d}-{number:02d}",
                    platform="news" if on_news else rng.choice(("forum", "facebook")),
                    source=f"bao-{rng.randrange(6)}" if on_news else f"trang-{rng.randrange(4)}",
                    author=f"u_bg{rng.randrange(400):03d}", title="", text=ordinary_text(rng, rng.randint(25, 40)),
                    published_at=START + timedelta(days=day, hours=rng.uniform(6, 23)),
                    sentiment=rng.choice(("negative", "neutral", "positive")), concerns=[concern],
                    provinces=[rng.choice(("Hà Nội", "Đà Nẵng", "Cần Thơ", "Hải Phòng"))],
                ))  # fmt: skip
    return items


def _copy(rng: random.Random) -> str:
    text = _FLOOD_POST
    for word, other in rng.sample(sorted(_SWAPS.items()), 2):
        text = text.replace(word, other)
    return f"{text} {rng.choice(_TAGS)} {rng.randrange(100)}"


def _flood(rng: random.Random) -> list[Item]:
    per_day = FLOOD_COPIES // len(FLOOD_DAYS)
    return [
        build_item(
            id=f"flood-{number:02d}", story_id=FLOOD_STORY, platform="facebook", source="trang-1",
            author=FLOOD_ACCOUNT, title="", text=_copy(rng), sentiment="negative", concerns=[FLOOD_CONCERN],
            provinces=["Bình Dương"],
            published_at=START + timedelta(days=FLOOD_DAYS[number // per_day], hours=8 + (number % per_day) * 0.7),
        )  # fmt: skip
        for number in range(FLOOD_COPIES)
    ]


def _slow(rng: random.Random) -> list[Item]:
    items: list[Item] = []
    for day, count in SLOW_PER_DAY.items():
        for number in range(count):
            on_news = day >= SLOW_NEWS_DAY and number % 3 == 0
            items.append(build_item(
                id=f"slow-{day:02d}-{number:02d}", story_id=SLOW_STORY, platform="news" if on_news else "forum",
                source=f"bao-{number % 6}" if on_news else "dien-dan-khu-pho", author=f"u_slow{day:02d}{number:02d}",
                title="", text=ordinary_text(rng, rng.randint(20, 30), tuple(rng.sample(_SLOW_WORDS, 3))),
                published_at=START + timedelta(days=day, hours=7 + number * 1.2),
                sentiment="negative", concerns=[SLOW_CONCERN], provinces=["Đồng Nai"],
            ))  # fmt: skip
    return items


def voice_stream(seed: int = 15) -> VoiceStream:
    """The stream (see the module docs), the same for the same ``seed``."""
    rng = random.Random(seed)
    flood, slow = _flood(rng), _slow(rng)
    items = sorted(_background(rng) + flood + slow, key=lambda item: (item.published_at or item.fetched_at, item.id))
    first_news = min(item.published_at for item in slow if item.platform == "news" and item.published_at)
    return VoiceStream(items, frozenset(i.id for i in flood), frozenset(i.id for i in slow), first_news)
