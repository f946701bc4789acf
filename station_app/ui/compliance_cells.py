"""One cell of the 达标情况 view: a period's lawyer hours, and whether it is over yet.

A month or week still running is not a failure: it shows 进行中 (with the hours so far, if
any), and one not begun yet stays blank, so a 0.0 only ever means a period that ended empty.
"""

from __future__ import annotations

from datetime import date

from station_app.domain.duty_compliance import PeriodHours
from station_app.ui.i18n import tr


def period_cell(hours: PeriodHours, produced_on: date) -> str:
    if hours.judged:  # over before the table was made
        text = f"{hours.hours:.1f}"
        return text + tr(" 未达标") if hours.met is False else text
    if hours.period.start > produced_on:
        return ""
    if hours.seconds == 0:
        return tr("进行中")
    return tr("{0:.1f}（进行中）").format(hours.hours)
