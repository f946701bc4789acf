"""What 季度统计, 达标情况 and a station's own table show: each station's table as last counted,
never counted while the page waits.

Recounting a station that synced costs about 1 s of CPU per 12,500 records of its quarter, and
the first start after an upgrade counts every station once (about 25 s for 40 stations). A page
that waited for that missed its 2 s. So a page reads each station's saved table
(``saved_tables``): one whose key still matches is current; one counted before the station's
last sync (or before a new day, new minimums or villages) is shown as it was, marked 正在更新
with the time it was counted; a station never counted shows 正在统计 and no figures. The page
asks the background counter (``warm.keep_counted``) to count those next and reloads itself
until every row is current. A station whose count raised shows 统计失败 (with its last count,
if any) and is not waited for: the counter tries it again at its next full pass, or once the
station syncs again. Only an app with no background counter (built alone, as a script
might) counts on the page, as before.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import Enum
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.duty_minimums import DutyMinimums
from station_app.domain.quarter import Quarter
from station_app.domain.quarter_statistics import QuarterRecords, count_quarter
from station_app.reports.quarterly_table import QuarterlyTable, TableRows, table_rows
from sync.server import saved_tables
from sync.server.county_report import (
    RowsCache,
    county_table,
    duty_minimums,
    villages_by_station,
)
from sync.server.db import CountyDatabase
from sync.server.models import StationRow, VillageRow
from sync.server.reference import station_villages

#: How often a page with rows being updated reloads itself (seconds).
RELOAD_SECONDS = 10
#: Roughly how long the background counter takes per station to count (seconds), for the
#: page's "reload in about … s".
SECONDS_PER_STATION = 1.5


class Standing(Enum):
    CURRENT = "current"
    UPDATING = "updating"  # 正在更新: counted before the station's latest sync
    COUNTING = "counting"  # 正在统计: never counted
    FAILED = "failed"  # 统计失败: its count raised; the last count (if any) is shown


#: Rows the background counter is still to count: a page reloads itself while it shows any.
BEING_COUNTED = (Standing.UPDATING, Standing.COUNTING)


@dataclass(frozen=True)
class Shown:
    """One station's table as a page shows it."""

    station_id: int
    name: str
    standing: Standing
    table: TableRows | None  # None while never counted
    counted_at: datetime | None  # when the shown table was counted (naive UTC)


class Asked:
    """The stations' tables pages asked the background counter to count next (thread-safe);
    asking wakes the counter at once instead of at its next look."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pairs: dict[tuple[int, str], None] = {}
        self.wake = threading.Event()

    def ask(self, pairs: Iterable[tuple[int, Quarter]]) -> None:
        with self._lock:
            self._pairs.update(((i, str(q)), None) for i, q in pairs)
        self.wake.set()

    def take(self) -> list[tuple[int, Quarter]]:
        """Every table asked for since the last take, in the order asked."""
        with self._lock:
            pairs, self._pairs = list(self._pairs), {}
        return [(i, Quarter.parse(q)) for i, q in pairs]


class CountedTables(RowsCache):
    """The console's counted tables (the ``RowsCache`` the background counter fills), with the
    pages' asks to that counter and the saved tables they decoded (kept by key, so a warm page
    decodes nothing). ``counting`` is set while a background counter runs for it."""

    def __init__(self, size: int = 512) -> None:
        super().__init__(size)
        self.asked = Asked()
        self.counting = False
        self._decoded: OrderedDict[tuple[int, str, str], TableRows] = OrderedDict()
        self._decoded_size = size
        self._decoded_lock = threading.Lock()

    def decoded(self, station_id: int, quarter: str, saved: saved_tables.Saved) -> TableRows | None:
        key = (station_id, quarter, saved.key)
        with self._decoded_lock:
            found = self._decoded.get(key)
            if found is not None or saved.rows is None:
                return found
        table = saved_tables.table_from_json(saved.rows)
        if table is not None:
            with self._decoded_lock:
                self._decoded[key] = table
                while len(self._decoded) > self._decoded_size:
                    self._decoded.popitem(last=False)
        return table


def shown_tables(
    session: Session,
    stations: list[StationRow],
    quarter: Quarter,
    minimums: DutyMinimums,
    today: date,
    villages: dict[int, list[VillageRow]],
    tables: CountedTables,
) -> list[Shown]:
    """Each station's table as saved, current or not, without counting (two small queries
    when the decoded tables are kept); the stations not current are asked for. With no
    background counter running, a station not current is counted here instead."""
    name = str(quarter)
    keys = {
        s.id: saved_tables.table_key(
            s.last_seq, saved_tables.places(villages.get(s.id, [])), minimums, today
        )
        for s in stations
    }
    saved = saved_tables.counted(
        session, name, list(keys) if len(keys) == 1 else None, tables=False
    )
    unread = [
        i for i, found in saved.items() if i in keys and tables.decoded(i, name, found) is None
    ]
    if unread:
        saved.update(saved_tables.counted(session, name, unread, tables=True))
    shown: list[Shown] = []
    for station in stations:
        found = saved.get(station.id)
        table = tables.decoded(station.id, name, found) if found is not None else None
        if found is not None and table is not None and found.key == keys[station.id]:
            shown.append(Shown(station.id, station.name, Standing.CURRENT, table, found.counted_at))
        elif not tables.counting:  # nobody else will count it
            table = tables.rows(
                session, station, quarter, minimums, today, villages.get(station.id, [])
            )
            shown.append(Shown(station.id, station.name, Standing.CURRENT, table, None))
        else:
            failed = tables.failed(station.id, name, keys[station.id])
            if found is not None and table is not None:
                standing = Standing.FAILED if failed else Standing.UPDATING
                shown.append(Shown(station.id, station.name, standing, table, found.counted_at))
            else:
                standing = Standing.FAILED if failed else Standing.COUNTING
                shown.append(Shown(station.id, station.name, standing, None, None))
    # A failed count is not asked for again by every reload: the counter's next full pass,
    # or the station's next sync, tries it again.
    behind = [(s.station_id, quarter) for s in shown if s.standing in BEING_COUNTED]
    if behind:
        tables.asked.ask(behind)
    return shown


@lru_cache(maxsize=8)
def blank_table(quarter: Quarter, minimums: DutyMinimums, today: date) -> TableRows:
    """A station's table with nothing counted: zeros, no village (a row 正在统计 shows no
    figure; its zeros add nothing to 合计). Kept: a page reloading while 40 stations are
    counted for the first time makes 40 of them each time."""
    return table_rows(
        quarter, count_quarter(quarter, QuarterRecords()), [], minimums, today, whole_station=True
    )


class _Chosen(RowsCache):
    """The tables a page already chose (``shown_tables``), handed to ``county_table`` so the
    county table is put together exactly as ``county-server report`` puts it, counting
    nothing. A station enrolled since the choice shows 正在统计."""

    def __init__(self, shown: dict[int, Shown]) -> None:
        super().__init__()
        self.shown = shown
        self.order: list[Shown] = []  # as county_table asked: its station rows' order

    def rows(
        self,
        session: Session,
        station: StationRow,
        quarter: Quarter,
        minimums: DutyMinimums,
        today: date,
        villages: list[VillageRow] | None = None,
    ) -> TableRows:
        found = self.shown.get(station.id)
        if found is None:
            found = Shown(station.id, station.name, Standing.COUNTING, None, None)
            self.shown[station.id] = found
        self.order.append(found)
        return found.table or blank_table(quarter, minimums, today)


@dataclass(frozen=True)
class CountyView:
    """The county table as 季度统计 and 达标情况 show it: ``lines`` are its station rows'
    standings, in the table's order (合计 follows them)."""

    table: QuarterlyTable
    lines: list[Shown]


def county_view(
    db: CountyDatabase, quarter: Quarter, today: date, tables: CountedTables
) -> CountyView | None:
    """The county table of the quarter from each station's last count; None while no
    station has enrolled."""
    with db.read() as session:
        stations = list(session.scalars(select(StationRow).order_by(StationRow.id)))
        if not stations:
            return None
        shown = shown_tables(
            session,
            stations,
            quarter,
            duty_minimums(session),
            today,
            villages_by_station(session),
            tables,
        )
    chosen = _Chosen({line.station_id: line for line in shown})
    try:
        table = county_table(db, quarter, today=today, cache=chosen)
    except ValueError:
        return None
    counting = {i for i, line in chosen.shown.items() if line.table is None}
    table = replace(
        table,
        compliance=tuple(
            v
            for v in table.compliance
            if not any(v.village.startswith(chosen.shown[i].name + " ") for i in counting)
        ),
    )
    return CountyView(table, chosen.order)


def station_view(
    session: Session, station: StationRow, quarter: Quarter, today: date, tables: CountedTables
) -> Shown:
    """One station's own table (a row per village) as last counted."""
    villages = {station.id: station_villages(session, station.id)}
    return shown_tables(
        session, [station], quarter, duty_minimums(session), today, villages, tables
    )[0]


def reload_after(lines: Iterable[Shown]) -> int:
    """About how long until the rows not current are counted (seconds), for the page's
    "reload in about … s" (the counter counts one station after another)."""
    behind = sum(1 for line in lines if line.standing in BEING_COUNTED)
    return max(RELOAD_SECONDS, round(2 + SECONDS_PER_STATION * behind))
