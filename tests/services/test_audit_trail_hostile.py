"""Hostile: whoever holds the data folder (not the data key) erases the audit trail, cuts its
newest entries and puts an older anchor back, or copies an older store over the current one.
Each must fail ``station check``'s health report; the app's own restore must not, and neither
may a crash (the mark kept outside the store lags it, never leads it)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.services.station_services import StationServices
from station_app.services.store_maintenance import StoreMaintenance
from station_app.storage import audit_mark
from station_app.storage.store import DB_FILENAME
from tests.conftest import HEAD_PASSWORD, FixedClock, StoreTemplate
from tests.drafts import consultation

OLDER = "数据文件比本机记录的旧"


class Station:
    """A copy of the template store in ``data_dir``, opened and closed as a clerk's PC does."""

    def __init__(self, data_dir: Path, clock: FixedClock) -> None:
        self.data_dir = data_dir
        self.clock = clock
        self.open_now: list[StationServices] = []

    def open(self) -> StationServices:
        services = StationServices.open(self.data_dir, clock=self.clock)
        services.ctx.principal = services.accounts.principal("admin")
        self.open_now.append(services)
        return services

    def work(self, records: int = 2) -> None:
        """Open, save ``records`` consultations, close cleanly (the mark moves)."""
        services = self.open()
        for i in range(records):
            services.consultations.create(consultation(question=f"问题{i}"))
        self.close(services)

    def close(self, services: StationServices) -> None:
        services.close()
        self.open_now.remove(services)

    def problems(self) -> list[str]:
        services = self.open()
        try:
            return StoreMaintenance(self.data_dir).health(services).problems
        finally:
            self.close(services)

    def sql(self, script: str) -> None:
        """Behind the app's back, with the store closed."""
        conn = sqlite3.connect(self.data_dir / DB_FILENAME)
        try:
            conn.executescript(script)
            conn.commit()
        finally:
            conn.close()

    def anchor(self) -> str:
        conn = sqlite3.connect(self.data_dir / DB_FILENAME)
        try:
            return str(
                conn.execute("SELECT value FROM setting WHERE key = 'audit.anchor'").fetchone()[0]
            )
        finally:
            conn.close()

    def last_seq(self) -> int:
        conn = sqlite3.connect(self.data_dir / DB_FILENAME)
        try:
            return int(conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0])
        finally:
            conn.close()


@pytest.fixture
def station(data_dir: Path, clock: FixedClock, store_template: StoreTemplate) -> Iterator[Station]:
    store_template.copy_to(data_dir)
    clock._tick = store_template.ticks
    found = Station(data_dir, clock)
    yield found
    for services in found.open_now:
        services.close()


UNGUARD = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
REGUARD = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
)


def test_a_sound_store_passes(station: Station) -> None:
    station.work()
    assert station.problems() == []


@pytest.mark.parametrize("guards_put_back", [False, True], ids=["left off", "put back"])
def test_an_erased_trail_does_not_pass(station: Station, guards_put_back: bool) -> None:
    """Triggers dropped, every entry, its sequence and the anchor deleted: nothing left in
    the file for the chain to disagree with."""
    station.work()
    station.sql(
        UNGUARD + "DELETE FROM audit_log; DELETE FROM sqlite_sequence WHERE name = 'audit_log';"
        "DELETE FROM setting WHERE key = 'audit.anchor';" + (REGUARD if guards_put_back else "")
    )
    problems = station.problems()
    assert any("审计日志为空" in p for p in problems), problems
    assert any(OLDER in p for p in problems), problems
    assert any("触发器" in p for p in problems) != guards_put_back, problems


def test_an_erased_trail_is_caught_on_a_pc_without_the_mark(
    station: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store's own check, without the outside mark (it was never made here)."""
    station.sql(UNGUARD + "DELETE FROM audit_log; DELETE FROM setting WHERE key = 'audit.anchor';")
    problems = station.problems()
    assert any("审计日志为空" in p for p in problems), problems
    assert not any(OLDER in p for p in problems)


@pytest.mark.parametrize(
    "trigger",
    [
        "DROP TRIGGER audit_log_no_delete;",
        "DROP TRIGGER audit_log_no_update; CREATE TRIGGER audit_log_no_update "
        "BEFORE UPDATE ON audit_log BEGIN SELECT 1; END;",
    ],
    ids=["dropped", "disarmed"],
)
def test_a_trail_left_unguarded_does_not_pass(station: Station, trigger: str) -> None:
    station.work()
    station.sql(trigger)
    problems = station.problems()
    assert len(problems) == 1 and "触发器" in problems[0], problems


def test_a_cut_trail_with_an_older_anchor_does_not_pass(station: Station) -> None:
    """The newest entries deleted and the anchor taken from when the trail was that long
    (a backup holds it): the chain and anchor agree, the mark outside does not."""
    station.work()
    older_anchor, older_seq = station.anchor(), station.last_seq()
    station.work(records=3)
    station.sql(
        UNGUARD + f"DELETE FROM audit_log WHERE seq > {older_seq};"
        f"UPDATE setting SET value = '{older_anchor}' WHERE key = 'audit.anchor';" + REGUARD
    )
    services = station.open()
    assert services.audit.verify() == []  # the file alone cannot tell
    station.close(services)
    problems = station.problems()
    assert len(problems) == 1 and problems[0].startswith(OLDER), problems


def test_an_older_store_copied_over_the_current_one_does_not_pass(
    station: Station, tmp_path: Path
) -> None:
    station.work()
    older = shutil.copyfile(station.data_dir / DB_FILENAME, tmp_path / "older.db")
    station.work()
    shutil.copyfile(older, station.data_dir / DB_FILENAME)

    services = station.open()
    assert StoreMaintenance.older_store(services) is not None
    services.consultations.create(consultation(question="在旧文件上继续工作"))
    station.close(services)
    # Working on in the older file does not wipe the evidence.
    assert any(p.startswith(OLDER) for p in station.problems())


def test_a_store_swapped_for_another_copy_does_not_pass(station: Station, tmp_path: Path) -> None:
    """Same length, other entries: a copy taken earlier and worked on elsewhere."""
    station.work()
    fork = shutil.copyfile(station.data_dir / DB_FILENAME, tmp_path / "fork.db")
    station.work(records=1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copyfile(fork, elsewhere / DB_FILENAME)
    Station(elsewhere, station.clock).work(records=1)  # as many entries, other content
    shutil.copyfile(elsewhere / DB_FILENAME, station.data_dir / DB_FILENAME)
    problems = station.problems()
    assert any("对不上" in p for p in problems), problems


def test_the_heads_restore_moves_the_mark_and_is_audited(station: Station) -> None:
    station.work()
    made = StoreMaintenance(station.data_dir).back_up_now()
    station.work(records=3)

    def sign_in(services: StationServices) -> None:
        services.accounts.sign_in("admin", HEAD_PASSWORD)

    StoreMaintenance(station.data_dir).restore(made.path, sign_in)
    assert station.problems() == []
    services = station.open()
    assert services.audit.page(0, 1)[0].action == "restore"
    station.close(services)


def test_a_crash_is_no_rollback(station: Station) -> None:
    """Entries committed after the last mark, then the process dies without closing: the
    store is ahead of its mark, which is no alarm."""
    station.work()
    services = station.open()
    services.consultations.create(consultation(question="崩溃前保存的"))
    station.open_now.remove(services)
    services.store.engine.dispose()  # no clean close: the mark stays where it was
    assert station.problems() == []


def test_the_mark_follows_commits_so_a_crash_does_not_hide_a_cut(
    station: Station, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a commit the mark moves (at most once a minute; here at once): entries cut
    after a crash are caught though no clean close ever marked them."""
    station.work()
    monkeypatch.setattr(audit_mark, "INTERVAL", 0.0)
    services = station.open()
    older_anchor, older_seq = station.anchor(), station.last_seq()
    services.consultations.create(consultation(question="标记随提交前进"))
    station.open_now.remove(services)
    services.store.engine.dispose()  # crash
    station.sql(
        UNGUARD + f"DELETE FROM audit_log WHERE seq > {older_seq};"
        f"UPDATE setting SET value = '{older_anchor}' WHERE key = 'audit.anchor';" + REGUARD
    )
    assert any(p.startswith(OLDER) for p in station.problems())


def test_a_copy_in_another_folder_is_not_a_rollback(station: Station, tmp_path: Path) -> None:
    """The mark is per data folder: a copy of the store opened elsewhere (a second station
    set up from it, a test's copy) is not this store put back."""
    station.work()
    early = shutil.copyfile(station.data_dir / DB_FILENAME, tmp_path / "early.db")
    station.work()
    other = tmp_path / "other"
    other.mkdir()
    shutil.copyfile(early, other / DB_FILENAME)
    assert Station(other, station.clock).problems() == []
