"""Parsed rows become the domain's drafts, remembering which row and column each field came from.

Most sheets are one row per record. 人民调解 takes its parties from the name columns and, by
案号, from the 调解当事人 sheet, and its follow-ups by 案号 from the 调解回访 sheet (or, without
one, its 回访日期 as a follow-up of method 其他); 律师值班 gathers the rows of one visit (same
日期, 地点, 律师姓名, 开始时间, 结束时间) into one log with one service item per row.
``RecordSource.locate`` maps a domain ``FieldError.field`` (``parties.2.id_number``,
``items.0.content``) back to its cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from station_app.domain.duty_log import DutyConfirmation, DutyLogDraft, ServiceItemDraft
from station_app.domain.mediation_case import (
    FollowUpDraft,
    InvestigationDraft,
    MediationCaseDraft,
    PartyDraft,
    SessionDraft,
    with_legacy_follow_up,
)
from station_app.domain.workbook_layout import (
    DUTY_LOG_SHEET,
    FOLLOW_UP_SHEET,
    INVESTIGATION_SHEET,
    MEDIATION_SHEET,
    PARTY_SHEET,
    SheetLayout,
    Target,
)
from station_app.importer.cell_values import compact
from station_app.importer.row_parser import ParsedRow
from station_app.storage.ledger_specs import LEDGER_BY_ENTITY


@dataclass(frozen=True)
class Cell:
    """A place in the workbook: sheet, Excel row number, column header (None: the whole row)."""

    sheet: str
    row: int
    column: str | None


@dataclass
class RecordSource:
    """Where one record's fields came from."""

    layout: SheetLayout
    row: int  # the record's (first) row
    party_cells: list[Cell] = field(default_factory=list)  # per index of draft.parties
    follow_up_rows: list[int] = field(default_factory=list)  # 调解回访 rows, per follow-up
    investigation_rows: list[int] = field(default_factory=list)  # 调解调查 rows, in order
    item_rows: list[int] = field(default_factory=list)  # per index of draft.items
    confirmation_row: int | None = None

    @property
    def rows(self) -> list[int]:
        return self.item_rows or [self.row]

    def locate(self, field_path: str) -> Cell:
        head, _, rest = field_path.partition(".")
        index, _, sub = rest.partition(".")
        layout = self.layout
        if head == "parties" and index.isdigit() and int(index) < len(self.party_cells):
            place = self.party_cells[int(index)]
            if place.column is not None:
                return place  # a name from the case row's 申请人/被申请人 cell
            column = PARTY_SHEET.column_for_field(sub, Target.PARTY)
            return Cell(place.sheet, place.row, column.header if column else None)
        if head == "parties":
            return Cell(layout.name, self.row, "申请人")
        if head == "follow_ups" and index.isdigit() and int(index) < len(self.follow_up_rows):
            column = FOLLOW_UP_SHEET.column_for_field(sub, Target.FOLLOW_UP)
            return Cell(
                FOLLOW_UP_SHEET.name,
                self.follow_up_rows[int(index)],
                column.header if column else None,
            )
        if head == "follow_ups":  # the 回访日期 of a case row without a 调解回访 sheet
            column = layout.column_for_field("follow_up_on", Target.RECORD)
            return Cell(layout.name, self.row, column.header if column else None)
        if (
            head == "investigations"
            and index.isdigit()
            and int(index) < len(self.investigation_rows)
        ):
            column = INVESTIGATION_SHEET.column_for_field(sub, Target.INVESTIGATION)
            return Cell(
                INVESTIGATION_SHEET.name,
                self.investigation_rows[int(index)],
                column.header if column else None,
            )
        if head == "sessions":
            column = layout.column_for_field(sub or "held_on", Target.LAST_SESSION)
            return Cell(layout.name, self.row, column.header if column else None)
        if head == "items" and index.isdigit() and int(index) < len(self.item_rows):
            column = layout.column_for_field(sub, Target.ITEM)
            return Cell(layout.name, self.item_rows[int(index)], column.header if column else None)
        if head in ("confirmed_by", "confirmed_on"):
            column = layout.column_for_field(head, Target.CONFIRMATION)
            row = self.confirmation_row or self.row
            return Cell(layout.name, row, column.header if column else None)
        column = layout.column_for_field(head, Target.RECORD)
        return Cell(layout.name, self.row, column.header if column else None)


def record_fields(layout: SheetLayout, row: ParsedRow) -> dict[str, Any]:
    """The draft's own fields from the row's columns present in the sheet."""
    pairs = _RECORD_COLUMNS.get(layout.name)
    if pairs is None:
        pairs = [(c.field, c.header) for c in layout.columns if c.target is Target.RECORD]
        _RECORD_COLUMNS[layout.name] = pairs
    values = row.values
    return {name: values[header] for name, header in pairs if header in values}


_RECORD_COLUMNS: dict[str, list[tuple[str, str]]] = {}


def simple_record(layout: SheetLayout, row: ParsedRow) -> tuple[Any, RecordSource]:
    """法律咨询, 法治宣传, 法律援助初审: one row, one record."""
    assert layout.entity is not None
    draft_type = LEDGER_BY_ENTITY[layout.entity].draft_type
    return draft_type(**record_fields(layout, row)), RecordSource(layout, row.number)


@dataclass(frozen=True)
class ChildSheet:
    """A sheet of a case's own rows, joined to the case by 案号: 调解当事人, 调解回访, 调解调查."""

    layout: SheetLayout
    target: Target  # its columns' target
    draft_type: type[Any]
    field: str  # the case draft's tuple they fill
    rows_field: str | None  # RecordSource's list of their row numbers (parties: party_cells)

    def lone_source(self, row: int) -> RecordSource:
        """Where a row's own fields are, for one checked without its case (no such 案号)."""
        if self.rows_field is None:
            return RecordSource(
                MEDIATION_SHEET, row, party_cells=[Cell(self.layout.name, row, None)]
            )
        rows: dict[str, Any] = {self.rows_field: [row]}
        return RecordSource(MEDIATION_SHEET, row, **rows)


PARTIES = ChildSheet(PARTY_SHEET, Target.PARTY, PartyDraft, "parties", None)
FOLLOW_UPS = ChildSheet(
    FOLLOW_UP_SHEET, Target.FOLLOW_UP, FollowUpDraft, "follow_ups", "follow_up_rows"
)
INVESTIGATIONS = ChildSheet(
    INVESTIGATION_SHEET,
    Target.INVESTIGATION,
    InvestigationDraft,
    "investigations",
    "investigation_rows",
)
CHILD_SHEETS = (PARTIES, FOLLOW_UPS, INVESTIGATIONS)


@dataclass(frozen=True)
class ChildDetail:
    """A row of a ``ChildSheet``, parked until its case is read."""

    row: int
    case_number: str
    draft: Any  # the sheet's draft_type
    failed: bool


def child_detail(sheet: ChildSheet, row: ParsedRow, case_number: str) -> ChildDetail:
    fields = {
        c.field: row.values[c.header]
        for c in sheet.layout.columns
        if c.target is sheet.target and c.header in row.values
    }
    return ChildDetail(row.number, case_number, sheet.draft_type(**fields), row.failed)


def mediation_case(
    row: ParsedRow,
    details: Sequence[ChildDetail],
    follow_ups: Sequence[ChildDetail] = (),
    investigations: Sequence[ChildDetail] = (),
) -> tuple[MediationCaseDraft, RecordSource]:
    """A case row with its parties: the names listed on the row, each replaced by its details
    from the party sheet when a detail row has the same role and name; detail rows naming
    someone else (a 第三人, say) are added after them. Its follow-ups are the 调解回访 rows of
    its 案号; with none, the row's 回访日期 is one follow-up (method 其他)."""
    source = RecordSource(
        MEDIATION_SHEET,
        row.number,
        follow_up_rows=[d.row for d in follow_ups],
        investigation_rows=[d.row for d in investigations],
    )
    parties: list[PartyDraft] = []
    from_names: list[bool] = []
    for column in MEDIATION_SHEET.columns:
        if column.target is Target.PARTIES and column.header in row.values:
            for name in row.values[column.header]:
                parties.append(PartyDraft(role=column.role, name=name))
                from_names.append(True)
                source.party_cells.append(Cell(MEDIATION_SHEET.name, row.number, column.header))
    for detail in details:
        place = Cell(PARTY_SHEET.name, detail.row, None)
        match = next(
            (
                i
                for i, p in enumerate(parties)
                if from_names[i]
                and p.role is detail.draft.role
                and compact(p.name or "") == compact(detail.draft.name or "")
            ),
            None,
        )
        if match is None:
            parties.append(detail.draft)
            from_names.append(False)
            source.party_cells.append(place)
        else:
            parties[match] = detail.draft
            from_names[match] = False
            source.party_cells[match] = place
    held = row.values.get(_header(MEDIATION_SHEET, Target.LAST_SESSION))
    draft = MediationCaseDraft(
        **record_fields(MEDIATION_SHEET, row),
        parties=tuple(parties),
        sessions=(SessionDraft(held_on=held),) if held is not None else (),
        follow_ups=tuple(d.draft for d in follow_ups),
        investigations=tuple(d.draft for d in investigations),
    )
    return with_legacy_follow_up(draft), source


@dataclass(frozen=True)
class Visit:
    draft: DutyLogDraft
    confirmation: DutyConfirmation | None
    source: RecordSource
    conflicts: list[Cell]  # cells that disagree with the visit's first value


_VISIT_KEYS = tuple(c.header for c in DUTY_LOG_SHEET.columns if c.visit_key)


def visit_key(row: ParsedRow) -> str:
    """Rows with equal keys are one visit; a row whose key cells are unreadable stands alone."""
    if any(h in row.errors for h in _VISIT_KEYS):
        return f"row:{row.number}"
    return repr(tuple(_key_part(row.values.get(h)) for h in _VISIT_KEYS))


def _key_part(value: Any) -> Any:
    return compact(value) if isinstance(value, str) else value


def duty_visit(rows: list[ParsedRow]) -> Visit:
    """One visit from its rows (一次一记), one service item per row (一事一记).

    Fields outside the visit key (律师事务所, 备注, 确认人, 确认日期) take the first filled value;
    a later row with a different filled value is a conflict.
    """
    layout = DUTY_LOG_SHEET
    first = rows[0]
    source = RecordSource(layout, first.number, item_rows=[r.number for r in rows])
    fields = record_fields(layout, first)
    shared = [
        c
        for c in layout.columns
        if not c.visit_key and c.target in (Target.RECORD, Target.CONFIRMATION)
    ]
    confirmation: dict[str, Any] = {}
    conflicts: list[Cell] = []
    for column in shared:
        if column.header not in first.values:
            continue
        chosen: Any = None
        for row in rows:
            value = row.values.get(column.header)
            if value is None:
                continue
            if chosen is None:
                chosen = value
                if column.target is Target.CONFIRMATION and source.confirmation_row is None:
                    source.confirmation_row = row.number
            elif _key_part(value) != _key_part(chosen):
                conflicts.append(Cell(layout.name, row.number, column.header))
        if column.target is Target.CONFIRMATION:
            confirmation[column.field] = chosen
        else:
            fields[column.field] = chosen
    items = tuple(
        ServiceItemDraft(
            **{
                c.field: row.values[c.header]
                for c in layout.columns
                if c.target is Target.ITEM and c.header in row.values
            }
        )
        for row in rows
    )
    confirmed = any(v is not None for v in confirmation.values())
    return Visit(
        draft=DutyLogDraft(**fields, items=items),
        confirmation=DutyConfirmation(
            confirmation.get("confirmed_by"), confirmation.get("confirmed_on")
        )
        if confirmed
        else None,
        source=source,
        conflicts=conflicts,
    )


def _header(layout: SheetLayout, target: Target) -> str:
    return next(c.header for c in layout.columns if c.target is target)
