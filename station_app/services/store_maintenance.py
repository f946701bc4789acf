"""Everything done to a station's store as a whole file: opening it (or saying why it will not
open), backups, restoring one, the recovery key, the health check and the schema version.

The one door to storage/ for the app's start-up, the damaged-store and missing-key dialogs
and the CLI: they hold a ``StoreMaintenance`` for a data folder and never touch the store's
modules. Restoring over a store that still opens needs the RESTORE right, checked here, and
the restored store's audit trail says who brought it back. A restore is the app's own way back:
it moves the audit mark kept outside the store (storage.audit_mark) to the restored store, so
that only a store put back outside the app is found older than its mark.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from station_app.domain.access import Principal, Right
from station_app.domain.backups import BackupInfo, RestoreOutcome
from station_app.domain.errors import DomainError
from station_app.domain.store_errors import DamagedStoreError, DataKeyError
from station_app.security.key_store import KeyStore, key_from_recovery_text
from station_app.services.station_services import StationServices
from station_app.storage import backup
from station_app.storage.data_key import restore_key
from station_app.storage.migrate import current_revision
from station_app.storage.planner_statistics import refresh_all
from station_app.storage.schema_versions import head_revision
from station_app.storage.store_files import BACKUP_DIRNAME, DB_FILENAME

log = logging.getLogger("station.db")

#: Signs the services in (the CLI: ``--user`` and a password from the environment or the
#: terminal); raises if it cannot.
SignIn = Callable[[StationServices], None]

RESTORE_DENIED = "只有站长可以从备份恢复台账"


@dataclass(frozen=True)
class SchemaStatus:
    """The store's schema version against the newest this app ships."""

    revision: str | None
    head: str

    @property
    def current(self) -> bool:
        return self.revision == self.head


@dataclass(frozen=True)
class HealthReport:
    """``station check``: every problem found (empty when all is well) and the facts shown."""

    problems: list[str]
    schema: SchemaStatus
    unsent: int

    @property
    def ok(self) -> bool:
        return not self.problems


class StoreMaintenance:
    """The store in ``data_dir`` as a file: open, back up, restore, recover its key, check."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / BACKUP_DIRNAME

    def has_store(self) -> bool:
        return self.db_path.exists()

    # -- opening --------------------------------------------------------------------------

    def open(
        self, *, keys: KeyStore | None = None, background_check: bool = False
    ) -> StationServices:
        """The services on the store (made if absent). Raises DamagedStoreError when the file
        is damaged (restore a backup), DataKeyError when this PC lacks its data key (enter
        the recovery key), another DomainError for a store from a newer app.

        ``background_check`` (the desktop app): the integrity check of a store that opens
        without writing runs on a thread of its own instead of before the open, so that it
        does not stand between the clerk and the window; writes wait for its verdict
        (``start_up_verdict``) and a damaged one refuses them with DamagedStoreError.
        """
        return StationServices.open(self.data_dir, keys=keys, background_check=background_check)

    @staticmethod
    def start_up_verdict(
        services: StationServices, *, wait: bool = True
    ) -> DamagedStoreError | None:
        """The start-up check of the open store: None if it passed (or, with ``wait=False``,
        has not finished), else the error every write now raises. An error that kept the
        check from a verdict is raised."""
        check = services.store.check
        if wait:
            check.wait()
        elif not check.done:
            return None
        try:
            check.require_sound()
        except DamagedStoreError as exc:
            return exc
        return None

    # -- backups --------------------------------------------------------------------------

    def backups(self) -> list[BackupInfo]:
        """This app's backups, newest first."""
        return backup.list_backups(self.backup_dir)

    def back_up_now(self) -> BackupInfo:
        """A manual backup, verified, then the rotation."""
        return backup.manual_backup(self.data_dir)

    def daily_backup(self, *, now: datetime | None = None) -> BackupInfo | None:
        """Today's backup if not made yet (then the rotation); None if there was one.

        A backup made (the store was just copied whole and the copy passed the full check)
        is followed by fresh planner statistics for every indexed table: how values are
        shared out changes while row counts stay put (visits get confirmed, cases close),
        which the checks at close and after bulk writes do not see. 0.8 s at 200,000 records,
        on the backup's own thread; the app plans with them from its next start."""
        made = backup.ensure_daily_backup(self.data_dir, now=now)
        if made is not None:
            try:
                refresh_all(self.db_path)
            except sqlite3.Error:  # statistics only steer plans; the backup is what counts
                log.warning("planner statistics not refreshed with the daily backup", exc_info=True)
        return made

    def newest_good_backup(self) -> BackupInfo | None:
        """The newest backup that passes the integrity check and opens as a station store."""
        return backup.newest_good_backup(self.backup_dir)

    def record_counts(self, path: Path | None = None) -> dict[str, int]:
        """Live records per ledger label in a backup file, or in the store itself."""
        return backup.record_counts(path or self.db_path)

    # -- restoring ------------------------------------------------------------------------

    def restore(self, source: Path, sign_in: SignIn) -> RestoreOutcome:
        """Put the backup ``source`` in place of the store, keeping the current file aside.

        Only the station head restores over a store that still opens (signed in by
        ``sign_in``); a damaged or keyless store cannot check anyone's password, so then
        access to the PC is what counts. The restored store's trail notes the head.
        """
        head = self._restoring_head(sign_in)
        outcome = backup.restore(self.data_dir, source)
        self._note_restore(head, source.name)
        return outcome

    def restore_damaged(self, good: BackupInfo) -> RestoreOutcome:
        """The store did not open (damaged): put the backup ``good`` in its place. Nobody can
        sign in to a damaged store, so no right is asked (as ``restore`` does then)."""
        outcome = backup.restore(self.data_dir, good.path)
        log.warning("damaged store replaced by backup %s; damaged file kept aside", good.path.name)
        self._note_restore(None, good.path.name)
        return outcome

    def _restoring_head(self, sign_in: SignIn) -> Principal | None:
        """The signed-in head, or None when the current store is damaged (nobody can sign
        in to it). A store that opens but lacks this PC's data key is not damaged: restoring
        over it would let anyone who empties the key folder skip the head's sign-in, so it
        is refused until the recovery key is back (then the head signs in as usual)."""
        if not self.has_store():
            return None
        try:
            services = self.open()
        except DamagedStoreError:
            return None
        except DataKeyError as exc:
            raise DataKeyError(
                "本机缺少这份台账的数据密钥，不能恢复备份：请站长先用恢复密钥恢复"
                "（station key restore），再登录恢复 / restore the recovery key first"
            ) from exc
        try:
            sign_in(services)
            services.ctx.require(Right.RESTORE, RESTORE_DENIED)
            return services.ctx.principal
        finally:
            services.close()

    def _note_restore(self, head: Principal | None, source: str) -> None:
        """The restored store's trail says who brought it back, and from which file; the
        audit mark outside the store moves to the restored store's end. Without a head (the
        store was damaged) a restored store that does not open is left to the next open."""
        try:
            services = self.open()
        except DomainError:
            if head is not None:
                raise
            log.warning("restored store did not open; audit mark left as it was")
            return
        try:
            if head is not None:
                services.ctx.principal = services.accounts.principal(head.username)
                services.audit.note("restore", backup=source)
        except DomainError:
            log.warning("restored store has no matching head account; restore not audited")
        finally:
            try:
                services.store.trail.reset()
            finally:
                services.close()

    # -- the recovery key -----------------------------------------------------------------

    def restore_key(self, recovery_text: str, *, keys: KeyStore | None = None) -> str:
        """Check the head's recovery key against the store (which cannot open without it)
        and keep it in this PC's key store; where it went. Raises RecoveryKeyError for text
        that is no key, DataKeyError for a key that is not this store's."""
        key = key_from_recovery_text(recovery_text)
        where = restore_key(self.db_path, key, keys or KeyStore())
        log.info("data key restored from the recovery key")
        return where

    # -- checks ---------------------------------------------------------------------------

    @staticmethod
    def schema_status(services: StationServices) -> SchemaStatus:
        return SchemaStatus(current_revision(services.store.engine), head_revision())

    @staticmethod
    def older_store(services: StationServices) -> str | None:
        """Why the open store is older than the audit mark kept outside it (it was put back
        outside the app), in one Chinese line; None when it is not."""
        return services.store.trail.problem

    def health(self, services: StationServices) -> HealthReport:
        """``station check``: SQLite's integrity and foreign keys, the audit chain, its
        append-only triggers, a trail in a store with accounts or records, the store against
        the audit mark kept outside it, the schema version, and that the station was set up."""
        problems = services.store.integrity_problems()
        problems += [str(fault) for fault in services.audit.verify()]
        problems += services.audit.guard_problems()
        schema = self.schema_status(services)
        initialized = services.organisation.is_initialized()
        unsent = services.stats.unsent_count()
        if not schema.current:
            problems.append(f"数据库结构版本 {schema.revision}，应为 {schema.head}")
        if not initialized:
            problems.append("台账尚未初始化（没有工作站信息）")
        return HealthReport(problems, schema, unsent)
