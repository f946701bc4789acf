"""Shared openpyxl look: fonts, borders, widths that fit Chinese text, A4 landscape printing."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from station_app.reports.columns import ValueKind

#: 宋体 (SimSun), present on every Chinese Windows PC; WPS and Excel both map it. The Ming
#: (宋体) style official tables are printed in, as the PDF's embedded AR PL UMing CN is.
FONT_NAME = "宋体"
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=10)
BOLD_FONT = Font(name=FONT_NAME, size=10, bold=True)
MUTED_FONT = Font(name=FONT_NAME, size=10, italic=True, color="808080")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MUTED_SIDE = Side(style="thin", color="808080")
SEAL_BORDER = Border(left=MUTED_SIDE, right=MUTED_SIDE, top=MUTED_SIDE, bottom=MUTED_SIDE)
SEAL_FONT = Font(name=FONT_NAME, size=10, color="808080")
HEADER_FILL = PatternFill("solid", fgColor="E8EEF7")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
FAIL_FILL = PatternFill("solid", fgColor="FFC7CE")  # 浅红底, as the PDF and its legend say
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=False)
LEFT_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")

NUMBER_FORMATS = {
    ValueKind.COUNT: "0",
    ValueKind.AMOUNT: "#,##0.00",
    ValueKind.HOURS: "0.0",
    ValueKind.RATE: "0.0",
    ValueKind.TEXT: "@",
}


def display_width(text: str) -> int:
    """Width in Excel character units: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def excel_value(value: object) -> object:
    """Decimals as plain numbers, so every spreadsheet reads a number, not text."""
    return float(value) if isinstance(value, Decimal) else value


def print_setup(ws: Worksheet, title_rows: str | None) -> None:
    """A4 landscape, fit to one page wide (as long as it needs), header rows on every page."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
