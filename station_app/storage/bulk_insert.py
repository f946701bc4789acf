"""Many rows into one table fast: the import and the demo data write tens of thousands at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Date, DateTime, Dialect, Table, insert, inspect
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from station_app.storage.column_types import Choice, ChoiceSet, Money, NameList


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany of an INSERT compiled once, each value through its column type's own
    bind processor: what ``session.execute(insert(table), rows)`` does, without SQLAlchemy's
    per-row parameter handling, which costs more than SQLite's insert itself at import scale.
    Every row must carry the same keys; columns left out get NULL, so none may have a default.
    """
    if not rows:
        return
    connection = session.connection()
    sql, processors = _compiled(table, tuple(rows[0]), connection.dialect)
    names = [name for name, _, _ in processors]
    values = [[row[name] for name in names] for row in rows]
    for index, (_, proc, memo) in enumerate(processors):
        if proc is None:
            continue
        if not memo:
            for row_values in values:
                value = row_values[index]
                if value is not None:
                    row_values[index] = proc(value)
            continue
        # A batch repeats its values (one timestamp, a dozen categories, a year of dates):
        # each distinct one goes through its processor once.
        done: dict[Any, Any] = {}
        for row_values in values:
            value = row_values[index]
            if value is None:
                continue
            try:
                row_values[index] = done[value]
            except KeyError:
                row_values[index] = done[value] = proc(value)
    connection.exec_driver_sql(sql, [tuple(v) for v in values])


#: Per parameter: its name, its bind processor, and whether equal values may share one
#: processed value (not for a sealed number: each gets its own nonce).
_Processors = list[tuple[str, Callable[[Any], Any] | None, bool]]
#: Per dialect instance, not per dialect name: a bind processor calls back into its dialect,
#: which carries its own store's data key (column_types.Sealed).
_COMPILED: WeakKeyDictionary[Dialect, dict[tuple[Table, tuple[str, ...]], tuple[str, _Processors]]]
_COMPILED = WeakKeyDictionary()


def _compiled(table: Table, keys: tuple[str, ...], dialect: Dialect) -> tuple[str, _Processors]:
    """The INSERT's SQL and each parameter's bind processor, made once per table and key set:
    compiling costs more than inserting one row, and a single save inserts into four tables."""
    cache = _COMPILED.setdefault(dialect, {})
    found = cache.get((table, keys))
    if found is None:
        left_out = [c.key for c in table.c if c.key not in keys and c.default is not None]
        if left_out:
            raise ValueError(f"{table.name}: values needed for {left_out}")
        compiled = insert(table).compile(dialect=dialect, column_keys=list(keys))
        processors: _Processors = [
            (
                name,
                table.c[name].type.dialect_impl(dialect).bind_processor(dialect),
                _memoizable(table.c[name].type),
            )
            for name in compiled.positiontup or []
        ]
        found = cache[table, keys] = (compiled.string, processors)
    return found


def _memoizable(column_type: TypeEngine[Any]) -> bool:
    """Whether a column's values are hashable and processed the same each time: dates, times
    and our choice and money types are; a sealed number is not (a fresh nonce each time)."""
    return isinstance(column_type, Date | DateTime | Choice | ChoiceSet | NameList | Money)


def table_of(model: type[Any]) -> Table:
    """The Table a mapped class writes to."""
    table = inspect(model).local_table
    assert isinstance(table, Table)
    return table
