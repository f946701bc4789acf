"""Import a ledger workbook: every row of every sheet checked, then all written or none.

One pass over each sheet, rows streamed. Each row becomes a draft, checked by the same
validation the forms use; valid records are written through the ledgers' own create steps into
one transaction (``StationServices.unit_of_work``). Any problem anywhere, a dry run, or a
cancel rolls the whole transaction back, so the store is exactly as it was.

Order matters in three places. 调解当事人 and 调解回访 are read first and parked by 案号, so each
case gets its parties' details and its follow-ups when it is read. Cases with a 案号 are written
before cases without one, so the numbers handed out automatically never collide with a number
further down the sheet. 律师值班 rows are parked by visit and read back grouped, wherever the
rows of a visit sit.

``WorkbookImporter.run`` takes a progress callback and a cancel test and touches no GUI:
the desktop calls it on a worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from station_app.domain.access import IMPORT_DENIED, Right
from station_app.domain.errors import FieldError, ValidationError
from station_app.domain.mediation_case import MediationCaseDraft
from station_app.domain.workbook_layout import (
    CONSULTATION_SHEET,
    DUTY_LOG_SHEET,
    LEGAL_AID_SHEET,
    MEDIATION_SHEET,
    PUBLICITY_SHEET,
    SHEETS,
    SheetLayout,
)
from station_app.importer.already_present import AlreadyPresent
from station_app.importer.cell_values import compact
from station_app.importer.import_result import (
    MAX_ERRORS,
    ImportResult,
    Problem,
    Severity,
    SheetSummary,
)
from station_app.importer.record_builders import (
    CHILD_SHEETS,
    FOLLOW_UPS,
    INVESTIGATIONS,
    PARTIES,
    ChildDetail,
    ChildSheet,
    RecordSource,
    child_detail,
    duty_visit,
    mediation_case,
    simple_record,
    visit_key,
)
from station_app.importer.row_parser import ParsedRow, RowParser, StationLookup
from station_app.importer.workbook_reader import (
    RowStream,
    SheetHeader,
    WorkbookSource,
    find_header,
    is_blank,
    open_workbook,
)
from station_app.services.station_services import StationServices
from station_app.services.unit_of_work import UnitOfWork
from station_app.storage.scratch import ScratchRows

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

_TICK = 250  # rows between progress reports and cancel checks

_UNNUMBERED, _VISITS = "case", "visit"  # scratch keys; a child sheet's is its field


class _Outcome(Enum):
    ADDED = "added"
    PRESENT = "present"
    REFUSED = "refused"


class ImportCancelled(Exception):
    """The user cancelled; the transaction rolls back."""


class _Refused(Exception):
    """Problems were found; the transaction rolls back."""


@dataclass
class _OpenSheet:
    layout: SheetLayout
    source_name: str
    header: SheetHeader
    rows: RowStream
    parser: RowParser


class WorkbookImporter:
    """Imports ledger workbooks into one station's store through its services."""

    def __init__(self, services: StationServices, *, chunk: int = 500) -> None:
        self.services = services
        self.chunk = chunk

    def preview(self, path: Path) -> ImportResult:
        """Counts per sheet and every problem, without writing: what the import would do."""
        return self.run(path, dry_run=True)

    def run(
        self,
        path: Path,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        *,
        dry_run: bool = False,
    ) -> ImportResult:
        """Import ``path`` (all or nothing). Raises WorkbookFileError when the file is not a
        readable workbook; every other problem is in the result."""
        self.services.ctx.require(Right.IMPORT, IMPORT_DENIED)
        result = ImportResult(path=path, dry_run=dry_run)
        source = open_workbook(path)
        try:
            with ScratchRows() as scratch:
                job = _ImportJob(self.services, source, scratch, result, progress, cancelled)
                try:
                    with self.services.unit_of_work(commit=not dry_run, chunk=self.chunk) as unit:
                        job.run(unit)
                        if result.errors:
                            raise _Refused
                except _Refused:
                    pass
                except ImportCancelled:
                    result.cancelled = True
                job.finish()
        finally:
            source.close()
        result.written = not dry_run and result.ok and result.added_records > 0
        return result


class _ImportJob:
    def __init__(
        self,
        services: StationServices,
        source: WorkbookSource,
        scratch: ScratchRows,
        result: ImportResult,
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> None:
        self.services = services
        self.source = source
        self.scratch = scratch
        self.result = result
        self._progress = progress
        self._cancelled = cancelled
        station = services.organisation.require_station()
        self.lookup = StationLookup(
            {v.name: v.id for v in station.villages}, services.organisation.dispute_code
        )
        self.summaries: dict[str, SheetSummary] = {}
        self.headers: dict[str, SheetHeader] = {}
        self._failed_cells: set[tuple[str, int, str]] = set()
        self._reported: set[tuple[str, int | None, str | None, str]] = set()
        self._error_count = 0
        self._sheet_order: dict[str, int] = {}
        self._missing_columns: set[str] = set()
        self._done = 0
        self._total = 0

    # -- the whole workbook ---------------------------------------------------------------

    def run(self, unit: UnitOfWork) -> None:
        self.unit = unit
        mapped = self._map_sheets()
        self._total = sum(max(0, self.source.size_hint(name) - 1) for name in mapped.values())
        for child in CHILD_SHEETS:
            if child.layout.name in mapped:
                self._park(child, mapped[child.layout.name])
        for layout in (CONSULTATION_SHEET, PUBLICITY_SHEET, LEGAL_AID_SHEET):
            if layout.name in mapped:
                self._simple_sheet(layout, mapped[layout.name])
        if MEDIATION_SHEET.name in mapped:
            self._mediation_sheet(mapped[MEDIATION_SHEET.name])
        if DUTY_LOG_SHEET.name in mapped:
            self._duty_sheet(mapped[DUTY_LOG_SHEET.name])
        for child in CHILD_SHEETS:
            self._orphans(child)
        self._report_progress(force=True)

    def finish(self) -> None:
        """Order problems as the workbook reads, count rows with errors, list summaries."""
        order = self._sheet_order
        self.result.problems.sort(
            key=lambda p: (
                order.get(p.sheet, -1),
                p.row or 0,
                -1 if p.column_index is None else p.column_index,
            )
        )
        rows_with_errors: dict[str, set[int]] = {}
        for p in self.result.errors:
            if p.row is not None:
                rows_with_errors.setdefault(p.sheet, set()).add(p.row)
        for layout in SHEETS:
            summary = self.summaries.get(layout.name)
            if summary is not None:
                summary.error_rows = len(rows_with_errors.get(layout.name, ()))
                self.result.sheets.append(summary)

    def _map_sheets(self) -> dict[str, str]:
        """Layout name -> source sheet name; other sheets are reported and ignored."""
        by_key = {compact(s.name): s for s in SHEETS}
        mapped: dict[str, str] = {}
        for position, name in enumerate(self.source.sheet_names):
            layout = by_key.get(compact(name))
            self._sheet_order[layout.name if layout else name] = position
            if layout is None:
                self._warn(name, None, None, "不是台账工作表（名称应与模板一致），已忽略")
            elif layout.name in mapped:
                self._warn(name, None, None, f"与另一张“{layout.name}”表重名，已忽略")
            else:
                mapped[layout.name] = name
        return mapped

    # -- reading a sheet ------------------------------------------------------------------

    def _open(self, layout: SheetLayout, source_name: str) -> _OpenSheet | None:
        self.summaries[layout.name] = SheetSummary(layout.name)
        rows = RowStream(self.source.rows(source_name))
        header = find_header(rows, layout)
        if header is None:
            self._error(layout.name, None, None, "前10行中找不到表头（列名应与模板一致）")
            return None
        self.headers[layout.name] = header
        for index, text in header.extra:
            self._warn(layout.name, header.row, text, "不是模板中的列，已忽略", index)
        for index, text in header.duplicates:
            self._warn(layout.name, header.row, text, "列名重复，只读取第一列", index)
        missing = header.missing(layout)
        for name in missing:
            self._error(layout.name, header.row, name, "缺少必填列")
        if missing:
            self._missing_columns.add(layout.name)
            return None
        return _OpenSheet(
            layout, source_name, header, rows, RowParser(layout, header.columns, self.lookup)
        )

    def _rows(self, sheet: _OpenSheet) -> Iterator[ParsedRow]:
        summary = self.summaries[sheet.layout.name]
        for number, cells in sheet.rows:
            self._done += 1
            if self._done % _TICK == 0:
                self._report_progress()
            if is_blank(cells):
                continue
            summary.rows += 1
            row = sheet.parser.parse(number, cells)
            for header, message in row.errors.items():
                self._error(sheet.layout.name, number, header, message)
                self._failed_cells.add((sheet.layout.name, number, header))
            yield row

    def _report_progress(self, *, force: bool = False) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ImportCancelled
        if self._progress is not None:
            total = max(self._total, self._done)
            self._progress(total if force else self._done, total)

    # -- the sheets -----------------------------------------------------------------------

    def _simple_sheet(self, layout: SheetLayout, source_name: str) -> None:
        sheet = self._open(layout, source_name)
        if sheet is None:
            return
        present = AlreadyPresent(self.unit, layout)
        summary = self.summaries[layout.name]
        for row in self._rows(sheet):
            draft, source = simple_record(layout, row)
            outcome = self._admit(layout, draft, source, row.failed, present)
            self._count(summary, outcome, rows=1)

    def _park(self, child: ChildSheet, source_name: str) -> None:
        sheet = self._open(child.layout, source_name)
        if sheet is None:
            return
        for row in self._rows(sheet):
            number = row.values.get("案号")
            if number is not None:
                self.scratch.put(child.field, number, child_detail(child, row, number))

    def _mediation_sheet(self, source_name: str) -> None:
        sheet = self._open(MEDIATION_SHEET, source_name)
        if sheet is None:
            return
        present = AlreadyPresent(self.unit, MEDIATION_SHEET)
        for row in self._rows(sheet):
            if row.values.get("案号"):
                self._case(row, present)
            else:  # numbered automatically once every typed number is claimed
                self.scratch.put(_UNNUMBERED, str(row.number), row)
        for group in self.scratch.groups(_UNNUMBERED):
            self._case(group[0], present)

    def _case(self, row: ParsedRow, present: AlreadyPresent) -> None:
        number = row.values.get("案号")
        taken: dict[ChildSheet, list[ChildDetail]] = {
            child: self.scratch.take(child.field, number) if number else []
            for child in CHILD_SHEETS
        }
        draft, source = mediation_case(
            row, taken[PARTIES], taken[FOLLOW_UPS], taken[INVESTIGATIONS]
        )
        failed = row.failed or any(d.failed for details in taken.values() for d in details)
        outcome = self._admit(MEDIATION_SHEET, draft, source, failed, present)
        self._count(self.summaries[MEDIATION_SHEET.name], outcome, rows=1)
        for child, rows in taken.items():
            if not rows:
                continue
            sheet = child.layout
            summary = self.summaries[sheet.name]
            if outcome is _Outcome.ADDED:
                summary.added_rows += len(rows)
            elif outcome is _Outcome.PRESENT:
                summary.present_rows += len(rows)

    def _orphans(self, child: ChildSheet) -> None:
        """Rows whose 案号 names no case: each an error, its own fields still checked, so the
        clerk fixes the row in one go."""
        if child.layout.name not in self.summaries:
            return
        if MEDIATION_SHEET.name in self.summaries and MEDIATION_SHEET.name not in self.headers:
            return  # the case sheet was refused as a whole: its header problem says it all
        if MEDIATION_SHEET.name in self._missing_columns:
            return
        for detail in self.scratch.untaken(child.field):
            self._error(child.layout.name, detail.row, "案号", "在“人民调解”表中找不到该案号的案件")
            alone: dict[str, Any] = {child.field: (detail.draft,)}
            probe = MediationCaseDraft(**alone)
            try:
                probe.validated(self.services.ctx.clock.today())
            except ValidationError as exc:
                own = [e for e in exc.errors if e.field.startswith(f"{child.field}.0.")]
                self._field_errors(child.lone_source(detail.row), own)

    def _duty_sheet(self, source_name: str) -> None:
        sheet = self._open(DUTY_LOG_SHEET, source_name)
        if sheet is None:
            return
        for row in self._rows(sheet):
            self.scratch.put(_VISITS, visit_key(row), row)
        present = AlreadyPresent(self.unit, DUTY_LOG_SHEET)
        summary = self.summaries[DUTY_LOG_SHEET.name]
        for group in self.scratch.groups(_VISITS):
            visit = duty_visit(group)
            for cell in visit.conflicts:
                self._error(
                    cell.sheet,
                    cell.row,
                    cell.column,
                    f"与同一次值班的第{visit.source.row}行不一致（同一次值班各行应相同）",
                )
            failed = bool(visit.conflicts) or any(r.failed for r in group)
            confirmation = visit.confirmation
            if confirmation is not None:
                try:
                    confirmation = self.services.duty_logs.checked_confirmation(
                        confirmation, visit.draft.duty_on
                    )
                except ValidationError as exc:
                    self._field_errors(visit.source, exc.errors)
                    failed = True
            outcome = self._admit(
                DUTY_LOG_SHEET, visit.draft, visit.source, failed, present, confirmation
            )
            self._count(summary, outcome, rows=len(group))

    # -- one record -----------------------------------------------------------------------

    def _admit(
        self,
        layout: SheetLayout,
        draft: Any,
        source: RecordSource,
        failed: bool,
        present: AlreadyPresent,
        confirmation: Any = None,
    ) -> _Outcome:
        """Check a record; skip it if already stored; else queue it for writing."""
        assert layout.entity is not None
        writer = self.unit.writer(layout.entity)
        try:
            clean = writer.check(draft)
        except ValidationError as exc:
            self._field_errors(source, exc.errors)
            return _Outcome.REFUSED
        if failed:
            return _Outcome.REFUSED
        if present.take(clean):
            return _Outcome.PRESENT
        try:
            writer.add(clean, confirmation)
        except ValidationError as exc:  # a 案号 already used by another case
            self._field_errors(source, exc.errors)
            return _Outcome.REFUSED
        return _Outcome.ADDED

    @staticmethod
    def _count(summary: SheetSummary, outcome: _Outcome, *, rows: int) -> None:
        if outcome is _Outcome.ADDED:
            summary.added_rows += rows
            summary.added_records += 1
        elif outcome is _Outcome.PRESENT:
            summary.present_rows += rows

    # -- problems -------------------------------------------------------------------------

    def _field_errors(self, source: RecordSource, errors: list[FieldError]) -> None:
        for e in errors:
            cell = source.locate(e.field)
            if (
                cell.column is not None
                and (cell.sheet, cell.row, cell.column) in self._failed_cells
            ):
                continue  # the cell could not be read: that is the problem already reported
            message = e.message if cell.column is not None else str(e)
            self._error(cell.sheet, cell.row, cell.column, message)

    def _column_index(self, sheet: str, column: str | None) -> int | None:
        header = self.headers.get(sheet)
        if header is None or column is None:
            return None
        return next((i for i, h in header.columns if h == column), None)

    def _error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self._add(
            Problem(sheet, row, column, message, Severity.ERROR, self._column_index(sheet, column))
        )

    def _warn(
        self,
        sheet: str,
        row: int | None,
        column: str | None,
        message: str,
        index: int | None = None,
    ) -> None:
        self._add(Problem(sheet, row, column, message, Severity.WARNING, index))

    def _add(self, problem: Problem) -> None:
        key = (problem.sheet, problem.row, problem.column, problem.message)
        if key in self._reported:
            return
        if problem.is_error and self._error_count >= MAX_ERRORS:
            self.result.stopped_early = True
            raise _Refused  # refused already: reading on would only cost time and memory
        if not problem.is_error and len(self._reported) >= 2 * MAX_ERRORS:
            return  # warnings past this many say nothing new
        self._reported.add(key)
        self.result.problems.append(problem)
        self._error_count += problem.is_error
