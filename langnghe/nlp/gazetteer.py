"""Province gazetteer: which of Vietnam's 34 provincial-level units a text mentions.

The units and their spellings live in ``data/provinces.yaml`` (the 2025 merger, with
the 63 former units mapped to the unit that absorbed them). Matching runs on
normalised text with one compiled regex and follows three rules:

- names are matched case-sensitively, on word boundaries: "Hòa Bình" is the former
  province, "hòa bình" (peace) is not;
- after "tỉnh", "thành phố" or "TP" any case is accepted ("tỉnh hòa bình");
- phrases listed under ``not_places`` ("Thái Bình Dương", the Pacific) are consumed
  and dropped, and a name right after a word in ``not_after`` ("chị Huế", "phố Huế")
  is a person or a street, not the unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from langnghe.errors import ConfigError
from langnghe.nlp.normalize import normalize

_PREFIX = r"(?i:tỉnh|thành\s+phố|tp\.?)"
_SEPARATOR = re.compile(r"\s*[-–—]\s*|\s+")
_PREVIOUS_WORD = re.compile(r"(\w+)\s+$")


@dataclass(frozen=True)
class FormerUnit:
    """A provincial-level unit as it was before 1 July 2025."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    common_noun: bool = False
    historic: bool = False
    after_prefix: tuple[str, ...] = ()


@dataclass(frozen=True)
class Province:
    """One of the 34 provincial-level units since 1 July 2025."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    former: tuple[FormerUnit, ...]


def _surface_key(text: str) -> str:
    """Spelling key that ignores how spaces and dashes were typed."""
    return _SEPARATOR.sub(lambda m: "-" if m.group(0).strip() else " ", text)


_END = ""
_ATOMS = {" ": r"\s+", "-": r"\s*[-–—]\s*"}


def _trie_pattern(forms: set[str]) -> str:
    """One regex for many spellings, factored as a character trie.

    A trie lets ``re`` reject a word after one or two characters instead of trying
    every spelling, and its greedy ``?`` makes the longest spelling win: "Hà Nam Ninh"
    over "Hà Nam", "Thái Bình Dương" over "Thái Bình".
    """
    root: dict[str, Any] = {}
    for form in forms:
        node = root
        for char in form:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _emit(root)


def _emit(node: dict[str, Any]) -> str:
    branches = [_ATOMS.get(char, re.escape(char)) + _emit(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    if len(branches) == 1 and _END not in node:
        return branches[0]
    group = "(?:" + "|".join(branches) + ")"
    return group + "?" if _END in node else group


class Gazetteer:
    """Compiled matcher over a list of :class:`Province`."""

    def __init__(self, units: list[Province], not_places: list[str], not_after: list[str]) -> None:
        self.units = units
        self._not_after = frozenset(not_after)
        self._exact: dict[str, Province | None] = {}
        self._folded: dict[str, Province | None] = {}
        self._register_forms(units, not_places)
        low, cap = _trie_pattern(set(self._folded)), _trie_pattern(set(self._exact))
        self._pattern = re.compile(rf"(?<!\w)(?:{_PREFIX}\s+(?P<low>(?i:{low}))|(?P<cap>{cap}))(?!\w)")

    def _add(self, form: str, unit: Province | None, *, upper: bool = True) -> None:
        form = normalize(form)
        self._exact[_surface_key(form)] = unit
        self._folded.setdefault(_surface_key(form).casefold(), unit)
        if upper and form.upper() != form:
            self._exact[_surface_key(form.upper())] = unit

    def _register_forms(self, units: list[Province], not_places: list[str]) -> None:
        for phrase in not_places:
            self._add(phrase, None)
        for unit in units:
            for form in (unit.name, *unit.aliases):
                self._add(form, unit)
            for former in unit.former:
                # ALL-CAPS "HÒA BÌNH" in a headline is more often "peace" than the province.
                for form in (former.name, *former.aliases):
                    self._add(form, unit, upper=not former.common_noun)
                for form in former.after_prefix:
                    self._folded[_surface_key(normalize(form)).casefold()] = unit

    def _resolve(self, match: re.Match[str], text: str) -> Province | None:
        low = match.group("low")
        if low is not None:
            return self._folded.get(_surface_key(low).casefold())
        previous = _PREVIOUS_WORD.search(text, max(0, match.start() - 16), match.start())
        if previous is not None and previous.group(1) in self._not_after:
            return None
        return self._exact.get(_surface_key(match.group("cap")))

    def find_units(self, text: str, *, normalized: bool = False) -> list[Province]:
        """Units mentioned in ``text``, in order of first mention, each once."""
        if not normalized:
            text = normalize(text)
        found: dict[str, Province] = {}
        for match in self._pattern.finditer(text):
            unit = self._resolve(match, text)
            if unit is not None and unit.id not in found:
                found[unit.id] = unit
        return list(found.values())

    def find(self, text: str, *, normalized: bool = False) -> list[str]:
        """Canonical names of the units mentioned in ``text``, in order of first mention."""
        return [unit.name for unit in self.find_units(text, normalized=normalized)]

    def resolve(self, name: str) -> Province | None:
        """The current unit a name (current, former or alias; any case) stands for."""
        return self._folded.get(_surface_key(normalize(name)).casefold())


def _former(entry: dict[str, Any]) -> FormerUnit:
    return FormerUnit(
        id=str(entry["id"]),
        name=str(entry["name"]),
        aliases=tuple(str(alias) for alias in entry.get("aliases") or ()),
        common_noun=bool(entry.get("common_noun", False)),
        historic=bool(entry.get("historic", False)),
        after_prefix=tuple(str(alias) for alias in entry.get("after_prefix") or ()),
    )


def _province(entry: dict[str, Any]) -> Province:
    return Province(
        id=str(entry["id"]),
        name=normalize(str(entry["name"])),
        type=str(entry["type"]),
        aliases=tuple(str(alias) for alias in entry.get("aliases") or ()),
        former=tuple(_former(former) for former in entry["former"]),
    )


def parse_gazetteer(data: dict[str, Any], origin: str) -> Gazetteer:
    """Build a :class:`Gazetteer` from the parsed YAML; errors name ``origin`` and the entry."""
    units: list[Province] = []
    for index, entry in enumerate(data.get("units") or []):
        try:
            units.append(_province(entry))
        except (KeyError, TypeError) as exc:
            raise ConfigError(f"{origin}: units[{index}] is missing or has a malformed field: {exc}") from None
    return Gazetteer(units, list(data.get("not_places") or []), list(data.get("not_after") or []))


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read a gazetteer YAML file; ``None`` reads the shipped ``data/provinces.yaml``."""
    if path is None:
        return default_gazetteer()
    return parse_gazetteer(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    source = resources.files("langnghe.nlp").joinpath("data/provinces.yaml")
    return parse_gazetteer(yaml.safe_load(source.read_text(encoding="utf-8")), "langnghe/nlp/data/provinces.yaml")


def find_provinces(text: str, *, normalized: bool = False) -> list[str]:
    """Canonical names of the 34 current units that ``text`` mentions (former names mapped).

    >>> find_provinces("Mưa lớn ở tỉnh Quảng Bình và TP.HCM, người dân cầu mong hòa bình")
    ['Quảng Trị', 'TP Hồ Chí Minh']
    """
    return default_gazetteer().find(text, normalized=normalized)
