"""The one place that opens the SQLite store; every pragma says why it is set."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import ConnectionPoolEntry

#: Execution option naming how a transaction begins: "DEFERRED" to read, "IMMEDIATE" to write.
BEGIN_MODE = "sqlite_begin"
#: Page cache of a write transaction, and of an idle or reading connection (SQLite's default).
WRITE_CACHE_KIB, DEFAULT_CACHE_KIB = 65536, 2000


def create_store_engine(db_path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{db_path}",
        # Wait for a competing writer (a second window, the sync worker) instead of failing.
        connect_args={"timeout": 30, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_conn: Any, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own is lazy and
        # deferred, which would turn a write into a late lock error instead of a wait).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        # WAL: readers (table views, reports) never block the writer and vice versa, and a
        # crash mid-write leaves the last committed state intact.
        cur.execute("PRAGMA journal_mode=WAL")
        # FULL: fsync the WAL on every commit, so a record whose save returned survives a
        # power cut, which in a village office is a matter of when, not if.
        cur.execute("PRAGMA synchronous=FULL")
        # SQLite ignores foreign keys unless asked, per connection.
        cur.execute("PRAGMA foreign_keys=ON")
        # Same wait as the driver timeout, for statements that take locks mid-transaction.
        cur.execute("PRAGMA busy_timeout=30000")
        # Overwrite freed pages: a changed name or an old unsealed number does not linger in
        # the file's free space for anyone with a hex editor.
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front: two writers queue rather than deadlock.
        mode = conn.get_execution_options().get(BEGIN_MODE, "DEFERRED")
        if mode == "IMMEDIATE":
            # A writer gets a 64 MiB page cache (taken only as pages are read): a ledger's
            # indexes at 200,000 records outgrow SQLite's 2 MiB, and a large import or fill
            # then rereads and spills the same index pages over and over.
            conn.exec_driver_sql(f"PRAGMA cache_size=-{WRITE_CACHE_KIB}")
        conn.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine, "checkin")
    def _shrink_cache(dbapi_conn: Any, _record: ConnectionPoolEntry) -> None:
        # Back to the default once the connection is idle in the pool: its cache is freed,
        # so a pool of connections never holds 64 MiB each.
        if dbapi_conn is None:
            return
        # A connection that broke is discarded by the pool anyway.
        with contextlib.suppress(sqlite3.Error):
            dbapi_conn.execute(f"PRAGMA cache_size=-{DEFAULT_CACHE_KIB}")

    return engine
