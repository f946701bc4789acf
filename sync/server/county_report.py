"""The county-wide quarterly table: one row per station, then 合计.

Each station's figures are computed by the station's own report code on a scratch copy of
what the county holds for it, built exactly as a new device of that station would build its
store (reference data, then every record pulled). The county table can therefore never count
differently from the stations' own tables.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from station_app.domain.quarter import Quarter
from station_app.reports.api import quarterly_table
from station_app.reports.duty_compliance import VillageCompliance
from station_app.reports.quarterly_table import QuarterlyTable, RowKind, TableRow, total_row
from station_app.security.key_store import KeyStore
from station_app.services.context import Clock, SystemClock
from station_app.services.station_services import StationServices
from station_app.services.sync_access import SyncAccess
from station_app.sync_client.codec import county_reference, remote_record
from sync.server.db import CountyDatabase
from sync.server.feed import pull
from sync.server.models import DeviceRow, StationRow
from sync.server.reference import snapshot

#: Not a real device: a reader of everything the county holds for one station.
REPORT_READER = "county-report"
PAGE = 2000


def station_copy(
    db: CountyDatabase, station: StationRow, folder: Path, clock: Clock
) -> StationServices:
    """A station store holding what the county has for ``station``, as a new device gets it."""
    reader = DeviceRow(station_id=station.id, village_id=None, store_uuid=REPORT_READER)
    services = StationServices.open(folder, clock=clock, keys=KeyStore.throwaway(folder))
    access = SyncAccess(services.ctx)
    access.ensure_device()
    with db.read() as session:
        reference = snapshot(session, reader)
    access.apply_reference(county_reference(reference))
    cursor = 0
    while True:
        with db.read() as session:
            body = pull(session, reader, cursor, str(reference["etag"]), PAGE)
        _, village_ids = access.village_maps()
        access.apply_remote([remote_record(raw, village_ids) for raw in body["records"]])
        cursor = int(body["cursor"])
        if not body["more"]:
            return services


def county_table(
    db: CountyDatabase, quarter: Quarter, *, clock: Clock | None = None, county: str | None = None
) -> QuarterlyTable:
    clock = clock or SystemClock()
    with db.read() as session:
        stations = list(session.scalars(select(StationRow).order_by(StationRow.id)))
    rows: list[TableRow] = []
    compliance: list[VillageCompliance] = []
    first: QuarterlyTable | None = None
    with tempfile.TemporaryDirectory(prefix="county-report-") as scratch:
        for station in stations:
            services = station_copy(db, station, Path(scratch) / station.uuid, clock)
            try:
                table = quarterly_table(services, quarter)
            finally:
                services.close()
            first = first or table
            total = table.rows[-1]
            rows.append(replace(total, unit=station.name, kind=RowKind.VILLAGE))
            compliance.extend(
                replace(v, village=f"{station.name} {v.village}") for v in table.compliance
            )
    name = county or (stations[0].county if stations else "")
    produced = clock.today()
    if first is None:
        raise ValueError("县中心数据库中还没有工作站 / no station in the county database")
    total = total_row(rows, rows)
    # A station row's 达标 cells already read "met/judged villages": the county adds them up.
    total = replace(
        total,
        duty_compliance=_sum_fractions(r.duty_compliance for r in rows),
        publicity_compliance=_sum_fractions(r.publicity_compliance for r in rows),
    )
    all_rows = (*rows, total)
    return replace(
        first,
        station_name=f"{name}公共法律服务中心",
        village_name=None,
        produced_on=produced,
        rows=all_rows,
        compliance=tuple(compliance),
        late_amendments=(),
        submitted_on=None,
    )


def _sum_fractions(cells: Iterable[str]) -> str:
    met = judged = 0
    for cell in cells:
        a, _, b = cell.partition("/")
        if a.isdigit() and b.isdigit():
            met, judged = met + int(a), judged + int(b)
    return f"{met}/{judged}"
