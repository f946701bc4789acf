"""A backup of the store as the clerk sees it (when, why, how big) and what a restore did.

Plain values, so the CLI and the damaged-store dialog show them without the backup module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path


class BackupReason(StrEnum):
    DAILY = "daily"
    MANUAL = "manual"
    BEFORE_MIGRATION = "before-migration"

    @property
    def label(self) -> str:
        return {"daily": "每日自动", "manual": "手动", "before-migration": "升级前"}[self.value]


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    reason: BackupReason
    taken_at: datetime  # UTC, aware
    revision: str | None = None  # before-migration: the schema version it holds
    seq: int = 1  # several backups in one second

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def local_time(self) -> datetime:
        return self.taken_at.astimezone()


@dataclass(frozen=True)
class RestoreOutcome:
    backup: Path
    revision: str
    kept_aside: tuple[Path, ...]  # the store that was replaced (and its WAL), never deleted
