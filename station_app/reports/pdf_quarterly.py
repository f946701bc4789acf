"""The quarterly table as a printable PDF: A4 landscape, the 统计表, the signature and seal
space, then the 达标情况 detail; header rows repeat on every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from station_app.domain.duty_compliance import PeriodHours, VillageCompliance
from station_app.reports.columns import COLUMNS, ValueKind, format_value, header_groups
from station_app.reports.file_output import CancelCheck, Progress, Steps, atomic_output
from station_app.reports.pdf_common import (
    FAIL_FILL,
    FRAME_WIDTH,
    HEADER_FILL,
    MUTED,
    TOTAL_FILL,
    build_pdf,
    cjk_font,
    style,
    table_style,
    title_style,
)
from station_app.reports.quarterly_headers import header_lines, header_words
from station_app.reports.quarterly_table import (
    FAIL_LEGEND,
    SEAL_TEXT,
    QuarterlyTable,
    RowKind,
    cn_date,
)
from station_app.reports.satisfaction_pdf import satisfaction_section

BODY_SIZE = 7.5
HEADER_SIZE = 7
PADDING = 2  # points left and right of a cell's text


def write_quarterly_pdf(
    table: QuarterlyTable,
    path: Path,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Path:
    steps = Steps(4, progress, cancelled)
    story: list[Any] = _heading(table)
    story.append(_main_table(table))
    steps.advance()
    story += _notes_and_amendments(table)
    story.append(_signature_block(table))
    steps.advance()
    story += _compliance_section(table)
    story += satisfaction_section(table)
    steps.advance()
    with atomic_output(path) as temp:
        build_pdf(
            temp,
            story,
            title=table.title,
            author=table.station_name,
            subject=f"公共法律服务工作统计表 {table.quarter}",
        )
    steps.finish()
    return path


def _heading(table: QuarterlyTable) -> list[Any]:
    info = Table(
        [
            [
                Paragraph(table.unit_line, style(9)),
                Paragraph(table.period_line, style(9, align=TA_CENTER)),
                Paragraph(table.produced_line, style(9, align=TA_RIGHT)),
            ]
        ],
        colWidths=[FRAME_WIDTH * 0.4, FRAME_WIDTH * 0.35, FRAME_WIDTH * 0.25],
    )
    info.setStyle(
        table_style(*[("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    )
    return [Paragraph(table.title, title_style()), Spacer(1, 4), info, Spacer(1, 4)]


def _text_width(text: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, cjk_font(), size))


def _fitted_widths(minimums: list[float], stretch: list[int]) -> list[float]:
    """Each column at least its minimum; what is left of the frame widens the narrowest of the
    columns at ``stretch`` first, so they end up as even as their minimums allow (all columns
    are scaled down if the minimums alone overfill the frame)."""
    if sum(minimums) >= FRAME_WIDTH:
        return [w * FRAME_WIDTH / sum(minimums) for w in minimums]
    fixed = sum(w for i, w in enumerate(minimums) if i not in stretch)
    room = FRAME_WIDTH - fixed
    wider = sorted((minimums[i] for i in stretch), reverse=True)
    level = room / len(wider)
    while wider and wider[0] > level:  # columns wider than the even share keep their minimum
        room -= wider.pop(0)
        level = room / len(wider) if wider else 0.0
    return [max(w, level) if i in stretch else w for i, w in enumerate(minimums)]


def _header_min_width(header: str) -> float:
    """Wide enough for the header's longest word, so a line never breaks inside a word."""
    return max(_text_width(w, HEADER_SIZE) for w in header_words(header)) + 2 * PADDING + 1


def _header_paragraph(header: str, width: float, head: ParagraphStyle) -> Paragraph:
    """The header's words on as few lines as ``width`` holds, broken between words only."""
    room = width - 2 * PADDING
    lines = header_lines(header_words(header), lambda line: _text_width(line, HEADER_SIZE) <= room)
    return Paragraph("<br/>".join(escape(line) for line in lines), head)


def _main_widths(table: QuarterlyTable) -> list[float]:
    unit = max([56.0] + [_text_width(r.unit, BODY_SIZE) + 2 * PADDING + 4 for r in table.rows])
    minimums = [unit]
    for i, column in enumerate(COLUMNS[1:], 1):
        shown = [format_value(r.cells()[i], column.kind) for r in table.rows]
        data = max((_text_width(v, BODY_SIZE) for v in shown), default=0.0) + 2 * PADDING + 1
        floor = 52.0 if column.kind is ValueKind.AMOUNT else 0.0
        minimums.append(max(_header_min_width(column.header), data, floor))
    return _fitted_widths(minimums, list(range(1, len(COLUMNS))))


def _main_table(table: QuarterlyTable) -> Table:
    head = style(HEADER_SIZE, align=TA_CENTER, leading=HEADER_SIZE * 1.2)
    widths = _main_widths(table)
    group_row: list[Any] = [""] * len(COLUMNS)
    header_row: list[Any] = [""] * len(COLUMNS)
    commands: list[Any] = []
    for group, first, last in header_groups():
        if group is None:
            group_row[first] = _header_paragraph(COLUMNS[first].header, widths[first], head)
            commands.append(("SPAN", (first, 0), (first, 1)))
            continue
        group_row[first] = Paragraph(group, head)
        commands.append(("SPAN", (first, 0), (last, 0)))
        for i in range(first, last + 1):
            header_row[i] = _header_paragraph(COLUMNS[i].header, widths[i], head)
    data: list[list[Any]] = [group_row, header_row]
    for r, row in enumerate(table.rows, start=2):
        data.append([format_value(v, c.kind) for c, v in zip(COLUMNS, row.cells(), strict=True)])
        if row.kind is RowKind.TOTAL:
            commands.append(("BACKGROUND", (0, r), (-1, r), TOTAL_FILL))
    font = cjk_font()
    numeric = [i for i, c in enumerate(COLUMNS) if c.kind is not ValueKind.TEXT]
    commands += [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 2), (-1, -1), BODY_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 1), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 2), (-1, -1), "CENTER"),
        ("ALIGN", (0, 2), (0, -1), "LEFT"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 2), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 2), (-1, -1), 3),
    ]
    commands += [("ALIGN", (i, 2), (i, -1), "RIGHT") for i in numeric]
    result = Table(data, colWidths=widths, repeatRows=2)
    result.setStyle(table_style(*commands))
    return result


def _notes_and_amendments(table: QuarterlyTable) -> list[Any]:
    out: list[Any] = [Spacer(1, 4), Paragraph(f"说明：{table.minimums_note}", style(7.5))]
    if table.submitted_on is None:
        return out
    out += [Spacer(1, 6), Paragraph(table.amendments_heading, style(9))]
    if not table.late_amendments:
        out.append(Paragraph("无", style(8)))
        return out
    cell = style(7.5)
    data: list[list[Any]] = [["台账", "记录日期", "村(居)", "变动", "说明"]]
    for item in table.late_amendments:
        data.append(
            [
                item.ledger,
                item.record_date.isoformat(),
                item.unit,
                item.change,
                Paragraph(item.detail, cell),
            ]
        )
    widths = [70.0, 62.0, 80.0, 70.0, FRAME_WIDTH - 282.0]
    amendments = Table(data, colWidths=widths, repeatRows=1)
    amendments.setStyle(
        table_style(
            *[
                ("FONTNAME", (0, 0), (-1, -1), cjk_font()),
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    out.append(amendments)
    return out


def _signature_block(table: QuarterlyTable) -> KeepTogether:
    seal = Table(
        [[Paragraph(SEAL_TEXT, style(9, align=TA_CENTER, color=MUTED))]],
        colWidths=[120],
        rowHeights=[80],
    )
    seal.setStyle(
        table_style(
            *[
                ("BOX", (0, 0), (-1, -1), 0.5, MUTED),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    parts = [Paragraph(part, style(10)) for part in table.signature_parts]
    block = Table([[*parts, seal]], colWidths=[200, 200, FRAME_WIDTH - 540, 140])
    block.setStyle(
        table_style(
            *[
                ("VALIGN", (0, 0), (-2, 0), "BOTTOM"),
                ("ALIGN", (-1, 0), (-1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 10), block])


def _period_text(p: PeriodHours) -> str:
    return format_value(p.hours, ValueKind.HOURS)


def _compliance_section(table: QuarterlyTable) -> list[Any]:
    if not table.compliance:
        return []
    head = style(HEADER_SIZE, align=TA_CENTER, leading=HEADER_SIZE * 1.2)
    widths = _compliance_widths(table)
    headers = [
        "村(居)",
        "类型",
        "每月最低(小时)",
        *(p.label for p in table.months),
        "每周最低(小时)",
    ]
    named = zip(headers, widths[: len(headers)], strict=True)
    data: list[list[Any]] = [[_header_paragraph(h, w, head) for h, w in named]]
    data[0] += [
        Paragraph(f"{p.label}<br/>{p.start:%m-%d}~<br/>{p.end:%m-%d}", head) for p in table.weeks
    ]
    data[0].append(_header_paragraph("值班达标", widths[-1], head))
    commands: list[Any] = []
    first_month, first_week = 3, 4 + len(table.months)
    for r, v in enumerate(table.compliance, start=1):
        data.append(_compliance_cells(v))
        for offset, periods in ((first_month, v.months), (first_week, v.weeks)):
            for i, p in enumerate(periods):
                if p.met is False:
                    commands.append(("BACKGROUND", (offset + i, r), (offset + i, r), FAIL_FILL))
                if not p.judged:
                    commands.append(("TEXTCOLOR", (offset + i, r), (offset + i, r), MUTED))
        if v.failures:
            commands.append(("BACKGROUND", (-1, r), (-1, r), FAIL_FILL))
    detail = Table(data, colWidths=widths, repeatRows=1)
    detail.setStyle(
        table_style(
            *[
                ("FONTNAME", (0, 0), (-1, -1), cjk_font()),
                ("FONTSIZE", (0, 1), (-1, -1), BODY_SIZE),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 1), (-1, -1), "CENTER"),
                ("ALIGN", (3, 1), (-2, -1), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                *commands,
            ]
        )
    )
    failures = [
        Paragraph(f"{v.village}：{v.failure_summary}", style(8))
        for v in table.compliance
        if v.failures
    ]
    out: list[Any] = [
        PageBreak(),  # its own page, as its own sheet in the workbook: never an orphan line
        Paragraph(f"律师值班达标情况（{table.quarter.label}）", style(12, align=TA_CENTER)),
        Spacer(1, 4),
        Paragraph(table.minimums_note, style(7.5)),
        Paragraph(FAIL_LEGEND + "灰字：该期间尚未结束，不作评判。", style(7.5)),
        Spacer(1, 4),
        detail,
    ]
    if failures:
        out += [Spacer(1, 4), Paragraph("未达标期间：", style(8, align=TA_LEFT)), *failures]
    out += [Spacer(1, 4), Paragraph(f"制表日期：{cn_date(table.produced_on)}", style(8))]
    return out


def _compliance_widths(table: QuarterlyTable) -> list[float]:
    """村(居) as wide as the longest name; the periods share what is left."""
    names = [_text_width(v.village, BODY_SIZE) + 2 * PADDING + 4 for v in table.compliance]
    unit = max([56.0, *names])
    minimum = _header_min_width("每月最低(小时)")
    periods = len(table.months) + len(table.weeks)
    minimums = [unit, 26.0, minimum]
    minimums += [28.0] * len(table.months) + [minimum] + [28.0] * len(table.weeks)
    verdicts = [_text_width(v.verdict, BODY_SIZE) + 2 * PADDING + 1 for v in table.compliance]
    minimums.append(max([_header_min_width("值班达标"), *verdicts]))
    first_week = 4 + len(table.months)
    stretch = [*range(3, 3 + len(table.months)), *range(first_week, first_week + len(table.weeks))]
    return _fitted_widths(minimums, stretch if periods else [0])


def _compliance_cells(v: VillageCompliance) -> list[Any]:
    def minimum(value: object) -> str:
        return "" if value is None else format_value(value, ValueKind.HOURS)

    return [
        v.village,
        v.kind.label,
        minimum(v.month_minimum),
        *(_period_text(p) for p in v.months),
        minimum(v.week_minimum),
        *(_period_text(p) for p in v.weeks),
        v.verdict,
    ]
