"""The released stores (tests/fixtures/store_NNNN.db, one per schema revision) and what
"nothing was lost" means."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from station_app.storage.store import BACKUP_DIRNAME, DB_FILENAME

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "store_0001.db"
#: Every released schema revision, each with its fixture store.
RELEASED = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")
#: What the fixture holds (tests/fixtures/make_store_0001.py writes it).
LEDGER_ROWS = {
    "consultation": 3,  # one of them voided
    "mediation_case": 2,
    "duty_log": 2,
    "publicity_event": 2,
    "legal_aid_review": 2,
}
#: Settings the app rewrites itself at start-up (the search index is rebuilt when stale).
BOOKKEEPING = {"search_index_stale"}
PENDING_RECORDS = 15  # station, 2 villages, lawyer and 11 ledger records, none sent yet


def fixture(revision: str) -> Path:
    return FIXTURES / f"store_{revision}.db"


def copy_old_store(data_dir: Path, revision: str = "0001") -> Path:
    """The old store as a clerk's data folder holds it: `DATA/station.db`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(fixture(revision), data_dir / DB_FILENAME))


def dump(db: Path) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """Every table's column names and rows (sorted), read with plain sqlite3."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        out = {}
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            out[table] = (columns, sorted(cursor.fetchall(), key=repr))
        return out
    finally:
        conn.close()


def lost_rows(
    old_db: Path, new_db: Path, unseal: Callable[[str, Any], Any] | None = None
) -> list[str]:
    """Rows of the old store missing from the new one, or changed in a column both have.

    Migrations may add tables, columns and rows; they must not drop or alter what was recorded.
    ``unseal(column, value)`` reads sealed ID and phone numbers (on both sides: a store from
    0006 on holds them sealed already).
    """
    old, new = dump(old_db), dump(new_db)
    problems = []
    for table in (old, new):  # the app's own bookkeeping, not what was recorded
        columns, rows = table.get("setting", ([], []))
        table["setting"] = (columns, [r for r in rows if r[0] not in BOOKKEEPING])
    for table, (columns, rows) in old.items():
        if table == "alembic_version" or "_fts" in table:  # the search index is derived data
            continue
        if table not in new:
            problems.append(f"table {table} is gone")
            continue
        new_columns, new_rows = new[table]
        kept = [c for c in columns if c in new_columns]
        if kept != columns:
            problems.append(f"{table}: columns {sorted(set(columns) - set(kept))} are gone")
        before = Counter(tuple(_read(unseal, c, r[columns.index(c)]) for c in kept) for r in rows)
        after = Counter(
            tuple(_read(unseal, c, r[new_columns.index(c)]) for c in kept) for r in new_rows
        )
        missing = before - after
        if missing:
            problems.append(f"{table}: {sum(missing.values())} of {len(rows)} rows lost or changed")
    return problems


def _read(unseal: Callable[[str, Any], Any] | None, column: str, value: Any) -> Any:
    return value if unseal is None else unseal(column, value)


def revision(db: Path) -> str:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (found,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(found)
    finally:
        conn.close()


def migration_backups(data_dir: Path) -> list[Path]:
    return sorted((data_dir / BACKUP_DIRNAME).glob("before-migration-*.db"))


def numbers_in(db: Path) -> list[str]:
    """Every ID and phone number a store holds in its ledger and lawyer tables, as stored."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        found: list[str] = []
        for table, columns in SEALED_COLUMNS.items():
            for column in columns:
                found += [v for (v,) in conn.execute(f"SELECT {column} FROM {table}")]
        return found
    finally:
        conn.close()


SEALED_COLUMNS = {
    "consultation": ("phone", "id_number"),
    "mediation_party": ("phone", "id_number"),
    "legal_aid_review": ("phone", "id_number"),
    "lawyer": ("phone",),
}
