"""What the console's pages show, read from the county's own rows (no station store needed)."""

from __future__ import annotations

import json
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.domain.ledgers import LEDGER_BY_ENTITY
from station_app.domain.quarter import Quarter
from sync.payload import masked_for_county
from sync.server.models import (
    ConflictRow,
    CountyAuditRow,
    CountyUserRow,
    DeviceRow,
    RecordRow,
    ReferenceItemRow,
    ReportSubmissionRow,
    StationRow,
    VillageRow,
)
from sync.server.reference import DISPUTE_TYPE
from sync.server.report_submissions import QuarterRate, Standing, on_time_rate, standing

#: A station not heard from for longer than this is highlighted on 概览.
SILENT_AFTER = timedelta(days=3)


@dataclass
class StationLine:
    id: int
    name: str
    devices: int = 0
    revoked: int = 0
    last_contact: datetime | None = None
    ledgers: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    silent: bool = True


def overview(session: Session, quarter: Quarter, now: datetime) -> list[StationLine]:
    """Each station's devices, last contact, records this quarter per ledger, conflicts."""
    stations = list(session.scalars(select(StationRow).order_by(StationRow.id)))
    lines = {s.id: StationLine(s.id, s.name) for s in stations}
    for station_id, revoked, n, last in session.execute(
        select(
            DeviceRow.station_id,
            DeviceRow.revoked_at.is_not(None),
            func.count(),
            func.max(DeviceRow.last_seen_at),
        ).group_by(DeviceRow.station_id, DeviceRow.revoked_at.is_not(None))
    ):
        line = lines[station_id]
        if revoked:
            line.revoked += int(n)
        else:
            line.devices += int(n)
        if last is not None and (line.last_contact is None or last > line.last_contact):
            line.last_contact = last
    for station_id, counts in ledger_counts(session, stations, quarter).items():
        lines[station_id].ledgers = dict(counts)
    for station_id, n in session.execute(
        select(ConflictRow.station_id, func.count()).group_by(ConflictRow.station_id)
    ):
        lines[station_id].conflicts = int(n)
    for line in lines.values():
        line.silent = line.last_contact is None or now - line.last_contact > SILENT_AFTER
    return list(lines.values())


class _Counted:
    """Stations' live records of a quarter per ledger, kept until the station syncs again
    (any change to its records bumps ``last_seq``): counting them for every station reads the
    whole record table on PostgreSQL (no index holds 作废 beside the date), about 2 s at
    40 stations × 50,000 records; a station that synced is counted alone, through its index."""

    def __init__(self, size: int = 2048) -> None:
        self._size = size
        self._found: OrderedDict[tuple[str, int, str], dict[str, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int, str]) -> dict[str, int] | None:
        with self._lock:
            return self._found.get(key)

    def put(self, key: tuple[str, int, str], counts: dict[str, int]) -> None:
        with self._lock:
            self._found[key] = counts
            while len(self._found) > self._size:
                self._found.popitem(last=False)


_COUNTED = _Counted()


def ledger_counts(
    session: Session, stations: list[StationRow], quarter: Quarter
) -> dict[int, dict[str, int]]:
    """Each station's live records dated in the quarter, per ledger: one grouped query for
    the stations not counted since they last synced (none, on most views)."""
    keys = {s.id: (s.uuid, s.last_seq, str(quarter)) for s in stations}
    found = {i: _COUNTED.get(key) for i, key in keys.items()}
    missing = [i for i, counts in found.items() if counts is None]
    if missing:
        fresh: dict[int, dict[str, int]] = {i: {} for i in missing}
        query = (
            select(RecordRow.station_id, RecordRow.entity, func.count())
            .where(
                RecordRow.voided.is_(False),
                RecordRow.day.between(quarter.start, quarter.end),
                RecordRow.entity.in_(list(LEDGER_BY_ENTITY)),
                RecordRow.station_id.in_(missing),
            )
            .group_by(RecordRow.station_id, RecordRow.entity)
        )
        for station_id, entity, n in session.execute(query):
            if station_id in fresh:
                fresh[station_id][entity] = int(n)
        for i, counts in fresh.items():
            _COUNTED.put(keys[i], counts)
            found[i] = counts
    return {i: counts for i, counts in found.items() if counts is not None}


@dataclass(frozen=True)
class DeviceLine:
    uuid: str
    station: str
    village: str | None
    enrolled_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None


def devices(session: Session) -> list[DeviceLine]:
    rows = session.execute(
        select(DeviceRow, StationRow.name, VillageRow.name)
        .join(StationRow, StationRow.id == DeviceRow.station_id)
        .outerjoin(VillageRow, VillageRow.id == DeviceRow.village_id)
        .order_by(StationRow.name, DeviceRow.id)
    ).all()
    return [
        DeviceLine(d.uuid, s, v, d.enrolled_at, d.last_seen_at, d.revoked_at) for d, s, v in rows
    ]


def stations(session: Session) -> list[tuple[int, str]]:
    return [(s.id, s.name) for s in session.scalars(select(StationRow).order_by(StationRow.name))]


def villages_by_station(session: Session) -> dict[str, list[tuple[int, str]]]:
    """Each station's villages (id, name) in the station's order, for picking one."""
    found: dict[str, list[tuple[int, str]]] = {}
    for station, village_id, village in session.execute(
        select(StationRow.name, VillageRow.id, VillageRow.name)
        .join(VillageRow, VillageRow.station_id == StationRow.id)
        .where(VillageRow.voided.is_(False))
        .order_by(StationRow.name, VillageRow.position)
    ):
        found.setdefault(station, []).append((village_id, village))
    return found


@dataclass(frozen=True)
class RecordLine:
    day: date | None
    village: str
    revision: int
    voided: bool
    fields: list[tuple[str, str]]


#: Record fields never shown (internal keys); everything else is shown as the county holds it.
_HIDDEN = {"village", "village_uuid", "uuid", "rev", "base"}


def records(
    session: Session, station_id: int, entity: str, search: str, limit: int = 100
) -> list[RecordLine]:
    """A station's records of one ledger, newest first, masked (ID and phone numbers) again
    on the way out: the county receives them masked; masking twice changes nothing."""
    names = {v.uuid: v.name for v in session.scalars(select(VillageRow))}
    query = (
        select(RecordRow)
        .where(RecordRow.station_id == station_id, RecordRow.entity == entity)
        .order_by(RecordRow.day.desc(), RecordRow.id.desc())
    )
    if search:
        query = query.where(RecordRow.change.contains(search))
    found: list[RecordLine] = []
    labels = field_labels(entity)
    disputes = {
        code: json.loads(value).get("name", code)
        for code, value in session.execute(
            select(ReferenceItemRow.key, ReferenceItemRow.value).where(
                ReferenceItemRow.kind == DISPUTE_TYPE
            )
        )
    }
    for row in session.scalars(query.limit(limit)):
        body: dict[str, Any] = json.loads(row.change)
        data = masked_for_county(entity, body.get("data") or {})
        code = data.get("dispute_type")
        if isinstance(code, str):  # the code, shown by its name
            data = {**data, "dispute_type": disputes.get(code, code)}
        fields = [(labels.get(k, k), _text(v, labels)) for k, v in data.items() if k not in _HIDDEN]
        village = names.get(row.village_uuid or "", "工作站本级")
        found.append(RecordLine(row.day, village, row.revision, row.voided, fields))
    return found


def field_labels(entity: str) -> dict[str, str]:
    """The Chinese field names the ledger's own forms use (its domain module's LABELS, then
    those of its parts: parties, sessions, service items)."""
    module = sys.modules[LEDGER_BY_ENTITY[entity].draft_type.__module__]
    labels: dict[str, str] = {}
    for name, table in vars(module).items():
        if name.endswith("LABELS") and name != "LABELS" and isinstance(table, dict):
            labels.update(table)
    labels.update(getattr(module, "LABELS", {}))
    return labels


def _text(value: Any, labels: dict[str, str]) -> str:
    """A field as a clerk reads it: 是/否, lists joined with 、, a record's parts (parties,
    sessions, service items) one after another with their Chinese field names."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "、".join(str(v) for v in value)
    if isinstance(value, list):
        return "；".join(_text(v, labels) for v in value)[:600]
    if isinstance(value, dict):
        parts = ((labels.get(k, k), _text(v, labels)) for k, v in value.items())
        return "，".join(f"{k} {v}" for k, v in parts if v)
    return str(value)[:300]


def audit_lines(session: Session, limit: int = 500) -> list[CountyAuditRow]:
    return list(
        session.scalars(select(CountyAuditRow).order_by(CountyAuditRow.id.desc()).limit(limit))
    )


def users(session: Session) -> list[CountyUserRow]:
    return list(session.scalars(select(CountyUserRow).order_by(CountyUserRow.username)))


# -- 上报情况 and 概览's 已上报 columns -------------------------------------------------------

#: Quarters 上报情况 lists, newest first (those without any station are left out).
SUBMISSION_QUARTERS = 8


def submission_marks(
    session: Session, quarters: list[Quarter]
) -> dict[tuple[int, str], ReportSubmissionRow]:
    """Every station's 已上报 mark for these quarters, by (station id, quarter): one query."""
    keys = [str(q) for q in quarters]
    return {
        (row.station_id, row.quarter): row
        for row in session.scalars(
            select(ReportSubmissionRow).where(ReportSubmissionRow.quarter.in_(keys))
        )
    }


@dataclass(frozen=True)
class SubmissionsTable:
    """Stations × quarters (newest first): each cell a station's standing, None where the
    station did not count that quarter; the on-time rate under each quarter."""

    quarters: list[QuarterRate]
    rows: list[tuple[str, list[Standing | None]]]  # by station name


def submissions(session: Session, newest: Quarter, today: date) -> SubmissionsTable:
    """Up to ``SUBMISSION_QUARTERS`` quarters ending at ``newest``, those with any station. A
    station counts in a quarter it existed by (enrolled at the county by the quarter's end)
    or that it marked: two queries whatever the number of stations."""
    quarters = [newest]
    while len(quarters) < SUBMISSION_QUARTERS:
        quarters.append(quarters[-1].previous)
    marks = submission_marks(session, quarters)
    known = session.execute(
        select(StationRow.id, StationRow.name, StationRow.created_at).order_by(StationRow.name)
    ).all()
    columns: list[tuple[Quarter, list[Standing | None]]] = []
    for quarter in quarters:
        cells: list[Standing | None] = []
        for station_id, _, created_at in known:
            mark = marks.get((station_id, str(quarter)))
            if mark is None and created_at.date() > quarter.end:
                cells.append(None)
            else:
                first = mark.first_on if mark else None
                latest = mark.latest_on if mark else None
                cells.append(standing(quarter, first, latest, today))
        if any(cell is not None for cell in cells):
            columns.append((quarter, cells))
    return SubmissionsTable(
        quarters=[
            on_time_rate(q, (c for c in cells if c is not None), today) for q, cells in columns
        ],
        rows=[(name, [cells[i] for _, cells in columns]) for i, (_, name, _) in enumerate(known)],
    )
