"""The console's counted tables: reused until the station syncs again, and the background
count fills them for this and last quarter."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from station_app.domain.quarter import Quarter
from sync.server.console.warm import keep_counted
from sync.server.county_report import RowsCache, county_table
from sync.server.db import CountyDatabase
from sync.server.enrollment import issue_code
from sync.server.models import StationRow
from tests.sync_support import sqlite_url


def test_the_background_count_fills_the_cache_and_a_sync_invalidates_a_station(
    tmp_path: Path,
) -> None:
    db = CountyDatabase.open(sqlite_url(tmp_path))
    try:
        with db.write() as session:
            issue_code(session, "甲镇公共法律服务工作站", "青石村")
            issue_code(session, "乙镇公共法律服务工作站")
        cache = RowsCache()
        today = date(2026, 11, 30)
        counting = keep_counted(db, cache, today=lambda: today)  # as `serve` starts it
        deadline = time.monotonic() + 60
        while len(cache) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        counting.stop()
        counting.thread.join(10)
        assert len(cache) == 4  # two stations × this and last quarter

        warm = county_table(db, Quarter.parse("2026Q4"), today=today, cache=cache)
        assert len(cache) == 4  # nothing counted again
        with db.write() as session:
            station = session.get(StationRow, 1)
            assert station is not None
            station.last_seq += 1  # what every accepted push does
        again = county_table(db, Quarter.parse("2026Q4"), today=today, cache=cache)
        assert len(cache) == 5  # only the station that synced
        assert again.rows == warm.rows
    finally:
        db.close()
