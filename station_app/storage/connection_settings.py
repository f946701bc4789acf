"""What every connection to the store file is set to, the pooled ones (engine.py) and the
ones of its own that analysing after a backup (planner_statistics.py) and the checkpointer
(checkpoints.py) open alike; each pragma says why."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any


def set_connection_pragmas(dbapi_conn: Any) -> None:
    """``dbapi_conn``: a fresh sqlite3 connection to the store file."""
    # BEGIN is issued by the caller (engine.py's "begin" event; pysqlite's own is lazy and
    # deferred, which would turn a write into a late lock error instead of a wait).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    # WAL: readers (table views, reports) never block the writer and vice versa, and a
    # crash mid-write leaves the last committed state intact.
    cur.execute("PRAGMA journal_mode=WAL")
    # A log grown by a large write is cut back to 32 MiB when it starts again (checkpoints.py).
    cur.execute("PRAGMA journal_size_limit=33554432")
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


def connect_store_file(db_path: Path) -> sqlite3.Connection:
    """A connection to the store file outside any engine's pool, set as the store's own
    (durable, freed pages overwritten); never creates the file."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=rw", uri=True, timeout=30)
    try:
        set_connection_pragmas(conn)
    except sqlite3.Error:
        conn.close()
        raise
    return conn
