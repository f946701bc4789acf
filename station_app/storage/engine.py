"""The one place that opens the SQLite store (its pragmas: connection_settings.py)."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import weakref
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from station_app.storage.checkpoints import Checkpointer
from station_app.storage.connection_settings import set_connection_pragmas
from station_app.storage.planner_statistics import refresh_stale

log = logging.getLogger("station.db")

#: Execution option naming how a transaction begins: "DEFERRED" to read, "IMMEDIATE" to write.
BEGIN_MODE = "sqlite_begin"
#: Page cache of a write transaction, and of an idle or reading connection (SQLite's default).
WRITE_CACHE_KIB, DEFAULT_CACHE_KIB = 65536, 2000
#: A transaction that changed at least this many rows (an import, the demo fill, a sync that
#: brought many records) has the planner statistics checked when its connection is returned.
BULK_CHANGES = 1000
#: Keys of a pooled connection's ``info``: changes made before its transaction began, a bulk
#: transaction committed, the statistics generation it planned with, and the rows its
#: commits changed since it was checked out.
_CHANGES_AT_BEGIN, _STATISTICS_DUE, _GENERATION = "changes_at_begin", "statistics_due", "stats"
_CHANGED = "changed_since_checkout"
#: engine -> its statistics generation, moved on each time a connection analysed tables
_GENERATIONS: weakref.WeakKeyDictionary[Engine, list[int]] = weakref.WeakKeyDictionary()
#: engine -> the thread that checkpoints its write-ahead log (checkpoints.py)
_CHECKPOINTERS: weakref.WeakKeyDictionary[Engine, Checkpointer] = weakref.WeakKeyDictionary()


def _null(_value: None) -> None:
    """None binds as NULL, as it would unadapted."""
    return None


# The sqlite3 module binds a str, int or float as it is, but asks its adapter registry about
# anything else, None included: with no adapter found it looks ``__adapt__`` up on its
# protocol type, which builds and discards an AttributeError message each time. A record's
# empty fields made that 3% of a bulk insert's instructions (callgrind); an adapter for None
# is found at the first step and keeps NULL as NULL.
sqlite3.register_adapter(type(None), _null)


def create_store_engine(db_path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{db_path}",
        # Wait for a competing writer (a second window, the sync worker) instead of failing.
        connect_args={"timeout": 30, "check_same_thread": False},
    )
    generation = _GENERATIONS.setdefault(engine, [0])
    checkpointer = _CHECKPOINTERS[engine] = Checkpointer(db_path)

    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
        set_connection_pragmas(dbapi_conn)
        # No commit copies the log back into the file itself: the checkpointer's thread does.
        dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")
        # New connections load the newest statistics with the schema.
        record.info[_GENERATION] = generation[0]

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.info[_CHANGES_AT_BEGIN] = conn.connection.dbapi_connection.total_changes
        # IMMEDIATE takes the write lock up front: two writers queue rather than deadlock.
        mode = conn.get_execution_options().get(BEGIN_MODE, "DEFERRED")
        if mode == "IMMEDIATE":
            checkpointer.before_write(conn.connection.dbapi_connection)
            # A writer gets a 64 MiB page cache (taken only as pages are read): a ledger's
            # indexes at 200,000 records outgrow SQLite's 2 MiB, and a large import or fill
            # then rereads and spills the same index pages over and over.
            conn.exec_driver_sql(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")
        conn.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine, "commit")
    def _note_bulk(conn: Any) -> None:
        before = conn.info.pop(_CHANGES_AT_BEGIN, None)
        changed = conn.connection.dbapi_connection.total_changes - (before or 0)
        if before is not None and changed >= BULK_CHANGES:
            conn.info[_STATISTICS_DUE] = True
        if before is not None:  # told to the checkpointer once the commit is done (checkin)
            conn.info[_CHANGED] = conn.info.get(_CHANGED, 0) + changed

    @event.listens_for(engine, "rollback")
    def _forget_changes(conn: Any) -> None:
        conn.info.pop(_CHANGES_AT_BEGIN, None)

    @event.listens_for(engine, "checkin")
    def _shrink_cache(dbapi_conn: Any, record: ConnectionPoolEntry) -> None:
        if dbapi_conn is None:
            return
        # After a bulk write (which passed the start-up check, as every write must), outside
        # any transaction: the tables it grew are analysed before the next page is planned.
        if record.info.pop(_STATISTICS_DUE, False):
            _refresh(engine, dbapi_conn, record.info)
        checkpointer.committed(record.info.pop(_CHANGED, 0))
        # Back to the default once the connection is idle in the pool: its cache is freed,
        # so a pool of connections never holds 64 MiB each.
        # A connection that broke is discarded by the pool anyway.
        with contextlib.suppress(sqlite3.Error):
            dbapi_conn.execute(f"PRAGMA cache_size=-{DEFAULT_CACHE_KIB}")

    @event.listens_for(engine, "checkout")
    def _replace_if_outdated(
        _dbapi_conn: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        # SQLite loads the statistics with the schema, once per connection: one that was
        # pooled while another analysed tables would plan with the old ones, so the pool
        # opens a new connection in its place (about a millisecond).
        if record.info.get(_GENERATION, generation[0]) != generation[0]:
            raise exc.DisconnectionError("planner statistics changed")

    return engine


def close_store_engine(engine: Engine) -> None:
    """Stop the engine's checkpointer, then close its connections (the last one to close
    copies what is left of the log into the file and removes the log)."""
    checkpointer = _CHECKPOINTERS.pop(engine, None)
    if checkpointer is not None:
        checkpointer.close()
    engine.dispose()


def refresh_statistics(engine: Engine) -> list[str]:
    """Analyse the store's tables whose planner statistics are missing or out of date
    (planner_statistics), now; the tables analysed. At close, and after bulk writes
    (automatically, see ``BULK_CHANGES``). A write: only for a store found sound."""
    try:
        with engine.connect() as conn:  # no statement through SQLAlchemy: no transaction
            raw = conn.connection.dbapi_connection
            assert raw is not None
            return _refresh(engine, raw, conn.info)
    except (sqlite3.Error, exc.SQLAlchemyError):
        log.warning("planner statistics not refreshed", exc_info=True)
        return []


def _refresh(engine: Engine, dbapi_conn: Any, info: dict[Any, Any]) -> list[str]:
    """``refresh_stale`` on one pooled connection (``info``: its record's); the others are
    replaced at their next use when it analysed anything. Statistics only steer plans: a
    failure is logged, not raised."""
    try:
        tables = refresh_stale(dbapi_conn)
    except sqlite3.Error:
        log.warning("planner statistics not refreshed", exc_info=True)
        return []
    if tables:
        generation = _GENERATIONS.setdefault(engine, [0])
        generation[0] += 1
        info[_GENERATION] = generation[0]
    return tables
