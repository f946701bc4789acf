"""Stations' counted quarterly tables saved in the county database, and read back.

Counting a station's quarter costs about 0.5 s of CPU per 12,500 records, and the console's
in-memory cache (``county_report.RowsCache``) is empty after a restart and in each worker of
a ``--workers N`` server. A counted table is saved as typed JSON (the sync payload's codec:
Decimal as a string, enums by value, dates ISO; no pickle, so a tampered row can only fail to
decode) beside a digest of everything it was counted by; a table whose digest still matches
is read instead of counted. One row per station and quarter: a newer count overwrites it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

import station_app
from station_app.domain.duty_compliance import Period, PeriodHours, VillageCompliance
from station_app.domain.duty_minimums import DutyMinimums
from station_app.domain.errors import FieldError
from station_app.reports.quarterly_table import TableRow, TableRows
from station_app.reports.satisfaction_table import SatisfactionRow
from sync.payload import BadValue, decode_value, encode_draft
from sync.server.models import StationTableRow, VillageRow
from sync.server.reference import utcnow

log = logging.getLogger("county.console")

#: The table's shape: a saved table of an older shape (a column added) no longer matches.
_SHAPE = tuple(
    (c.__name__, tuple((f.name, str(f.type)) for f in dataclasses.fields(c)))
    for c in (TableRows, TableRow, VillageCompliance, PeriodHours, Period, SatisfactionRow)
)


def places(villages: Sequence[VillageRow]) -> tuple[Any, ...]:
    """The station's villages as its table's key holds them (a rename, a new or voided village
    changes the table)."""
    return tuple((v.id, v.uuid, v.name, v.kind, v.voided, v.position) for v in villages)


def table_key(last_seq: int, villages: tuple[Any, ...], minimums: DutyMinimums, today: date) -> str:
    """A digest of what a station's table is counted by besides its station and quarter: its
    records (``last_seq``), its villages, the minimums, the day; and the software and table
    shape that counted it (an upgrade counts again rather than read an older count)."""
    what = (station_app.__version__, _SHAPE, last_seq, villages, minimums, today)
    return hashlib.sha256(repr(what).encode()).hexdigest()


def table_json(table: TableRows) -> str:
    # encode_draft writes any dataclass's fields as the wire does (no village field here).
    return json.dumps(encode_draft(table, {}), ensure_ascii=False, separators=(",", ":"))


def table_from_json(text: str) -> TableRows | None:
    """The saved table, or None if it does not decode as one (it is then counted again)."""
    errors: list[FieldError] = []
    try:
        table = decode_value(TableRows, json.loads(text), "table", errors)
    except (BadValue, ValueError, TypeError):
        return None
    return table if not errors and isinstance(table, TableRows) else None


def load(session: Session, station_id: int, quarter: str, key: str) -> TableRows | None:
    """The station's saved table for the quarter if it was counted by the same ``key``."""
    saved = session.execute(
        select(StationTableRow.key, StationTableRow.rows).where(
            StationTableRow.station_id == station_id, StationTableRow.quarter == quarter
        )
    ).first()
    if saved is None or saved.key != key:
        return None
    return table_from_json(saved.rows)


def save(engine: Engine, station_id: int, quarter: str, key: str, table: TableRows) -> None:
    """Save (or overwrite) the station's table for the quarter, in its own transaction. Two
    workers saving at once: the last one wins. A failure is logged, never raised: the table
    is still shown, and counted again after the next restart."""
    try:
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        values = {"key": key, "rows": table_json(table), "counted_at": utcnow()}
        insert = dialect.insert(StationTableRow).values(
            station_id=station_id, quarter=quarter, **values
        )
        upsert = insert.on_conflict_do_update(
            index_elements=["station_id", "quarter"],
            set_={name: insert.excluded[name] for name in values},
        )
        with engine.begin() as connection:
            connection.execute(upsert)
    except Exception as exc:
        log.warning(
            "saving station %s's %s table failed: %s", station_id, quarter, type(exc).__name__
        )


class Saved(NamedTuple):
    """A station's saved table for a quarter: what it was counted by, when, and (when asked
    for) the table itself as saved."""

    key: str
    counted_at: datetime
    rows: str | None = None


def counted(
    session: Session, quarter: str, station_ids: Iterable[int] | None = None, *, tables: bool
) -> dict[int, Saved]:
    """Each station's saved table of the quarter (all stations, or these), by station id: one
    query; with ``tables`` the saved tables too, else only their keys and count times."""
    where = [StationTableRow.quarter == quarter]
    if station_ids is not None:
        where.append(StationTableRow.station_id.in_(list(station_ids)))
    found: dict[int, Saved] = {}
    if tables:
        for station_id, key, at, rows in session.execute(
            select(
                StationTableRow.station_id,
                StationTableRow.key,
                StationTableRow.counted_at,
                StationTableRow.rows,
            ).where(*where)
        ):
            found[station_id] = Saved(key, at, rows)
    else:
        for station_id, key, at in session.execute(
            select(
                StationTableRow.station_id, StationTableRow.key, StationTableRow.counted_at
            ).where(*where)
        ):
            found[station_id] = Saved(key, at)
    return found


def ensure(session: Session, station_id: int, quarter: str, key: str, table: TableRows) -> None:
    """Save the table unless the saved one was counted by ``key`` already: a table counted
    here whose save failed, or that another worker overwrote with an older count, is saved
    again (the console's pages show the saved table as current only by its key)."""
    found = session.execute(
        select(StationTableRow.key).where(
            StationTableRow.station_id == station_id, StationTableRow.quarter == quarter
        )
    ).scalar()
    if found != key:
        save(session.get_bind().engine, station_id, quarter, key, table)
