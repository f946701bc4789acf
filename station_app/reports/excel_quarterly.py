"""The quarterly table as an .xlsx workbook: sheets `统计表` and `达标情况`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from station_app.domain.duty_compliance import PeriodHours, VillageCompliance
from station_app.reports.columns import COLUMNS, ValueKind, header_groups
from station_app.reports.excel_style import (
    BODY_FONT,
    BOLD_FONT,
    BORDER,
    CENTER,
    FAIL_FILL,
    HEADER_FILL,
    HEADER_FONT,
    LEFT,
    LEFT_WRAP,
    MUTED_FONT,
    NUMBER_FORMATS,
    SEAL_BORDER,
    SEAL_FONT,
    TITLE_FONT,
    TOTAL_FILL,
    display_width,
    excel_value,
    print_setup,
)
from station_app.reports.file_output import CancelCheck, Progress, Steps, atomic_output
from station_app.reports.quarterly_table import FAIL_LEGEND, SEAL_TEXT, QuarterlyTable, RowKind
from station_app.reports.satisfaction_sheet import write_satisfaction_sheet

TABLE_SHEET = "统计表"
COMPLIANCE_SHEET = "达标情况"
#: Rows of the 统计表 sheet: title, unit, period, produced date, then the two header rows.
TITLE_ROW, UNIT_ROW, PERIOD_ROW, PRODUCED_ROW, GROUP_ROW, HEADER_ROW = 1, 2, 3, 4, 5, 6
FIRST_DATA_ROW = 7
DATE_FORMAT = "yyyy-mm-dd"


def write_quarterly_xlsx(
    table: QuarterlyTable,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Path:
    steps = Steps(len(table.rows) + len(table.compliance) + 2, progress, cancelled)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = TABLE_SHEET
    _table_sheet(ws, table, steps)
    _compliance_sheet(wb.create_sheet(COMPLIANCE_SHEET), table, steps)
    write_satisfaction_sheet(wb.create_sheet(), table)
    steps.advance()
    with atomic_output(path) as temp:
        wb.save(temp)
    steps.finish()
    return path


def _line(ws: Worksheet, row: int, text: str, last_col: int, *, font: object = BODY_FONT) -> None:
    ws.cell(row=row, column=1, value=text).font = font
    ws.cell(row=row, column=1).alignment = LEFT
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)


def _table_sheet(ws: Worksheet, table: QuarterlyTable, steps: Steps) -> None:
    ncols = len(COLUMNS)
    ws.cell(row=TITLE_ROW, column=1, value=table.title).font = TITLE_FONT
    ws.cell(row=TITLE_ROW, column=1).alignment = CENTER
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=ncols)
    ws.row_dimensions[TITLE_ROW].height = 30
    _line(ws, UNIT_ROW, table.unit_line, ncols)
    _line(ws, PERIOD_ROW, table.period_line, ncols)
    _line(ws, PRODUCED_ROW, table.produced_line, ncols)

    # Two-level header: the group above, the spec's column names below; 单位 spans both.
    for group, first, last in header_groups():
        if group is None:
            for i in range(first, last + 1):
                ws.merge_cells(
                    start_row=GROUP_ROW, start_column=i + 1, end_row=HEADER_ROW, end_column=i + 1
                )
                ws.cell(row=GROUP_ROW, column=i + 1, value=COLUMNS[i].header)
        else:
            ws.cell(row=GROUP_ROW, column=first + 1, value=group)
            if last > first:
                ws.merge_cells(
                    start_row=GROUP_ROW,
                    start_column=first + 1,
                    end_row=GROUP_ROW,
                    end_column=last + 1,
                )
            for i in range(first, last + 1):
                ws.cell(row=HEADER_ROW, column=i + 1, value=COLUMNS[i].header)
    for r in (GROUP_ROW, HEADER_ROW):
        for c in range(1, ncols + 1):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.alignment, cell.border, cell.fill = (
                HEADER_FONT,
                CENTER,
                BORDER,
                HEADER_FILL,
            )
    ws.row_dimensions[GROUP_ROW].height = 20
    ws.row_dimensions[HEADER_ROW].height = 44

    row = FIRST_DATA_ROW
    for table_row in table.rows:
        steps.advance()
        total = table_row.kind is RowKind.TOTAL
        for c, (column, shown) in enumerate(zip(COLUMNS, table_row.cells(), strict=True), 1):
            cell = ws.cell(row=row, column=c, value=None if shown == "" else excel_value(shown))
            cell.border = BORDER
            cell.font = BOLD_FONT if total else BODY_FONT
            if total:
                cell.fill = TOTAL_FILL
            if column.kind is ValueKind.TEXT:
                cell.alignment = LEFT if c == 1 else CENTER
            else:
                cell.number_format = NUMBER_FORMATS[column.kind]
        row += 1

    # Widths that fit the Chinese headers (wrapped onto at most three lines) and the units.
    unit_width = max(display_width(r.unit) for r in table.rows) if table.rows else 8
    ws.column_dimensions["A"].width = max(12, unit_width + 3)
    for c, column in enumerate(COLUMNS[1:], 2):
        wanted = display_width(column.header) / 2 + 2
        if column.kind is ValueKind.AMOUNT:
            wanted = max(wanted, 15)
        ws.column_dimensions[get_column_letter(c)].width = min(max(wanted, 9), 12)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=2)

    row += 1
    ws.cell(row=row, column=1, value=f"说明：{table.minimums_note}").font = BODY_FONT
    ws.cell(row=row, column=1).alignment = LEFT_WRAP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    ws.row_dimensions[row].height = 32
    row += 1

    if table.submitted_on is not None:
        row += 1
        _line(ws, row, table.amendments_heading, ncols, font=BOLD_FONT)
        row += 1
        for c, header in enumerate(("台账", "记录日期", "村(居)", "变动", "说明"), 1):
            cell = ws.cell(row=row, column=c, value=header)
            cell.font, cell.border, cell.alignment = HEADER_FONT, BORDER, CENTER
        for item in table.late_amendments:
            row += 1
            values: tuple[object, ...] = (
                item.ledger,
                item.record_date,
                item.unit,
                item.change,
                item.detail,
            )
            for c, value in enumerate(values, 1):
                cell = ws.cell(row=row, column=c, value=value)
                cell.font, cell.border = BODY_FONT, BORDER
                if isinstance(value, date):
                    cell.number_format = DATE_FORMAT
        if not table.late_amendments:
            row += 1
            ws.cell(row=row, column=1, value="无").font = BODY_FONT
        row += 1

    row += 1
    _line(ws, row, table.signature_line, ncols)
    ws.row_dimensions[row].height = 24
    row += 1
    seal_col = ncols - 4
    ws.cell(row=row, column=seal_col, value=SEAL_TEXT).font = SEAL_FONT
    ws.cell(row=row, column=seal_col).alignment = CENTER
    ws.merge_cells(start_row=row, start_column=seal_col, end_row=row + 3, end_column=ncols)
    for seal_row in ws.iter_rows(min_row=row, max_row=row + 3, min_col=seal_col, max_col=ncols):
        for cell in seal_row:  # a merged range shows the borders of the cells it covers
            cell.border = SEAL_BORDER
    print_setup(ws, f"{GROUP_ROW}:{HEADER_ROW}")


def _period_cell(ws: Worksheet, row: int, col: int, period: PeriodHours) -> None:
    cell = ws.cell(row=row, column=col, value=excel_value(period.hours))
    cell.number_format = NUMBER_FORMATS[ValueKind.HOURS]
    cell.border = BORDER
    cell.font = BODY_FONT if period.judged else MUTED_FONT
    if period.met is False:
        cell.fill = FAIL_FILL


def compliance_headers(table: QuarterlyTable) -> list[str]:
    return [
        "村(居)",
        "类型",
        "每月最低(小时)",
        *(p.label for p in table.months),
        "每周最低(小时)",
        *(f"{p.label}\n{p.span}" for p in table.weeks),
        "值班达标",
        "未达标期间",
    ]


def _compliance_sheet(ws: Worksheet, table: QuarterlyTable, steps: Steps) -> None:
    headers = compliance_headers(table)
    ncols = len(headers)
    ws.cell(row=1, column=1, value=f"律师值班达标情况（{table.quarter.label}）").font = TITLE_FONT
    ws.cell(row=1, column=1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 28
    ws.cell(row=2, column=1, value=table.minimums_note).alignment = LEFT_WRAP
    ws.cell(row=2, column=1).font = BODY_FONT
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    ws.row_dimensions[2].height = 32
    for c, header in enumerate(headers, 1):
        cell = ws.cell(row=3, column=c, value=header)
        cell.font, cell.alignment, cell.border, cell.fill = HEADER_FONT, CENTER, BORDER, HEADER_FILL
    ws.row_dimensions[3].height = 44
    row = 4
    for v in table.compliance:
        steps.advance()
        _compliance_row(ws, row, v)
        row += 1
    row += 1
    ws.cell(
        row=row,
        column=1,
        value=FAIL_LEGEND + "灰色斜体：该期间尚未结束，不作评判。",
    ).font = BODY_FONT

    ws.column_dimensions["A"].width = max(
        12, max((display_width(v.village) for v in table.compliance), default=8) + 3
    )
    ws.column_dimensions["B"].width = 7
    for c in range(3, ncols - 1):
        ws.column_dimensions[get_column_letter(c)].width = 10
    ws.column_dimensions[get_column_letter(ncols - 1)].width = 10
    ws.column_dimensions[get_column_letter(ncols)].width = 48
    ws.freeze_panes = "C4"
    print_setup(ws, "3:3")


def _compliance_row(ws: Worksheet, row: int, v: VillageCompliance) -> None:
    values: list[object] = [v.village, v.kind.label, excel_value(v.month_minimum)]
    for c, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=c, value=value)
        cell.font, cell.border = BODY_FONT, BORDER
        cell.alignment = LEFT if c == 1 else CENTER
    ws.cell(row=row, column=3).number_format = "0.0"
    col = 4
    for p in v.months:
        _period_cell(ws, row, col, p)
        col += 1
    cell = ws.cell(row=row, column=col, value=excel_value(v.week_minimum))
    cell.number_format, cell.border, cell.font, cell.alignment = "0.0", BORDER, BODY_FONT, CENTER
    col += 1
    for p in v.weeks:
        _period_cell(ws, row, col, p)
        col += 1
    cell = ws.cell(row=row, column=col, value=v.verdict)
    cell.font, cell.border, cell.alignment = BOLD_FONT, BORDER, CENTER
    if v.failures:
        cell.fill = FAIL_FILL
    cell = ws.cell(row=row, column=col + 1, value=v.failure_summary)
    cell.font, cell.border, cell.alignment = BODY_FONT, BORDER, LEFT_WRAP
