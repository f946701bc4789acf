"""The 满意度 part of the quarterly report as plain typed data, per unit like the main table.

Built from ``QuarterCounts.satisfaction`` (``domain.satisfaction_statistics``) by the station
and the county alike; the Excel sheet and the PDF section only show these rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from station_app.domain.rounding import percent
from station_app.domain.satisfaction_statistics import SatisfactionCounts, VillageKey

#: Column headers, in order; the first is the unit.
HEADERS: tuple[str, ...] = (
    "单位",
    "回访(次)",
    "评价(次)",
    "满意",
    "基本满意",
    "不满意",
    "满意率(%)",
)
NOTE = (
    "说明：回访按回访日期计入本季度；评价(次)为本季度法律咨询及回访中作出满意度评价的次数"
    "（未评价的不计）；满意率 =（满意 + 基本满意）÷ 评价(次) × 100，四舍五入保留一位小数，"
    "无评价时空白。"
)


@dataclass(frozen=True)
class SatisfactionRow:
    unit: str
    is_total: bool
    follow_ups: int
    rated: int
    satisfied: int
    fairly_satisfied: int
    dissatisfied: int
    rate: Decimal | None  # 满意率 (%), None when nothing was rated

    def cells(self) -> list[str | int | Decimal | None]:
        return [
            self.unit,
            self.follow_ups,
            self.rated,
            self.satisfied,
            self.fairly_satisfied,
            self.dissatisfied,
            self.rate,
        ]


def satisfaction_row(
    unit: str, counts: SatisfactionCounts, *, total: bool = False
) -> SatisfactionRow:
    return SatisfactionRow(
        unit=unit,
        is_total=total,
        follow_ups=counts.follow_ups,
        rated=counts.rated,
        satisfied=counts.satisfied,
        fairly_satisfied=counts.fairly_satisfied,
        dissatisfied=counts.dissatisfied,
        rate=percent(counts.satisfied + counts.fairly_satisfied, counts.rated),
    )


def counts_of(row: SatisfactionRow) -> SatisfactionCounts:
    return SatisfactionCounts(row.follow_ups, row.satisfied, row.fairly_satisfied, row.dissatisfied)


def satisfaction_rows(
    by_key: dict[VillageKey, SatisfactionCounts],
    units: Sequence[tuple[str, VillageKey]],
    *,
    total_unit: str | None,
) -> tuple[SatisfactionRow, ...]:
    """One row per (unit name, village key) in the order given; with ``total_unit``, then a
    total whose rate comes from the summed counts (not an average of rates)."""
    rows = [satisfaction_row(name, by_key.get(key, SatisfactionCounts())) for name, key in units]
    if total_unit is not None:
        rows.append(total_of(rows, total_unit))
    return tuple(rows)


def total_of(rows: Iterable[SatisfactionRow], unit: str) -> SatisfactionRow:
    summed = sum((counts_of(r) for r in rows), SatisfactionCounts())
    return satisfaction_row(unit, summed, total=True)
