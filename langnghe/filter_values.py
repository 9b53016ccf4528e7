"""One resolver for what a person types as a filter value, for search, export and the web app.

Every filter (section, sentiment, concern, province, source) accepts a value's Vietnamese
name ("Pháp luật"), its id ("law") and either written without diacritics ("phap luat"), in
any case, with dashes, underscores or spaces alike ("can-tho", "Cần Thơ", "CAN THO"). An
unknown value is refused with one Vietnamese line that lists the valid names, never read as
a filter that matches nothing. The choices themselves come from :mod:`langnghe.labels`, the
configuration and the gazetteer (:mod:`langnghe.service.filters` gathers them).

The lowest layer of the package: it imports only :mod:`langnghe.errors`,
:mod:`langnghe.folding` and :mod:`langnghe.labels`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from langnghe.errors import InputError
from langnghe.folding import fold_key, nfc
from langnghe.labels import DIMENSION_VI, in_sentence


@dataclass(frozen=True)
class Choice:
    """One value a filter can take: ``value`` as the index stores it, ``name`` as people read it,
    ``aliases`` other spellings accepted for it (ids, former names)."""

    value: str
    name: str
    aliases: tuple[str, ...] = ()

    def spellings(self) -> tuple[str, ...]:
        return (self.name, self.value, *self.aliases)


@dataclass(frozen=True)
class FilterField:
    """The choices of one filter: ``field`` of the index, ``option`` as the person typed it."""

    field: str
    option: str
    choices: tuple[Choice, ...]
    open: bool = False  # no list to check against (a fresh install without sources.yaml): values pass as typed
    _exact: dict[str, tuple[str, ...]] = dataclass_field(default_factory=dict, init=False, repr=False, compare=False)
    _folded: dict[str, tuple[str, ...]] = dataclass_field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for choice in self.choices:
            for spelling in choice.spellings():
                for table, key in ((self._exact, nfc(spelling).strip().casefold()), (self._folded, fold_key(spelling))):
                    if choice.value not in table.get(key, ()):
                        table[key] = (*table.get(key, ()), choice.value)

    def values_of(self, typed: str) -> tuple[str, ...]:
        """The stored values ``typed`` stands for (accents as typed first, then without); () if none."""
        exact = self._exact.get(nfc(typed).strip().casefold())
        return exact if exact else self._folded.get(fold_key(typed), ())

    def names(self) -> str:
        return ", ".join(f"“{name}”" for name in sorted({choice.name for choice in self.choices}, key=fold_key))


def choices_of(table: Mapping[str, str]) -> tuple[Choice, ...]:
    """Choices of a slug -> Vietnamese name table (:mod:`langnghe.labels`, the configuration).

    >>> choices_of({"law": "Pháp luật"})
    (Choice(value='law', name='Pháp luật', aliases=()),)
    """
    return tuple(Choice(value, name) for value, name in table.items())


def resolve(typed: Sequence[str], field: FilterField) -> tuple[str, ...]:
    """The stored values for what was typed, each once, in order; an unknown one raises
    :class:`~langnghe.errors.InputError` naming the option and the valid names.

    >>> law = FilterField("section", "--section", choices_of({"law": "Pháp luật", "health": "Sức khỏe"}))
    >>> resolve(["phap luat", "Sức khỏe", "LAW"], law)
    ('law', 'health')
    """
    found: dict[str, None] = {}
    for value in typed:
        if not value.strip():
            continue
        values = (nfc(value).strip(),) if field.open else field.values_of(value)
        if not values:
            raise InputError(unknown_line(value, field))
        found.update(dict.fromkeys(values))
    return tuple(found)


def unknown_line(value: str, field: FilterField) -> str:
    """The one line that refuses an unknown value, in Vietnamese, with the valid names."""
    what = in_sentence(DIMENSION_VI.get(field.field, field.field))
    return f"{field.option}: không có {what} “{value.strip()}”; chọn một trong: {field.names()}"
