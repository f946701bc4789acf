"""The write-ahead log is copied back into the store file by the checkpointer's thread, not
inside the commits: after a large write at once, after a pause for a clerk's saves, and what
is left at close. Read here as it matters: the store file alone, without its log (what a
copy made behind the app's back would hold), has the records."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from station_app.services.station_services import StationServices
from station_app.storage import checkpoints
from station_app.storage.store_files import DB_FILENAME
from tests.drafts import consultation


def _in_the_file_alone(data_dir: Path, tmp_path: Path) -> int:
    """Consultations in a copy of the store file without its log (-1: a copy caught
    mid-checkpoint that does not read)."""
    copy = tmp_path / "file-alone.db"
    shutil.copyfile(data_dir / DB_FILENAME, copy)
    try:
        conn = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
        try:
            return int(conn.execute("SELECT count(*) FROM consultation").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return -1
    finally:
        copy.unlink()


def _wait_for_the_file_to_hold(n: int, data_dir: Path, tmp_path: Path) -> int:
    deadline = time.monotonic() + 15
    found = _in_the_file_alone(data_dir, tmp_path)
    while found != n and time.monotonic() < deadline:
        time.sleep(0.05)
        found = _in_the_file_alone(data_dir, tmp_path)
    return found


def test_a_large_write_reaches_the_store_file_soon_after_its_commit(
    services: StationServices, data_dir: Path, tmp_path: Path
) -> None:
    before = services.consultations.count()
    for _ in range(3):  # three transactions, each past the rows that start a checkpoint
        services.consultations.create_many([consultation() for _ in range(400)])
    assert _wait_for_the_file_to_hold(before + 1200, data_dir, tmp_path) == before + 1200
    # The log is reused from its start, not grown by every batch after the first.
    services.consultations.create_many([consultation() for _ in range(400)])
    assert _wait_for_the_file_to_hold(before + 1600, data_dir, tmp_path) == before + 1600


def test_a_clerks_save_reaches_the_store_file_after_a_pause(
    services: StationServices,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(checkpoints, "IDLE_SECONDS", 0.3)
    before = services.consultations.count()
    services.consultations.create(consultation())
    services.consultations.create(consultation())
    assert _wait_for_the_file_to_hold(before + 2, data_dir, tmp_path) == before + 2


def test_closing_leaves_one_file_that_holds_everything(
    services: StationServices, data_dir: Path, tmp_path: Path
) -> None:
    before = services.consultations.count()
    services.consultations.create(consultation())  # pending: its pause has not passed
    services.close()
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith(DB_FILENAME)) == [
        DB_FILENAME
    ]
    assert _in_the_file_alone(data_dir, tmp_path) == before + 1


def test_a_run_of_large_writes_keeps_the_log_from_growing_past_its_limit(
    services: StationServices, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thread's copy may always end after the next write began (a busy fill): the log
    then starts again only when a write finishes the copy first, past the log's limit.
    Here the thread never copies at all; without the limit the log would hold every write."""
    monkeypatch.setattr(checkpoints, "LOG_LIMIT_BYTES", 2**20)
    monkeypatch.setattr(checkpoints.Checkpointer, "committed", lambda self, rows: None)
    log = data_dir / f"{DB_FILENAME}-wal"
    sizes = []
    for _ in range(10):
        services.consultations.create_many([consultation() for _ in range(400)])
        sizes.append(log.stat().st_size)
    one_write = sizes[0]
    assert one_write > 2**20 / 4  # ten writes would make the log several times its limit
    assert max(sizes) < 2**20 + 2 * one_write
