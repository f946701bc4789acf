"""Many rows into one table fast: the import and the demo data write tens of thousands at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert, inspect
from sqlalchemy.orm import Session


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """One executemany of an INSERT compiled once, each value through its column type's own
    bind processor: what ``session.execute(insert(table), rows)`` does, without SQLAlchemy's
    per-row parameter handling, which costs more than SQLite's insert itself at import scale.
    Every row must carry the same keys; columns left out get NULL, so none may have a default.
    """
    if not rows:
        return
    keys = list(rows[0])
    left_out = [c.key for c in table.c if c.key not in rows[0] and c.default is not None]
    if left_out:
        raise ValueError(f"{table.name}: values needed for {left_out}")
    connection = session.connection()
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    order = compiled.positiontup or []
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order
    ]
    values = [[row[name] for name in order] for row in rows]
    for index, proc in enumerate(processors):
        if proc is not None:
            for row_values in values:
                value = row_values[index]
                if value is not None:
                    row_values[index] = proc(value)
    connection.exec_driver_sql(compiled.string, [tuple(v) for v in values])


def table_of(model: type[Any]) -> Table:
    """The Table a mapped class writes to."""
    table = inspect(model).local_table
    assert isinstance(table, Table)
    return table
