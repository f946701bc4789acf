"""Backups: verified copies in data_dir/backups, rotated 7 daily / 4 weekly / 12 monthly, and a
restore that brings back exactly what a backup held while keeping the replaced store aside."""

from __future__ import annotations

import calendar
import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from station_app.domain.ledger_query import LedgerQuery
from station_app.services.station_services import StationServices
from station_app.storage import backup
from station_app.storage.backup import BackupReason
from station_app.storage.schema_versions import StoreTooNewError, head_revision
from station_app.storage.store import BACKUP_DIRNAME, DB_FILENAME
from station_app.storage.store_check import Check, DamagedStoreError, database_problem
from station_app.tools.demo_data import fill_demo
from tests.conftest import FixedClock
from tests.damaged_store import damage_table
from tests.old_store import FIXTURE, copy_old_store, dump
from tests.storage.test_store import consultation

CHINA = timezone(timedelta(hours=8))


def snapshot(services: StationServices) -> dict[str, list[Any]]:
    """Every record of every ledger (voided ones too), exactly as the services return it."""
    everything = LedgerQuery(include_voided=True)
    return {
        service.spec.entity: sorted(
            service.get_many(service.ids(everything)), key=lambda s: s.meta.uuid
        )
        for service in services.ledgers()
    }


def at(day: date, hour: int = 7, minute: int = 30) -> datetime:
    """A moment on the station's local (China) calendar day."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA)


def daily_days(backup_dir: Path) -> list[date]:
    return sorted(
        b.taken_at.astimezone(CHINA).date()
        for b in backup.list_backups(backup_dir)
        if b.reason is BackupReason.DAILY
    )


# -- rotation ---------------------------------------------------------------------------------


def expected_days(end: date) -> set[date]:
    """Grandfather-father-son when every day had its backup, stated with the calendar:
    the last 7 days, the last day (or today) of the last 4 ISO weeks and of the last 12 months."""
    keep = {end - timedelta(days=i) for i in range(7)}
    sunday = end + timedelta(days=6 - end.weekday())
    keep |= {min(end, sunday - timedelta(weeks=k)) for k in range(4)}
    year, month = end.year, end.month
    for _ in range(12):
        keep.add(min(end, date(year, month, calendar.monthrange(year, month)[1])))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keep


def test_a_year_of_daily_backups_keeps_7_daily_4_weekly_12_monthly(
    services: StationServices, data_dir: Path
) -> None:
    folder = data_dir / BACKUP_DIRNAME
    folder.mkdir(parents=True)
    foreign = [folder / "notes.txt", folder / "station-copy.db", folder / "daily-old.db"]
    for f in foreign:
        f.write_text("the clerk's own file")
    first, last = date(2025, 11, 26), date(2026, 11, 25)
    day = first
    while day <= last:
        # 07:30 in China is still the previous day in UTC: days are the station's days.
        made = backup.ensure_daily_backup(data_dir, now=at(day))
        assert made is not None and made.path.exists()
        assert backup.ensure_daily_backup(data_dir, now=at(day, 18)) is None  # one a day
        kept = daily_days(folder)
        assert kept[-1] == day  # the newest backup survives its own rotation
        assert len(kept) <= 7 + 4 + 12
        day += timedelta(days=1)

    assert set(daily_days(folder)) == expected_days(last)
    # Spelled out: 11-19…11-25 (days; also this week and this month), Sundays 11-15 and 11-08
    # (11-22 is among the days), and the last day of each month from December 2025.
    assert [d.isoformat()[2:] for d in daily_days(folder)] == [
        *("25-12-31", "26-01-31", "26-02-28", "26-03-31", "26-04-30", "26-05-31", "26-06-30"),
        *("26-07-31", "26-08-31", "26-09-30", "26-10-31", "26-11-08", "26-11-15"),
        *(f"26-11-{d}" for d in range(19, 26)),
    ]
    assert all(f.read_text() == "the clerk's own file" for f in foreign)
    assert not list(folder.glob(".*"))  # no temporary file left behind

    # Ten days without the app, then one backup: the six days before the gap are still kept.
    backup.ensure_daily_backup(data_dir, now=at(last + timedelta(days=10)))
    recent = daily_days(folder)[-7:]
    assert recent == [last - timedelta(days=i) for i in range(5, -1, -1)] + [
        last + timedelta(days=10)
    ]


def test_manual_keep_10_and_before_migration_keep_5_and_the_future_is_left_alone(
    services: StationServices, data_dir: Path
) -> None:
    folder = data_dir / BACKUP_DIRNAME
    db = data_dir / DB_FILENAME
    start = datetime(2026, 11, 1, 9, tzinfo=UTC)
    future = backup.make_backup(db, folder, BackupReason.MANUAL, now=start + timedelta(days=400))
    for i in range(8):
        backup.make_backup(
            db,
            folder,
            BackupReason.BEFORE_MIGRATION,
            now=start + timedelta(hours=i),
            revision="0004",
        )
    for i in range(14):
        backup.manual_backup(data_dir, now=start + timedelta(days=1, minutes=i))

    found = backup.list_backups(folder)
    manual = [b for b in found if b.reason is BackupReason.MANUAL and b.path != future.path]
    before = [b for b in found if b.reason is BackupReason.BEFORE_MIGRATION]
    assert [b.taken_at for b in manual] == [
        start + timedelta(days=1, minutes=i) for i in range(13, 3, -1)
    ]
    assert [b.taken_at for b in before] == [start + timedelta(hours=i) for i in range(7, 2, -1)]
    assert {b.revision for b in before} == {"0004"}
    assert future.path.exists()  # a clock that was set wrong: not judged, not deleted


def test_backups_made_in_the_same_second_do_not_overwrite_each_other(
    services: StationServices, data_dir: Path
) -> None:
    now = datetime(2026, 11, 25, 1, 2, 3, tzinfo=UTC)
    one = backup.manual_backup(data_dir, now=now)
    two = backup.manual_backup(data_dir, now=now)
    assert one.path != two.path and one.path.exists() and two.path.exists()
    assert [b.path for b in backup.list_backups(data_dir / BACKUP_DIRNAME)] == [two.path, one.path]


# -- what a backup holds and what a restore brings back ---------------------------------------


def test_restore_brings_back_exactly_the_records_of_the_backup(
    services: StationServices, data_dir: Path, clock: FixedClock
) -> None:
    fill_demo(services, 60, seed=1)
    held = snapshot(services)
    made = backup.manual_backup(data_dir)
    assert made.path.parent == data_dir / BACKUP_DIRNAME
    assert backup.record_counts(made.path) == {s.spec.label: s.count() for s in services.ledgers()}

    # After the backup: more records, a change and a void.
    for _ in range(3):
        services.consultations.create(consultation())
    first = services.consultations.get(services.consultations.ids()[0])
    services.consultations.void(first.id, "录入错误", expected_revision=first.meta.revision)
    later = snapshot(services)
    assert later != held
    services.close()

    outcome = backup.restore(data_dir, made.path)

    reopened = StationServices.open(data_dir, clock=clock)
    try:
        assert snapshot(reopened) == held
        assert reopened.store.integrity_problems() == []
    finally:
        reopened.close()
    # The replaced store is kept aside, whole, with everything written after the backup.
    aside = outcome.kept_aside[0]
    assert aside.name.startswith("station.db.before-restore-")
    assert aside.parent == data_dir
    kept = StationServices.open(_as_data_dir(aside, data_dir.parent / "kept"), clock=clock)
    try:
        assert snapshot(kept) == later
    finally:
        kept.close()


def _as_data_dir(store_file: Path, folder: Path) -> Path:
    """A data folder holding a copy of ``store_file`` (and its WAL), to open with the services."""
    folder.mkdir()
    for side in ("", "-wal"):
        source = store_file.with_name(store_file.name + side)
        if source.exists():
            (folder / (DB_FILENAME + side)).write_bytes(source.read_bytes())
    return folder


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    services: StationServices, data_dir: Path, tmp_path: Path
) -> None:
    fill_demo(services, 200, seed=3)
    made = backup.manual_backup(data_dir)
    before = snapshot(services)
    services.close()
    damage_table(made.path)
    assert database_problem(made.path, Check.FULL) is not None

    with pytest.raises(backup.BackupRejectedError, match="已损坏"):
        backup.restore(data_dir, made.path)
    assert sorted(p.name for p in data_dir.iterdir()) == [BACKUP_DIRNAME, DB_FILENAME]
    reopened = StationServices.open(data_dir)
    try:
        assert snapshot(reopened) == before
    finally:
        reopened.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04 a zipped workbook, not a store", "已损坏"),
        (b"", "已损坏"),
        (None, "不是本台账程序的数据文件"),  # a sound SQLite file of some other program
    ],
)
def test_restore_refuses_files_that_are_not_station_stores(
    services: StationServices, data_dir: Path, tmp_path: Path, content: bytes | None, message: str
) -> None:
    services.close()
    other = tmp_path / "other.db"
    if content is None:
        conn = sqlite3.connect(other)
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
        conn.close()
    else:
        other.write_bytes(content)
    with pytest.raises(backup.BackupRejectedError, match=message):
        backup.restore(data_dir, other)
    assert not any(p.name.startswith("station.db.before-restore") for p in data_dir.iterdir())


def test_restore_refuses_a_backup_from_a_newer_app(
    services: StationServices, data_dir: Path
) -> None:
    made = backup.manual_backup(data_dir)
    services.close()
    conn = sqlite3.connect(made.path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreTooNewError, match="更新版本"):
        backup.restore(data_dir, made.path)


# -- a damaged store at start-up --------------------------------------------------------------


def test_damaged_store_is_refused_at_open_and_the_newest_good_backup_found(
    services: StationServices, data_dir: Path, clock: FixedClock
) -> None:
    fill_demo(services, 200, seed=4)
    older = backup.manual_backup(data_dir, now=datetime(2026, 11, 23, 9, tzinfo=UTC))
    good = backup.manual_backup(data_dir, now=datetime(2026, 11, 24, 9, tzinfo=UTC))
    bad = backup.manual_backup(data_dir, now=datetime(2026, 11, 25, 9, tzinfo=UTC))
    held = snapshot(services)
    services.close()
    damage_table(bad.path)  # the newest backup is damaged too: it must be passed over
    db = data_dir / DB_FILENAME
    damage_table(db)
    # The damage is real: SQLite's own check finds it.
    assert database_problem(db, Check.QUICK) is not None

    with pytest.raises(DamagedStoreError) as caught:
        StationServices.open(data_dir, clock=clock)
    assert caught.value.path == db
    assert "数据文件已损坏" in str(caught.value)

    found = backup.newest_good_backup(data_dir / BACKUP_DIRNAME)
    assert found is not None and found.path == good.path != older.path
    backup.restore(data_dir, found.path)
    reopened = StationServices.open(data_dir, clock=clock)
    try:
        assert snapshot(reopened) == held
    finally:
        reopened.close()


def test_a_file_that_is_not_a_database_is_refused_at_open(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / DB_FILENAME).write_bytes(b"\x00" * 8192)
    with pytest.raises(DamagedStoreError, match="不是数据库文件"):
        StationServices.open(data_dir)


def test_a_failed_backup_leaves_no_file_that_looks_like_a_backup(
    services: StationServices, data_dir: Path
) -> None:
    fill_demo(services, 200, seed=5)
    services.close()
    damage_table(data_dir / DB_FILENAME)
    with pytest.raises(backup.BackupFailedError):
        backup.manual_backup(data_dir)
    assert list((data_dir / BACKUP_DIRNAME).iterdir()) == []


# -- before a migration -----------------------------------------------------------------------


def test_the_backup_before_a_migration_is_one_of_the_backups(
    data_dir: Path, clock: FixedClock
) -> None:
    copy_old_store(data_dir)
    StationServices.open(data_dir, clock=clock).close()

    (made,) = backup.list_backups(data_dir / BACKUP_DIRNAME)
    assert made.reason is BackupReason.BEFORE_MIGRATION
    assert made.revision == "0001"
    assert made.path.name.startswith("before-migration-0001-")
    assert dump(made.path) == dump(FIXTURE)
    assert backup.newest_good_backup(data_dir / BACKUP_DIRNAME) == made
    assert sorted(p.name for p in made.path.parent.iterdir()) == [made.path.name]  # no WAL

    # Restoring it gives back the old store, which the next open migrates again.
    backup.restore(data_dir, made.path)
    reopened = StationServices.open(data_dir, clock=clock)
    try:
        assert reopened.store.migration.from_revision == "0001"
        assert reopened.store.migration.to_revision == head_revision()
        assert reopened.consultations.count() == 2
    finally:
        reopened.close()


def test_a_crashed_backup_is_never_taken_for_a_backup_and_is_cleared_later(
    services: StationServices, data_dir: Path
) -> None:
    folder = data_dir / BACKUP_DIRNAME
    folder.mkdir(parents=True)
    crashed = folder / ".daily-20261120T010000Z.db.partial"  # the power went mid-copy
    crashed.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    assert backup.list_backups(folder) == []
    assert backup.newest_good_backup(folder) is None

    made = backup.ensure_daily_backup(data_dir, now=at(date(2026, 11, 25)))
    assert made is not None
    assert [p.name for p in folder.iterdir()] == [made.path.name]
