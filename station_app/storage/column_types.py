"""Column types that let the ORM hold domain values (enums, choice sets, money) as they are."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import Integer, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

E = TypeVar("E", bound=StrEnum)

#: Separator of multi-value cells, as in the ledger workbook (老年人、残疾人).
LIST_SEPARATOR = "、"


class Choice(TypeDecorator[E], Generic[E]):
    """A StrEnum stored as its Chinese value, readable in any SQLite browser."""

    impl = String(30)
    cache_ok = True

    def __init__(self, enum: type[E]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: E | None, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


class ChoiceSet(TypeDecorator[tuple[E, ...]], Generic[E]):
    """A multi-choice value (特殊群体) stored as `老年人、残疾人`; empty tuple stored as ''."""

    impl = String(200)
    cache_ok = True

    def __init__(self, enum: type[E]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: tuple[E, ...] | None, dialect: Dialect) -> str:
        return LIST_SEPARATOR.join(self.enum(v).value for v in (value or ()))

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[E, ...]:
        return tuple(self.enum(v) for v in str(value or "").split(LIST_SEPARATOR) if v)


class NameList(TypeDecorator[tuple[str, ...]]):
    """Several names in one cell (调解员), as the paper ledgers write them."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: tuple[str, ...] | None, dialect: Dialect) -> str:
        return LIST_SEPARATOR.join(value or ())

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[str, ...]:
        return tuple(v for v in str(value or "").split(LIST_SEPARATOR) if v)


class Money(TypeDecorator[Decimal]):
    """Yuan held as integer fen: sums stay exact, unlike SQLite's floating NUMERIC."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        return None if value is None else int((Decimal(value) * 100).to_integral_value())

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else (Decimal(int(value)) / 100).quantize(Decimal("0.01"))
