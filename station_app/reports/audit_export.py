"""The audit trail as a file the head can keep or hand to an inspector: .xlsx or .csv."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook

from station_app.domain.errors import DomainError
from station_app.reports.excel_style import BORDER, HEADER_FILL, HEADER_FONT, display_width
from station_app.reports.file_output import atomic_output

if TYPE_CHECKING:
    from station_app.domain.audit_record import AuditRecord

HEADERS = ("序号", "时间(UTC)", "账户", "操作", "台账/对象", "记录编号", "详情")


def _line(r: AuditRecord) -> tuple[object, ...]:
    at = r.at.strftime("%Y-%m-%d %H:%M:%S")
    return (
        r.seq,
        at,
        r.actor,
        r.action_label,
        r.entity_label,
        r.record_uuid or "",
        r.detail_text(),
    )


def write_audit_file(records: Sequence[AuditRecord], path: Path) -> int:
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise DomainError("输出文件：扩展名应为 .xlsx 或 .csv / must end in .xlsx or .csv")
    with atomic_output(path) as temp:
        if suffix == ".csv":
            # utf-8-sig: Excel and WPS open it as UTF-8 instead of guessing GBK.
            with temp.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(HEADERS)
                writer.writerows(_line(r) for r in records)
        else:
            wb = Workbook()
            ws = wb.active
            assert ws is not None
            ws.title = "审计日志"
            ws.append(HEADERS)
            for cell in ws[1]:
                cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
            for r in records:
                ws.append(_line(r))
            for col, width in zip("ABCDEFG", (8, 20, 14, 14, 14, 38, 60), strict=True):
                ws.column_dimensions[col].width = max(width, display_width(HEADERS[ord(col) - 65]))
            ws.freeze_panes = "A2"
            wb.save(temp)
    return len(records)
