"""The county-wide quarterly table: one row per station, then 合计.

Each station's row is that station's 合计, counted from the county's own copy of its records
(decoded from what its devices sent) by the same statistics function and the same table rows
the station's report uses (``domain.quarter_statistics``, ``reports.quarterly_table``). The
county table therefore cannot count differently from the stations' own tables, and needs no
station store to do it.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from station_app.domain.choices import UnitKind
from station_app.domain.duty_compliance import VillageCompliance, quarter_months, quarter_weeks
from station_app.domain.duty_minimums import DUTY_MINIMUMS_KEY, DutyMinimums
from station_app.domain.quarter import Quarter
from station_app.domain.quarter_statistics import (
    WEEK_SPILL,
    QuarterRecords,
    count_quarter,
)
from station_app.reports.quarterly_table import (
    TOTAL_ROW,
    QuarterlyTable,
    RowKind,
    TableRow,
    TableRows,
    minimums_note,
    table_rows,
    total_row,
)
from station_app.reports.satisfaction_table import SatisfactionRow, total_of
from sync.payload import decode_draft
from sync.protocol import Change
from sync.server.db import CountyDatabase
from sync.server.models import RecordRow, ReferenceItemRow, StationRow
from sync.server.reference import SETTING, station_villages

#: Ledgers counted by one date in the quarter; the others also count by a later date (结案日期,
#: 转送日期), so their records accepted or applied earlier are read too.
_BY_ONE_DATE = ("consultation", "publicity_event", "duty_log")
_BY_TWO_DATES = ("mediation_case", "legal_aid_review")


@dataclass(frozen=True)
class CountyVillage:
    id: int
    name: str
    kind: UnitKind


@dataclass(frozen=True)
class StationFigures:
    total: TableRow
    compliance: tuple[VillageCompliance, ...]
    satisfaction: SatisfactionRow  # the station's 满意度 合计


def duty_minimums(session: Session) -> DutyMinimums:
    """The minimums the county hands its stations (the spec's defaults if it has none)."""
    item = session.get(ReferenceItemRow, (SETTING, DUTY_MINIMUMS_KEY))
    return DutyMinimums(**json.loads(item.value)) if item is not None else DutyMinimums()


def station_records(session: Session, station: StationRow, quarter: Quarter) -> QuarterRecords:
    """The station's live ledger records the quarter may count, as the domain drafts its
    devices sent (the same drafts the station's own forms hold)."""
    last_day = quarter.end + WEEK_SPILL
    rows = session.execute(
        select(RecordRow.entity, RecordRow.revision, RecordRow.change).where(
            RecordRow.station_id == station.id,
            RecordRow.voided.is_(False),
            RecordRow.day <= last_day,
            or_(
                RecordRow.entity.in_(_BY_TWO_DATES),
                (RecordRow.entity.in_(_BY_ONE_DATE) & (RecordRow.day >= quarter.start)),
            ),
        )
    )
    villages = {v.uuid: v.id for v in station_villages(session, station.id)}
    found: dict[str, list[Any]] = {entity: [] for entity in (*_BY_ONE_DATE, *_BY_TWO_DATES)}
    for entity, revision, text in rows:
        body = json.loads(text)
        body["rev"] = revision
        body.pop("base", None)
        change = Change.from_json(body)
        draft = decode_draft(entity, change.data, villages)
        if entity == "duty_log":
            found[entity].append((draft, change.confirmed_on is not None))
        else:
            found[entity].append(draft)
    return QuarterRecords(
        consultations=found["consultation"],
        mediation_cases=found["mediation_case"],
        publicity_events=found["publicity_event"],
        duty_logs=found["duty_log"],
        legal_aid_reviews=found["legal_aid_review"],
        followed_up_cases=found["mediation_case"],  # every case up to the quarter's end
    )


def station_figures(
    session: Session,
    station: StationRow,
    quarter: Quarter,
    minimums: DutyMinimums,
    today: date,
    cache: RowsCache | None = None,
) -> StationFigures:
    """The station's 合计 row and its villages' 达标情况, as the station's own table has them."""
    if cache is not None:
        built = cache.rows(session, station, quarter, minimums, today)
    else:
        built = station_rows(session, station, quarter, minimums, today)
    return StationFigures(built.rows[-1], built.compliance, built.satisfaction[-1])


class RowsCache:
    """Stations' tables already counted, kept while nothing they count by has changed.

    Counting decodes every record of the quarter (about 1.5 s per 12,000 records), so the
    console would recount all stations on every view. A station's table depends only on its
    records (any change bumps ``StationRow.last_seq``), its villages, the minimums, the quarter
    and the day it is produced: those are the key, and only a station that synced since is
    counted again. Thread-safe (the console counts in the thread pool); bounded.
    """

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._found: OrderedDict[Hashable, TableRows] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many station tables are kept (counted at least once)."""
        return len(self._found)

    def rows(
        self,
        session: Session,
        station: StationRow,
        quarter: Quarter,
        minimums: DutyMinimums,
        today: date,
    ) -> TableRows:
        villages = tuple(
            (v.id, v.uuid, v.name, v.kind, v.voided, v.position)
            for v in station_villages(session, station.id)
        )
        key = (station.id, station.last_seq, villages, str(quarter), minimums, today)
        with self._lock:
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
                return found
        built = station_rows(session, station, quarter, minimums, today)
        with self._lock:
            self._found[key] = built
            while len(self._found) > self._size:
                self._found.popitem(last=False)
        return built


def station_rows(
    session: Session,
    station: StationRow,
    quarter: Quarter,
    minimums: DutyMinimums,
    today: date,
) -> TableRows:
    """The station's own table: one row per village, 工作站本级 and 合计 (the console's
    station page), counted as the station counts it."""
    villages = [
        CountyVillage(v.id, v.name, UnitKind(v.kind))
        for v in station_villages(session, station.id)
        if not v.voided
    ]
    counts = count_quarter(quarter, station_records(session, station, quarter))
    return table_rows(quarter, counts, villages, minimums, today, whole_station=True)


def county_table(
    db: CountyDatabase,
    quarter: Quarter,
    *,
    today: date | None = None,
    county: str | None = None,
    cache: RowsCache | None = None,
) -> QuarterlyTable:
    produced = today or date.today()
    rows: list[TableRow] = []
    compliance: list[VillageCompliance] = []
    satisfaction: list[SatisfactionRow] = []
    with db.read() as session:
        stations = list(session.scalars(select(StationRow).order_by(StationRow.id)))
        if not stations:
            raise ValueError("县中心数据库中还没有工作站 / no station in the county database")
        minimums = duty_minimums(session)
        for station in stations:
            figures = station_figures(session, station, quarter, minimums, produced, cache)
            rows.append(replace(figures.total, unit=station.name, kind=RowKind.VILLAGE))
            satisfaction.append(replace(figures.satisfaction, unit=station.name, is_total=False))
            compliance.extend(
                replace(v, village=f"{station.name} {v.village}") for v in figures.compliance
            )
    name = county or stations[0].county
    total = total_row(rows, rows)
    # A station row's 达标 cells already read "met/judged villages": the county adds them up.
    total = replace(
        total,
        duty_compliance=_sum_fractions(r.duty_compliance for r in rows),
        publicity_compliance=_sum_fractions(r.publicity_compliance for r in rows),
    )
    return QuarterlyTable(
        quarter=quarter,
        station_name=f"{name}公共法律服务中心",
        village_name=None,
        produced_on=produced,
        as_of_seq=0,
        rows=(*rows, total),
        compliance=tuple(compliance),
        months=quarter_months(quarter),
        weeks=quarter_weeks(quarter),
        minimums_note=minimums_note(minimums),
        submitted_on=None,
        late_amendments=(),
        prepared_by=None,
        satisfaction=(*satisfaction, total_of(satisfaction, TOTAL_ROW)),
    )


def _sum_fractions(cells: Iterable[str]) -> str:
    met = judged = 0
    for cell in cells:
        a, _, b = cell.partition("/")
        if a.isascii() and b.isascii() and a.isdigit() and b.isdigit():
            met, judged = met + int(a), judged + int(b)
    return f"{met}/{judged}"
