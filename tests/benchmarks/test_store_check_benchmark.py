"""What the start-up check and the backups cost on a 200,000-record store.

Start-up runs ``PRAGMA quick_check`` (storage/store_check.py); backups run ``integrity_check`` on
their copy. Figures are printed (warm: the file in the OS cache, as on a second start; cold: the
file evicted from the cache first, as after a reboot) and recorded without targets of their
own: issue 14's target is the app's start-up (tests/benchmarks/test_app_benchmark.py). The
assertions are sanity checks only.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from station_app.domain.backups import BackupReason
from station_app.services.station_services import StationServices
from station_app.storage import backup
from station_app.storage.store import DB_FILENAME
from station_app.storage.store_check import Check, check_store_file, database_problem
from tests.benchmarks.big_store import bench_records, big_store_dir, size_label
from tests.benchmarks.figures import record


def _evict(path: Path) -> None:
    """Drop the file's pages from the OS cache, so the next read comes from the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def _seconds(
    fn: Callable[[], object], repeat: int = 3, before: Callable[[], None] | None = None
) -> float:
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="cache eviction needs posix_fadvise")
def test_quick_check_at_start_up_and_integrity_check_of_backups(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = big_store_dir()
    db = data_dir / DB_FILENAME
    size_mb = db.stat().st_size / 1_048_576
    assert database_problem(db, Check.QUICK, read_only=False) is None

    def cold() -> None:
        _evict(db)

    quick_warm = _seconds(lambda: check_store_file(db))
    full_warm = _seconds(lambda: database_problem(db, Check.FULL, read_only=False))
    quick_cold = _seconds(lambda: check_store_file(db), before=cold)
    full_cold = _seconds(lambda: database_problem(db, Check.FULL, read_only=False), before=cold)
    open_warm = _seconds(lambda: StationServices.open(data_dir).close())
    open_cold = _seconds(lambda: StationServices.open(data_dir).close(), before=cold)
    with monkeypatch.context() as patched:  # the same open without the check, for comparison
        # (raising=False: once the check leaves the opening, this compares like with like)
        patched.setattr(
            "station_app.storage.store.check_store_file", lambda _path: None, raising=False
        )
        bare_warm = _seconds(lambda: StationServices.open(data_dir).close())
        bare_cold = _seconds(lambda: StationServices.open(data_dir).close(), before=cold)

    start = time.perf_counter()
    made = backup.make_backup(db, tmp_path / "backups", BackupReason.MANUAL)
    backup_seconds = time.perf_counter() - start
    start = time.perf_counter()
    backup.restore(tmp_path / "restored", made.path)
    restore_seconds = time.perf_counter() - start
    assert backup.record_counts(tmp_path / "restored" / DB_FILENAME) == backup.record_counts(db)

    ms = 1000
    print(f"\n200k-record store, {size_mb:.0f} MB          warm        cold")
    print(f"PRAGMA quick_check          {quick_warm * ms:7.0f} ms  {quick_cold * ms:7.0f} ms")
    print(f"PRAGMA integrity_check      {full_warm * ms:7.0f} ms  {full_cold * ms:7.0f} ms")
    print(
        f"integrity / quick           {full_warm / quick_warm:7.1f} x"
        f"   {full_cold / quick_cold:7.1f} x"
    )
    print(f"StationServices.open        {open_warm * ms:7.0f} ms  {open_cold * ms:7.0f} ms")
    print(f"  the same without a check  {bare_warm * ms:7.0f} ms  {bare_cold * ms:7.0f} ms")
    print(
        f"  opening with / without    {open_warm / bare_warm:7.2f} x"
        f"   {open_cold / bare_cold:7.2f} x"
    )
    print(
        f"quick_check's share of it   {quick_warm / open_warm:7.0%}"
        f"     {quick_cold / open_cold:7.0%}"
    )
    print(f"backup (online copy + integrity_check + rename) {backup_seconds:.1f} s")
    print(f"restore (check + copy + keep aside + replace)  {restore_seconds:.1f} s")
    size = size_label(bench_records())
    record(f"opening the store at {size}, warm (with its start-up check)", open_warm * ms, "ms")
    record(f"opening the store at {size}, warm, without the check", bare_warm * ms, "ms")
    record(f"opening the store at {size}, cold (with its start-up check)", open_cold * ms, "ms")
    record(f"opening the store at {size}, cold, without the check", bare_cold * ms, "ms")
    record(f"backup at {size} (copy + integrity_check), in the background", backup_seconds, "s")
