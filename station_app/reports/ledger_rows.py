"""Stored ledger records as rows of the ledger workbook (台账工作簿), column by column.

The layout is the import's too (``station_app.domain.workbook_layout``), so an exported
workbook imports back to the same records. Values are typed (dates as dates, numbers as
numbers); the Excel and PDF writers decide how each kind looks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from enum import StrEnum
from typing import Any

from station_app.domain.duty_log import DutyLogDraft
from station_app.domain.mediation_case import MediationCaseDraft
from station_app.domain.records import Stored
from station_app.domain.workbook_layout import (
    FOLLOW_UP_SHEET,
    INVESTIGATION_SHEET,
    LIST_SEPARATOR,
    NO,
    PARTY_SHEET,
    YES,
    ColumnKind,
    ColumnSpec,
    SheetLayout,
    Target,
)
from station_app.services.organisation_service import StationInfo

Value = str | int | float | date | time | None


@dataclass(frozen=True)
class RowContext:
    station: StationInfo
    dispute_names: dict[str, str]  # code -> name


@dataclass(frozen=True)
class LedgerRow:
    """One workbook row; ``record_id`` ties the rows of one record (a visit's items)."""

    record_id: int
    village_id: int | None
    values: tuple[Value, ...]  # in the sheet's column order
    first_of_record: bool = True
    confirmed: bool | None = None  # 律师值班 only


def _cell(kind: ColumnKind, value: Any, ctx: RowContext) -> Value:
    if value is None:
        return None
    if kind is ColumnKind.VILLAGE:
        return ctx.station.village_name(value)
    if kind is ColumnKind.DISPUTE_TYPE:
        return ctx.dispute_names.get(str(value), str(value))
    if kind is ColumnKind.YES_NO:
        return YES if value else NO
    if kind is ColumnKind.LINES:  # numbered, as printed; the import takes the numbers off
        return "\n".join(f"{n}. {item}" for n, item in enumerate(value, start=1)) or None
    if kind in (ColumnKind.MULTI_CHOICE, ColumnKind.NAMES):
        return LIST_SEPARATOR.join(str(getattr(v, "value", v)) for v in value) or None
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | time | int | float):
        return value
    return str(value)


def _record_value(column: ColumnSpec, stored: Stored[Any], item: Any, ctx: RowContext) -> Value:
    data = stored.data
    if column.target is Target.RECORD:
        if column.field == "village_id":
            return ctx.station.village_name(data.village_id)
        return _cell(column.kind, getattr(data, column.field), ctx)
    if column.target is Target.PARTIES:
        names = [p.name for p in data.parties if p.role is column.role and p.name]
        return LIST_SEPARATOR.join(names) or None
    if column.target is Target.LAST_SESSION:
        held = [s.held_on for s in data.sessions if s.held_on is not None]
        return max(held) if held else None
    if column.target is Target.ITEM:
        return _cell(column.kind, getattr(item, column.field), ctx) if item is not None else None
    if column.target is Target.CONFIRMATION:
        if stored.confirmation is None:
            return None
        return _cell(column.kind, getattr(stored.confirmation, column.field), ctx)
    raise ValueError(f"column {column.header} is not a ledger-row column")


def ledger_rows(
    sheet: SheetLayout, records: Sequence[Stored[Any]], ctx: RowContext
) -> Iterator[LedgerRow]:
    """One row per record; 律师值班: one row per service item (一事一记) of each visit."""
    for stored in records:
        items: Sequence[Any] = (None,)
        confirmed = None
        if isinstance(stored.data, DutyLogDraft):
            items = stored.data.items or (None,)
            confirmed = stored.confirmation is not None
        for i, item in enumerate(items):
            yield LedgerRow(
                record_id=stored.id,
                village_id=stored.data.village_id,
                values=tuple(_record_value(c, stored, item, ctx) for c in sheet.columns),
                first_of_record=i == 0,
                confirmed=confirmed,
            )


def party_rows(records: Sequence[Stored[Any]]) -> Iterator[LedgerRow]:
    """调解当事人: every party of every case, linked by 案号."""
    return _case_detail_rows(PARTY_SHEET, "parties", records)


def follow_up_rows(records: Sequence[Stored[Any]]) -> Iterator[LedgerRow]:
    """调解回访: every follow-up of every case, linked by 案号."""
    return _case_detail_rows(FOLLOW_UP_SHEET, "follow_ups", records)


def investigation_rows(records: Sequence[Stored[Any]]) -> Iterator[LedgerRow]:
    """调解调查: every investigation record of every case, linked by 案号."""
    return _case_detail_rows(INVESTIGATION_SHEET, "investigations", records)


def _case_detail_rows(
    sheet: SheetLayout, children: str, records: Sequence[Stored[Any]]
) -> Iterator[LedgerRow]:
    for stored in records:
        data = stored.data
        assert isinstance(data, MediationCaseDraft)
        for child in getattr(data, children):
            values: list[Value] = []
            for column in sheet.columns:
                if column.target is Target.LINK:
                    values.append(data.case_number)
                else:
                    raw = getattr(child, column.field)
                    values.append(
                        None
                        if raw is None
                        else raw.value
                        if isinstance(raw, StrEnum)
                        else raw
                        if isinstance(raw, int | date)
                        else str(raw)
                    )
            yield LedgerRow(stored.id, data.village_id, tuple(values))
