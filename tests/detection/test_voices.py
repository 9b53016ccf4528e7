"""Independent voices: accounts, copies collapsed, copy floods (langnghe.detection.voices)."""

from __future__ import annotations

import random
from datetime import timedelta

from langnghe.detection.voices import Voices, count_voices, voice_map
from langnghe.testing import DEFAULT_PUBLISHED, build_item
from langnghe.testing_voices import ordinary_text

POST = ("Cảnh báo khu đất ven sông sắp bị thu hồi không đền bù bà con chia sẻ ngay cho mọi người cùng biết "
        "trước khi quá muộn đừng để mất nhà mất đất như năm ngoái")


def _at(minutes: int) -> dict[str, object]:
    return {"published_at": DEFAULT_PUBLISHED + timedelta(minutes=minutes)}


def test_edited_copies_by_one_account_are_one_voice_and_a_flood() -> None:
    copies = [build_item(author="u_a", text=POST.replace("ngay", word) + f" #{n}", **_at(n))
              for n, word in enumerate(["ngay", "liền", "gấp", "nhanh", "ngay", "liền"])]  # fmt: skip
    assert count_voices(copies) == Voices(items=6, accounts=1, voices=1, copies=5, flood_items=6, flood_accounts=1, independent=1)
    assert count_voices(copies).flood


def test_own_words_are_voices_and_unsigned_items_count_by_source() -> None:
    rng = random.Random(1)
    posts = [build_item(author=f"u_{n}", text=ordinary_text(rng), **_at(n)) for n in range(5)]
    unsigned = [build_item(author=None, source="bao-a", text=ordinary_text(rng), **_at(10 + n)) for n in range(4)]
    # the outlet's four articles are one voice, and three independent items (at most three per account)
    assert count_voices(posts + unsigned) == Voices(items=9, accounts=6, voices=6, copies=0, independent=8)


def test_a_text_shared_by_many_accounts_is_many_voices_and_no_flood() -> None:
    shared = [build_item(author=f"u_{n}", text=POST, **_at(n)) for n in range(6)]
    found = count_voices(shared)
    assert (found.voices, found.copies, found.flood_items, found.independent) == (6, 5, 0, 6) and not found.flood


def test_a_few_accounts_posting_many_copies_are_one_voice() -> None:
    puppets = [build_item(author=f"u_{n % 4}", text=POST + f" #{n}", **_at(n)) for n in range(24)]
    found = count_voices(puppets)
    assert (found.items, found.accounts, found.voices, found.independent) == (24, 4, 1, 1)
    assert (found.flood_items, found.flood_accounts) == (24, 4) and found.flood


def test_voices_of_a_span_in_time_order() -> None:
    rng = random.Random(2)
    items = [build_item(author="u_b", text=ordinary_text(rng), **_at(60)), build_item(author="u_a", text=POST, **_at(0)),
             build_item(author="u_c", text=POST + " !!!", **_at(120))]  # fmt: skip
    mapped = voice_map(items)
    assert [who for _, who in mapped.voice_times()] == ["u_a", "u_b", "u_c"]
    assert mapped.count(since=DEFAULT_PUBLISHED + timedelta(minutes=30)) == Voices(2, 2, 2, 1, independent=2)
