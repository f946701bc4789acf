"""Which schema versions this app knows, read from the shipped migration scripts.

Apart from ``migrate.py`` (which runs them, backing the store up first) so that backups can
ask whether a file is from a newer app without importing the migration machinery.
"""

from __future__ import annotations

import re
from pathlib import Path

from station_app.domain.errors import DomainError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class StoreTooNewError(DomainError):
    pass


class MigrationError(DomainError):
    pass


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
