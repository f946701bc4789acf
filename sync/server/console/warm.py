"""Keeping the console's quarterly table (and 概览's record counts) counted in the background.

A cold 季度统计 at county scale decodes every record the quarter may count (about 0.5 s of CPU
per station of 50,000 records), so a daemon thread counts this and last quarter as soon as the
server starts, then looks every few seconds at each station's ``last_seq`` (one small query)
and recounts a station's current quarter once it has stopped syncing: a page view finds the
stations counted, unless one synced in the last few seconds. The look goes to the database,
not to a hook in the push, so every worker of a ``--workers N`` server keeps its own cache
current whichever worker took the push. A full pass every few minutes catches last quarter's
tables, a new day, changed minimums and village lists. Started by `county-server serve` only
(tests and scripts that build the app do not get it).

Pages never wait for it (``shown``): a page finding a station's table out of date shows the
last count marked 正在更新 and asks this thread for it, which wakes the thread at once and
counts the tables asked for before the rest of a full pass. Each table counted is saved (again,
if its save failed or another worker saved an older count), since pages go by the saved key.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import date
from math import inf

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.duty_minimums import DutyMinimums
from station_app.domain.quarter import Quarter
from sync.server import saved_tables
from sync.server.console.queries import ledger_counts
from sync.server.console.shown import Asked, CountedTables
from sync.server.county_report import (
    RowsCache,
    duty_minimums,
    villages_by_station,
)
from sync.server.db import CountyDatabase
from sync.server.models import StationRow, VillageRow
from sync.server.reference import station_villages

log = logging.getLogger("county.console")

#: A full pass over every station (most find their tables already counted).
EVERY_SECONDS = 300.0
#: How often the stations' sequence numbers are looked at; a station whose number did not move
#: between two looks has finished syncing and is recounted (a sync of many batches, once).
LOOK_SECONDS = 2.0


def quarters_kept(today: date) -> tuple[Quarter, Quarter]:
    """This quarter and the last: the tables the console is asked for most."""
    current = Quarter.of(today)
    return current, current.previous


def count_overview(db: CountyDatabase, today: date) -> None:
    """概览's records per ledger for this quarter: one query, then kept per station."""
    with db.read() as session:
        ledger_counts(session, list(session.scalars(select(StationRow))), Quarter.of(today))


def count_stations(db: CountyDatabase, cache: RowsCache, ids: Iterable[int], today: date) -> None:
    """Count these stations' tables for this quarter into the cache (last quarter's wait for
    the next full pass: a sync seldom changes it, and counting it would hold up the next
    station that syncs)."""
    quarter = Quarter.of(today)
    with db.read() as session:
        minimums = duty_minimums(session)
        villages = villages_by_station(session)
        stations = [s for s in (session.get(StationRow, i) for i in ids) if s is not None]
        ledger_counts(session, stations, quarter)
        for station in stations:
            try:
                _count(
                    session, cache, station, quarter, minimums, today, villages.get(station.id, [])
                )
            except Exception as exc:  # one station's bad record must not hold up the others
                # (its row shows 统计失败: RowsCache.failed)
                log.warning("station %d: table not counted: %s", station.id, type(exc).__name__)


def count_table(
    db: CountyDatabase, cache: RowsCache, station_id: int, quarter: Quarter, today: date
) -> None:
    with db.read() as session:
        station = session.get(StationRow, station_id)
        if station is not None:
            villages = station_villages(session, station.id)
            _count(session, cache, station, quarter, duty_minimums(session), today, villages)


def _count(
    session: Session,
    cache: RowsCache,
    station: StationRow,
    quarter: Quarter,
    minimums: DutyMinimums,
    today: date,
    villages: list[VillageRow],
) -> None:
    """Count the table (or take it from the cache) and make sure it is the one saved."""
    table = cache.rows(session, station, quarter, minimums, today, villages)
    key = saved_tables.table_key(station.last_seq, saved_tables.places(villages), minimums, today)
    saved_tables.ensure(session, station.id, str(quarter), key, table)


def sequences(db: CountyDatabase) -> dict[int, int]:
    with db.read() as session:
        return {i: int(n) for i, n in session.execute(select(StationRow.id, StationRow.last_seq))}


class Counting:
    """The background counting thread, stoppable (a server restarted in-process).

    Each turn looks at the stations' sequence numbers first: a station that synced and has
    been still for ``look`` seconds has its current table counted at once; otherwise one table
    of the full pass is counted, so a pass of 80 tables never keeps a synced station waiting.
    """

    def __init__(
        self,
        db: CountyDatabase,
        cache: RowsCache,
        every: float,
        look: float,
        today: Callable[[], date],
    ) -> None:
        self._db, self._cache, self._every, self._look = db, cache, every, look
        self._today = today
        self._stop = threading.Event()
        # The pages' asks: shared with the console's pages when the cache is the console's.
        self._asked = cache.asked if isinstance(cache, CountedTables) else Asked()
        self.thread = threading.Thread(target=self._loop, name="console-counting", daemon=True)

    def start(self) -> None:
        if isinstance(self._cache, CountedTables):
            self._cache.counting = True  # pages now ask instead of counting
        self.thread.start()

    def stop(self) -> None:
        if isinstance(self._cache, CountedTables):
            self._cache.counting = False
        self._stop.set()
        self._asked.wake.set()

    def _loop(self) -> None:
        seen: dict[int, int] = {}  # each station's last_seq at the latest look
        moved_at: dict[int, float] = {}  # when that number last moved
        counted: dict[int, int] = {}  # the last_seq its current table was counted at
        backlog: list[tuple[int, Quarter]] = []  # the full pass still to count, in order
        pending: list[tuple[int, Quarter]] = []  # tables the pages asked for, in order
        full_at, full_day = float("-inf"), None
        while not self._stop.is_set():
            ready: list[tuple[int, Quarter]] = []
            try:
                today, now = self._today(), time.monotonic()
                found = sequences(self._db)
                moved_at.update((i, now) for i, n in found.items() if seen.get(i) != n)
                seen = found
                if today != full_day or now - full_at >= self._every:
                    full_at, full_day = now, today  # a failed pass is tried again next time
                    counted = dict(found)  # the pass counts them (a later push counts again)
                    backlog = [(i, q) for q in quarters_kept(today) for i in sorted(found)]
                    count_overview(self._db, today)
                quiet = [
                    i
                    for i, n in found.items()
                    if counted.get(i) != n and now - moved_at[i] >= self._look
                ]
                counted.update((i, found[i]) for i in quiet)
                pending.extend(p for p in self._asked.take() if p not in pending)
                # A station still syncing is counted once it stops, as a synced one is.
                ready = [p for p in pending if now - moved_at.get(p[0], -inf) >= self._look]
                if quiet:
                    count_stations(self._db, self._cache, quiet, today)
                elif ready:
                    pending.remove(ready[0])
                    count_table(self._db, self._cache, *ready.pop(0), today)
                elif backlog:
                    station_id, quarter = backlog.pop(0)
                    count_table(self._db, self._cache, station_id, quarter, today)
            except Exception as exc:  # never let a bad row stop the server's warm-up
                log.warning("background counting failed: %s", type(exc).__name__)
            if self._asked.wake.wait(0.0 if backlog or ready else self._look):
                self._asked.wake.clear()  # asked (or stopped): look again at once


def keep_counted(
    db: CountyDatabase,
    cache: RowsCache,
    every: float = EVERY_SECONDS,
    look: float = LOOK_SECONDS,
    today: Callable[[], date] = date.today,
) -> Counting:
    """Start counting in the background; ``today`` is the day the tables are produced on."""
    counting = Counting(db, cache, every, look, today)
    counting.start()
    return counting
