"""Lawyer minimum hours (值班达标): every month, and for street communities every week.

One set of rules for the quarterly table's `达标情况` sheet, the 工作台's progress panel and the
work queue's `hours_*` items, so the three can never disagree. Only confirmed visits count.
A week runs Monday to Sunday and belongs to the quarter its Monday falls in (so its last days
may lie in the next quarter). Only periods that have fully ended before the day the table is
produced are judged: the quarter in progress is judged on what is over, not failed for what
has not happened yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from station_app.domain.choices import UnitKind
from station_app.domain.duty_minimums import DutyMinimums
from station_app.domain.quarter import Quarter
from station_app.domain.quarter_statistics import DutyDay
from station_app.domain.rounding import SECONDS_PER_HOUR, hours

MET, NOT_MET, NOT_YET = "达标", "未达标", "未到期"


class Village(Protocol):
    """A row of the table: the station's village (its id keys the counts), or the county's."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> UnitKind: ...


@dataclass(frozen=True)
class Period:
    label: str  # 7月 / 第1周
    start: date
    end: date

    @property
    def span(self) -> str:
        return f"{self.start:%m-%d}~{self.end:%m-%d}"


@dataclass(frozen=True)
class PeriodHours:
    period: Period
    seconds: int
    minimum: Decimal | None  # hours; None: no minimum for this kind of period
    judged: bool  # the period has fully ended

    @property
    def hours(self) -> Decimal:
        return hours(self.seconds)

    @property
    def short(self) -> bool:
        """Below the minimum so far (judged or not); compared unrounded. No minimum: never."""
        return self.minimum is not None and Decimal(self.seconds) < self.minimum * SECONDS_PER_HOUR

    @property
    def met(self) -> bool | None:
        """None when not judged (not over yet, or no minimum); compared unrounded."""
        if not self.judged or self.minimum is None:
            return None
        return not self.short


@dataclass(frozen=True)
class VillageCompliance:
    village: str
    kind: UnitKind
    month_minimum: Decimal | None
    week_minimum: Decimal | None
    months: tuple[PeriodHours, ...]
    weeks: tuple[PeriodHours, ...]

    @property
    def judged(self) -> bool:
        return any(p.met is not None for p in (*self.months, *self.weeks))

    @property
    def failures(self) -> tuple[PeriodHours, ...]:
        return tuple(p for p in (*self.months, *self.weeks) if p.met is False)

    @property
    def failure_summary(self) -> str:
        """Which periods failed, e.g. `8月（6.0小时，不足8小时）；第3周 07-20~07-26（…）`."""
        parts = []
        for p in self.failures:
            name = p.period.label if p in self.months else f"{p.period.label} {p.period.span}"
            parts.append(f"{name}（{p.hours}小时，不足{float(p.minimum or 0):g}小时）")
        return "；".join(parts)

    @property
    def verdict(self) -> str:
        if self.failures:
            return NOT_MET
        return MET if self.judged else NOT_YET


def quarter_months(quarter: Quarter) -> tuple[Period, ...]:
    out = []
    for month in range(quarter.start.month, quarter.start.month + 3):
        first = date(quarter.year, month, 1)
        nxt = date(quarter.year + 1, 1, 1) if month == 12 else date(quarter.year, month + 1, 1)
        out.append(Period(f"{month}月", first, nxt - timedelta(days=1)))
    return tuple(out)


def quarter_weeks(quarter: Quarter) -> tuple[Period, ...]:
    """Monday-to-Sunday weeks whose Monday lies in the quarter."""
    monday = quarter.start + timedelta(days=(7 - quarter.start.weekday()) % 7)
    out: list[Period] = []
    while monday <= quarter.end:
        out.append(Period(f"第{len(out) + 1}周", monday, monday + timedelta(days=6)))
        monday += timedelta(days=7)
    return tuple(out)


def month_of(day: date) -> Period:
    """The calendar month holding ``day``, labelled as the sheet labels it (`7月`)."""
    first = day.replace(day=1)
    nxt = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
    return Period(f"{day.month}月", first, nxt - timedelta(days=1))


def week_of(day: date) -> Period:
    """The Monday-to-Sunday week holding ``day``, labelled as the sheet labels it: by its
    number among the weeks of the quarter its Monday falls in."""
    monday = day - timedelta(days=day.weekday())
    for period in quarter_weeks(Quarter.of(monday)):
        if period.start == monday:
            return period
    raise AssertionError("every Monday starts a week of its quarter")  # pragma: no cover


def seconds_by_village(days: Iterable[DutyDay]) -> dict[int, dict[date, int]]:
    """Confirmed duty seconds per village and day (the station's own visits set no minimum)."""
    seconds: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for d in days:
        if d.confirmed and d.village_id is not None:
            seconds[d.village_id][d.day] += d.seconds
    return seconds


def period_hours(
    per_day: dict[date, int], period: Period, minimum: Decimal | None, produced_on: date
) -> PeriodHours:
    """A village's confirmed hours in ``period``, judged only once the period is over."""
    total = sum(s for day, s in per_day.items() if period.start <= day <= period.end)
    return PeriodHours(period, total, minimum, period.end < produced_on)


def _minimum(value: float) -> Decimal | None:
    return Decimal(str(value)) if value > 0 else None


def minimums_for(kind: UnitKind, settings: DutyMinimums) -> tuple[Decimal | None, Decimal | None]:
    """(per month, per week) in hours for a village of this kind; None: no such minimum."""
    if kind is UnitKind.STREET:
        return _minimum(settings.street_month_hours), _minimum(settings.street_week_hours)
    return _minimum(settings.town_month_hours), None


def assess(
    quarter: Quarter,
    villages: Iterable[Village],
    days: Iterable[DutyDay],
    settings: DutyMinimums,
    produced_on: date,
) -> tuple[VillageCompliance, ...]:
    seconds = seconds_by_village(days)
    months, weeks = quarter_months(quarter), quarter_weeks(quarter)
    out = []
    for village in villages:
        per_day = seconds.get(village.id, {})
        month_min, week_min = minimums_for(village.kind, settings)
        out.append(
            VillageCompliance(
                village=village.name,
                kind=village.kind,
                month_minimum=month_min,
                week_minimum=week_min,
                months=tuple(period_hours(per_day, p, month_min, produced_on) for p in months),
                weeks=tuple(period_hours(per_day, p, week_min, produced_on) for p in weeks),
            )
        )
    return tuple(out)
