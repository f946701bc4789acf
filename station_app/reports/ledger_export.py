"""Export one ledger (台账) for a date range and village: the workbook layout, or a PDF volume
per village (一村(居)一卷).

Records are read through the ledger service in pages, so memory stays flat and the UI can show
progress and cancel; voided records are left out, as from every list.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from station_app.domain.errors import DomainError, NotFoundError
from station_app.domain.ledger_query import LedgerQuery
from station_app.domain.organisation import STATION_ITSELF
from station_app.domain.records import Stored
from station_app.domain.workbook_layout import (
    FOLLOW_UP_SHEET,
    INVESTIGATION_SHEET,
    PARTY_SHEET,
    SHEET_BY_NAME,
    ColumnKind,
    SheetLayout,
)
from station_app.reports.excel_style import BODY_FONT, HEADER_FILL, HEADER_FONT, display_width
from station_app.reports.file_output import CancelCheck, Progress, Steps, atomic_output
from station_app.reports.ledger_rows import (
    LedgerRow,
    RowContext,
    follow_up_rows,
    investigation_rows,
    ledger_rows,
    party_rows,
)
from station_app.services.ledger_service import batched
from station_app.services.station_services import StationServices

log = logging.getLogger("station.report")

LEDGER_LABELS = ("法律咨询", "人民调解", "律师值班", "法治宣传", "法律援助初审")
PAGE = 500
CELL_FORMATS = {
    ColumnKind.DATE: "yyyy-mm-dd",
    ColumnKind.TIME: "hh:mm",
    ColumnKind.DECIMAL: "0.00",
    ColumnKind.INT: "0",
    ColumnKind.ID_NUMBER: "@",
    ColumnKind.PHONE: "@",
}


@dataclass(frozen=True)
class LedgerSelection:
    """Which records: one ledger, a date range (inclusive), all villages or one (or 本站)."""

    ledger: str  # 法律咨询 … (the sheet name)
    date_from: date
    date_to: date
    village: str | None = None  # a village name, 本站, or None for every unit

    @property
    def sheet(self) -> SheetLayout:
        return SHEET_BY_NAME[self.ledger]

    @property
    def period(self) -> str:
        return f"{self.date_from:%Y-%m-%d}至{self.date_to:%Y-%m-%d}"


class LedgerReader:
    """Reads the selection's records in date order, a page at a time."""

    def __init__(self, services: StationServices, selection: LedgerSelection) -> None:
        if selection.ledger not in LEDGER_LABELS:
            raise DomainError("台账：应为法律咨询、人民调解、律师值班、法治宣传或法律援助初审")
        if selection.date_from > selection.date_to:
            raise DomainError("起止日期：开始日期不能晚于结束日期")
        self.services = services
        self.selection = selection
        self.station = services.organisation.require_station()
        self.service = services.ledger(selection.ledger)
        self.context = RowContext(self.station, dict(services.organisation.dispute_types()))
        self.units = self._units(selection.village)

    def _units(self, village: str | None) -> list[int | None]:
        """Village ids in station order, then the station itself (None)."""
        every: list[int | None] = [v.id for v in self.station.villages]
        every.append(None)
        if village is None or not village.strip():
            return every
        if village.strip() == STATION_ITSELF:
            return [None]
        found = self.services.organisation.village_by_name(village)
        if found is None:
            raise NotFoundError("村(居)：不是本站的村(居)")
        return [found.id]

    def unit_name(self, village_id: int | None) -> str:
        return self.station.village_name(village_id)

    def query(self, units: list[int | None]) -> LedgerQuery:
        s = self.selection
        return LedgerQuery(
            date_from=s.date_from,
            date_to=s.date_to,
            villages=frozenset(units),
            descending=False,
        )

    def ids(self, units: list[int | None] | None = None) -> list[int]:
        return self.service.ids(self.query(self.units if units is None else units))

    def records(self, ids: list[int]) -> Iterator[list[Stored[Any]]]:
        for part in batched(ids, PAGE):
            yield self.service.get_many(part)


def _write_row(ws: Worksheet, row: int, sheet: SheetLayout, values: tuple[object, ...]) -> None:
    for c, (column, value) in enumerate(zip(sheet.columns, values, strict=True), 1):
        cell = ws.cell(row=row, column=c, value=value)
        cell.font = BODY_FONT
        fmt = CELL_FORMATS.get(column.kind)
        if fmt is not None:
            cell.number_format = fmt


def _header(ws: Worksheet, sheet: SheetLayout) -> None:
    for c, column in enumerate(sheet.columns, 1):
        cell = ws.cell(row=1, column=c, value=column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        wide = {
            ColumnKind.TEXT: 24,
            ColumnKind.LINES: 30,
            ColumnKind.ID_NUMBER: 20,
            ColumnKind.CASE_NUMBER: 24,
        }
        width = max(display_width(column.header) + 2, wide.get(column.kind, 10))
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.columns))}1"


def write_ledger_xlsx(
    reader: LedgerReader,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """The ledger's sheet (and 调解当事人, 调解回访, 调解调查 for 人民调解), headers in row 1,
    data from row 2."""
    sheet = reader.selection.sheet
    ids = reader.ids()
    steps = Steps(len(ids) + 1, progress, cancelled)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet.name
    _header(ws, sheet)
    parties_ws = follow_ups_ws = investigations_ws = None
    if sheet.entity == "mediation_case":
        parties_ws = wb.create_sheet(PARTY_SHEET.name)
        _header(parties_ws, PARTY_SHEET)
        follow_ups_ws = wb.create_sheet(FOLLOW_UP_SHEET.name)
        _header(follow_ups_ws, FOLLOW_UP_SHEET)
        investigations_ws = wb.create_sheet(INVESTIGATION_SHEET.name)
        _header(investigations_ws, INVESTIGATION_SHEET)
    row, party_row, follow_up_row, investigation_row = 2, 2, 2, 2
    for records in reader.records(ids):
        for line in ledger_rows(sheet, records, reader.context):
            _write_row(ws, row, sheet, line.values)
            row += 1
        if parties_ws is not None:
            for line in party_rows(records):
                _write_row(parties_ws, party_row, PARTY_SHEET, line.values)
                party_row += 1
        if follow_ups_ws is not None:
            for line in follow_up_rows(records):
                _write_row(follow_ups_ws, follow_up_row, FOLLOW_UP_SHEET, line.values)
                follow_up_row += 1
        if investigations_ws is not None:
            for line in investigation_rows(records):
                _write_row(investigations_ws, investigation_row, INVESTIGATION_SHEET, line.values)
                investigation_row += 1
        steps.advance(len(records))
    with atomic_output(path) as temp:
        wb.save(temp)
    steps.finish()
    log.info("ledger %s exported: %d records", sheet.entity, len(ids))
    return len(ids)


def volume_rows(reader: LedgerReader, village_id: int | None) -> tuple[int, Iterator[LedgerRow]]:
    """A village's rows in date order, with how many records they come from."""
    ids = reader.ids([village_id])

    def rows() -> Iterator[LedgerRow]:
        for records in reader.records(ids):
            yield from ledger_rows(reader.selection.sheet, records, reader.context)

    return len(ids), rows()
