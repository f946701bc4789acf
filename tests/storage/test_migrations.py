"""Schema migrations at start-up: create, upgrade with a backup, refuse a newer store, and the
ORM metadata agreeing with what the migrations build."""

from __future__ import annotations

import re
import sqlite3
import warnings
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Engine, insert, text
from sqlalchemy.orm import Session
from sqlalchemy.schema import CreateIndex

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome
from station_app.storage.engine import create_store_engine
from station_app.storage.ledger_repository import LedgerQuery, LedgerRepository
from station_app.storage.ledger_specs import CONSULTATION, LEDGERS
from station_app.storage.ledger_tables import ConsultationRow
from station_app.storage.migrate import (
    StoreTooNewError,
    current_revision,
    head_revision,
    upgrade_store,
)
from station_app.storage.schema import SEARCH_TABLES, metadata
from station_app.storage.store import BACKUP_DIRNAME, DB_FILENAME, Store

CJK = re.compile(r"[\u4e00-\u9fff]")
OLD_ROW_UUID = "5b0c1c0e-1d5e-4c59-9a39-3f6f0c2d7a11"


def table_names(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    conn.close()
    return {r[0] for r in rows}


def sql_one(db: Path, sql: str) -> Any:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchone()
    finally:
        conn.close()


def backups(data_dir: Path) -> list[Path]:
    folder = data_dir / BACKUP_DIRNAME
    return sorted(folder.iterdir()) if folder.exists() else []


def make_store_at_0001(data_dir: Path) -> None:
    """A store as the first release left it, holding one consultation."""
    data_dir.mkdir(parents=True)
    db = data_dir / DB_FILENAME
    engine = create_store_engine(db)
    try:
        outcome = upgrade_store(engine, db, data_dir / BACKUP_DIRNAME, target="0001")
        assert outcome.to_revision == "0001"
        assert outcome.backup is None
        now = datetime(2026, 3, 2, 9, 30)
        with Session(engine) as session, session.begin():
            # Core, naming the first release's columns only: the ORM row has later ones.
            session.execute(
                insert(ConsultationRow.__table__).values(
                    uuid=OLD_ROW_UUID,
                    revision=1,
                    created_at=now,
                    updated_at=now,
                    origin_device="old-device",
                    consulted_on=date(2026, 3, 2),
                    village_id=None,
                    channel=ConsultChannel.PHONE,
                    name="老记录",
                    declined_identity=False,
                    special_groups=(),
                    category=ConsultCategory.HOMESTEAD,
                    question="宅基地使用权如何继承",
                    receiver="站长",
                    outcome=ConsultOutcome.ANSWERED,
                )
            )
    finally:
        engine.dispose()


def schema_differences(engine: Engine) -> list[Any]:
    """What alembic sees differ, plus any expression index (the ID lookups, which alembic
    cannot reflect) that the ORM declares but the migrated file lacks or words differently."""

    def include_name(name: Any, type_: str, parent_names: Any) -> bool:
        return not (type_ == "table" and isinstance(name, str) and "_fts" in name)

    def include_object(obj: Any, name: Any, type_: str, reflected: bool, other: Any) -> bool:
        return not (type_ == "index" and name in expression_indexes)

    expression_indexes = {
        index.name: str(CreateIndex(index).compile(engine))
        for table in metadata.tables.values()
        for index in table.indexes
        if any(not isinstance(e, Column) for e in index.expressions)
    }
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_name": include_name,
                "include_object": include_object,
                "compare_type": True,
            },
        )
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
            warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expr")
            found = list(compare_metadata(context, metadata))
        in_file = dict(
            conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index'")).all()
        )
    for name, sql in expression_indexes.items():
        if " ".join(str(in_file.get(name)).split()) != " ".join(sql.split()):
            found.append(("expression index differs", name))
    return found


# -- a new store ------------------------------------------------------------------------------


def test_open_on_empty_folder_creates_schema_at_head(data_dir: Path) -> None:
    store = Store.open(data_dir)
    try:
        assert current_revision(store.engine) == head_revision()
        assert store.migration.from_revision is None
        assert store.migration.to_revision == head_revision()
        assert store.migration.backup is None  # nothing to save yet
        names = table_names(store.path)
        assert set(metadata.tables) <= names
        assert set(SEARCH_TABLES.values()) <= names
        assert {spec.fts_table for spec in LEDGERS} <= names
        # The search index of a new store is not left flagged for a rebuild.
        stale = "SELECT count(*) FROM setting WHERE key = 'search_index_stale'"
        assert sql_one(store.path, stale)[0] == 0
        assert store.integrity_problems() == []
    finally:
        store.close()
    assert backups(data_dir) == []


def test_reopening_runs_nothing_and_makes_no_backup(data_dir: Path) -> None:
    Store.open(data_dir).close()
    before = (data_dir / DB_FILENAME).stat().st_size
    store = Store.open(data_dir)
    try:
        assert store.migration.from_revision == head_revision()
        assert store.migration.to_revision == head_revision()
        assert not store.migration.changed
        assert store.migration.backup is None
    finally:
        store.close()
    assert backups(data_dir) == []
    assert (data_dir / DB_FILENAME).stat().st_size == before


# -- upgrading an old store -------------------------------------------------------------------


def test_old_store_is_backed_up_then_migrated_and_reindexed(data_dir: Path) -> None:
    make_store_at_0001(data_dir)
    assert not any("_fts" in n for n in table_names(data_dir / DB_FILENAME))

    store = Store.open(data_dir)
    try:
        outcome = store.migration
        assert outcome.from_revision == "0001"
        assert outcome.to_revision == head_revision()
        assert outcome.changed
        assert current_revision(store.engine) == head_revision()

        # The old row survives and is found by text through the rebuilt index.
        with store.read() as session:
            repo = LedgerRepository(session, CONSULTATION)
            for words in ("宅基地", "继承", "老记录", "宅 继承"):
                hits = repo.ids(LedgerQuery(text=words))
                assert len(hits) == 1, words
            (row_id,) = repo.ids(LedgerQuery())
            assert repo.get(row_id).uuid == OLD_ROW_UUID
            assert repo.ids(LedgerQuery(text="离婚")) == []
        stale = sql_one(store.path, "SELECT count(*) FROM setting WHERE key LIKE '%stale%'")
        assert stale[0] == 0
        assert store.integrity_problems() == []
        # The migration switched foreign keys off for its table rebuilds; they are back on.
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.close()

    # A copy was made in data_dir/backups before migrating: it is the old store, intact.
    (copy,) = backups(data_dir)
    assert outcome.backup == copy
    assert copy.parent == data_dir / BACKUP_DIRNAME
    assert sql_one(copy, "SELECT version_num FROM alembic_version") == ("0001",)
    assert sql_one(copy, "SELECT uuid, name FROM consultation") == (OLD_ROW_UUID, "老记录")
    assert sql_one(copy, "PRAGMA integrity_check") == ("ok",)
    assert not any("_fts" in n for n in table_names(copy))


def test_migrated_store_reopens_without_another_backup(data_dir: Path) -> None:
    make_store_at_0001(data_dir)
    Store.open(data_dir).close()
    store = Store.open(data_dir)
    try:
        assert not store.migration.changed
        with store.read() as session:
            assert LedgerRepository(session, CONSULTATION).ids(LedgerQuery(text="宅基地"))
    finally:
        store.close()
    assert len(backups(data_dir)) == 1


# -- a store from a newer app -----------------------------------------------------------------


def test_store_with_unknown_revision_is_refused(data_dir: Path) -> None:
    Store.open(data_dir).close()
    db = data_dir / DB_FILENAME
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_future'")
    conn.close()

    with pytest.raises(StoreTooNewError) as info:
        Store.open(data_dir)
    assert CJK.search(str(info.value))
    assert "升级" in str(info.value)
    # Nothing was touched: no backup, the version and tables are as they were.
    assert backups(data_dir) == []
    assert sql_one(db, "SELECT version_num FROM alembic_version") == ("0099_future",)
    assert "consultation" in table_names(db)


# -- the ORM and the migrations agree ---------------------------------------------------------


def test_orm_metadata_matches_migrated_schema(data_dir: Path) -> None:
    store = Store.open(data_dir)
    try:
        assert schema_differences(store.engine) == []
    finally:
        store.close()


def test_orm_metadata_matches_schema_upgraded_from_0001(data_dir: Path) -> None:
    make_store_at_0001(data_dir)
    store = Store.open(data_dir)
    try:
        assert schema_differences(store.engine) == []
    finally:
        store.close()


def test_comparison_would_notice_a_difference(data_dir: Path) -> None:
    """Guard: the comparison above is not blind (a missing column shows up)."""
    store = Store.open(data_dir)
    try:
        with store.engine.begin() as conn:
            conn.execute(text("ALTER TABLE publicity_event DROP COLUMN materials"))
        diffs = schema_differences(store.engine)
    finally:
        store.close()
    assert any(d[0] == "add_column" and d[2] == "publicity_event" for d in diffs), diffs


def test_head_revision_read_from_the_scripts_agrees_with_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from station_app.storage.migrate import MIGRATIONS_DIR

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head_revision() == ScriptDirectory.from_config(cfg).get_current_head()
