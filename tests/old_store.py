"""The first release's store (tests/fixtures/store_0001.db) and what "nothing was lost" means."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from station_app.storage.store import BACKUP_DIRNAME, DB_FILENAME

FIXTURE = Path(__file__).parent / "fixtures" / "store_0001.db"
#: What the fixture holds (tests/fixtures/make_store_0001.py writes it).
LEDGER_ROWS = {
    "consultation": 3,  # one of them voided
    "mediation_case": 2,
    "duty_log": 2,
    "publicity_event": 2,
    "legal_aid_review": 2,
}
PENDING_RECORDS = 15  # station, 2 villages, lawyer and 11 ledger records, none sent yet


def copy_old_store(data_dir: Path) -> Path:
    """The old store as a clerk's data folder holds it: `DATA/station.db`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copyfile(FIXTURE, data_dir / DB_FILENAME))


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
    ``unseal(column, value)`` reads the new store's sealed ID and phone numbers.
    """
    old, new = dump(old_db), dump(new_db)
    problems = []
    for table, (columns, rows) in old.items():
        if table == "alembic_version":
            continue
        if table not in new:
            problems.append(f"table {table} is gone")
            continue
        new_columns, new_rows = new[table]
        kept = [c for c in columns if c in new_columns]
        if kept != columns:
            problems.append(f"{table}: columns {sorted(set(columns) - set(kept))} are gone")
        before = Counter(tuple(r[columns.index(c)] for c in kept) for r in rows)
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
