"""A ledger as printable volumes, one per village (一村(居)一卷), each in date order.

律师值班 volumes show each visit once (date, time, hours, lawyer, confirmation) over the rows of
its matters (一事一记), and mark every visit 已确认 or 待确认.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table

from station_app.domain.workbook_layout import ColumnKind, ColumnSpec, Target
from station_app.reports.file_output import CancelCheck, Progress, Steps, atomic_output
from station_app.reports.ledger_export import LedgerReader, volume_rows
from station_app.reports.ledger_rows import LedgerRow, Value
from station_app.reports.pdf_common import (
    FRAME_WIDTH,
    HEADER_FILL,
    build_pdf,
    style,
    table_style,
    title_style,
)

BODY = 7.5
PENDING_FILL = colors.HexColor("#FCE4D6")
CONFIRMED = "√ 已确认"  # √: in the embedded 宋体 (AR PL UMing), unlike ✓
PENDING = "待确认"
#: Relative column widths by kind: free text gets room to wrap, codes and dates stay narrow.
WEIGHTS = {
    ColumnKind.TEXT: 2.6,
    ColumnKind.NAMES: 1.4,
    ColumnKind.CASE_NUMBER: 2.0,
    ColumnKind.ID_NUMBER: 1.9,
    ColumnKind.PHONE: 1.3,
    ColumnKind.MULTI_CHOICE: 1.4,
    ColumnKind.DISPUTE_TYPE: 1.3,
    ColumnKind.DATE: 1.2,
    ColumnKind.TIME: 0.8,
    ColumnKind.INT: 0.8,
    ColumnKind.DECIMAL: 1.1,
    ColumnKind.YES_NO: 0.8,
}

#: Text columns that hold a name, not prose.
HEADER_WEIGHTS = {
    "律师姓名": 1.0,
    "律师事务所": 1.6,
    "服务对象": 1.2,
    "咨询人姓名": 1.0,
    "申请人姓名": 1.0,
    "接待人": 1.0,
    "主讲人": 1.0,
    "主题": 2.0,
}


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _hours(start: Value, end: Value) -> str:
    if not isinstance(start, time) or not isinstance(end, time):
        return ""
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return f"{minutes / 60:.1f}"


class _Volume:
    """The columns of one ledger's volumes: the sheet's, less the village (the volume is one)."""

    def __init__(self, reader: LedgerReader) -> None:
        sheet = reader.selection.sheet
        self.duty = sheet.entity == "duty_log"
        self.shown: list[tuple[int, ColumnSpec]] = [
            (i, c)
            for i, c in enumerate(sheet.columns)
            if c.kind is not ColumnKind.VILLAGE
            and c.target is not Target.CONFIRMATION
            and c.in_register
        ]
        self.headers = [c.header for _, c in self.shown]
        weights = [HEADER_WEIGHTS.get(c.header, WEIGHTS.get(c.kind, 1.0)) for _, c in self.shown]
        if self.duty:
            end = end_at(self.shown)
            self.headers.insert(end + 1, "时长(小时)")
            weights.insert(end + 1, 0.8)
            self.headers.append("确认")
            weights.append(1.5)
            # the visit's own columns span the rows of its matters
            self.visit_cols = [
                n
                for n, h in enumerate(self.headers)
                if h in ("日期", "律师姓名", "律师事务所", "开始时间", "结束时间", "时长(小时)")
                or h in ("备注", "确认")
            ]
        fixed = [FIXED_WIDTHS.get(h) for h in self.headers]
        for n, (_, c) in enumerate(self.shown):
            fixed[n + (self.duty and n > end_at(self.shown))] = _fixed_width(c)
        free = FRAME_WIDTH - sum(f for f in fixed if f is not None)
        share = sum(w for w, f in zip(weights, fixed, strict=True) if f is None)
        self.widths = [
            f if f is not None else free * w / share for w, f in zip(weights, fixed, strict=True)
        ]
        self.cell_style = style(BODY, leading=BODY * 1.25)
        self.kinds = [c.kind for _, c in self.shown]

    def cells(self, row: LedgerRow, confirmation: tuple[Value, Value]) -> list[Any]:
        out: list[Any] = []
        for i, _column in self.shown:
            value = row.values[i]
            # Every cell a wrapping paragraph: nothing may run into the next column.
            out.append(Paragraph(escape(_text(value)), self.cell_style))
        if self.duty:
            start, end = (row.values[i] for i, c in self.shown if c.kind is ColumnKind.TIME)
            out.insert(end_at(self.shown) + 1, _hours(start, end))
            who, when = confirmation
            mark = f"{CONFIRMED}<br/>{_text(who)}<br/>{_text(when)}" if row.confirmed else PENDING
            out.append(Paragraph(mark, self.cell_style))
        return out


def end_at(shown: list[tuple[int, ColumnSpec]]) -> int:
    """Position of 结束时间 among the shown columns (时长 follows it)."""
    return next(n for n, (_, c) in enumerate(shown) if c.field == "end_time")


#: Widths (points) that dates, times and amounts need so they never wrap.
KIND_WIDTHS = {
    ColumnKind.DATE: 48.0,
    ColumnKind.TIME: 30.0,
    ColumnKind.DECIMAL: 50.0,
    ColumnKind.INT: 28.0,
    ColumnKind.YES_NO: 28.0,
}
FIXED_WIDTHS = {"时长(小时)": 30.0, "确认": 58.0}


def _fixed_width(column: ColumnSpec) -> float | None:
    if column.kind in KIND_WIDTHS:
        return KIND_WIDTHS[column.kind]
    if column.kind is ColumnKind.CHOICE and column.choices is not None:
        longest = max(len(v) for v in column.choice_values)
        return min(longest, 4) * BODY + 6  # at most four characters a line
    return None


def _confirmation(reader: LedgerReader, row: LedgerRow) -> tuple[Value, Value]:
    sheet = reader.selection.sheet
    values = {c.field: row.values[i] for i, c in enumerate(sheet.columns)}
    return values.get("confirmed_by"), values.get("confirmed_on")


def write_ledger_pdf(
    reader: LedgerReader,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    selection = reader.selection
    layout = _Volume(reader)
    total = len(reader.ids())
    steps = Steps(total + len(reader.units) + 1, progress, cancelled)
    story: list[Any] = []
    for n, unit in enumerate(reader.units):
        if n:
            story.append(PageBreak())
        count, rows = volume_rows(reader, unit)
        name = reader.unit_name(unit)
        story += [
            Paragraph(f"{name} {selection.ledger}台账", title_style()),
            Spacer(1, 2),
            Paragraph(
                f"{reader.station.name}　　期间：{selection.period}　　共{count}条",
                style(9, align=TA_CENTER),
            ),
            Spacer(1, 6),
        ]
        story += _volume_table(layout, reader, rows, steps)
        steps.advance()
    with atomic_output(path) as temp:
        build_pdf(
            temp,
            story,
            title=f"{selection.ledger}台账 {selection.period}",
            author=reader.station.name,
            subject=f"{selection.ledger}台账（一村(居)一卷）",
        )
    steps.finish()
    return total


def _volume_table(layout: _Volume, reader: LedgerReader, rows: Any, steps: Steps) -> list[Any]:
    head = style(BODY, align=TA_CENTER)
    data: list[list[Any]] = [[Paragraph(h, head) for h in layout.headers]]
    commands: list[Any] = []
    # Entries equal on every visit-key column are one visit (一次一记), as in the table.
    keys = [i for i, c in enumerate(reader.selection.sheet.columns) if c.visit_key]
    visits: dict[tuple[Value, ...], bool] = {}
    start = 1
    last_record: int | None = None
    for row in rows:
        if row.first_of_record:
            if last_record is not None:
                steps.advance()
            key = tuple(row.values[i] for i in keys)
            visits[key] = visits.get(key, False) or bool(row.confirmed)
            if layout.duty and last_record is not None:
                _span(commands, layout, start, len(data) - 1)
            start = len(data)
            last_record = row.record_id
        data.append(layout.cells(row, _confirmation(reader, row)))
        if layout.duty and not row.confirmed:
            commands.append(("BACKGROUND", (-1, len(data) - 1), (-1, len(data) - 1), PENDING_FILL))
    if last_record is None:
        return [Paragraph("本期间无记录", style(10, align=TA_CENTER))]
    steps.advance()
    if layout.duty:
        _span(commands, layout, start, len(data) - 1)
    table = Table(data, colWidths=layout.widths, repeatRows=1)
    table.setStyle(
        table_style(
            ("FONTSIZE", (0, 1), (-1, -1), BODY),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            *commands,
        )
    )
    out: list[Any] = [table]
    if layout.duty:
        confirmed = sum(visits.values())
        summary = (
            f"值班{len(visits)}次（一次一记），其中已确认{confirmed}次、"
            f"待确认{len(visits) - confirmed}次"
        )
        out = [Paragraph(summary, style(9)), Spacer(1, 4), table]
    return out


def _span(commands: list[Any], layout: _Volume, first: int, last: int) -> None:
    if last <= first:
        return
    for col in layout.visit_cols:
        commands.append(("SPAN", (col, first), (col, last)))
