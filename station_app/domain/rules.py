"""One checker that every ledger draft uses, so a rule is worded the same on every form."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from station_app.domain.errors import FieldError, ValidationError
from station_app.domain.identifiers import (
    IdentifierError,
    is_masked_phone,
    is_masked_resident_id,
    normalize_phone,
    normalize_resident_id,
)

E = TypeVar("E", bound=StrEnum)
D = TypeVar("D")

MAX_SHORT_TEXT = 100
MAX_LONG_TEXT = 4000
#: Far above any real count or sum; keeps a mistyped 10^20 out of the store's 64-bit integers
#: (amounts are held as integer fen) and out of Decimal's 28-digit arithmetic.
MAX_COUNT = 10**9
MAX_AMOUNT = Decimal(10**12)


def revised(draft: D, **changes: Any) -> D:
    """``dataclasses.replace`` for a draft's ``validated()``: the same new object, made without
    calling ``__init__`` (a frozen dataclass's sets each of its ~20 fields through
    ``object.__setattr__``), which halves the cost of the copy every save and every imported
    row makes. Only for the drafts: plain frozen dataclasses without ``__post_init__``,
    ``InitVar`` or ``init=False`` fields. An unknown field name raises TypeError, as
    ``replace`` does."""
    fields = draft.__dataclass_fields__  # type: ignore[attr-defined]
    if not changes.keys() <= fields.keys():  # a subset test builds no set, unlike a difference
        unknown = sorted(changes.keys() - fields.keys())
        raise TypeError(f"{type(draft).__name__} has no field {unknown}")
    new = object.__new__(type(draft))
    attrs = new.__dict__
    attrs.update(draft.__dict__)
    attrs.update(changes)
    return new


class Checker:
    """Collects every problem of one draft, so the clerk sees them all at once."""

    def __init__(self, labels: dict[str, str], today: date) -> None:
        self._labels = labels
        self.today = today
        self.errors: list[FieldError] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, self._labels.get(field, field), message))

    def ok(self, field: str) -> bool:
        return not any(e.field == field for e in self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)

    # -- single fields; each returns the normalised value (or None) --------------------------

    def text(
        self,
        field: str,
        value: str | None,
        *,
        required: bool = False,
        max_len: int = MAX_SHORT_TEXT,
    ) -> str | None:
        cleaned = (value or "").strip()
        if not cleaned:
            if required:
                self.fail(field, "必填")
            return None
        if len(cleaned) > max_len:
            self.fail(field, f"不能超过{max_len}个字")
        return cleaned

    def required(self, field: str, value: object) -> None:
        if value is None:
            self.fail(field, "必填")

    def day(self, field: str, value: date | None, *, required: bool = False) -> date | None:
        if value is None:
            if required:
                self.fail(field, "必填")
            return None
        if value > self.today:
            self.fail(field, "不能晚于今天")
        return value

    def not_before(
        self, field: str, value: date | None, start_field: str, start: date | None
    ) -> None:
        if value is not None and start is not None and value < start:
            self.fail(field, f"不能早于{self._labels.get(start_field, start_field)}")

    def choice(self, field: str, value: E | None, *, required: bool = False) -> E | None:
        if value is None and required:
            self.fail(field, "必填")
        return value

    def integer(
        self,
        field: str,
        value: int | None,
        *,
        lo: int,
        hi: int | None = None,
        required: bool = False,
    ) -> int | None:
        if value is None:
            if required:
                self.fail(field, "必填")
            return None
        if value < lo or (hi is not None and value > hi):
            self.fail(field, f"应在{lo}到{hi}之间" if hi is not None else f"不能小于{lo}")
        elif value > MAX_COUNT:
            self.fail(field, "数值过大")
        return value

    def amount(self, field: str, value: Decimal | None) -> Decimal | None:
        if value is None:
            return None
        if not value.is_finite() or value < 0:
            self.fail(field, "不能为负数")
            return value
        if value > MAX_AMOUNT:
            self.fail(field, "金额过大")
            return value
        if value != value.quantize(Decimal("0.01")):
            self.fail(field, "最多两位小数")
        return value

    def resident_id(self, field: str, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        if is_masked_resident_id(value):  # recorded in clear on another device
            return value
        try:
            return normalize_resident_id(value, today=self.today)
        except IdentifierError as exc:
            self.fail(field, str(exc))
            return value

    def phone(self, field: str, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        if is_masked_phone(value):  # recorded in clear on another device
            return value
        try:
            return normalize_phone(value)
        except IdentifierError as exc:
            self.fail(field, str(exc))
            return value

    def time_span(
        self, start_field: str, start: time | None, end_field: str, end: time | None
    ) -> None:
        """A duty visit lies within one day: end after start, hence under 24 hours."""
        self.required(start_field, start)
        self.required(end_field, end)
        if start is not None and end is not None and end <= start:
            self.fail(
                end_field,
                f"应晚于{self._labels.get(start_field, start_field)}（同一天内，不超过24小时）",
            )

    def names(
        self, field: str, value: tuple[str, ...], *, required: bool = False
    ) -> tuple[str, ...]:
        cleaned = tuple(n.strip() for n in value if n and n.strip())
        if required and not cleaned:
            self.fail(field, "至少填写一人")
        for n in cleaned:
            if len(n) > MAX_SHORT_TEXT:
                self.fail(field, f"每个姓名不能超过{MAX_SHORT_TEXT}个字")
                break
        return cleaned
