"""Hostile, through `station`: a store put back outside the app and a trail erased fail `station
check` with one Chinese line and exit 1; `station restore` (the app's own way back) passes. A
command that runs out of disk says 磁盘空间不足, exits 1 without a traceback, and leaves a
store that still passes `station check`."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from station_app.services.station_services import StationServices
from station_app.storage.store import DB_FILENAME
from tests.cli.test_cli_accounts import STATION, station
from tests.cli_runs import station_here
from tests.drafts import consultation

pytestmark = pytest.mark.slow


@pytest.fixture
def store(services: StationServices, data_dir: Path) -> Path:
    services.consultations.create(consultation())
    services.close()
    return data_dir


def failed_check(data_dir: Path) -> str:
    done = station(data_dir, "check")
    assert done.returncode == 1, done.stdout
    assert "Traceback" not in done.stderr
    return done.stdout


def test_an_older_store_fails_the_check_and_the_apps_restore_does_not(
    store: Path, tmp_path: Path
) -> None:
    # The backup, the sign-in and the last check in this process; what fails, a process.
    made = station_here("backup", "--data-dir", str(store))
    assert made.returncode == 0, made.stderr
    (backup_file,) = (store / "backups").iterdir()
    older = shutil.copyfile(store / DB_FILENAME, tmp_path / "older.db")
    signed_in = station_here("stats", "--data-dir", str(store), "--quarter", "2026Q4")
    assert signed_in.returncode == 0  # signs in: audited

    shutil.copyfile(older, store / DB_FILENAME)  # behind the app's back
    problems = [line for line in failed_check(store).splitlines() if line.startswith("问题")]
    assert len(problems) == 1 and "数据文件比本机记录的旧" in problems[0]

    restored = station(store, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stderr
    checked = station_here("check", "--data-dir", str(store))
    assert checked.returncode == 0, checked.stdout


def test_an_erased_trail_fails_the_check(store: Path) -> None:
    conn = sqlite3.connect(store / DB_FILENAME)
    conn.executescript(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
        "DELETE FROM audit_log; DELETE FROM setting WHERE key = 'audit.anchor';"
    )
    conn.commit()
    conn.close()
    out = failed_check(store)
    assert "审计日志为空" in out and "触发器" in out and "一切正常" not in out


def _no_room(limit: int) -> None:
    """In the child: files may grow to ``limit`` bytes, a write past it fails with EFBIG
    (what a full disk does to a write: an OS error, no signal)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_command_that_runs_out_of_disk_says_so_and_damages_nothing(
    store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "统计表.pdf"
    done = subprocess.run(
        [*STATION, "report", "--data-dir", str(store), "--quarter", "2026Q4", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
        preexec_fn=lambda: _no_room(32 * 1024),  # the store's WAL fits, the PDF does not
        check=False,
    )
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "磁盘空间不足" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    checked = station(store, "check")
    assert checked.returncode == 0, checked.stdout


def test_a_backup_that_runs_out_of_disk_blames_the_disk_not_the_store(store: Path) -> None:
    room = (
        store / DB_FILENAME
    ).stat().st_size // 2  # the copy cannot fit, the store's own writes do
    done = subprocess.run(
        [*STATION, "backup", "--data-dir", str(store)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
        preexec_fn=lambda: _no_room(room),
        check=False,
    )
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "磁盘空间不足" in done.stderr and "损坏" not in done.stderr
    assert "Traceback" not in done.stderr
    checked = station(store, "check")
    assert checked.returncode == 0, checked.stdout
