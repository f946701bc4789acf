"""Copies the write-ahead log back into the store file on a thread of its own.

Left to itself, SQLite does that copy (a checkpoint: the log's pages written into the file,
then an fsync of it) inside whichever commit takes the log past 1,000 pages, and that commit
waits for it. After a large write (an import, the demo fill, a sync that brought many
records) the copy was most of the commit. Here the store's connections never checkpoint; a
thread does, on a connection of its own, while the next batch is being prepared on the other
core. PASSIVE: it waits for no reader and blocks no writer.

Nothing committed is at risk meanwhile: each commit's pages are in the log, fsync'd, until
copied, and a crash leaves them there for the next open. The log is copied soon after a large
write and a few seconds after small ones (a clerk's saves), and the store's close copies the
rest as SQLite's last connection closes.

The log starts again from its beginning only when a write begins with every page of it
copied. A busy fill begins its next write before the thread's copy ends, so once the log has
grown past ``LOG_LIMIT_BYTES`` a write first finishes the copy itself (``before_write``).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any

from station_app.storage.connection_settings import connect_store_file

log = logging.getLogger("station.db")

#: Rows changed since the last checkpoint that start one at once: a batch's worth (an import
#: chunk is 500 records, each a few rows). Fewer wait for the writing to pause.
ROWS_NOW = 1000
#: Seconds without a commit after which smaller changes are copied too: one checkpoint (and
#: fsync of the file) for a burst of saves, as SQLite's own 1,000 pages would be, roughly.
IDLE_SECONDS = 3.0
#: Past this size the log is copied in full before the next write, which then starts it from
#: its beginning again; on that start SQLite cuts the file down to half of it
#: (``journal_size_limit``, connection_settings.py).
LOG_LIMIT_BYTES = 64 * 2**20


class Checkpointer:
    """One per store engine: told of each commit, it checkpoints on its own thread."""

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._log = db_path.with_name(db_path.name + "-wal")
        self._copying = threading.Lock()  # held by the thread's checkpoint under way
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending = 0  # rows changed since the last checkpoint began
        self._closing = False
        self._thread: threading.Thread | None = None

    def committed(self, changed_rows: int) -> None:
        """Called once a connection that committed ``changed_rows`` is back in the pool
        (engine.py: its checkin, after the commit is done)."""
        if changed_rows <= 0:
            return
        with self._lock:
            if self._closing:
                return
            self._pending += changed_rows
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="store-checkpoint", daemon=True
                )
                self._thread.start()
            self._wake.notify()

    def before_write(self, dbapi_conn: Any) -> None:
        """Called as a write transaction is about to begin on ``dbapi_conn``: with the log
        past its limit, the copy is finished first (waiting for the thread's), so the write
        starts the log again instead of growing it."""
        try:
            if os.stat(self._log).st_size < LOG_LIMIT_BYTES:
                return
        except OSError:  # no log yet
            return
        try:
            with self._copying:
                dbapi_conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:  # the write goes ahead; the log grows until a copy succeeds
            log.warning("write-ahead log not checkpointed before a write", exc_info=True)

    def close(self) -> None:
        """Stops the thread (a checkpoint under way finishes first); the log's rest is copied
        by SQLite when the store's last connection closes."""
        with self._lock:
            self._closing = True
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        """Checkpoints while changes come in; the thread ends once none are left to copy
        (the next commit starts another), so an idle store holds no thread or connection."""
        while True:
            with self._lock:
                if not self._due():
                    self._thread = None
                    return
                self._pending = 0
            self._checkpoint()

    def _due(self) -> bool:
        """Waits (lock held) until a checkpoint is due; False when there is nothing to copy
        or the store closes. At once for a large write, after a pause for smaller ones."""
        while not self._closing and 0 < self._pending < ROWS_NOW:
            if not self._wake.wait(IDLE_SECONDS):  # the pause passed without a commit
                break
        return self._pending > 0 and not self._closing

    def _checkpoint(self) -> None:
        """One PASSIVE checkpoint on a connection opened for it: a handful a minute at most,
        and no connection is left open to keep the log (or, on Windows, the file) held."""
        try:
            conn = connect_store_file(self._db_path)
            try:
                with self._copying:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            finally:
                conn.close()
        except sqlite3.Error:
            # The next commit tries again; until then the log only grows.
            log.warning("write-ahead log not checkpointed", exc_info=True)
