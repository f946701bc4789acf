"""Backups of the store into ``data_dir/backups``: daily, on demand and before every migration.

A backup is SQLite's online backup of the live store (consistent even while the app writes),
turned into a single self-contained file, checked with ``PRAGMA integrity_check`` and only then
given its final name (``os.replace``), so a crash never leaves a half backup that looks whole.
File names say when (UTC) and why: ``daily-20261125T080000Z.db``, ``manual-…``,
``before-migration-0004-…``; files with other names in the folder are never touched.

Rotation (after each new backup): daily backups keep grandfather-father-son — the newest of each
of the last 7 days, 4 ISO weeks and 12 months that have one; manual backups the newest 10;
before-migration backups the newest 5. The backup just made is always kept.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Hashable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from station_app.domain.backups import BackupInfo, BackupReason, RestoreOutcome
from station_app.domain.errors import DomainError
from station_app.storage.ledger_specs import LEDGERS
from station_app.storage.schema_versions import StoreTooNewError, known_revisions
from station_app.storage.store_check import Check, database_problem
from station_app.storage.store_files import BACKUP_DIRNAME, DB_FILENAME

log = logging.getLogger("station.db")

KEEP_DAYS = 7
KEEP_WEEKS = 4
KEEP_MONTHS = 12
KEEP_MANUAL = 10
KEEP_BEFORE_MIGRATION = 5
#: A ``.partial`` file older than this is a crashed backup's leftover, not one being written.
STALE_PARTIAL = timedelta(days=1)

_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(
    r"^(?P<reason>daily|manual|before-migration)(?:-(?P<revision>[0-9A-Za-z_]+))?"
    r"-(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<seq>\d+))?\.db$"
)
_PARTIAL = re.compile(r"^\.(?P<name>.+)\.partial$")


class BackupFailedError(DomainError):
    """The copy could not be made or did not pass its check (the store itself may be damaged)."""


class BackupRejectedError(DomainError):
    """A file offered for restoring is damaged or is not a station store."""


def parse_backup_name(path: Path) -> BackupInfo | None:
    """The backup a file name describes, or None for a file this module did not make."""
    found = _NAME.match(path.name)
    if found is None:
        return None
    reason = BackupReason(found["reason"])
    if (reason is BackupReason.BEFORE_MIGRATION) != (found["revision"] is not None):
        return None
    taken_at = datetime.strptime(found["stamp"], _STAMP).replace(tzinfo=UTC)
    return BackupInfo(path, reason, taken_at, found["revision"], int(found["seq"] or 1))


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """This app's backups in ``backup_dir``, newest first."""
    if not backup_dir.is_dir():
        return []
    found = [parse_backup_name(p) for p in backup_dir.iterdir() if p.is_file()]
    return sorted(
        (b for b in found if b is not None), key=lambda b: (b.taken_at, b.seq), reverse=True
    )


def _utc(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _backup_name(reason: BackupReason, taken_at: datetime, revision: str | None, seq: int) -> str:
    middle = f"-{revision}" if revision else ""
    suffix = f"-{seq}" if seq > 1 else ""
    return f"{reason.value}{middle}-{taken_at.strftime(_STAMP)}{suffix}.db"


def _fsync(path: Path) -> None:
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name == "posix":  # Windows has no directory handles to flush; NTFS logs the rename
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def copy_database(source: Path, target: Path, *, read_only: bool = False) -> None:
    """A consistent single-file copy of a store (live or not, its WAL included) at ``target``.

    SQLite's online backup API; the copy is switched to a rollback journal so it is one file
    with nothing beside it. ``source`` must exist (it is never created); ``read_only`` for a
    backup being restored, which may sit on a write-protected stick.
    """
    mode = "ro" if read_only else "rw"
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode={mode}", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


#: Writing the copy failed. SQLITE_FULL is a full disk; SQLITE_IOERR_WRITE is any failed write to
#: the copy: a full disk seen as EFBIG, a file past what the disk allows (4 GiB on a FAT32 USB
#: stick), or a failing disk. Either way the store itself was only read and is fine, so the
#: clerk is told about the backup's disk, not about damage.
_COPY_NOT_WRITTEN = {
    sqlite3.SQLITE_FULL: "磁盘空间不足，备份未完成（数据文件未受影响）。请清理磁盘空间后重试。",
    sqlite3.SQLITE_IOERR_WRITE: (
        "无法写入备份文件：磁盘空间不足、文件超过该磁盘允许的大小（如 FAT32 格式的U盘），"
        "或磁盘出错。备份未完成，数据文件未受影响。请清理空间或换一个备份位置后重试。"
    ),
}


def make_backup(
    db_path: Path,
    backup_dir: Path,
    reason: BackupReason,
    *,
    now: datetime | None = None,
    revision: str | None = None,
) -> BackupInfo:
    """Back the store up, verify the copy, then give it its name. Raises BackupFailedError."""
    if not db_path.is_file():
        raise BackupFailedError(f"找不到数据文件：{db_path} / no store to back up")
    taken_at = _utc(now).replace(microsecond=0)
    backup_dir.mkdir(parents=True, exist_ok=True)
    seq = 1
    while True:
        name = _backup_name(reason, taken_at, revision, seq)
        target = backup_dir / name
        partial = backup_dir / f".{name}.partial"
        if not target.exists() and not partial.exists():
            break
        seq += 1
    try:
        try:
            copy_database(db_path, partial)
        except sqlite3.Error as exc:
            not_written = _COPY_NOT_WRITTEN.get(getattr(exc, "sqlite_errorcode", None) or 0)
            if not_written is not None:
                raise BackupFailedError(f"{not_written} / the backup could not be written") from exc
            raise BackupFailedError(
                f"备份失败，数据文件可能已损坏（{type(exc).__name__}）/ backup failed"
            ) from exc
        problem = database_problem(partial, Check.FULL)
        if problem is not None:
            raise BackupFailedError(
                f"备份未通过完整性检查（{problem}），数据文件可能已损坏，未保存此备份"
                " / the copy failed its check"
            )
        _fsync(partial)
        os.replace(partial, target)
        _fsync_dir(backup_dir)
    finally:
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + "-journal").unlink(missing_ok=True)
    log.info("backup %s written", name)
    return BackupInfo(target, reason, taken_at, revision, seq)


def _newest_per(
    backups: list[BackupInfo], key: Callable[[datetime], Hashable], count: int, now: datetime
) -> set[Path]:
    """The newest backup of each of the last ``count`` periods that have one."""
    kept: dict[Hashable, Path] = {}
    for b in backups:  # newest first
        period = key(b.taken_at.astimezone(now.tzinfo))
        if period not in kept:
            if len(kept) == count:
                break
            kept[period] = b.path
    return set(kept.values())


def rotate(backup_dir: Path, keep: BackupInfo, *, now: datetime | None = None) -> list[Path]:
    """Delete the backups the rotation no longer needs; returns what was deleted.

    ``keep``: the backup just made and verified, the newest good one, never deleted. Days,
    weeks and months are counted in ``now``'s time zone (the station's local time).
    """
    now = now if now is not None and now.tzinfo is not None else datetime.now().astimezone()
    backups = list_backups(backup_dir)
    past = [b for b in backups if b.taken_at <= now]
    kept = {b.path for b in backups if b.taken_at > now}  # clock went back: keep, do not judge
    kept.add(keep.path)
    daily = [b for b in past if b.reason is BackupReason.DAILY]
    kept |= _newest_per(daily, lambda t: t.date(), KEEP_DAYS, now)
    kept |= _newest_per(daily, lambda t: t.isocalendar()[:2], KEEP_WEEKS, now)
    kept |= _newest_per(daily, lambda t: (t.year, t.month), KEEP_MONTHS, now)
    for reason, count in (
        (BackupReason.MANUAL, KEEP_MANUAL),
        (BackupReason.BEFORE_MIGRATION, KEEP_BEFORE_MIGRATION),
    ):
        kept |= {b.path for b in [b for b in past if b.reason is reason][:count]}
    removed = []
    for b in past:
        if b.path not in kept:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    for leftover in backup_dir.iterdir():
        partial = _PARTIAL.match(leftover.name)
        info = parse_backup_name(Path(partial["name"])) if partial else None
        if info is not None and info.taken_at < now - STALE_PARTIAL:
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
    if removed:
        log.info("backup rotation removed %d file(s)", len(removed))
    return removed


def ensure_daily_backup(data_dir: Path, *, now: datetime | None = None) -> BackupInfo | None:
    """Today's daily backup if there is none yet (then rotate); None if there was one already.

    "Today" is ``now``'s local day (default: the computer's clock and time zone).
    """
    now = now if now is not None and now.tzinfo is not None else datetime.now().astimezone()
    db_path, backup_dir = data_dir / DB_FILENAME, data_dir / BACKUP_DIRNAME
    if not db_path.is_file():
        return None
    today = now.date()
    for b in list_backups(backup_dir):
        if b.reason is BackupReason.DAILY and b.taken_at.astimezone(now.tzinfo).date() == today:
            return None
    made = make_backup(db_path, backup_dir, BackupReason.DAILY, now=now)
    rotate(backup_dir, made, now=now)
    return made


def manual_backup(data_dir: Path, *, now: datetime | None = None) -> BackupInfo:
    made = make_backup(
        data_dir / DB_FILENAME, data_dir / BACKUP_DIRNAME, BackupReason.MANUAL, now=now
    )
    rotate(data_dir / BACKUP_DIRNAME, made, now=now)
    return made


def inspect_backup(path: Path) -> str:
    """The schema version of a file fit to restore; raises BackupRejectedError/StoreTooNewError."""
    if not path.is_file():
        raise BackupRejectedError(f"找不到备份文件：{path} / backup file not found")
    problem = database_problem(path, Check.FULL)
    if problem is not None:
        raise BackupRejectedError(
            f"该文件已损坏，不能用于恢复（{problem}）：{path.name} / the file is damaged"
        )
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        row = None
        if {"alembic_version", "station"} <= tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        conn.close()
    if row is None:
        raise BackupRejectedError(
            f"该文件不是本台账程序的数据文件，不能用于恢复：{path.name} / not a station store"
        )
    revision = str(row[0])
    if revision not in known_revisions():
        raise StoreTooNewError(
            f"备份由更新版本的台账程序创建（数据库结构版本 {revision}），请先升级本程序再恢复"
            " / the backup was made by a newer version of the app"
        )
    return revision


def backup_problem(path: Path) -> str | None:
    """Why ``path`` cannot be restored, or None if it can."""
    try:
        inspect_backup(path)
    except DomainError as exc:
        return str(exc)
    return None


def newest_good_backup(backup_dir: Path) -> BackupInfo | None:
    """The newest backup that passes the integrity check and opens as a station store."""
    for b in list_backups(backup_dir):
        if backup_problem(b.path) is None:
            return b
    return None


def record_counts(db_path: Path) -> dict[str, int]:
    """Live (not voided) records per ledger label, read from a store or a backup file."""
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {
            spec.label: int(
                conn.execute(
                    f'SELECT count(*) FROM "{spec.entity}" WHERE voided_at IS NULL'
                ).fetchone()[0]
            )
            for spec in LEDGERS
        }
    finally:
        conn.close()


def restore(data_dir: Path, backup_file: Path, *, now: datetime | None = None) -> RestoreOutcome:
    """Put ``backup_file`` in place of the store, keeping the current file aside. Store closed.

    The backup is checked first (integrity, a station store, not from a newer app) and copied
    next to the store under a temporary name; the current file is copied aside
    (``station.db.before-restore-<UTC time>``, its WAL moved with it), then the copy replaces
    it in one ``os.replace``: at every moment ``station.db`` is the old store or the restored one.
    """
    revision = inspect_backup(backup_file)
    data_dir.mkdir(parents=True, exist_ok=True)
    db_path = data_dir / DB_FILENAME
    staging = data_dir / f".{DB_FILENAME}.restoring"
    staging.unlink(missing_ok=True)
    try:
        copy_database(backup_file, staging, read_only=True)
        problem = database_problem(staging, Check.QUICK)
        if problem is not None:
            raise BackupRejectedError(f"复制备份时出错（{problem}），未恢复 / copy failed")
        _fsync(staging)
        kept: list[Path] = []
        if db_path.exists():
            stamp = _utc(now).strftime(_STAMP)
            aside = data_dir / f"{DB_FILENAME}.before-restore-{stamp}"
            n = 1
            while aside.exists():
                n += 1
                aside = data_dir / f"{DB_FILENAME}.before-restore-{stamp}-{n}"
            shutil.copyfile(db_path, aside)  # bytes, not SQLite: the file may be damaged
            _fsync(aside)
            kept.append(aside)
            for side in ("-wal", "-shm"):
                current = db_path.with_name(db_path.name + side)
                if current.exists():
                    moved = aside.with_name(aside.name + side)
                    os.replace(current, moved)
                    kept.append(moved)
        os.replace(staging, db_path)
        _fsync_dir(data_dir)
    finally:
        staging.unlink(missing_ok=True)
        staging.with_name(staging.name + "-journal").unlink(missing_ok=True)
    log.info("store restored from backup %s (schema %s)", backup_file.name, revision)
    return RestoreOutcome(backup_file, revision, tuple(kept))
