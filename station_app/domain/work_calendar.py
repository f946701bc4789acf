"""Official working days (工作日): weekends, statutory holidays and make-up days (调休上班).

The quarterly table is due on the quarter's last working day, and the State Council moves
working days every year: a holiday may take a weekday (2023-09-29, 中秋节), a make-up day may
make a Saturday a working day (2017-09-30). The schedules below are those of the State
Council's notices (国务院办公厅关于 YYYY 年部分节假日安排的通知), copied day by day:

- 2023: 国办发明电〔2022〕16号 (2022-12-08)
- 2024: 国办发明电〔2023〕7号 (2023-10-25)
- 2025: 国办发明电〔2024〕12号 (2024-11-12)
- 2026: 国办发明电〔2025〕7号 (2025-11-04)

A year without its notice here counts Monday to Friday as working days. For 2027 that still
gives every quarter's exact last working day: 2027-03-31, 06-30, 09-30 and 12-31 are weekdays
that no statutory holiday reaches (清明 falls on 4-5, 端午 on 6-9, 国庆 starts on 10-01 and the
2028 元旦 on a Saturday), and a make-up day is always a weekend day, which cannot come after a
quarter's last weekday. Add each new notice here, one entry per year, as it is published.
"""

from __future__ import annotations

from datetime import date, timedelta


def _days(year: int, *spans: tuple[int, int, int, int] | tuple[int, int]) -> frozenset[date]:
    """(month, day) single days and (month, day, month, day) inclusive spans of ``year``."""
    out: set[date] = set()
    for span in spans:
        first = date(year, span[0], span[1])
        last = date(year, span[2], span[3]) if len(span) == 4 else first
        while first <= last:
            out.add(first)
            first += timedelta(days=1)
    return frozenset(out)


#: Statutory holidays and the weekdays moved into them (放假), by year.
HOLIDAYS: dict[int, frozenset[date]] = {
    2023: _days(2023, (1, 1, 1, 2), (1, 21, 1, 27), (4, 5), (4, 29, 5, 3), (6, 22, 6, 24),
                (9, 29, 10, 6)),
    2024: _days(2024, (1, 1), (2, 10, 2, 17), (4, 4, 4, 6), (5, 1, 5, 5), (6, 10),
                (9, 15, 9, 17), (10, 1, 10, 7)),
    2025: _days(2025, (1, 1), (1, 28, 2, 4), (4, 4, 4, 6), (5, 1, 5, 5), (5, 31, 6, 2),
                (10, 1, 10, 8)),
    2026: _days(2026, (1, 1, 1, 3), (2, 15, 2, 23), (4, 4, 4, 6), (5, 1, 5, 5), (6, 19, 6, 21),
                (9, 25, 9, 27), (10, 1, 10, 7)),
}  # fmt: skip

#: Weekend days worked instead (调休上班), by year.
MAKE_UP_DAYS: dict[int, frozenset[date]] = {
    2023: _days(2023, (1, 28), (1, 29), (4, 23), (5, 6), (6, 25), (10, 7), (10, 8)),
    2024: _days(2024, (2, 4), (2, 18), (4, 7), (4, 28), (5, 11), (9, 14), (9, 29), (10, 12)),
    2025: _days(2025, (1, 26), (2, 8), (4, 27), (9, 28), (10, 11)),
    2026: _days(2026, (1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)),
}


def has_schedule(year: int) -> bool:
    """Whether the State Council's notice for ``year`` is known here."""
    return year in HOLIDAYS


def is_working_day(day: date) -> bool:
    if day in MAKE_UP_DAYS.get(day.year, frozenset()):
        return True
    if day in HOLIDAYS.get(day.year, frozenset()):
        return False
    return day.weekday() < 5


def last_working_day_on_or_before(day: date) -> date:
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day
