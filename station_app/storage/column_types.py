"""Column types that let the ORM hold domain values (enums, choice sets, money, sealed
personal numbers) as they are."""

from __future__ import annotations

import json
from decimal import Decimal
from enum import StrEnum
from typing import Any, Generic, TypeVar

from sqlalchemy import Integer, String, Text, func, literal_column
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from station_app.security.field_sealer import LOOKUP_CHARS, LOOKUP_START, FieldSealer

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


class TextLines(TypeDecorator[tuple[str, ...]]):
    """A numbered list (申请事项, 协议内容) kept in order as a JSON array of texts: an item may
    hold any punctuation, so no separator would do. An empty list is NULL."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: tuple[str, ...] | None, dialect: Dialect) -> str | None:
        return json.dumps(list(value), ensure_ascii=False) if value else None

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[str, ...]:
        if not value:
            return ()
        items = json.loads(value)
        return tuple(str(item) for item in items) if isinstance(items, list) else ()


class Money(TypeDecorator[Decimal]):
    """Yuan held as integer fen: sums stay exact, unlike SQLite's floating NUMERIC."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        return None if value is None else int((Decimal(value) * 100).to_integral_value())

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


#: Purposes of sealed columns: what the cipher binds a value to and the lookup is keyed by.
PHONE, RESIDENT_ID = "phone", "id_number"

#: The attribute of an engine's dialect that holds its store's FieldSealer (see Store.open).
SEALER_ATTR = "station_sealer"


class SealedStoreError(RuntimeError):
    """A personal number reached an engine that has no data key: never written in clear."""


def sealer_of(dialect: Dialect) -> FieldSealer:
    sealer: FieldSealer | None = getattr(dialect, SEALER_ATTR, None)
    if sealer is None:
        raise SealedStoreError("store opened without its data key")
    return sealer


class Sealed(TypeDecorator[str]):
    """An ID or phone number, sealed with the store's data key (security.field_sealer).

    Every path that writes the column (ORM, Core bulk inserts, sync) seals it here, so none
    can forget; the key hangs on the engine's dialect because each store has its own.
    """

    impl = Text
    cache_ok = True

    def __init__(self, purpose: str) -> None:
        super().__init__()
        self.purpose = purpose

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return sealer_of(dialect).seal(self.purpose, value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return sealer_of(dialect).open(self.purpose, str(value))


def lookup_of(column: Any) -> Any:
    """The SQL expression of a sealed column's lookup (see security.field_sealer)."""
    # Literal numbers, not bound parameters: SQLite uses an expression index only when the
    # query's expression is the very same text.
    return func.substr(column, literal_column(str(LOOKUP_START)), literal_column(str(LOOKUP_CHARS)))
