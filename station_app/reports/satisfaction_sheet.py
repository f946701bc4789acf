"""The quarterly workbook's third sheet, `满意度`: follow-ups and ratings per unit."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from station_app.reports.excel_style import (
    BODY_FONT,
    BOLD_FONT,
    BORDER,
    CENTER,
    HEADER_FILL,
    HEADER_FONT,
    LEFT,
    LEFT_WRAP,
    TITLE_FONT,
    TOTAL_FILL,
    display_width,
    excel_value,
    print_setup,
)
from station_app.reports.quarterly_table import QuarterlyTable
from station_app.reports.satisfaction_table import HEADERS, NOTE

SATISFACTION_SHEET = "满意度"
#: Rows of the sheet: title, unit line, period line, then the header row.
TITLE_ROW, UNIT_ROW, PERIOD_ROW, HEADER_ROW = 1, 2, 3, 4
FIRST_DATA_ROW = 5
RATE_FORMAT = "0.0"


def write_satisfaction_sheet(ws: Worksheet, table: QuarterlyTable) -> None:
    """Numbers as numbers; 满意率 empty (not 0) when nothing was rated."""
    ncols = len(HEADERS)
    ws.title = SATISFACTION_SHEET
    ws.cell(row=TITLE_ROW, column=1, value=f"满意度情况（{table.quarter.label}）").font = TITLE_FONT
    ws.cell(row=TITLE_ROW, column=1).alignment = CENTER
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=ncols)
    ws.row_dimensions[TITLE_ROW].height = 28
    for row, text in ((UNIT_ROW, table.unit_line), (PERIOD_ROW, table.period_line)):
        ws.cell(row=row, column=1, value=text).font = BODY_FONT
        ws.cell(row=row, column=1).alignment = LEFT
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    for c, header in enumerate(HEADERS, 1):
        cell = ws.cell(row=HEADER_ROW, column=c, value=header)
        cell.font, cell.alignment, cell.border, cell.fill = HEADER_FONT, CENTER, BORDER, HEADER_FILL
    ws.row_dimensions[HEADER_ROW].height = 30
    row = FIRST_DATA_ROW
    for line in table.satisfaction:
        for c, value in enumerate(line.cells(), 1):
            cell = ws.cell(row=row, column=c, value=excel_value(value))
            cell.border = BORDER
            cell.font = BOLD_FONT if line.is_total else BODY_FONT
            if line.is_total:
                cell.fill = TOTAL_FILL
            if c == 1:
                cell.alignment = LEFT
            else:
                cell.number_format = RATE_FORMAT if c == ncols else "0"
        row += 1
    row += 1
    ws.cell(row=row, column=1, value=NOTE).font = BODY_FONT
    ws.cell(row=row, column=1).alignment = LEFT_WRAP
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
    ws.row_dimensions[row].height = 48

    units = [line.unit for line in table.satisfaction]
    ws.column_dimensions["A"].width = max(12, max(map(display_width, units), default=8) + 3)
    for c in range(2, ncols + 1):
        ws.column_dimensions[get_column_letter(c)].width = 12
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=2)
    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")
