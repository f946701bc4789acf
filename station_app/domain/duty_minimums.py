"""Lawyer minimum hours (值班达标): a county setting, with the spec's defaults.

The county server hands it to every station as reference data under ``DUTY_MINIMUMS_KEY``;
both sides judge 达标 with the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass

DUTY_MINIMUMS_KEY = "duty_minimums"


@dataclass(frozen=True)
class DutyMinimums:
    """Lawyer minimum hours (值班达标): county settings, defaults from the spec."""

    town_month_hours: float = 4.0
    street_month_hours: float = 8.0
    street_week_hours: float = 2.0
