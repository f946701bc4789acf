"""Many rows into one table fast: the import and the demo data write tens of thousands at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import ClauseElement, Date, DateTime, Dialect, Table, inspect
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from station_app.storage.column_types import (
    Choice,
    ChoiceSet,
    Money,
    NameList,
    Sealed,
    sealer_of,
)


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany of an INSERT compiled once, each value through its column type's own
    bind processor: what ``session.execute(insert(table), rows)`` does, without SQLAlchemy's
    per-row parameter handling, which costs more than SQLite's insert itself at import scale.
    Every row must carry the same keys; columns left out get NULL, so none may have a default.
    """
    if not rows:
        return
    keys = tuple(rows[0])
    insert_values(session, table, keys, [[row[k] for k in keys] for row in rows])


def insert_values(
    session: Session, table: Table, keys: tuple[str, ...], values: list[list[Any]]
) -> None:
    """``insert_rows`` for rows given as lists of values in the order of ``keys`` (no dict per
    row). The lists are processed in place."""
    if not values:
        return
    connection = session.connection()
    sql, processors = _compiled(table, keys, connection.dialect)
    for index, proc, memo in processors:
        if proc is None:
            continue
        if isinstance(memo, str):
            # A sealed number: the store's sealer called directly, each value with a nonce
            # of its own, as Sealed.process_bind_param would, without two wrappers a value.
            seal: Callable[[str, str], str] | None = None
            for row_values in values:
                value = row_values[index]
                if value is not None:
                    if seal is None:  # no key needed for a column left empty
                        seal = sealer_of(connection.dialect).seal
                    row_values[index] = seal(memo, value)
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
    driver(session).executemany(sql, values)


def driver(session: Session) -> Any:
    """The driver's own connection under the session's (write) transaction.

    The same connection and transaction, so a statement run on it lands or rolls back with the
    rest; what it skips is SQLAlchemy's per-statement work (40-80 µs each, against 2 µs for
    SQLite's own small read), which a dozen statements per save turned into most of a
    save's CPU time. Nothing listens to statement execution (engine.py listens to connect,
    begin and checkin only), and failure_text reads sqlite3's errors as it reads wrapped ones.
    """
    return session.connection().connection.driver_connection


def sqlite_text(statement: ClauseElement) -> str:
    """A Core statement without parameters as SQLite's SQL text, for ``driver``."""
    return str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))


#: Per parameter of the SQL, in order: the position of its value in the caller's ``keys``,
#: its bind processor, and whether equal values may share one processed value (not for a
#: sealed number: each gets its own nonce; for those, the column's purpose).
_Processors = list[tuple[int, Callable[[Any], Any] | None, bool | str]]
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
        # The columns in the caller's order, so each row's values go in as they are.
        quote = dialect.identifier_preparer
        sql = (
            f"INSERT INTO {quote.format_table(table)}"
            f" ({', '.join(quote.quote(table.c[k].name) for k in keys)})"
            f" VALUES ({', '.join('?' for _ in keys)})"
        )
        processors: _Processors = [
            (
                index,
                table.c[name].type.dialect_impl(dialect).bind_processor(dialect),
                _memoizable(table.c[name].type),
            )
            for index, name in enumerate(keys)
        ]
        found = cache[table, keys] = (sql, processors)
    return found


def _memoizable(column_type: TypeEngine[Any]) -> bool | str:
    """Whether a column's values are hashable and processed the same each time: dates, times
    and our choice and money types are; a sealed number is not (a fresh nonce each time), and
    is told by its purpose instead."""
    if isinstance(column_type, Sealed):
        return column_type.purpose
    return isinstance(column_type, Date | DateTime | Choice | ChoiceSet | NameList | Money)


def table_of(model: type[Any]) -> Table:
    """The Table a mapped class writes to."""
    table = inspect(model).local_table
    assert isinstance(table, Table)
    return table
