"""The quarterly PDF's 满意度 section: the same rows as the workbook's `满意度` sheet."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from station_app.reports.columns import ValueKind, format_value
from station_app.reports.pdf_common import (
    FRAME_WIDTH,
    HEADER_FILL,
    TOTAL_FILL,
    cjk_font,
    style,
    table_style,
)
from station_app.reports.quarterly_table import QuarterlyTable
from station_app.reports.satisfaction_table import HEADERS, NOTE

BODY_SIZE = 8


def satisfaction_section(table: QuarterlyTable) -> list[Any]:
    """Heading, table and note, kept on one page where they fit; nothing without rows."""
    if not table.satisfaction:
        return []
    head = style(BODY_SIZE, align=TA_CENTER)
    data: list[list[Any]] = [[Paragraph(h, head) for h in HEADERS]]
    commands: list[Any] = []
    for r, line in enumerate(table.satisfaction, start=1):
        cells = line.cells()
        data.append(
            [
                str(cells[0]),
                *(format_value(v, ValueKind.COUNT) for v in cells[1:-1]),
                format_value(cells[-1], ValueKind.RATE),
            ]
        )
        if line.is_total:
            commands.append(("BACKGROUND", (0, r), (-1, r), TOTAL_FILL))
    unit = max([80.0] + [len(line.unit) * (BODY_SIZE + 0.5) + 12 for line in table.satisfaction])
    share = min(70.0, (FRAME_WIDTH - unit) / (len(HEADERS) - 1))
    grid = Table(data, colWidths=[unit] + [share] * (len(HEADERS) - 1), repeatRows=1)
    grid.setStyle(
        table_style(
            *[
                ("FONTNAME", (0, 0), (-1, -1), cjk_font()),
                ("FONTSIZE", (0, 1), (-1, -1), BODY_SIZE),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *commands,
            ]
        )
    )
    grid.hAlign = "LEFT"
    return [
        Spacer(1, 12),
        KeepTogether(
            [
                Paragraph(f"满意度情况（{table.quarter.label}）", style(12, align=TA_CENTER)),
                Spacer(1, 4),
                grid,
                Spacer(1, 4),
                Paragraph(NOTE, style(7.5)),
            ]
        ),
    ]
