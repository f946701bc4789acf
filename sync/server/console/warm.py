"""Keeping the console's quarterly table counted in the background while the server runs.

A cold 季度统计 at county scale decodes every record of the quarter (tens of seconds for 40
stations of 50,000 records); counting this and last quarter every few minutes in a daemon
thread means a page view finds the stations counted, except those that synced in between.
Started by `county-server serve` only (tests and scripts that build the app do not get it).
"""

from __future__ import annotations

import logging
import threading
from datetime import date, timedelta

from station_app.domain.quarter import Quarter
from sync.server.county_report import RowsCache, county_table
from sync.server.db import CountyDatabase

log = logging.getLogger("county.console")

EVERY_SECONDS = 300.0
#: The first count waits until the server has settled (and short-lived servers never count).
FIRST_AFTER_SECONDS = 20.0


def count_once(db: CountyDatabase, cache: RowsCache, today: date) -> None:
    current = Quarter.of(today)
    previous = Quarter.of(current.start - timedelta(days=1))
    for quarter in (current, previous):
        try:
            county_table(db, quarter, today=today, cache=cache)
        except ValueError:  # no station yet
            return


def keep_counted(
    db: CountyDatabase, cache: RowsCache, every: float = EVERY_SECONDS
) -> threading.Thread:
    stop = threading.Event()

    def loop() -> None:
        stop.wait(FIRST_AFTER_SECONDS)
        while not stop.is_set():
            try:
                count_once(db, cache, date.today())
            except Exception as exc:  # never let a bad row stop the server's warm-up
                log.warning("background counting failed: %s", type(exc).__name__)
            stop.wait(every)

    thread = threading.Thread(target=loop, name="console-counting", daemon=True)
    thread.start()
    return thread
