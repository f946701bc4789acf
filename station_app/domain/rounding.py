"""Rounding as the bureau's tables do it: half up (四舍五入), never Python's half-to-even."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ONE_DECIMAL = Decimal("0.1")
SECONDS_PER_HOUR = 3600


def half_up(value: Decimal, places: Decimal = ONE_DECIMAL) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def hours(seconds: int) -> Decimal:
    """Duty seconds as hours to one decimal."""
    return half_up(Decimal(seconds) / SECONDS_PER_HOUR)


def percent(part: int, whole: int) -> Decimal | None:
    """part ÷ whole × 100 to one decimal; None (an empty cell) when whole is 0."""
    if whole == 0:
        return None
    return half_up(Decimal(part) * 100 / Decimal(whole))
