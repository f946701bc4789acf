"""Damage a store the way a failing disk does: garbage over pages in the middle of a table."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def damage_table(db_path: Path, table: str = "consultation") -> int:
    """Overwrite the header and cell pointers of the middle leaf page of ``table``.

    The store must be closed (its WAL checkpointed). Returns the page number damaged.
    """
    conn = sqlite3.connect(db_path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [
            n
            for (n,) in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
                (table,),
            )
        ]
    finally:
        conn.close()
    assert len(pages) >= 3, f"{table} is too small to have pages in the middle"
    page = pages[len(pages) // 2]
    with db_path.open("r+b") as f:
        f.seek((page - 1) * page_size)
        f.write(b"\xa5" * 64)
    return page
