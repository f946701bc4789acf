"""Schema upgrades run from code at start-up, with the scripts shipped inside the package.

Before touching a store that holds data, it is backed up into the backups folder (a
``before-migration`` backup, see storage/backup.py: SQLite's online backup, verified, rotated
with the others). A store made by a newer app is refused
rather than half-understood.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from station_app.domain.errors import DomainError
from station_app.storage.engine import BEGIN_MODE

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger("station.db")

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class StoreTooNewError(DomainError):
    pass


class MigrationError(DomainError):
    pass


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


_REVISION = re.compile(r"^revision\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)


def _revision_graph() -> tuple[set[str], set[str]]:
    """Every revision, and every revision some script builds on, read without alembic."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = script.read_text(encoding="utf-8")
        if found := _REVISION.search(source):
            revisions.add(found.group(1))
        if down := _DOWN.search(source):
            parents.add(down.group(1))
    return revisions, parents


def known_revisions() -> set[str]:
    """The schema versions this app can open (a store at any other one is from a newer app)."""
    return _revision_graph()[0]


def head_revision() -> str:
    """The newest migration, read from the scripts' own ``revision``/``down_revision`` lines.

    The same answer as alembic's (a test checks), without importing alembic at start-up.
    """
    revisions, parents = _revision_graph()
    heads = revisions - parents
    if len(heads) != 1:
        raise MigrationError(f"迁移脚本应有且只有一个最新版本，实际为 {sorted(heads)}")
    return heads.pop()


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
        # Imported here: backups ask this module which schema versions exist.
        from station_app.storage.backup import BackupReason, make_backup

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
