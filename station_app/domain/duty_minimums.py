"""Lawyer minimum hours (值班达标): the county's setting, with the spec's defaults."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DutyMinimums:
    """Hours per period; 0 means "no minimum" for that kind of period."""

    town_month_hours: float = 4.0
    street_month_hours: float = 8.0
    street_week_hours: float = 2.0
