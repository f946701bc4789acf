"""Resident ID and phone numbers leave a station masked; the device that holds them in clear keeps
them when its own record comes back from the county with the masks.

The county ledger needs to know that a number was recorded, not the number: only masks
(``620502********1234``, ``138****5678``) are sent. A record created on another device reaches
this one with the masks and is kept as such (the domain accepts a mask where a number is
expected).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from station_app.domain.identifiers import masked_phone, masked_resident_id

#: Field name (on a ledger draft or one of its rows, e.g. a mediation party) -> its mask.
PERSONAL_FIELDS: dict[str, Callable[[str], str]] = {
    "id_number": masked_resident_id,
    "phone": masked_phone,
}

D = TypeVar("D")


def masked_value(field: str, value: object) -> object:
    """The value as it may leave the station (anything not a personal number is unchanged)."""
    mask = PERSONAL_FIELDS.get(field)
    if mask is None or not isinstance(value, str) or not value:
        return value
    return mask(value)


def keep_local_clear(incoming: D, local: object) -> D:
    """``incoming`` with each masked number that is the mask of this device's clear number
    replaced by that clear number; anything else (a new number, a cleared field) as it came.

    Rows of a record (mediation parties) are matched by position first, then by name, so a
    party added or moved on another device does not lose or swap its numbers.
    """
    if not dataclasses.is_dataclass(incoming) or type(incoming) is not type(local):
        return incoming
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(incoming):
        mine, theirs = getattr(local, f.name), getattr(incoming, f.name)
        if f.name in PERSONAL_FIELDS:
            if _stands_for(f.name, theirs, mine):
                changes[f.name] = mine
        elif isinstance(theirs, tuple) and isinstance(mine, tuple) and theirs != mine:
            changes[f.name] = tuple(
                keep_local_clear(item, _partner(item, i, mine)) for i, item in enumerate(theirs)
            )
    return dataclasses.replace(incoming, **changes) if changes else incoming  # type: ignore[type-var]


def _stands_for(field: str, masked: object, clear: object) -> bool:
    return (
        isinstance(masked, str)
        and isinstance(clear, str)
        and masked != clear
        and masked_value(field, clear) == masked
    )


def _partner(item: object, position: int, rows: tuple[Any, ...]) -> object:
    """The local row ``item`` (incoming row number ``position``) is a version of, if any."""
    if not dataclasses.is_dataclass(item):
        return None
    name = getattr(item, "name", None)
    if position < len(rows) and getattr(rows[position], "name", None) == name:
        return rows[position]
    same_name = [r for r in rows if name is not None and getattr(r, "name", None) == name]
    if len(same_name) == 1:
        return same_name[0]
    return rows[position] if position < len(rows) and name is None else None
