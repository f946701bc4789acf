"""The open store: one engine, read sessions, and single-writer write sessions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from station_app.security.key_store import KeyStore
from station_app.storage.data_key import unlock
from station_app.storage.engine import BEGIN_MODE, create_store_engine
from station_app.storage.migrate import MigrationOutcome, upgrade_store
from station_app.storage.sealing import seal_plain_values
from station_app.storage.search_index import rebuild_if_stale
from station_app.storage.store_check import check_store_file
from station_app.storage.store_files import BACKUP_DIRNAME, DB_FILENAME

log = logging.getLogger("station.db")

__all__ = ["BACKUP_DIRNAME", "DB_FILENAME", "Store"]


class Store:
    def __init__(self, data_dir: Path, engine: Engine, migration: MigrationOutcome) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.migration = migration
        self.key_id = ""
        self.keys = KeyStore()
        self._reader = sessionmaker(bind=engine, expire_on_commit=False)
        self._writer = sessionmaker(
            bind=engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"}), expire_on_commit=False
        )

    @property
    def path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / BACKUP_DIRNAME

    @classmethod
    def open(cls, data_dir: Path, *, keys: KeyStore | None = None) -> Store:
        """Open (creating if need be) and upgrade the store in ``data_dir``, and unlock its
        personal numbers with the data key from ``keys`` (this PC's key store by default).

        A damaged file raises DamagedStoreError (storage/store_check.py) before anything
        writes to it: the user restores a backup instead.
        """
        data_dir.mkdir(parents=True, exist_ok=True)
        db_path = data_dir / DB_FILENAME
        check_store_file(db_path)
        engine = create_store_engine(db_path)
        keys = keys or KeyStore()
        try:
            outcome = upgrade_store(engine, db_path, data_dir / BACKUP_DIRNAME)
            key_id = unlock(engine, keys)
            seal_plain_values(engine)
        except Exception:
            engine.dispose()
            raise
        store = cls(data_dir, engine, outcome)
        store.key_id, store.keys = key_id, keys
        with store.write() as session:
            rebuild_if_stale(session)
        return store

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction, BEGIN IMMEDIATE: committed on success, rolled back on any error."""
        with self._writer() as session, session.begin():
            yield session

    def integrity_problems(self) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("PRAGMA integrity_check")).scalars().all()
            fk = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
        problems = [str(r) for r in rows if r != "ok"]
        problems += [f"外键错误: 表 {r[0]} 行 {r[1]}" for r in fk]
        return problems

    def close(self) -> None:
        self.engine.dispose()
