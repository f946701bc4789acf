"""ID and phone numbers in records: which fields hold them, masked on the way out, kept on the
way back in.

Lists, forms, exports and the county get ``620502********1234`` and ``138****5678``; the clear
number comes only from ``reveal`` (audited). A form saved with a number still masked means
"leave it as it is": ``unmasked`` puts the stored number back before validation, and a record
coming back from the county (which holds masks) keeps this device's clear numbers the same way.
One table for the station and the wire, so a new personal field cannot be masked in one place
only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from station_app.domain.identifiers import mask_phone, mask_resident_id

D = TypeVar("D")

MASKS: dict[str, Callable[[str], str]] = {"phone": mask_phone, "id_number": mask_resident_id}


def _children(draft: Any) -> dict[str, tuple[Any, ...]]:
    return {
        f.name: value
        for f in dataclasses.fields(draft)
        if isinstance(value := getattr(draft, f.name), tuple)
        and value
        and dataclasses.is_dataclass(value[0])
    }


def personal_fields(draft: Any) -> list[str]:
    """Paths of the ID/phone fields that hold a value (``id_number``, ``parties.1.phone``)."""
    paths = [n for n in MASKS if getattr(draft, n, None)]
    for name, items in _children(draft).items():
        paths += [f"{name}.{i}.{p}" for i, item in enumerate(items) for p in personal_fields(item)]
    return paths


_SHAPES: dict[type[Any], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _shape(kind: type[Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A record type's number fields and its tuple fields (where child lists may be): read
    once per type, not for each record a list shows."""
    shape = _SHAPES.get(kind)
    if shape is None:
        fields = dataclasses.fields(kind)
        numbers = tuple(f.name for f in fields if f.name in MASKS)
        tuples = tuple(f.name for f in fields if str(f.type).startswith(("tuple", "Tuple")))
        shape = _SHAPES[kind] = (numbers, tuples)
    return shape


def masked(draft: D) -> D:
    """``draft`` with every ID and phone number masked (itself if it holds none)."""
    numbers, tuples = _shape(type(draft))
    changes: dict[str, Any] = {
        name: MASKS[name](value)
        for name in numbers
        if isinstance(value := getattr(draft, name), str) and value
    }
    for name in tuples:
        items = getattr(draft, name)
        if isinstance(items, tuple) and items and dataclasses.is_dataclass(items[0]):
            hidden = tuple(masked(item) for item in items)
            if any(new is not old for new, old in zip(hidden, items, strict=True)):
                changes[name] = hidden
    return dataclasses.replace(draft, **changes) if changes else draft  # type: ignore[type-var]


def unmasked(new: D, stored: D) -> D:
    """``new`` with every still-masked number replaced by the stored number it masks."""
    changes: dict[str, Any] = {}
    for name, mask in MASKS.items():
        value, old = getattr(new, name, None), getattr(stored, name, None)
        if isinstance(value, str) and isinstance(old, str) and value and value == mask(old):
            changes[name] = old
    old_children = _children(stored)
    for name, items in _children(new).items():
        olds = old_children.get(name, ())
        changes[name] = tuple(_unmasked_item(item, i, olds) for i, item in enumerate(items))
    return dataclasses.replace(new, **changes) if changes else new  # type: ignore[type-var]


def _unmasked_item(item: Any, index: int, olds: tuple[Any, ...]) -> Any:
    """A child (a party) back with its stored numbers: from the stored child with the same
    name, else the same position, else any, whose numbers every mask in ``item`` fits."""
    if not any("*" in (getattr(item, n, None) or "") for n in MASKS):
        return item
    same_name = [o for o in olds if getattr(o, "name", None) == getattr(item, "name", None)]
    same_place = [olds[index]] if index < len(olds) else []
    for old in [*same_name, *same_place, *olds]:
        if _fits(item, old):
            return unmasked(item, old)
    return item


def _fits(item: Any, old: Any) -> bool:
    """Every masked number of ``item`` is the mask of ``old``'s number."""
    for name, mask in MASKS.items():
        value, stored = getattr(item, name, None), getattr(old, name, None)
        masked_value = isinstance(value, str) and "*" in value
        if masked_value and not (isinstance(stored, str) and stored and mask(stored) == value):
            return False
    return True
