"""SQLite's planner statistics (``sqlite_stat1``) for the store's indexed tables, kept current.

The tables are filled after the migrations' ANALYZE, so a new store has no statistics and an
upgraded one has those of the day it was upgraded: SQLite then guesses, and one added index was
enough for it to count 待确认 duty logs by reading every row. ``PRAGMA optimize`` is not the
answer with the SQLite Python ships here (3.40): it only looks at tables the closing connection
used itself, and before 3.46 it runs a full, unlimited ANALYZE. So the store does the same
check itself, for every indexed table, on any connection: a table whose statistics are missing
or whose size has changed by ``STALE_FACTOR`` since is analysed again, exactly (no
``analysis_limit``: sampled statistics misjudged a village's share fifteenfold and made SQLite
skip-scan). The check reads one b-tree edge per table (0.1-0.4 ms for all of them at 200,000
records); a full ANALYZE of every table at that size costs 0.23 s of CPU, and happens when the
store has doubled, after a bulk write (engine.py), at close and with the daily backup.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

from station_app.storage.connection_settings import connect_store_file

log = logging.getLogger("station.db")

#: A table's statistics are out of date once it has this many times more (or fewer) rows than
#: when they were taken: plans follow magnitudes, not exact counts.
STALE_FACTOR = 2


def indexed_tables(conn: sqlite3.Connection) -> list[str]:
    """Tables with an index of their own (the planner's choices are between those)."""
    rows = conn.execute(
        "SELECT DISTINCT tbl_name FROM sqlite_master"
        " WHERE type = 'index' AND sql IS NOT NULL ORDER BY tbl_name"
    )
    return [str(r[0]) for r in rows]


def _recorded_rows(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table as its statistics say (the largest count any of its indexes gave)."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).fetchone()
    if exists is None:
        return {}
    found: dict[str, int] = {}
    for table, stat in conn.execute("SELECT tbl, stat FROM sqlite_stat1"):
        head = str(stat or "").split(" ", 1)[0]
        if head.isdigit():
            found[str(table)] = max(found.get(str(table), 0), int(head))
    return found


def _changed(recorded: int | None, now: int) -> bool:
    if recorded is None or recorded == 0:
        return now > 0
    return now >= recorded * STALE_FACTOR or now * STALE_FACTOR <= recorded


def stale_tables(conn: sqlite3.Connection) -> list[str]:
    """Indexed tables whose statistics are missing or out of date.

    The size is read from the b-tree's edge (the largest rowid, every table here has one);
    only when that disagrees with the statistics are the rows counted, since a table whose
    rows were deleted or replaced (children, the sent outbox) has gaps in its rowids."""
    recorded = _recorded_rows(conn)
    stale = []
    for table in indexed_tables(conn):
        quoted = table.replace('"', '""')
        (edge,) = conn.execute(f'SELECT max(rowid) FROM "{quoted}"').fetchone()
        if not _changed(recorded.get(table), int(edge or 0)):
            continue
        (rows,) = conn.execute(f'SELECT count(*) FROM "{quoted}"').fetchone()
        if _changed(recorded.get(table), int(rows)):
            stale.append(table)
    return stale


def analyze(conn: sqlite3.Connection, tables: list[str]) -> None:
    """ANALYZE each of ``tables`` in a transaction of its own (the write lock is held for one
    table at a time: 0.2 s at most at 200,000 records); ``conn`` plans with them at once.

    ``conn`` must be outside a transaction. Other connections see the new statistics only once
    they load the schema again (the engine replaces its pooled connections, engine.py)."""
    if not tables:
        return
    start = time.perf_counter()
    for table in tables:
        quoted = table.replace('"', '""')
        conn.execute(f'ANALYZE "{quoted}"')
    log.info(
        "planner statistics refreshed for %d tables in %.0f ms",
        len(tables),
        (time.perf_counter() - start) * 1000,
    )


def refresh_stale(conn: sqlite3.Connection) -> list[str]:
    """Analyse the tables whose statistics are missing or out of date; the tables analysed."""
    tables = stale_tables(conn)
    analyze(conn, tables)
    return tables


def refresh_all(db_path: Path) -> None:
    """Analyse every indexed table of the store file at ``db_path`` (with the daily backup:
    the shares of values change while the row counts do not, e.g. visits being confirmed).

    A connection of its own, so the caller needs no open store; the app's connections use the
    new statistics from its next start."""
    conn = connect_store_file(db_path)
    try:
        analyze(conn, indexed_tables(conn))
    finally:
        conn.close()
