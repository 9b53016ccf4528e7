"""Every template of every bank fills on its own: no unknown slot, no number without range."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from langnghe.demo import banks, geo
from langnghe.demo.fill import Slots, TemplateError
from langnghe.demo.model import SECTIONS, VN_TZ

_MOMENT = datetime(2026, 11, 10, 8, 15, tzinfo=VN_TZ)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


_BANKS = [f"news_{s.replace('-', '_')}" for s in SECTIONS] + ["forum", "issue", "claim"]


@pytest.mark.parametrize("name", _BANKS)
def test_every_template_fills_alone(name: str) -> None:
    data = banks.load_yaml(f"{name}.yaml")
    fixed = {k: str(v) for k, v in data.get("context", {}).items()} | {"start": "12/11"}
    for template in _strings({k: v for k, v in data.items() if k not in ("context", "nodes", "members")}):
        for seed in range(3):
            slots = Slots(random.Random(seed), geo.province("Gia Lai"), _MOMENT, fixed)
            text = slots.fill(template)
            assert not re.search(r"[{}]", text), (name, template)


def test_unknown_slot_and_missing_range_are_named() -> None:
    slots = Slots(random.Random(1), geo.province("Huế"), _MOMENT)
    with pytest.raises(TemplateError, match="unknown slot"):
        slots.fill("Tin từ {nowhere}")
    with pytest.raises(TemplateError, match="range"):
        slots.fill("Có {n9} người")


def test_slots_stay_consistent_within_an_item() -> None:
    slots = Slots(random.Random(4), geo.province("Đà Nẵng"), _MOMENT)
    text = slots.fill("{P1} nói. Sau đó {p1s} kể, {n1:10-99} người; lại {n1} người. [=a|b] [=a|b] {tinh}")
    full, short = text.split(" nói. Sau đó ")[0], text.split("Sau đó ")[1].split(" kể")[0]
    assert full.split()[-1] == short.split()[-1]
    numbers = re.findall(r"\d+", text)
    assert numbers[0] == numbers[1]
    assert text.endswith("a a TP Đà Nẵng") or text.endswith("b b TP Đà Nẵng")


def test_bank_errors_name_the_file_and_entry() -> None:
    with pytest.raises(banks.BankError, match=r"banks/x: stories\[0\]"):
        banks.parse_stories({"stories": [{"key": "k", "sentiment": "happy"}]}, "x", "thoi-su")


def _composed(key: str, seeds: range) -> list[tuple[str, str]]:
    from langnghe.demo import news

    story = next(s for stories in banks.news_stories().values() for s in stories if s.key == key)
    out = []
    for seed in seeds:
        rng = random.Random(seed)
        title, _sapo, _body, tone = news.compose(story, Slots(rng, geo.province("Gia Lai"), _MOMENT), rng)
        out.append((title, tone))
    return out


def test_a_price_cut_is_good_news_and_a_rise_bad_news_by_the_linked_choice() -> None:
    drawn = _composed("gia-xang-dieu-chinh", range(40))
    assert {tone for title, tone in drawn if "giảm" in title} == {"positive"}
    assert {tone for title, tone in drawn if "tăng" in title} == {"negative"}


def test_a_title_with_its_own_tone_overrides_the_story() -> None:
    drawn = _composed("gia-can-ho", range(40))
    assert {tone for title, tone in drawn if title.startswith("Nhà ở xã hội")} == {"positive"}
    assert {tone for title, tone in drawn if not title.startswith("Nhà ở xã hội")} == {"negative"}


def test_a_malformed_title_mapping_is_named() -> None:
    raw = {"stories": [{"key": "k", "sentiment": "neutral", "titles": [{"text": "A", "tone": "x"}],
                        "sapos": ["B"], "paras": ["C"]}]}
    with pytest.raises(banks.BankError, match=r"banks/x: stories\[0\]: titles"):
        banks.parse_stories(raw, "x", "thoi-su")
