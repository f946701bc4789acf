"""The quarterly statistics table (公共法律服务工作统计表) as plain typed data.

Built once from the quarter's counts (``domain.quarter_statistics``); the screen, the Excel
writer and the PDF writer all show this one object, so they cannot disagree. Nothing here reads
a store: the station (``reports.api``) and the county server build their rows with the same
``table_rows``, so a station's 合计 and its row in the county's table are the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from enum import StrEnum

from station_app.domain.duty_compliance import (
    MET,
    NOT_MET,
    Period,
    Village,
    VillageCompliance,
    assess,
)
from station_app.domain.duty_minimums import DutyMinimums
from station_app.domain.outbox import OutboxOp
from station_app.domain.quarter import Quarter
from station_app.domain.quarter_statistics import (
    ConsultationCounts,
    LegalAidCounts,
    MediationAccepted,
    MediationClosed,
    PublicityCounts,
    QuarterCounts,
    VillageKey,
)
from station_app.domain.rounding import hours, percent
from station_app.reports.columns import COLUMNS
from station_app.reports.satisfaction_table import SatisfactionRow, satisfaction_rows

STATION_ROW = "工作站本级"
TOTAL_ROW = "合计"
SEAL_TEXT = "（盖章）"
#: The legend of the 达标情况 detail; the fill it names is ``FAIL_FILL`` in both files, the
#: light red that spreadsheets use for a bad value.
FAIL_LEGEND = "浅红底：该期间未达到最低时长；"

CellValue = int | Decimal | str | None


class RowKind(StrEnum):
    VILLAGE = "village"
    STATION = "station"
    TOTAL = "total"


@dataclass(frozen=True)
class TableRow:
    """One line of the table; attribute names are the column keys of ``columns.COLUMNS``."""

    unit: str
    kind: RowKind
    consultations: int
    consult_special: int
    consult_referred: int
    mediation_accepted: int
    mediation_closed: int
    mediation_success: int
    success_rate: Decimal | None
    mediation_amount: Decimal
    persons_involved: int
    judicial_confirmed: int
    publicity_events: int
    publicity_audience: int
    duty_visits: int
    duty_hours: Decimal
    duty_pending: int
    contract_opinion: int
    aid_reviews: int
    aid_forwarded: int
    duty_compliance: str  # 达标 / 未达标 / 未到期; '' for 工作站本级; n/m in 合计
    publicity_compliance: str

    def value(self, key: str) -> CellValue:
        found: CellValue = getattr(self, key)
        return found

    def cells(self) -> list[CellValue]:
        return [self.value(c.key) for c in COLUMNS]


@dataclass(frozen=True)
class LateAmendment:
    """A record entered or changed after the quarter's table was submitted (已上报)."""

    ledger: str
    record_date: date
    unit: str
    change: str  # 补录 / 修改 / 作废 / 确认, several joined by 、
    detail: str


@dataclass(frozen=True)
class QuarterlyTable:
    quarter: Quarter
    station_name: str
    village_name: str | None  # None: the whole station
    produced_on: date
    as_of_seq: int  # the store's change sequence the figures were read at
    rows: tuple[TableRow, ...]
    compliance: tuple[VillageCompliance, ...]
    months: tuple[Period, ...]
    weeks: tuple[Period, ...]
    minimums_note: str
    submitted_on: date | None
    late_amendments: tuple[LateAmendment, ...]
    prepared_by: str | None  # 填表人: who produced the table; 审核人 is left blank to sign
    satisfaction: tuple[SatisfactionRow, ...] = ()  # the 满意度 sheet, per unit like ``rows``

    @property
    def title(self) -> str:
        return f"{self.station_name} 公共法律服务工作统计表（{self.quarter.label}）"

    @property
    def unit_line(self) -> str:
        unit = self.station_name + (f" {self.village_name}" if self.village_name else "")
        return f"填报单位：{unit}"

    @property
    def period_line(self) -> str:
        return f"统计期间：{cn_date(self.quarter.start)}至{cn_date(self.quarter.end)}"

    @property
    def produced_line(self) -> str:
        return f"制表日期：{cn_date(self.produced_on)}"

    @property
    def signature_parts(self) -> tuple[str, str, str]:
        blank = "__________"  # signed by hand on the printout
        return (
            f"填表人：{self.prepared_by or blank}",
            f"审核人：{blank}",
            f"填报日期：{cn_date(self.produced_on)}",
        )

    @property
    def signature_line(self) -> str:
        return "　　".join(self.signature_parts)

    @property
    def amendments_heading(self) -> str:
        assert self.submitted_on is not None
        return (
            f"上报后补录、更正的记录（本季度统计表已于{cn_date(self.submitted_on)}上报，"
            f"共{len(self.late_amendments)}条，已计入上表）"
        )

    @property
    def total(self) -> TableRow | None:
        return next((r for r in self.rows if r.kind is RowKind.TOTAL), None)

    def row(self, unit: str) -> TableRow:
        return next(r for r in self.rows if r.unit == unit)


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


_OP_LABELS = {
    OutboxOp.CREATE: "补录",
    OutboxOp.UPDATE: "修改",
    OutboxOp.VOID: "作废",
    OutboxOp.CONFIRM: "确认",
}


def change_label(ops: tuple[OutboxOp, ...]) -> str:
    """补录 / 修改 / 作废 / 确认, as a late amendment's change is worded."""
    if OutboxOp.CREATE in ops:  # new since the submission: its edits are part of the new entry
        ops = tuple(op for op in ops if op in (OutboxOp.CREATE, OutboxOp.VOID))
    return "、".join(_OP_LABELS[op] for op in ops)


def _unit_row(
    unit: str,
    kind: RowKind,
    key: VillageKey,
    quarter: Quarter,
    counts: QuarterCounts,
    duty_compliance: str,
    publicity_compliance: str,
) -> TableRow:
    consult = counts.consultations.get(key, ConsultationCounts())
    accepted = counts.mediation_accepted.get(key, MediationAccepted())
    closed = counts.mediation_closed.get(key, MediationClosed())
    publicity = counts.publicity.get(key, PublicityCounts())
    aid = counts.legal_aid.get(key, LegalAidCounts())
    in_quarter = [d for d in counts.duty_days if d.village_id == key and d.day in quarter]
    confirmed = [d for d in in_quarter if d.confirmed]
    return TableRow(
        unit=unit,
        kind=kind,
        consultations=consult.total,
        consult_special=consult.special_groups,
        consult_referred=consult.referred,
        mediation_accepted=accepted.cases,
        mediation_closed=closed.closed,
        mediation_success=closed.success,
        success_rate=percent(closed.success, closed.closed),
        mediation_amount=closed.amount,
        persons_involved=accepted.persons_involved,
        judicial_confirmed=closed.judicially_confirmed,
        publicity_events=publicity.events,
        publicity_audience=publicity.audience,
        duty_visits=sum(d.visits for d in confirmed),
        duty_hours=hours(sum(d.seconds for d in confirmed)),
        duty_pending=sum(d.visits for d in in_quarter if not d.confirmed),
        contract_opinion=counts.contract_and_opinion.get(key, 0),
        aid_reviews=aid.reviews,
        aid_forwarded=aid.forwarded,
        duty_compliance=duty_compliance,
        publicity_compliance=publicity_compliance,
    )


_DECIMAL_COLUMNS = {"mediation_amount", "duty_hours"}
_SUMMED = [
    f.name
    for f in fields(TableRow)
    if f.name not in ("unit", "kind", "success_rate", "duty_compliance", "publicity_compliance")
]


def total_row(rows: list[TableRow], villages: list[TableRow]) -> TableRow:
    """Every column summed as shown (so the printed column adds up); the rate from the sums."""
    sums: dict[str, int | Decimal] = {}
    for name in _SUMMED:
        zero: int | Decimal = Decimal(0) if name in _DECIMAL_COLUMNS else 0
        sums[name] = sum((getattr(r, name) for r in rows), zero)
    judged = [r for r in villages if r.duty_compliance in (MET, NOT_MET)]
    duty_met = sum(1 for r in judged if r.duty_compliance == MET)
    publicity_met = sum(1 for r in villages if r.publicity_compliance == MET)
    return TableRow(
        unit=TOTAL_ROW,
        kind=RowKind.TOTAL,
        success_rate=percent(int(sums["mediation_success"]), int(sums["mediation_closed"])),
        duty_compliance=f"{duty_met}/{len(judged)}",
        publicity_compliance=f"{publicity_met}/{len(villages)}",
        **sums,  # type: ignore[arg-type]
    )


def minimums_note(m: DutyMinimums) -> str:
    return (
        f"值班达标：镇的村每月不少于{m.town_month_hours:g}小时；街道的社区每月不少于"
        f"{m.street_month_hours:g}小时，且每周（周一在本季度内的周一至周日）不少于"
        f"{m.street_week_hours:g}小时；只计已确认的值班。本季度尚未结束的月、周不作评判。"
        "宣传达标：本季度至少开展一次法治宣传。"
    )


@dataclass(frozen=True)
class TableRows:
    rows: tuple[TableRow, ...]
    compliance: tuple[VillageCompliance, ...]
    satisfaction: tuple[SatisfactionRow, ...] = ()


def table_rows(
    quarter: Quarter,
    counts: QuarterCounts,
    villages: Sequence[Village],
    minimums: DutyMinimums,
    produced_on: date,
    *,
    whole_station: bool,
) -> TableRows:
    """One row per village (in the order given), then, for the whole station, 工作站本级 and
    合计; and each village's 达标情况. Records of a village not listed count in no row."""
    compliance = assess(quarter, villages, counts.duty_days, minimums, produced_on)
    rows = []
    for village, verdict in zip(villages, compliance, strict=True):
        held = counts.publicity.get(village.id, PublicityCounts()).events > 0
        rows.append(
            _unit_row(
                village.name,
                RowKind.VILLAGE,
                village.id,
                quarter,
                counts,
                verdict.verdict,
                MET if held else NOT_MET,
            )
        )
    village_rows = list(rows)
    if whole_station:
        rows.append(_unit_row(STATION_ROW, RowKind.STATION, None, quarter, counts, "", ""))
        rows.append(total_row(rows, village_rows))
    units: list[tuple[str, VillageKey]] = [(v.name, v.id) for v in villages]
    satisfaction = satisfaction_rows(
        counts.satisfaction,
        [*units, (STATION_ROW, None)] if whole_station else units,
        total_unit=TOTAL_ROW if whole_station else None,
    )
    return TableRows(tuple(rows), compliance, satisfaction)
