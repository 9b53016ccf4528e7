"""The derived fields of an Item (:data:`~langnghe.index.base.DERIVED_FIELDS`) as both index
backends read, keep and change them: pure functions, no I/O.

A derived field belongs to a later stage (``story_id``: the story job; ``claims`` and
``false_info``: claim matching and its rematch). :meth:`IndexBackend.write` carries an
indexed document's values over to the new content; :meth:`IndexBackend.update_fields`
changes them one field at a time.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, cast

from pydantic import ValidationError

from langnghe.errors import InputError
from langnghe.index.base import DERIVED_FIELDS, DerivedField, FieldUpdate
from langnghe.item import Item

Derived = dict[DerivedField, Any]


def derived_of(item: Item) -> Derived:
    """The derived fields of ``item``, by name."""
    return {"story_id": item.story_id, "claims": list(item.claims), "false_info": item.false_info}


def derived_from_json(raw: Mapping[str, Any]) -> Derived:
    """The derived fields of an Item's JSON object (missing keys read as the Item's defaults)."""
    fields = Item.model_fields
    names = cast(tuple[DerivedField, ...], DERIVED_FIELDS)
    return validated_changes({name: raw.get(name, fields[name].get_default(call_default_factory=True)) for name in names})


def kept(derived: Mapping[DerivedField, Any], keep: Sequence[str]) -> Derived:
    """The fields of ``derived`` named in ``keep``."""
    return {name: value for name, value in derived.items() if name in keep}


def with_derived(item: Item, derived: Mapping[DerivedField, Any]) -> Item:
    """``item`` with its derived fields replaced by ``derived`` (values already validated)."""
    return item.model_copy(update={str(name): value for name, value in derived.items()})


def check_fields(updates: list[FieldUpdate]) -> None:
    """Refuse an update naming a field that is not derived: the caller's mistake, before any write."""
    for update in updates:
        unknown = sorted(set(update.changes) - set(DERIVED_FIELDS))
        if unknown or not update.changes:
            raise InputError(
                f"update_fields: {update.id}: fields {unknown or '(none)'} cannot be updated "
                f"(expected some of: {', '.join(DERIVED_FIELDS)})"
            )


@cache
def _shell() -> Item:
    """An empty Item (only its validators are used). Built once: ``model_construct`` costs
    milliseconds (pydantic inspects every default factory), a copy of it microseconds."""
    return Item.model_construct()  # type: ignore[call-arg]


def validated_changes(changes: Mapping[DerivedField, object]) -> Derived:
    """``changes`` as the Item's own types (a dict becomes a ClaimMatch...); raises
    ``ValueError`` (pydantic's ``ValidationError``) naming a value the Item refuses."""
    probe = copy.copy(_shell())  # a copy of its own: the caller's assignments never reach the shell
    for name, value in changes.items():
        setattr(probe, name, value)  # validate_assignment: checked and converted like the Item's own
    return {name: getattr(probe, name) for name in changes}


def refusal(error: Exception) -> str:
    """One line for a value or a document an index refuses before sending it."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        return f"invalid value{' for ' + where if where else ''}: {first.get('msg', error)}"
    return f"{type(error).__name__}: {error}".splitlines()[0]


def in_waves(updates: list[FieldUpdate]) -> list[list[tuple[int, FieldUpdate]]]:
    """Updates split into waves with unique ids, keeping their order: a second update of one
    id is applied after the first (and, with the same version, meets a conflict)."""
    waves: list[list[tuple[int, FieldUpdate]]] = []
    seen: list[set[str]] = []
    for position, update in enumerate(updates):
        depth = sum(1 for ids in seen if update.id in ids)
        if depth == len(waves):
            waves.append([])
            seen.append(set())
        waves[depth].append((position, update))
        seen[depth].add(update.id)
    return waves
