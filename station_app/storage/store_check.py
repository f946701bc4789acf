"""Is this file a sound SQLite database? Asked of the store at start-up and of every backup.

Start-up runs ``PRAGMA quick_check`` (every page and b-tree, without the index-to-table
cross-check). It reads the whole file: on a 200,000-record store (222 MB) 0.7 s with the file
in the OS cache and 2.1 s after a reboot, 70-180 times the open without it. So the CLI and the
tools check before the open, but the desktop app opens without waiting and runs the check on a
thread of its own (``StartUpCheck.in_background``) while the clerk signs in: until its verdict,
every write to the store waits for it, and a damaged verdict refuses them all, so a damaged
page is still caught before the app writes to the file (see storage/store.py).
Backups get the full ``integrity_check``: they are made in the background, and a backup is only
worth keeping if it is sound throughout.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from enum import StrEnum
from pathlib import Path

from station_app.domain.store_errors import DamagedStoreError

log = logging.getLogger("station.db")

#: The first 16 bytes of every SQLite 3 database file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: SQLite's primary result codes for "the file's content is damaged" and "not a database".
SQLITE_CORRUPT = 11
SQLITE_NOTADB = 26


class Check(StrEnum):
    QUICK = "quick_check"
    FULL = "integrity_check"


def header_problem(path: Path) -> str | None:
    """None if ``path`` starts as a SQLite database does; else what is wrong, in Chinese."""
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError:
        return "文件无法读取"
    if header != SQLITE_HEADER:
        return "不是数据库文件"
    return None


def in_wal_mode(path: Path) -> bool:
    """Whether the file's header says WAL (bytes 18-19, the read and write versions, are 2):
    an app's store always is, and opening one in another mode would rewrite its header."""
    try:
        with path.open("rb") as f:
            header = f.read(20)
    except OSError:
        return False
    return header[18:20] == b"\x02\x02"


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={'ro' if read_only else 'rw'}"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def _verdict(conn: sqlite3.Connection, check: Check) -> str | None:
    """Run ``check`` on ``conn``: None if it passes, else what is wrong. Errors that are no
    verdict on the file's content (locked, unreadable, interrupted) are raised."""
    try:
        rows = [str(r[0]) for r in conn.execute(f"PRAGMA {check.value}").fetchall()]
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode & 0xFF not in (SQLITE_CORRUPT, SQLITE_NOTADB):
            raise
        return "文件内容损坏"
    if rows != ["ok"]:
        return "完整性检查未通过"
    return None


def database_problem(
    path: Path, check: Check = Check.FULL, *, read_only: bool = True
) -> str | None:
    """None if ``path`` is a SQLite database passing ``check``; else what is wrong, in Chinese.

    Never creates the file. ``read_only=False`` for the live store before it is opened, whose
    WAL a read-only connection could not always replay.
    """
    problem = header_problem(path)
    if problem is not None:
        return problem
    try:
        conn = _connect(path, read_only)
    except sqlite3.DatabaseError as exc:
        if exc.sqlite_errorcode & 0xFF not in (SQLITE_CORRUPT, SQLITE_NOTADB):
            raise
        return "文件内容损坏"
    try:
        return _verdict(conn, check)
    finally:
        conn.close()


def is_new_store(path: Path) -> bool:
    """SQLite makes a new store here (a zero-byte file is an empty database too)."""
    return not path.exists() or path.stat().st_size == 0


def check_store_file(path: Path) -> None:
    """Raise DamagedStoreError if the existing store at ``path`` is damaged; a new one passes."""
    if is_new_store(path):
        return
    problem = database_problem(path, Check.QUICK, read_only=False)
    if problem is not None:
        raise DamagedStoreError(path, problem)


class StartUpCheck:
    """The start-up check of the store at ``path`` and its verdict, which writes wait for.

    ``passed``: checked before the open (or a new store); ``in_background``: ``quick_check``
    on a read-only connection of its own, on a daemon thread. ``require_sound`` waits for the
    verdict and raises DamagedStoreError on a damaged file, or the error that kept the check
    from giving one; ``cancel`` interrupts an unfinished check when the store closes.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None
        self.error: BaseException | None = None
        self.seconds = 0.0
        self._done = threading.Event()
        self._conn: sqlite3.Connection | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._cancelled = False

    @classmethod
    def passed(cls, path: Path) -> StartUpCheck:
        check = cls(path)
        check._done.set()
        return check

    @classmethod
    def in_background(cls, path: Path) -> StartUpCheck:
        """Start the check. The store's engine must have connected first: its connection has
        replayed any WAL left by a crash and keeps the shared-memory file a reader needs."""
        check = cls(path)
        check._conn = _connect(path, read_only=True)
        check._thread = threading.Thread(target=check._run, name="store-check", daemon=True)
        check._thread.start()
        return check

    def _run(self) -> None:
        start = time.perf_counter()
        try:
            self.problem = self._check()
        except BaseException as exc:  # kept for the writes, which raise it
            self.error = exc
        finally:
            self.seconds = time.perf_counter() - start
            self._done.set()
        if self.problem is not None:
            log.error("store check at start-up failed: %s", self.problem)
        elif self.error is None:
            log.info("store check at start-up passed in %.2f s", self.seconds)

    def _check(self) -> str | None:
        assert self._conn is not None
        try:
            if self._cancelled:  # closed before the check began
                raise sqlite3.OperationalError("interrupted")
            return _verdict(self._conn, Check.QUICK)
        except sqlite3.OperationalError:
            if self._cancelled:
                raise
            # A reader that could not use the WAL: ask again as the store itself reads.
            log.warning("read-only store check failed; checking again read-write")
            return database_problem(self.path, Check.QUICK, read_only=False)
        finally:
            with self._lock:
                self._conn.close()
                self._conn = None

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def cancelled(self) -> bool:
        """The store was closed before the check gave a verdict (so it has none)."""
        return self._cancelled and self.problem is None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the verdict; whether there is one."""
        return self._done.wait(timeout)

    def require_sound(self) -> None:
        """Return once the check has passed; raise DamagedStoreError if it found damage."""
        self._done.wait()
        if self.problem is not None:
            raise DamagedStoreError(self.path, self.problem)
        if self.error is not None:
            raise self.error

    def cancel(self) -> None:
        """Stop an unfinished check (the store is closing); writes then raise its error."""
        with self._lock:
            self._cancelled = True
            if self._conn is not None:
                self._conn.interrupt()
        if self._thread is not None:
            self._thread.join()
