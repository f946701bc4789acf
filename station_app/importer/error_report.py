"""The error report workbook: what a clerk opens to fix a refused ledger workbook.

Sheet 问题汇总 lists every problem (sheet, row, column, message). Then, for each sheet with
problems in its rows, a sheet of the same name holds the header and a copy of just those
rows, each led by its row number in the original (原行号), with every bad cell filled red
(yellow for notices) and carrying the message as a comment, and the row's messages in a last
column. The copy is written in openpyxl's write-only mode, so a report on a large file stays
light.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from station_app.domain.workbook_layout import SHEETS
from station_app.importer.cell_values import RawCell, compact
from station_app.importer.import_result import ImportResult, Problem
from station_app.importer.workbook_reader import RowStream, find_header, open_workbook

SUMMARY_SHEET = "问题汇总"
ROW_NUMBER_HEADER = "原行号"
MESSAGES_HEADER = "问题说明"
ERROR_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
WARNING_FILL = PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")
_AUTHOR = "台账导入检查"
_BOLD = Font(bold=True)


def write_error_report(result: ImportResult, out: Path) -> None:
    """Write the report for ``result`` (read again from ``result.path``) to ``out``."""
    book = Workbook(write_only=True)
    _summary(book.create_sheet(SUMMARY_SHEET), result.problems)
    by_sheet: dict[str, dict[int, list[Problem]]] = {}
    for p in result.problems:
        if p.row is not None:
            by_sheet.setdefault(p.sheet, {}).setdefault(p.row, []).append(p)
    layouts = {compact(s.name): s for s in SHEETS}
    source = open_workbook(result.path)
    try:
        for source_name in source.sheet_names:
            layout = layouts.get(compact(source_name))
            rows = by_sheet.get(layout.name if layout else source_name)
            if layout is None or not rows:
                continue
            stream = RowStream(source.rows(source_name))
            header = find_header(stream, layout)
            if header is None:
                continue
            ws = book.create_sheet(layout.name)
            width = len(header.all_headers)
            _layout(ws, width)
            head = [
                _cell(ws, h, rows.get(header.row, []), i) for i, h in enumerate(header.all_headers)
            ]
            ws.append(
                [
                    _plain(ws, ROW_NUMBER_HEADER, bold=True),
                    *head,
                    _plain(ws, MESSAGES_HEADER, bold=True),
                ]
            )
            for number, cells in stream:
                problems = rows.get(number)
                if not problems:
                    continue
                padded = list(cells[:width]) + [None] * (width - len(cells))
                ws.append(
                    [
                        _row_number_cell(ws, number, problems),
                        *(_cell(ws, v, problems, i) for i, v in enumerate(padded)),
                        _plain(ws, "\n".join(str(p) for p in problems)),
                    ]
                )
    finally:
        source.close()
    book.save(out)


def _layout(ws: WriteOnlyWorksheet, width: int) -> None:
    """Readable widths and a frozen header (write-only sheets take these before any row)."""
    ws.freeze_panes = "B2"
    for index in range(1, width + 3):
        ws.column_dimensions[get_column_letter(index)].width = 14
    ws.column_dimensions[get_column_letter(width + 2)].width = 60


def _summary(ws: WriteOnlyWorksheet, problems: list[Problem]) -> None:
    ws.freeze_panes = "A2"
    for letter, size in zip("ABCDE", (8, 14, 8, 16, 70), strict=True):
        ws.column_dimensions[letter].width = size
    ws.append([_plain(ws, h, bold=True) for h in ("级别", "工作表", "行号", "列", "问题")])
    for p in problems:
        ws.append([p.severity.value, p.sheet, p.row, p.column, p.message])


def _plain(ws: WriteOnlyWorksheet, value: RawCell, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if bold:
        cell.font = _BOLD
    return cell


def _cell(
    ws: WriteOnlyWorksheet, value: RawCell, problems: list[Problem], index: int
) -> WriteOnlyCell:
    if isinstance(value, datetime) and value.time() == time():
        value = value.date()  # an Excel date cell reads back as midnight; show it as a date
    cell = WriteOnlyCell(ws, value=value)
    mine = [p for p in problems if p.column_index == index]
    if mine:
        _mark(cell, mine)
    return cell


def _row_number_cell(ws: WriteOnlyWorksheet, number: int, problems: list[Problem]) -> WriteOnlyCell:
    """Problems of the whole row (no column) are marked on the row number."""
    cell = WriteOnlyCell(ws, value=number)
    whole_row = [p for p in problems if p.column_index is None]
    if whole_row:
        _mark(cell, whole_row)
    return cell


def _mark(cell: WriteOnlyCell, problems: list[Problem]) -> None:
    cell.fill = ERROR_FILL if any(p.is_error for p in problems) else WARNING_FILL
    text = "\n".join(f"{p.column or p.sheet}：{p.message}" for p in problems)
    cell.comment = Comment(text, _AUTHOR, width=260, height=80)
