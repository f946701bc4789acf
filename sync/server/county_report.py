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
from collections import OrderedDict, namedtuple
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, get_args

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from station_app.domain.choices import UnitKind
from station_app.domain.duty_compliance import VillageCompliance, quarter_months, quarter_weeks
from station_app.domain.duty_minimums import DUTY_MINIMUMS_KEY, DutyMinimums
from station_app.domain.errors import FieldError
from station_app.domain.mediation_case import MediationCaseDraft, with_legacy_follow_up
from station_app.domain.quarter import Quarter
from station_app.domain.quarter_statistics import (
    WEEK_SPILL,
    Consultation,
    DutyLog,
    LegalAidReview,
    MediationCase,
    PublicityEvent,
    QuarterRecords,
    ServiceItem,
    count_quarter,
)
from station_app.domain.satisfaction_statistics import FollowedUpCase, FollowUp, RatedConsultation
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
from sync.payload import (
    DRAFT_TYPES,
    VILLAGE_FIELD,
    VILLAGE_KEY,
    BadValue,
    PayloadError,
    decode_value,
    draft_shape,
)
from sync.server import saved_tables
from sync.server.db import CountyDatabase
from sync.server.models import RecordRow, ReferenceItemRow, StationRow, VillageRow
from sync.server.reference import SETTING, station_villages

#: Ledgers counted by one date in the quarter; the others also count by later dates (结案日期,
#: 回访日期, 转送日期), so their records accepted or applied earlier are read too.
_BY_ONE_DATE = ("consultation", "publicity_event", "duty_log")
_BY_TWO_DATES = ("mediation_case", "legal_aid_review")


def _dated_in(quarter: Quarter) -> ColumnElement[bool]:
    """Records whose payload holds a date in one of the quarter's months.

    Every date the statistics count a record by is within the quarter and travels as an ISO
    string (``"2026-10-05"``), so a record from before the quarter whose text names none of
    its months cannot count in it: left in the database, its case history is never decoded
    (a mediation case accepted years ago and long closed). Others are read and counted as
    usual; the dates decide.
    """
    months = (quarter.start.month + n for n in range(3))
    return or_(*(RecordRow.change.contains(f'"{quarter.year}-{m:02d}-') for m in months))


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


def _read_by_statistics(*protocols: type) -> tuple[str, ...]:
    """The draft fields the statistics read from a record: the properties of its protocols."""
    return tuple(
        dict.fromkeys(n for p in protocols for n, v in vars(p).items() if isinstance(v, property))
    )


#: Per ledger, the payload fields worth decoding: what ``count_quarter`` reads (its protocols,
#: so a field it starts reading is decoded too), the village, and the legacy 回访日期 that
#: ``decode_draft`` turns into a follow-up. Everything else keeps the draft's default.
COUNTED_FIELDS: dict[str, tuple[str, ...]] = {
    "consultation": _read_by_statistics(Consultation, RatedConsultation),
    "mediation_case": (*_read_by_statistics(MediationCase, FollowedUpCase), "follow_up_on"),
    "publicity_event": _read_by_statistics(PublicityEvent),
    "duty_log": _read_by_statistics(DutyLog),
    "legal_aid_review": _read_by_statistics(LegalAidReview),
}


#: A record's lists of child rows the statistics read, and what they read from each row.
COUNTED_CHILD_FIELDS: dict[str, tuple[str, ...]] = {
    "items": _read_by_statistics(ServiceItem),  # a duty log's service items
    "follow_ups": _read_by_statistics(FollowUp),  # a mediation case's follow-ups
}


class _Reader:
    """Reads a payload's counted fields, each as ``decode_draft`` decodes it (the same field
    decoder; child rows read alike), into a light row with the draft's field names."""

    def __init__(self, draft_type: type[Any], names: tuple[str, ...]) -> None:
        hints, _ = draft_shape(draft_type)  # type: ignore[arg-type]
        blank = draft_type()  # a field the payload leaves out is the draft's default
        self.row: Any = namedtuple(f"Counted{draft_type.__name__}", names)  # type: ignore[misc]
        self.fields = tuple(
            (
                VILLAGE_KEY if n == VILLAGE_FIELD else n,
                hints[n],
                getattr(blank, n),
                _Reader(get_args(hints[n])[0], COUNTED_CHILD_FIELDS[n])
                if n in COUNTED_CHILD_FIELDS
                else None,
            )
            for n in names
        )
        self.legacy = draft_type is MediationCaseDraft

    def read(self, data: dict[str, Any], villages: dict[str, int]) -> Any:
        values: list[Any] = []
        errors: list[FieldError] = []
        for key, hint, default, children in self.fields:
            if key not in data:
                values.append(default)
            elif key == VILLAGE_KEY:
                raw = data[key]
                if raw is not None and raw not in villages:
                    raise PayloadError([FieldError(VILLAGE_FIELD, "村(居)", "不是本站的村(居)")])
                values.append(None if raw is None else villages[raw])
            elif children is not None:
                rows = data[key]
                if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                    raise PayloadError([FieldError(key, key, "格式不正确")])
                values.append(tuple(children.read(r, villages) for r in rows))
            else:
                try:
                    values.append(decode_value(hint, data[key], key, errors))
                except BadValue as exc:
                    raise PayloadError([FieldError(key, key, "格式不正确")]) from exc
        if errors:
            raise PayloadError(errors)
        row = self.row._make(values)
        if self.legacy and not row.follow_ups and row.follow_up_on is not None:
            legacy = with_legacy_follow_up(MediationCaseDraft(follow_up_on=row.follow_up_on))
            row = row._replace(follow_ups=legacy.follow_ups)
        return row


_READERS = {entity: _Reader(DRAFT_TYPES[entity], names) for entity, names in COUNTED_FIELDS.items()}


def counted_record(entity: str, data: dict[str, Any], villages: dict[str, int]) -> Any:
    """The record as the statistics read it: the draft's counted fields, decoded as
    ``decode_draft`` decodes them, without decoding the rest (a mediation case's parties,
    sessions and documents: most of a payload and most of the time)."""
    return _READERS[entity].read(data, villages)


def station_records(
    session: Session,
    station: StationRow,
    quarter: Quarter,
    villages: list[VillageRow] | None = None,
) -> QuarterRecords:
    """The station's live ledger records the quarter may count, as the domain drafts its
    devices sent (the same drafts the station's own forms hold, with what the statistics read)."""
    last_day = quarter.end + WEEK_SPILL
    rows = session.execute(
        select(RecordRow.entity, RecordRow.change).where(
            RecordRow.station_id == station.id,
            RecordRow.voided.is_(False),
            RecordRow.day <= last_day,
            or_(
                RecordRow.day >= quarter.start,
                RecordRow.entity.in_(_BY_TWO_DATES) & _dated_in(quarter),
            ),
        )
    )
    if villages is None:
        villages = station_villages(session, station.id)
    village_ids = {v.uuid: v.id for v in villages}
    found: dict[str, list[Any]] = {entity: [] for entity in (*_BY_ONE_DATE, *_BY_TWO_DATES)}
    loads = json.loads
    for entity, text in rows:
        body = loads(text)
        draft = counted_record(entity, body["data"], village_ids)
        if entity == "duty_log":
            found[entity].append((draft, body.get("confirmed_on") is not None))
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
    villages: list[VillageRow] | None = None,
) -> StationFigures:
    """The station's 合计 row and its villages' 达标情况, as the station's own table has them."""
    if cache is not None:
        built = cache.rows(session, station, quarter, minimums, today, villages)
    else:
        built = station_rows(session, station, quarter, minimums, today, villages)
    return StationFigures(built.rows[-1], built.compliance, built.satisfaction[-1])


class RowsCache:
    """Stations' tables already counted, kept while nothing they count by has changed.

    Counting decodes every record the quarter may count (about 0.3 s per 15,000 records), so
    the console would recount all stations on every view. A station's table depends only on
    its records (any change bumps ``StationRow.last_seq``), its villages, the minimums, the
    quarter and the day it is produced: those are the key, and only a station that synced
    since is counted again. Thread-safe (the console counts in the thread pool, the
    background count in its own thread): a table being counted is waited for, not counted
    twice at once. Bounded. A counted table is also saved in the county database
    (``saved_tables``), so a restarted server or another worker reads it instead of counting.
    """

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._found: OrderedDict[Hashable, TableRows] = OrderedDict()
        self._counting: dict[Hashable, threading.Event] = {}
        #: (station id, quarter) -> the key of the table whose last count raised
        self._failed: dict[tuple[int, str], str] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        """How many station tables are kept (counted at least once)."""
        return len(self._found)

    def failed(self, station_id: int, quarter: str, key: str) -> bool:
        """Whether the last count of this table (``saved_tables.table_key``) raised: it is
        tried again once its key changes (the station syncs, a new day) or on request."""
        with self._lock:
            return self._failed.get((station_id, quarter)) == key

    def rows(
        self,
        session: Session,
        station: StationRow,
        quarter: Quarter,
        minimums: DutyMinimums,
        today: date,
        villages: list[VillageRow] | None = None,
    ) -> TableRows:
        if villages is None:
            villages = station_villages(session, station.id)
        places = saved_tables.places(villages)
        key = (station.id, station.last_seq, places, str(quarter), minimums, today)
        while True:
            with self._lock:
                found = self._found.get(key)
                if found is not None:
                    self._found.move_to_end(key)
                    return found
                running = self._counting.get(key)
                if running is None:
                    running = self._counting[key] = threading.Event()
                    break
            running.wait()  # another thread counts it: take its table (or count, if it failed)
        digest = saved_tables.table_key(station.last_seq, places, minimums, today)
        counted = False
        try:
            built = saved_tables.load(session, station.id, str(quarter), digest)
            if built is None:
                try:
                    built = station_rows(session, station, quarter, minimums, today, villages)
                except Exception:
                    with self._lock:
                        self._failed[station.id, str(quarter)] = digest
                    raise
                counted = True
            with self._lock:
                self._failed.pop((station.id, str(quarter)), None)
                self._found[key] = built
                while len(self._found) > self._size:
                    self._found.popitem(last=False)
        finally:
            with self._lock:
                del self._counting[key]
            running.set()
        if counted:  # after the waiters have it: saving may queue behind a push's write
            saved_tables.save(session.get_bind().engine, station.id, str(quarter), digest, built)
        return built


def station_rows(
    session: Session,
    station: StationRow,
    quarter: Quarter,
    minimums: DutyMinimums,
    today: date,
    villages: list[VillageRow] | None = None,
) -> TableRows:
    """The station's own table: one row per village, 工作站本级 and 合计 (the console's
    station page), counted as the station counts it."""
    if villages is None:
        villages = station_villages(session, station.id)
    places = [CountyVillage(v.id, v.name, UnitKind(v.kind)) for v in villages if not v.voided]
    counts = count_quarter(quarter, station_records(session, station, quarter, villages))
    return table_rows(quarter, counts, places, minimums, today, whole_station=True)


def villages_by_station(session: Session) -> dict[int, list[VillageRow]]:
    """Every station's villages in one read, in ``station_villages``' order."""
    found: dict[int, list[VillageRow]] = {}
    for v in session.scalars(select(VillageRow).order_by(VillageRow.position, VillageRow.id)):
        found.setdefault(v.station_id, []).append(v)
    return found


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
        villages = villages_by_station(session)
        for station in stations:
            figures = station_figures(
                session, station, quarter, minimums, produced, cache, villages.get(station.id, [])
            )
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
