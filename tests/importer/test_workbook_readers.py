"""The fast .xlsx reader (calamine) hands the import the very cells openpyxl would: the same
rows at the same Excel row numbers, whatever the cell kinds, so switching readers changes no
import's outcome; files it would read differently go to openpyxl."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import Workbook

from station_app.importer import workbook_reader
from station_app.importer.cell_values import RawCell
from station_app.importer.workbook_reader import (
    CalamineSource,
    WorkbookSource,
    XlsxSource,
    open_workbook,
)
from tests.ledger_workbooks import big_workbook


def _cells(source: WorkbookSource, sheet: str) -> list[tuple[int, tuple[RawCell, ...]]]:
    """Non-blank rows by Excel row number, trailing empty cells dropped."""
    found = []
    for number, row in enumerate(source.rows(sheet), start=1):
        cells = list(row)
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            found.append((number, tuple(cells)))
    return found


def _both(path: Path) -> Iterator[tuple[str, list[object], list[object]]]:
    fast = CalamineSource.open(path)
    assert fast is not None
    slow = XlsxSource(path)
    assert fast.sheet_names == slow.sheet_names
    for sheet in slow.sheet_names:
        assert fast.size_hint(sheet) == slow.size_hint(sheet), sheet
        yield sheet, list(_cells(fast, sheet)), list(_cells(slow, sheet))
    fast.close()
    slow.close()


def test_every_kind_of_cell_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "kinds.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "法律咨询"
    sheet.merge_cells("B2:E2")
    sheet["B2"] = "龙兴镇法律咨询台账"  # a title above the header, cells left of the table empty
    sheet.append([])
    rows: list[list[object]] = [
        [None, "日期", "年龄", "金额", "时间", "是否", "电话", "备注"],
        [None, datetime(2026, 3, 5), 45, 12.5, time(8, 30), True, 13800001111, "  张三  "],
        [None, datetime(2026, 3, 5, 14, 20), 45.0, 0, timedelta(hours=30), False, "023-6123", ""],
        [None, "2026年3月5日", "４５", 46085, None, "是", None, "全角（括号）"],
    ]
    for row in rows:
        sheet.append(row)
    sheet.row_dimensions[6].hidden = True
    book.create_sheet("空表")
    book.save(path)
    for name, fast, slow in _both(path):
        assert fast == slow, name


def test_a_ledger_workbook_reads_the_same(tmp_path: Path) -> None:
    path = big_workbook(tmp_path / "台账.xlsx", 600)
    for name, fast, slow in _both(path):
        assert fast == slow, name


def test_files_calamine_would_misread_go_to_openpyxl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error cell (#DIV/0!) reads empty in calamine but as its text in openpyxl, which the
    import refuses; a file above the size limit streams (flat memory)."""
    path = tmp_path / "errors.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("法律咨询")
    sheet.write_formula("A1", "=1/0", None, "#DIV/0!")
    book.close()
    assert isinstance(open_workbook(path), XlsxSource)

    big = big_workbook(tmp_path / "big.xlsx", 600)
    assert isinstance(open_workbook(big), CalamineSource)
    monkeypatch.setattr(workbook_reader, "CALAMINE_MAX_BYTES", big.stat().st_size - 1)
    assert isinstance(open_workbook(big), XlsxSource)


def test_date_cells_come_as_datetimes_like_openpyxl(tmp_path: Path) -> None:
    path = tmp_path / "dates.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("a")
    sheet.write_datetime("A1", datetime(2025, 3, 4), book.add_format({"num_format": "yyyy-mm-dd"}))
    book.close()
    source = open_workbook(path)
    assert isinstance(source, CalamineSource)
    assert next(source.rows("a")) == next(XlsxSource(path).rows("a")) == (datetime(2025, 3, 4),)
