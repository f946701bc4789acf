"""The statistics table's columns, named as the spec names them, shared by every renderer."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ValueKind(StrEnum):
    TEXT = "text"
    COUNT = "count"
    AMOUNT = "amount"  # yuan, two decimals
    HOURS = "hours"  # one decimal
    RATE = "rate"  # percent, one decimal; empty when undefined


@dataclass(frozen=True)
class Column:
    key: str  # the TableRow attribute it shows
    header: str  # exactly the spec's column name
    group: str | None  # the grouping header above it; None: the header spans both rows
    kind: ValueKind


UNIT_GROUP = None

COLUMNS: tuple[Column, ...] = (
    Column("unit", "单位", UNIT_GROUP, ValueKind.TEXT),
    Column("consultations", "法律咨询(人次)", "法律咨询", ValueKind.COUNT),
    Column("consult_special", "其中特殊群体(人次)", "法律咨询", ValueKind.COUNT),
    Column("consult_referred", "转介(件)", "法律咨询", ValueKind.COUNT),
    Column("mediation_accepted", "调解受理(件)", "人民调解", ValueKind.COUNT),
    Column("mediation_closed", "调解结案(件)", "人民调解", ValueKind.COUNT),
    Column("mediation_success", "调解成功(件)", "人民调解", ValueKind.COUNT),
    Column("success_rate", "调解成功率(%)", "人民调解", ValueKind.RATE),
    Column("mediation_amount", "涉及金额(元)", "人民调解", ValueKind.AMOUNT),
    Column("persons_involved", "涉及人数", "人民调解", ValueKind.COUNT),
    Column("judicial_confirmed", "司法确认(件)", "人民调解", ValueKind.COUNT),
    Column("publicity_events", "法治宣传(次)", "法治宣传", ValueKind.COUNT),
    Column("publicity_audience", "受众(人次)", "法治宣传", ValueKind.COUNT),
    Column("duty_visits", "律师值班(次)", "律师值班", ValueKind.COUNT),
    Column("duty_hours", "值班时长(小时)", "律师值班", ValueKind.HOURS),
    Column("duty_pending", "待确认值班(次)", "律师值班", ValueKind.COUNT),
    Column("contract_opinion", "合同审查及法律意见(件)", "律师值班", ValueKind.COUNT),
    Column("aid_reviews", "法律援助初审(件)", "法律援助", ValueKind.COUNT),
    Column("aid_forwarded", "转送法援中心(件)", "法律援助", ValueKind.COUNT),
    Column("duty_compliance", "值班达标", "达标情况", ValueKind.TEXT),
    Column("publicity_compliance", "宣传达标", "达标情况", ValueKind.TEXT),
)

COLUMN_BY_KEY = {c.key: c for c in COLUMNS}


def header_groups() -> list[tuple[str | None, int, int]]:
    """(group, first index, last index) runs over COLUMNS: the grouping header's merged cells."""
    runs: list[tuple[str | None, int, int]] = []
    for i, column in enumerate(COLUMNS):
        if runs and column.group is not None and runs[-1][0] == column.group:
            runs[-1] = (column.group, runs[-1][1], i)
        else:
            runs.append((column.group, i, i))
    return runs


def format_value(value: object, kind: ValueKind) -> str:
    """How a value reads on screen and in the PDF (Excel keeps the number and a format)."""
    if value is None:
        return ""
    if kind is ValueKind.AMOUNT:
        return f"{value:,.2f}"
    if kind in (ValueKind.HOURS, ValueKind.RATE):
        return f"{value:.1f}"
    return str(value)
