"""One data row of a sheet read into typed values by the layout, with its cell problems.

Which reader a column uses follows from its kind; village names and dispute types are looked
up in the station's own reference data. Problems found here (unreadable cells, empty required
cells) are kept per column, so the domain's later "必填" for the same cell is not said twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import Any

from station_app.domain.case_number import CaseNumber
from station_app.domain.organisation import STATION_ITSELF
from station_app.domain.workbook_layout import YES, ColumnKind, ColumnSpec, SheetLayout
from station_app.importer.cell_values import (
    CellError,
    RawCell,
    cell_text,
    compact,
    read_choice,
    read_choices,
    read_date,
    read_decimal,
    read_identifier,
    read_int,
    read_lines,
    read_names,
    read_time,
    read_yes_no,
)


class StationLookup:
    """The station's villages and the county's dispute types, as the workbook names them."""

    def __init__(self, villages: dict[str, int], dispute_code: Callable[[str], str | None]) -> None:
        self._villages = {compact(name): vid for name, vid in villages.items()}
        self._dispute_code = dispute_code
        self._disputes: dict[str, str | None] = {}

    def village(self, value: RawCell) -> int | None:
        """A village id; None for 本站. Raises CellError for a name the station lacks."""
        text = cell_text(value)
        if text is None:
            return None
        key = text if text in self._villages or text == STATION_ITSELF else compact(text)
        if key == STATION_ITSELF:
            return None
        found = self._villages.get(key)
        if found is None:
            raise CellError(f"不是本站的村(居)（应为本站的村(居)名称或“{STATION_ITSELF}”）")
        return found

    def dispute(self, value: RawCell) -> str | None:
        text = cell_text(value)
        if text is None:
            return None
        key = text if text in self._disputes else compact(text)
        if key not in self._disputes:  # a workbook names a handful of types, thousands of times
            self._disputes[key] = self._dispute_code(key)
        code = self._disputes[key]
        if code is None:
            raise CellError("不在纠纷类型目录中")
        return code


def read_case_number(value: RawCell) -> str | None:
    text = cell_text(value)
    if text is None:
        return None
    try:
        return str(CaseNumber.parse(text))
    except ValueError as exc:
        raise CellError(str(exc)) from exc


def read_text(value: RawCell) -> str | None:
    return cell_text(value)


_EMPTY: dict[ColumnKind, Any] = {
    ColumnKind.NAMES: (),
    ColumnKind.LINES: (),
    ColumnKind.MULTI_CHOICE: (),
}


@dataclass
class ParsedRow:
    """A row's values by header (None: empty or unreadable) and its problems by header."""

    number: int
    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)
    raw: tuple[RawCell, ...] = ()

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    def text_of(self, header: str) -> str | None:
        """The value as the layout spells it (是/否, a choice's text): what Conditions test."""
        value = self.values.get(header)
        if isinstance(value, bool):
            return YES if value else "否"
        if isinstance(value, StrEnum):
            return value.value
        return value if isinstance(value, str) else None


class RowParser:
    """Reads rows of one sheet whose header row mapped ``columns`` (index, header)."""

    def __init__(
        self, layout: SheetLayout, columns: tuple[tuple[int, str], ...], refs: StationLookup
    ) -> None:
        self.layout = layout
        self._plan = [
            (index, layout.column(header), _reader(layout.column(header), refs))
            for index, header in columns
        ]
        self.present = {header for _, header in columns}
        # What an empty cell of each column reads as: its default through its reader (once,
        # not once per row), or the kind's empty value.
        self._blank: dict[str, Any] = {}

    def parse(self, number: int, cells: tuple[RawCell, ...]) -> ParsedRow:
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        blank_required: list[ColumnSpec] = []
        width = len(cells)
        blank = self._blank
        for index, column, reader in self._plan:
            header = column.header
            raw = cells[index] if index < width else None
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                try:
                    values[header] = blank[header]
                except KeyError:
                    values[header] = blank[header] = (
                        _EMPTY.get(column.kind)
                        if column.default is None
                        else reader(column.default)
                    )
                if column.required and column.default is None:
                    blank_required.append(column)
                continue
            try:
                values[header] = reader(raw)
            except CellError as exc:
                errors[header] = str(exc)
                values[header] = _EMPTY.get(column.kind)
        row = ParsedRow(number, values, errors)
        for column in blank_required:
            exempt = column.blank_ok_when
            if exempt is None or not exempt.holds(row.text_of(exempt.column)):
                errors[column.header] = "必填"
        return row


def _reader(column: ColumnSpec, refs: StationLookup) -> Callable[[RawCell], Any]:
    kind = column.kind
    if kind is ColumnKind.CHOICE:
        assert column.choices is not None
        return partial(read_choice, enum=column.choices)
    if kind is ColumnKind.MULTI_CHOICE:
        assert column.choices is not None
        return partial(read_choices, enum=column.choices)
    readers: dict[ColumnKind, Callable[[RawCell], Any]] = {
        ColumnKind.DATE: read_date,
        ColumnKind.TIME: read_time,
        ColumnKind.INT: read_int,
        ColumnKind.DECIMAL: read_decimal,
        ColumnKind.NAMES: read_names,
        ColumnKind.LINES: read_lines,
        ColumnKind.TEXT: cell_text,  # read_text without the extra call per cell
        ColumnKind.VILLAGE: refs.village,
        ColumnKind.DISPUTE_TYPE: refs.dispute,
        ColumnKind.YES_NO: read_yes_no,
        ColumnKind.ID_NUMBER: read_identifier,
        ColumnKind.PHONE: read_identifier,
        ColumnKind.CASE_NUMBER: read_case_number,
    }
    return readers[kind]
