"""Fill the content banks' templates: inline alternatives, then named slots.

A template such as ``"{When}, [lực lượng chức năng|cơ quan chức năng] {tinh} đã phạt
{n1:12-40} trường hợp"`` first has each ``[a|b]`` replaced by one alternative, then each
``{slot}`` by a value that stays the same for the whole item, so a person introduced as
``{p1}`` ("ông Nguyễn Văn Hùng") is ``{p1s}`` ("ông Hùng") later on. Linked
alternatives, ``[=a|b]``, take the same position in every linked group of an item, so a
title about durian is not followed by a paragraph about coffee. Numbers are named
slots with a range on first use (``{n1:12-40}``, ``{d1:1.5-4.5}`` for one decimal);
a capitalised slot name (``{When}``, ``{P1}``) capitalises the value.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import datetime, timedelta

from langnghe.demo import geo, lexicon

_ALTERNATIVES = re.compile(r"\[([^\[\]]*\|[^\[\]]*)\]")
_SLOT = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)(?::([0-9.]+)-([0-9.]+))?\}")


class TemplateError(ValueError):
    """A bank template uses a slot that does not exist or a number without its range."""


class Slots:
    """The values of one item's slots, drawn lazily and then kept."""

    def __init__(
        self,
        rng: random.Random,
        province: geo.Province,
        published: datetime,
        fixed: dict[str, str] | None = None,
    ) -> None:
        self._rng = rng
        self.province = province
        self._published = published
        self._values: dict[str, str] = dict(fixed or {})
        self._people_used: set[str] = set()
        self._link = rng.randrange(720)  # divisible by 2..6: every linked group size is fair

    @property
    def linked(self) -> int:
        """The position every linked group ``[=a|b|...]`` of this item takes (modulo its size)."""
        return self._link

    def fill(self, template: str) -> str:
        text = _ALTERNATIVES.sub(self._alternative, template)
        try:
            return _SLOT.sub(self._replace, text)
        except TemplateError as exc:
            raise TemplateError(f"{exc} in template {template[:80]!r}") from None

    def _alternative(self, match: re.Match[str]) -> str:
        options = match.group(1).split("|")
        if options[0].startswith("="):
            options[0] = options[0][1:]
            return options[self._link % len(options)]
        return self._rng.choice(options)

    def _replace(self, match: re.Match[str]) -> str:
        name, low, high = match.group(1), match.group(2), match.group(3)
        key = name[0].lower() + name[1:]
        if key not in self._values:
            self._values[key] = self._draw(key, low, high)
        value = self._values[key]
        return value[:1].upper() + value[1:] if name[0].isupper() else value

    def _draw(self, key: str, low: str | None, high: str | None) -> str:
        if re.fullmatch(r"[nd]\d*", key):
            if low is None or high is None:
                raise TemplateError(f"number slot {{{key}}} used before its range was given")
            return _number(self._rng, low, high, decimal=key.startswith("d"))
        person = re.fullmatch(r"([py]\d)[sn]?", key)
        if person:
            self._person(person.group(1))
            return self._values[key]
        draw = self._drawers().get(key)
        if draw is None:
            raise TemplateError(f"unknown slot {{{key}}}")
        return draw()

    def _drawers(self) -> dict[str, Callable[[], str]]:
        p = self.province
        return {
            "province": lambda: p.name,
            "tinh": lambda: p.admin,
            "old_note": self._old_note,
            "place": self._place,
            "place_full": lambda: f"{self.fill('{place}')}, {p.admin}{self.fill('{old_note}')}",
            "hamlet": lambda: f"{p.hamlet_word} {self._rng.choice(geo.HAMLETS)}",
            "province2": self._other_province,
            "tinh2": lambda: geo.province(self.fill("{province2}")).admin,
            "day": lambda: _dm(self._published),
            "yday": lambda: _dm(self._published - timedelta(days=1)),
            "when": self._when,
            "year": lambda: str(self._published.year),
            "nextyear": lambda: str(self._published.year + 1),
            "lastyear": lambda: str(self._published.year - 1),
            "month": lambda: str(self._published.month),
            "company": lambda: self._company("company")[0],
            "company_s": lambda: self._company("company")[1],
            "company2": lambda: self._company("company2")[0],
            "company2_s": lambda: self._company("company2")[1],
            "brand": lambda: self._rng.choice(lexicon.BRANDS),
            "team1": lambda: self._club("team2"),
            "team2": lambda: self._club("team1"),
            "country": lambda: self._pick(lexicon.COUNTRIES, "country2"),
            "country2": lambda: self._pick(lexicon.COUNTRIES, "country"),
            "school": lambda: self._rng.choice(lexicon.SCHOOLS),
        }

    def _pick(self, pool: tuple[str, ...], avoid_key: str) -> str:
        avoid = self._values.get(avoid_key)
        return self._rng.choice([x for x in pool if x != avoid])

    def _club(self, other: str) -> str:
        return self._pick(lexicon.CLUBS, other)

    def _old_note(self) -> str:
        formers = self.province.formers
        if not formers or self._rng.random() < 0.5:
            return ""
        return f" (trước đây thuộc tỉnh {self._rng.choice(formers)})"

    def _place(self) -> str:
        ward = self.province.city and self._rng.random() < 0.7
        return f"{'phường' if ward else 'xã'} {self._rng.choice(geo.COMMUNES)}"

    def _other_province(self) -> str:
        return self._rng.choice([x.name for x in geo.PROVINCES if x.name != self.province.name])

    def _when(self) -> str:
        hour = self._published.hour
        if hour < 6:
            return f"tối {_dm(self._published - timedelta(days=1))}"
        part = "sáng" if hour < 11 else "trưa" if hour < 13 else "chiều" if hour < 18 else "tối"
        return f"{part} {_dm(self._published)}"

    def _company(self, key: str) -> tuple[str, str]:
        """Draws the pair once; the full and the short name then stay consistent."""
        other = self._values.get("company2" if key == "company" else "company")
        full, short = self._rng.choice([c for c in lexicon.COMPANIES if c[0] != other])
        self._values[key], self._values[f"{key}_s"] = full, short
        return full, short

    def _person(self, base: str) -> None:
        """p-slots are older people (ông/bà), y-slots younger ones (anh/chị)."""
        for _ in range(50):  # distinct given names, so "ông Hùng" names one person
            male = self._rng.random() < 0.55
            middle = lexicon.MALE_MIDDLE if male else lexicon.FEMALE_MIDDLE
            given = self._rng.choice(lexicon.MALE_GIVEN if male else lexicon.FEMALE_GIVEN)
            if given not in self._people_used:
                break
        self._people_used.add(given)
        full = f"{self._rng.choice(lexicon.FAMILY)} {self._rng.choice(middle)} {given}"
        title = ("ông" if male else "bà") if base[0] == "p" else ("anh" if male else "chị")
        self._values.update({base: f"{title} {full}", f"{base}s": f"{title} {given}", f"{base}n": full})


def _dm(moment: datetime) -> str:
    return f"{moment.day}/{moment.month}"


def _number(rng: random.Random, low: str, high: str, *, decimal: bool) -> str:
    if decimal:
        value = rng.uniform(float(low), float(high))
        return f"{value:.1f}".replace(".", ",")
    lo, hi = int(low), int(high)
    step = 10 ** max(0, len(str(hi)) - 3)
    drawn = rng.randint(lo // step, hi // step) * step
    return f"{max(drawn, lo):,}".replace(",", ".")
