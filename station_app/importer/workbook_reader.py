"""Opening a workbook and streaming its sheets' rows, for .xlsx (calamine or openpyxl) and old
.xls (xlrd).

Rows come one at a time, as tuples of raw cell values, numbered as Excel numbers them; a large
file streams through openpyxl's read-only mode, so memory stays flat however long the sheet.
Hidden rows and columns are read like any other: hiding is a view setting, not a deletion.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol
from xml.etree import ElementTree

from station_app.domain.errors import DomainError
from station_app.domain.workbook_layout import HEADER_SEARCH_ROWS, SheetLayout
from station_app.importer.cell_values import RawCell, cell_text, compact

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class WorkbookFileError(DomainError):
    """The file cannot be read as a workbook at all (missing, damaged, another format)."""


class WorkbookSource(Protocol):
    sheet_names: list[str]

    def rows(self, sheet: str) -> Iterator[tuple[RawCell, ...]]:
        """Every row from row 1, empty rows included (as empty tuples or all-None)."""
        ...

    def size_hint(self, sheet: str) -> int:
        """The sheet's last row as the file declares it; 0 when unknown."""
        ...

    def close(self) -> None: ...


class XlsxSource:
    def __init__(self, path: Path) -> None:
        from openpyxl import load_workbook

        try:
            self._book = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise WorkbookFileError(
                "无法读取该文件：不是有效的 .xlsx 工作簿，或文件已损坏"
            ) from exc
        self.sheet_names: list[str] = list(self._book.sheetnames)

    def rows(self, sheet: str) -> Iterator[tuple[RawCell, ...]]:
        ws = self._book[sheet]
        # The declared dimension is often wrong in files from other programs; trusting it
        # would cut rows or columns off. Without it, openpyxl reads what is there.
        ws.reset_dimensions()
        yield from ws.iter_rows(values_only=True)

    def size_hint(self, sheet: str) -> int:
        return int(self._book[sheet].max_row or 0)

    def close(self) -> None:
        self._book.close()


#: Up to this size an .xlsx is read by calamine (compiled, about ten times openpyxl's speed),
#: which holds one whole sheet in memory: some 1 KiB per row, 90 MiB for a 4 MiB file. A larger
#: file streams through openpyxl, whose memory stays flat however long the sheet.
CALAMINE_MAX_BYTES = 4 * 2**20
#: The python-calamine releases whose row layout (rows from row 1, columns from the first
#: used one) CalamineSource was checked against (tests/importer/test_workbook_readers.py).
_CALAMINE_CHECKED = ("0.9.",)


class CalamineSource:
    """.xlsx through python-calamine, cells as openpyxl's read-only mode gives them: None for
    an empty cell, whole numbers as int, date cells as datetime, rows numbered from row 1."""

    def __init__(self, book: Any, path: Path) -> None:
        self._book = book
        self._path = path
        self.sheet_names: list[str] = list(book.sheet_names)
        self._declared: dict[str, int] | None = None

    @classmethod
    def open(cls, path: Path) -> CalamineSource | None:
        """None where calamine is missing, untested, or cannot read the file (openpyxl then
        reads it, or says why it cannot)."""
        try:
            if path.stat().st_size > CALAMINE_MAX_BYTES:
                return None
            from importlib.metadata import version

            if not version("python-calamine").startswith(_CALAMINE_CHECKED):
                return None
            if _has_error_cells(path):
                return None
            # By name: calamine is optional (a machine without it reads with openpyxl).
            calamine = import_module("python_calamine")
            return cls(calamine.CalamineWorkbook.from_path(str(path)), path)
        except Exception:  # any failure: openpyxl decides what the file is
            return None

    def rows(self, sheet: str) -> Iterator[tuple[RawCell, ...]]:
        ws = self._book.get_sheet_by_name(sheet)
        if ws.start is None:  # an empty sheet
            return
        lead: tuple[RawCell, ...] = (None,) * ws.start[1]
        for cells in ws.iter_rows():
            yield lead + tuple(map(_calamine_cell, cells))

    def size_hint(self, sheet: str) -> int:
        """As openpyxl's: the sheet's declared dimension, read from the file without loading
        the sheet (calamine would read it whole)."""
        if self._declared is None:
            try:
                self._declared = _declared_rows(self._path)
            except (KeyError, OSError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
                self._declared = {}
        return self._declared.get(sheet, 0)

    def close(self) -> None:
        close = getattr(self._book, "close", None)
        if close is not None:
            close()


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]*\d*:?[A-Z]+(\d+)"')


def _declared_rows(path: Path) -> dict[str, int]:
    """Each sheet's last row as its <dimension> tag declares it (0 where it has none)."""
    with zipfile.ZipFile(path) as book:
        sheets = ElementTree.fromstring(book.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in rels}
        found: dict[str, int] = {}
        for sheet in sheets.iter(f"{_MAIN}sheet"):
            target = targets.get(sheet.get(_REL_ID), "")
            part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            if part not in book.namelist():
                continue
            with book.open(part) as xml:
                head = xml.read(4096)
            match = _DIMENSION.search(head)
            found[sheet.get("name", "")] = int(match.group(1)) if match else 0
    return found


def _has_error_cells(path: Path) -> bool:
    """Whether a sheet holds an error cell (#N/A, #DIV/0!): calamine reads one as empty, where
    openpyxl gives its text, which the import then refuses as the column's value."""
    tail = b""
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            with book.open(name) as sheet:
                while chunk := sheet.read(1 << 20):
                    if _ERROR_CELL in tail + chunk:
                        return True
                    tail = chunk[-len(_ERROR_CELL) :]
    return False


_ERROR_CELL = b't="e"'


def _calamine_cell(value: Any) -> RawCell:
    kind = type(value)  # by exact type, text first: most cells are text
    if kind is str:
        return value or None
    if kind is float and value.is_integer():
        return int(value)
    if kind is date:
        return datetime(value.year, value.month, value.day)
    return value  # type: ignore[no-any-return]


class XlsSource:
    """Excel 97-2003 workbooks, as old WPS saves them; xlrd reads them (65,536 rows at most)."""

    def __init__(self, path: Path) -> None:
        import xlrd

        try:
            self._book = xlrd.open_workbook(str(path), on_demand=True)
        except (
            xlrd.XLRDError,
            xlrd.compdoc.CompDocError,
            OSError,
            ValueError,
            AssertionError,
        ) as exc:
            raise WorkbookFileError("无法读取该文件：不是有效的 .xls 工作簿，或文件已损坏") from exc
        self._xlrd = xlrd
        self.sheet_names = list(self._book.sheet_names())

    def rows(self, sheet: str) -> Iterator[tuple[RawCell, ...]]:
        ws = self._book.sheet_by_name(sheet)
        for r in range(ws.nrows):
            yield tuple(self._value(c) for c in ws.row(r))
        self._book.unload_sheet(sheet)

    def _value(self, cell: Any) -> RawCell:
        x = self._xlrd
        if cell.ctype in (x.XL_CELL_EMPTY, x.XL_CELL_BLANK, x.XL_CELL_ERROR):
            return None
        if cell.ctype == x.XL_CELL_DATE:
            try:
                when: datetime = x.xldate_as_datetime(cell.value, self._book.datemode)
            except (x.xldate.XLDateError, ValueError, OverflowError):
                return float(cell.value)
            return when.time() if cell.value < 1 else when
        if cell.ctype == x.XL_CELL_BOOLEAN:
            return bool(cell.value)
        if cell.ctype == x.XL_CELL_NUMBER:
            value = float(cell.value)
            return int(value) if value.is_integer() else value
        return str(cell.value)

    def size_hint(self, sheet: str) -> int:
        return int(self._book.sheet_by_name(sheet).nrows)

    def close(self) -> None:
        self._book.release_resources()


def open_workbook(path: Path) -> WorkbookSource:
    """By content, not by name: WPS often saves .xlsx content under an .xls name."""
    try:
        with path.open("rb") as f:
            head = f.read(8)
    except FileNotFoundError as exc:
        raise WorkbookFileError("找不到该文件 / file not found") from exc
    except OSError as exc:
        raise WorkbookFileError("无法打开该文件（可能正被其他程序占用）") from exc
    if head.startswith(_ZIP_MAGIC):
        return CalamineSource.open(path) or XlsxSource(path)
    if head.startswith(_OLE_MAGIC):
        return XlsSource(path)
    raise WorkbookFileError("不是 Excel 工作簿：请另存为 .xlsx（或 .xls）后再导入")


@dataclass(frozen=True)
class SheetHeader:
    """Where a sheet's header is and which of its columns the layout knows."""

    row: int  # 1-based row number of the header row
    columns: tuple[tuple[int, str], ...]  # (0-based index, layout header) of known columns
    extra: tuple[tuple[int, str], ...]  # (index, text) of columns the layout does not know
    duplicates: tuple[tuple[int, str], ...]  # (index, header) of a known header seen twice
    all_headers: tuple[str | None, ...]  # the header row's texts, for copying into reports

    def missing(self, layout: SheetLayout) -> list[str]:
        present = {h for _, h in self.columns}
        return [h for h in layout.required_headers if h not in present]


class RowStream:
    """Rows numbered as Excel numbers them; the header search can give back rows read ahead."""

    def __init__(self, rows: Iterator[tuple[RawCell, ...]]) -> None:
        self._rows = enumerate(rows, start=1)
        self._ahead: list[tuple[int, tuple[RawCell, ...]]] = []

    def __iter__(self) -> RowStream:
        return self

    def __next__(self) -> tuple[int, tuple[RawCell, ...]]:
        if self._ahead:
            return self._ahead.pop(0)
        return next(self._rows)

    def push_back(self, rows: list[tuple[int, tuple[RawCell, ...]]]) -> None:
        self._ahead = rows + self._ahead


def find_header(rows: RowStream, layout: SheetLayout) -> SheetHeader | None:
    """Read up to the header row (of the top rows, the one naming most of the layout's
    columns) and describe it; None when no row names two or more of them.

    Title rows above the header (often merged cells) are skipped; the stream is left at the
    first row after the header. Headers are compared half-width and without spaces, so
    村（居） is 村(居).
    """
    known = {compact(h): h for h in layout.headers}
    best: tuple[int, int, tuple[RawCell, ...]] | None = None  # (hits, row number, cells)
    seen: list[tuple[int, tuple[RawCell, ...]]] = []
    for number, cells in rows:
        seen.append((number, cells))
        hits = sum(1 for c in cells if _header_key(c) in known)
        if hits >= 2 and (best is None or hits > best[0]):
            best = (hits, number, cells)
            if hits == len(layout.headers):
                break
        if number >= HEADER_SEARCH_ROWS:
            break
    if best is None:
        return None
    _, header_row, cells = best
    rows.push_back([(n, c) for n, c in seen if n > header_row])
    columns: list[tuple[int, str]] = []
    extra: list[tuple[int, str]] = []
    duplicates: list[tuple[int, str]] = []
    taken: set[str] = set()
    for index, cell in enumerate(cells):
        key = _header_key(cell)
        if not key:
            continue
        header = known.get(key)
        if header is None:
            extra.append((index, cell_text(cell) or ""))
        elif header in taken:
            duplicates.append((index, header))
        else:
            taken.add(header)
            columns.append((index, header))
    return SheetHeader(
        row=header_row,
        columns=tuple(columns),
        extra=tuple(extra),
        duplicates=tuple(duplicates),
        all_headers=tuple(cell_text(c) for c in cells),
    )


def _header_key(cell: RawCell) -> str:
    text = cell_text(cell)
    return compact(text) if text else ""


def is_blank(cells: tuple[RawCell, ...]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)
