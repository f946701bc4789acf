"""The lawyer's duty log on paper (一村一卷): one village's visits of a month as the signing
sheet the village officer signs and the village committee seals.

Read as the ledger export reads (``LedgerReader`` over 律师值班, the account's share), so the
sheet and the exported ledger list the same visits. A visit (日期, 律师) is one row, however
many records its matters were typed in; its matters (一事一记) are listed in the row.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.platypus import Paragraph, Spacer, Table

from station_app.domain.duty_log import DutyLogDraft
from station_app.domain.errors import DomainError
from station_app.domain.records import Stored
from station_app.reports.file_output import atomic_output
from station_app.reports.ledger_export import LedgerReader, LedgerSelection
from station_app.reports.pdf_common import (
    FRAME_WIDTH,
    HEADER_FILL,
    build_pdf,
    style,
    table_style,
    title_style,
)
from station_app.services.station_services import StationServices

HEADERS = (
    "序号",
    "日期",
    "时间",
    "律师",
    "律师事务所",
    "服务事项",
    "时长（小时）",
    "律师签名",
    "确认情况",
)
WEIGHTS = (0.5, 1.1, 1.1, 0.9, 1.6, 4.0, 1.1, 1.1, 1.6)


@dataclass(frozen=True)
class Visit:
    on: date
    lawyer: str
    law_firm: str
    start: time | None
    end: time | None
    hours: float
    matters: tuple[str, ...]
    confirmed: str  # "周专干 11月20日确认" or 待确认


def month_range(month: str) -> tuple[date, date]:
    """`2026-11` -> the month's first and last day."""
    try:
        year, number = (int(part) for part in month.strip().split("-"))
        last = calendar.monthrange(year, number)[1]
        return date(year, number, 1), date(year, number, last)
    except ValueError as exc:
        raise DomainError("月份：格式应为 2026-11 / month must look like 2026-11") from exc


def _visits(records: list[Stored[DutyLogDraft]]) -> Iterator[Visit]:
    """A visit is one 日期 + 律师 + 开始/结束时间 at the place (as ``quarter_statistics``
    counts them): its hours count once; it is confirmed when any of its entries is."""
    by_visit: dict[tuple[date, str, time, time], list[Stored[DutyLogDraft]]] = {}
    for record in records:
        d = record.data
        assert d.duty_on is not None
        key = (d.duty_on, d.lawyer_name or "", d.start_time or time(0), d.end_time or time(0))
        by_visit.setdefault(key, []).append(record)
    for (on, lawyer, _start, _end), parts in sorted(by_visit.items()):
        first = parts[0].data
        matters = tuple(
            f"{item.service_type or ''}：{item.served or ''}　{item.content or ''}".strip()
            for part in parts
            for item in part.data.items
        )
        confirmation = next((p.confirmation for p in parts if p.confirmation), None)
        yield Visit(
            on=on,
            lawyer=lawyer,
            law_firm=first.law_firm or "",
            start=first.start_time,
            end=first.end_time,
            hours=first.hours,
            matters=matters,
            confirmed=(
                f"{confirmation.confirmed_by} {confirmation.confirmed_on.month}月"
                f"{confirmation.confirmed_on.day}日确认"
                if confirmation is not None
                else "待确认"
            ),
        )


def month_visits(
    services: StationServices, village: str, month: str
) -> tuple[str, date, list[Visit]]:
    """The village's (or 本站's) visits of the month, in date order."""
    first, last = month_range(month)
    if not village.strip():
        raise DomainError("村(居)：请指定一个村(居)或本站 / --village is required")
    reader = LedgerReader(services, LedgerSelection("律师值班", first, last, village))
    records = [r for batch in reader.records(reader.ids()) for r in batch]
    name = reader.unit_name(reader.units[0])
    return name, first, list(_visits(records))


def _cell(text: str, size: float = 9) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style(size, leading=size * 1.35))


def write_duty_sheet(services: StationServices, village: str, month: str, out: Path) -> int:
    """The signing sheet as an A4 landscape PDF; returns the number of visits on it."""
    if out.suffix.lower() != ".pdf":
        raise DomainError("输出文件：签到表只能生成 .pdf 文件 / the sheet is written as .pdf")
    name, first, visits = month_visits(services, village, month)
    station = services.organisation.require_station()
    head = style(9, align=TA_CENTER)
    rows: list[list[Any]] = [[Paragraph(h, head) for h in HEADERS]]
    for n, v in enumerate(visits, 1):
        span = f"{v.start:%H:%M}—{v.end:%H:%M}" if v.start and v.end else ""
        rows.append(
            [
                _cell(str(n)),
                _cell(f"{v.on:%Y-%m-%d}"),
                _cell(span),
                _cell(v.lawyer),
                _cell(v.law_firm),
                _cell("\n".join(v.matters)),
                _cell(f"{v.hours:.1f}"),
                _cell(""),
                _cell(v.confirmed),
            ]
        )
    total = sum(v.hours for v in visits)
    rows.append(
        [_cell(f"合计：本月值班 {len(visits)} 次，共 {total:.1f} 小时"), *[""] * (len(HEADERS) - 1)]
    )
    unit = FRAME_WIDTH / sum(WEIGHTS)
    table = Table(
        rows,
        colWidths=[w * unit for w in WEIGHTS],
        repeatRows=1,
        style=table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("SPAN", (0, -1), (-1, -1)),
            ("MINROWHEIGHT", (0, 1), (-1, -2), 26),
        ),
    )
    line = style(11, leading=22)
    story = [
        Paragraph(f"{name}律师值班签到表（{first.year}年{first.month}月）", title_style()),
        Paragraph(
            f"{station.name}　　村(居)法律顾问值班记录　　一村(居)一卷", style(9, align=TA_CENTER)
        ),
        Spacer(1, 6),
        table,
        Spacer(1, 14),
        Paragraph(
            "以上值班情况属实。村(居)确认人（签名）：________________　　"
            "村(居)民委员会（盖章）　　　　年　　月　　日",
            line,
        ),
    ]
    with atomic_output(out) as temp:
        build_pdf(
            temp,
            story,
            title=f"{name}律师值班签到表 {first:%Y-%m}",
            author=station.name,
            subject="律师值班签到表",
        )
    return len(visits)
