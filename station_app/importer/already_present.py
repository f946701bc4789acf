"""The spec's repeat-import rule: a row matching a stored record on all its required columns
is already present and is skipped, so importing the same workbook twice adds nothing.

Matching is by a fingerprint of the required columns' values, computed the same way from the
row's draft and from each stored record's draft. Stored fingerprints are loaded a day at a time,
only for days the workbook names, and counted: two identical rows in the workbook against one
stored record means one is present and one is new.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from station_app.domain.workbook_layout import SheetLayout, Target
from station_app.services.unit_of_work import UnitOfWork
from station_app.storage.ledger_specs import LEDGER_BY_ENTITY


def fingerprint(layout: SheetLayout, draft: Any) -> tuple[Any, ...]:
    """The values of the layout's required columns, as the draft holds them."""
    parts: list[Any] = []
    item_fields: list[str] = []
    for column in layout.columns:
        if not column.required:
            continue
        if column.target is Target.RECORD:
            value = getattr(draft, column.field)
            parts.append(tuple(sorted(value)) if isinstance(value, tuple) else value)
        elif column.target is Target.PARTIES:
            names = (p.name for p in draft.parties if p.role is column.role)
            parts.append(tuple(sorted(n for n in names if n)))
        elif column.target is Target.ITEM:
            item_fields.append(column.field)
    if item_fields:
        items = (tuple(str(getattr(i, f)) for f in item_fields) for i in draft.items)
        parts.append(tuple(sorted(items)))
    return tuple(parts)


class AlreadyPresent:
    """Stored records of one ledger, as fingerprints, for the days a workbook names."""

    def __init__(self, unit: UnitOfWork, layout: SheetLayout) -> None:
        assert layout.entity is not None
        self._unit = unit
        self._layout = layout
        self._entity = layout.entity
        self._date_field = LEDGER_BY_ENTITY[layout.entity].date_field
        self._active = unit.had_records(layout.entity)  # a fresh ledger needs no look-ups
        self._loaded: set[date] = set()
        self._stored: Counter[tuple[Any, ...]] = Counter()

    def take(self, draft: Any) -> bool:
        """True when a stored record matches and was not matched by an earlier row."""
        if not self._active:
            return False
        day = getattr(draft, self._date_field)
        if day not in self._loaded:
            self._loaded.add(day)
            for stored in self._unit.existing_on(self._entity, day):
                self._stored[fingerprint(self._layout, stored)] += 1
        key = fingerprint(self._layout, draft)
        if self._stored[key] > 0:
            self._stored[key] -= 1
            return True
        return False
