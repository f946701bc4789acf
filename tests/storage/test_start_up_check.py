"""The desktop app's open: the store's integrity check runs in the background, reads go on,
writes wait for its verdict, and a damaged store refuses them all, so nothing is written."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from station_app.domain.store_errors import DamagedStoreError
from station_app.services.station_services import StationServices
from station_app.storage import store_check
from station_app.storage.backup import list_backups
from station_app.storage.store import BACKUP_DIRNAME, DB_FILENAME
from station_app.tools.demo_data import fill_demo
from tests.conftest import FixedClock
from tests.damaged_store import damage_table
from tests.drafts import consultation
from tests.old_store import copy_old_store


@pytest.fixture
def held_check(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Every store check (start-up and backups) waits until the test sets the event; the
    check itself then runs as ever. Set at the end so that nothing is left waiting."""
    release = threading.Event()
    real = store_check._verdict

    def held(conn: sqlite3.Connection, check: store_check.Check) -> str | None:
        release.wait(30)
        return real(conn, check)

    monkeypatch.setattr(store_check, "_verdict", held)
    yield release
    release.set()


class Attempt:
    """``work`` on a thread of its own, as a save from the app's store lane would run."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self.result: Any = None
        self.error: BaseException | None = None
        self._work = work
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.result = self._work()
        except BaseException as exc:
            self.error = exc

    def still_waiting_after(self, seconds: float) -> bool:
        self._thread.join(seconds)
        return self._thread.is_alive()

    def finish(self) -> None:
        self._thread.join(30)
        assert not self._thread.is_alive()


def damaged_store(services: StationServices, data_dir: Path) -> bytes:
    """The fixture's store with records, damaged while the app was closed; its bytes."""
    fill_demo(services, 200, seed=21)
    services.close()
    db = data_dir / DB_FILENAME
    damage_table(db)
    return db.read_bytes()


def test_the_store_opens_while_its_check_runs_and_writes_go_through_after_it(
    services: StationServices, data_dir: Path, clock: FixedClock, held_check: threading.Event
) -> None:
    services.close()
    opened = StationServices.open(data_dir, clock=clock, background_check=True)
    try:
        opened.ctx.principal = opened.accounts.principal("admin")
        before = opened.consultations.count()  # reads do not wait for the check
        save = Attempt(lambda: opened.consultations.create(consultation()))
        assert save.still_waiting_after(0.3)
        assert opened.consultations.count() == before

        held_check.set()
        save.finish()
        assert save.error is None
        assert opened.consultations.count() == before + 1
        assert opened.consultations.get(save.result.id).data.name == "王某某"
    finally:
        opened.close()


def test_a_damaged_store_opens_for_reading_but_refuses_the_save_tried_before_the_verdict(
    services: StationServices, data_dir: Path, clock: FixedClock, held_check: threading.Event
) -> None:
    damaged = damaged_store(services, data_dir)
    opened = StationServices.open(data_dir, clock=clock, background_check=True)
    try:
        opened.ctx.principal = opened.accounts.principal("admin")
        save = Attempt(lambda: opened.consultations.create(consultation()))
        assert save.still_waiting_after(0.3)

        held_check.set()
        save.finish()
        assert isinstance(save.error, DamagedStoreError)
        assert "数据文件已损坏" in str(save.error)
        # Every later write is refused at once, the sign-in's too.
        with pytest.raises(DamagedStoreError):
            opened.accounts.sign_in("admin", "whatever")
    finally:
        opened.close()
    assert (data_dir / DB_FILENAME).read_bytes() == damaged  # nothing was written


def test_a_store_that_would_be_written_while_opening_is_checked_first(
    data_dir: Path, clock: FixedClock
) -> None:
    """An old store is migrated at open: a damaged one is refused before the migration (and
    before its backup), as when the check ran first."""
    db = copy_old_store(data_dir)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")  # as the app that made it left it
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with db.open("r+b") as f:  # garbage over the b-tree header of the last page
        f.seek((pages - 1) * page_size)
        f.write(b"\xa5" * 64)
    damaged = db.read_bytes()

    with pytest.raises(DamagedStoreError):
        StationServices.open(data_dir, clock=clock, background_check=True)
    assert db.read_bytes() == damaged
    assert list_backups(data_dir / BACKUP_DIRNAME) == []


def test_a_store_not_in_wal_mode_yet_is_checked_before_the_open_writes_its_header(
    data_dir: Path,
) -> None:
    db = copy_old_store(data_dir)
    with db.open("r+b") as f:  # the middle of the file: a table's pages, not the header
        f.seek(db.stat().st_size // 2)
        f.write(b"\xa5" * 4096)
    damaged = db.read_bytes()
    with pytest.raises(DamagedStoreError):
        StationServices.open(data_dir, background_check=True)
    assert db.read_bytes() == damaged


def test_a_file_that_is_not_a_database_is_refused_at_open_in_the_background_mode_too(
    data_dir: Path,
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / DB_FILENAME).write_bytes(b"\x00" * 8192)
    with pytest.raises(DamagedStoreError, match="不是数据库文件"):
        StationServices.open(data_dir, background_check=True)


def test_by_default_a_damaged_store_is_refused_at_open_as_the_cli_needs(
    services: StationServices, data_dir: Path, clock: FixedClock
) -> None:
    damaged_store(services, data_dir)
    with pytest.raises(DamagedStoreError):
        StationServices.open(data_dir, clock=clock)
