"""The open store: one engine, read sessions, and single-writer write sessions.

Every write waits for the start-up check's verdict (storage/store_check.py): at once when the
file was checked before the open, else until the check running in the background is done; a
damaged verdict refuses every write with DamagedStoreError, so nothing is written to a damaged
file. Reads do not wait: they cannot spread damage, and the clerk's first page needs them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from station_app.domain.settings_schema import STORE_SEALED
from station_app.domain.store_errors import DamagedStoreError
from station_app.security.key_store import KeyStore
from station_app.settings import make_private
from station_app.storage.audit_log import CHAIN_HEAD
from station_app.storage.audit_mark import TrailMark
from station_app.storage.data_key import key_id_of, unlock
from station_app.storage.engine import (
    BEGIN_MODE,
    close_store_engine,
    create_store_engine,
    refresh_statistics,
)
from station_app.storage.migrate import MigrationOutcome, current_revision, upgrade_store
from station_app.storage.schema_versions import head_revision
from station_app.storage.sealing import seal_plain_values
from station_app.storage.search_index import index_is_stale, rebuild_if_stale
from station_app.storage.setting_values import get
from station_app.storage.store_check import (
    StartUpCheck,
    check_store_file,
    header_problem,
    in_wal_mode,
    is_new_store,
)
from station_app.storage.store_files import BACKUP_DIRNAME, DB_FILENAME

log = logging.getLogger("station.db")

__all__ = ["BACKUP_DIRNAME", "DB_FILENAME", "Store"]


class Store:
    def __init__(
        self,
        data_dir: Path,
        engine: Engine,
        migration: MigrationOutcome,
        check: StartUpCheck | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.engine = engine
        self.migration = migration
        self.check = check or StartUpCheck.passed(data_dir / DB_FILENAME)
        self.key_id = ""
        self.keys = KeyStore()
        self.trail = TrailMark()  # the audit chain's mark outside the store (audit_mark)
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
    def open(
        cls, data_dir: Path, *, keys: KeyStore | None = None, background_check: bool = False
    ) -> Store:
        """Open (creating if need be) and upgrade the store in ``data_dir``, and unlock its
        personal numbers with the data key from ``keys`` (this PC's key store by default).

        A damaged file raises DamagedStoreError before anything writes to it: the user
        restores a backup instead. By default the check runs before the open; with
        ``background_check`` (the desktop app) only the file's header is read first, the
        check runs on a thread of its own and writes wait for its verdict. A store that
        must be written to while opening (a migration, a new data key, sealing, an index
        rebuild) waits for the verdict before that write.
        """
        data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        db_path = data_dir / DB_FILENAME
        make_private(data_dir, db_path)
        # A new store has nothing to check; one not in WAL mode yet is written to by the
        # engine's first connection (the switch to WAL), so it is checked first.
        background_check = background_check and not is_new_store(db_path) and in_wal_mode(db_path)
        if not background_check:
            check_store_file(db_path)
        else:
            problem = header_problem(db_path)
            if problem is not None:
                raise DamagedStoreError(db_path, problem)
        engine = create_store_engine(db_path)
        check = StartUpCheck.passed(db_path)
        keys = keys or KeyStore()
        try:
            if background_check:
                engine.connect().close()  # the WAL replayed before the check's reader starts
                check = StartUpCheck.in_background(db_path)
                _writes_wait_for(check, engine)
                if _writes_while_opening(engine):
                    check.require_sound()
            outcome = upgrade_store(engine, db_path, data_dir / BACKUP_DIRNAME)
            key_id = unlock(engine, keys)
            seal_plain_values(engine)
            store = cls(data_dir, engine, outcome, check)
            store.key_id, store.keys = key_id, keys
            store.trail = TrailMark.on_open(engine, keys, key_id, data_dir)
            with store.read() as session:
                stale = index_is_stale(session)
            if stale:
                with store.write() as session:
                    rebuild_if_stale(session)
        except Exception as exc:
            close_store_engine(engine)
            check.wait()
            if check.problem is not None:  # a damaged file is why it failed: say that
                raise DamagedStoreError(db_path, check.problem) from exc
            raise
        return store

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction, BEGIN IMMEDIATE: committed on success, rolled back on any error.

        Waits for the start-up check's verdict first; raises DamagedStoreError if it failed.
        """
        self.check.require_sound()
        with self._writer() as session, session.begin():
            yield session
        self.trail.after_commit(session.info.get(CHAIN_HEAD))

    def integrity_problems(self) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("PRAGMA integrity_check")).scalars().all()
            fk = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
        problems = [str(r) for r in rows if r != "ok"]
        problems += [f"外键错误: 表 {r[0]} 行 {r[1]}" for r in fk]
        return problems

    def close(self) -> None:
        """A clean close marks the audit chain's end outside the store (audit_mark) and
        refreshes the planner statistics that are out of date, unless the file was found
        damaged."""
        if self.check.done and self.check.problem is None and self.check.error is None:
            try:
                self.trail.advance()
            except Exception:  # a close must not fail for the mark: it only lags
                log.warning("audit mark not moved at close", exc_info=True)
            refresh_statistics(self.engine)
        self.trail = TrailMark()  # closed: a second close marks nothing
        self.check.cancel()
        close_store_engine(self.engine)


def _writes_wait_for(check: StartUpCheck, engine: Engine) -> None:
    """Every write transaction on ``engine`` (BEGIN IMMEDIATE: Store.write, a migration,
    sealing) first waits for ``check``'s verdict; a damaged one refuses it."""

    @event.listens_for(engine, "begin", insert=True)
    def _gate(conn: Any) -> None:
        if conn.get_execution_options().get(BEGIN_MODE) == "IMMEDIATE":
            check.require_sound()


def _writes_while_opening(engine: Engine) -> bool:
    """Whether opening writes before the store is handed out: a migration, a data key made,
    numbers sealed (the index rebuild goes through Store.write, which waits itself)."""
    if current_revision(engine) != head_revision() or key_id_of(engine) is None:
        return True
    with Session(engine) as session:
        return not get(session, STORE_SEALED)
