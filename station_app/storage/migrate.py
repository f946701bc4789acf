"""Schema upgrades run from code at start-up, with the scripts shipped inside the package.

Before touching a store that holds data, it is backed up into the backups folder (a
``before-migration`` backup, see storage/backup.py: SQLite's online backup, verified, rotated
with the others). A store made by a newer app is refused
rather than half-understood.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from station_app.domain.backups import BackupReason
from station_app.storage.backup import make_backup
from station_app.storage.engine import BEGIN_MODE
from station_app.storage.schema_versions import (
    MIGRATIONS_DIR,
    MigrationError,
    StoreTooNewError,
    head_revision,
)

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger("station.db")


@dataclass(frozen=True)
class MigrationOutcome:
    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def _config(connection: Connection | None = None) -> Config:
    # alembic is imported only when a migration may run: it costs a third of a second at
    # start-up, and a store that is up to date needs none of it.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_store(
    engine: Engine, db_path: Path, backup_dir: Path, *, target: str = "head"
) -> MigrationOutcome:
    current = current_revision(engine)
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return MigrationOutcome(current, wanted, None)
    from alembic import command

    scripts = _scripts()
    known = {s.revision for s in scripts.walk_revisions()}
    if current is not None and current not in known:
        raise StoreTooNewError(
            "数据文件由更新版本的台账程序创建，请先升级本程序再打开。"
            " / The store was made by a newer version of the app."
        )

    backup = None
    if current is not None:
        made = make_backup(db_path, backup_dir, BackupReason.BEFORE_MIGRATION, revision=current)
        backup = made.path
        log.info("store backed up before migration from %s to %s", current, wanted)

    with engine.connect() as conn:
        # Batch migrations rebuild tables by copy-and-rename; enforced foreign keys would
        # cascade or fail during the swap, so they are checked once at the end instead.
        # The pragma only takes effect outside a transaction, hence the raw connection.
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            conn = conn.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
            with conn.begin():
                command.upgrade(_config(conn), wanted)
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationError(f"升级后外键检查失败（{len(problems)}处），已回滚")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
    log.info("store migrated from %s to %s", current, wanted)
    return MigrationOutcome(current, wanted, backup)
