"""The county counts a station's records as the station does, reading only what the
statistics need; and a station that synced is recounted in the background, so the next view
of 季度统计 shows its new record without counting anything itself."""

from __future__ import annotations

import time
import uuid
from datetime import date
from pathlib import Path

from station_app.domain.choices import ConsultCategory
from station_app.domain.quarter import Quarter
from station_app.reports.api import quarterly_table
from station_app.reports.columns import COLUMNS
from station_app.services.station_services import StationServices
from station_app.sync_client.codec import to_change
from station_app.tools.demo_data import fill_demo
from sync.payload import encode_draft
from sync.protocol import Batch, Change
from sync.server.console.warm import keep_counted
from sync.server.county_report import RowsCache, county_table
from sync.server.db import CountyDatabase
from sync.server.enrollment import issue_code, redeem
from sync.server.ingest import ingest
from sync.server.reference import seed_defaults
from tests.drafts import consultation
from tests.sync_support import sqlite_url

COUNTS = [c for c in COLUMNS if c.kind.value == "count"]


def _enrolled(services: StationServices, db: CountyDatabase) -> int:
    """The station's device enrolled at the county (its villages registered); its id."""
    station = services.organisation.require_station()
    villages = [{"uuid": v.uuid, "name": v.name, "kind": v.kind.value} for v in station.villages]
    with db.write() as session:
        seed_defaults(session)
        code = issue_code(session, station.name).code
    with db.write() as session:
        device, _ = redeem(session, code, services.ctx.device, villages)
        return device.id


def _push(db: CountyDatabase, device_id: int, store: str, changes: list[Change]) -> None:
    for i in range(0, len(changes), 200):
        receipts = ingest(db, device_id, Batch.make(store, "t", changes[i : i + 200])).receipts
        assert all(r.status.value == "accepted" for r in receipts), [r.reason for r in receipts]


def _push_ledgers(services: StationServices, db: CountyDatabase, device_id: int) -> None:
    """Every ledger record the station has not sent yet, pushed to the county as a sync would."""
    id_to_uuid, _ = services.replication.village_maps()
    changes = [
        to_change(r, id_to_uuid)
        for r in services.replication.claim(100_000)
        if r.entity not in ("station", "village", "lawyer")
    ]
    _push(db, device_id, services.ctx.device, changes)


def test_every_quarter_counts_at_the_county_as_in_the_stations_own_table(
    services: StationServices, tmp_path: Path
) -> None:
    fill_demo(services, 600, seed=18)  # all five ledgers over 2026Q1-Q4, follow-ups, ratings
    db = CountyDatabase.open(sqlite_url(tmp_path))
    try:
        device_id = _enrolled(services, db)
        _push_ledgers(services, db, device_id)
        for quarter in (Quarter(2026, n) for n in (1, 2, 3, 4)):
            own = quarterly_table(services, quarter).rows[-1]
            county = county_table(db, quarter, today=date(2026, 11, 25)).rows[0]
            assert [county.value(c.key) for c in COUNTS] == [own.value(c.key) for c in COUNTS]
            assert own.consultations > 0 and own.mediation_closed > 0, quarter
    finally:
        db.close()


def _wait_for(condition: object, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the background count never caught up"
        time.sleep(0.05)


def test_a_station_that_synced_is_recounted_before_the_page_asks(
    services: StationServices, tmp_path: Path
) -> None:
    db = CountyDatabase.open(sqlite_url(tmp_path))
    today = date.today()
    quarter = Quarter.of(today)
    try:
        device_id = _enrolled(services, db)
        cache = RowsCache()
        counting = keep_counted(db, cache, look=0.05)
        try:
            _wait_for(lambda: len(cache) == 2)  # this and last quarter, counted at start
            before = county_table(db, quarter, today=today, cache=cache).rows[0].consultations
            draft = consultation(consulted_on=today, category=ConsultCategory.LABOUR)
            store = services.ctx.device
            data = encode_draft(draft, {})
            _push(
                db,
                device_id,
                store,
                [Change("consultation", str(uuid.uuid4()), 1, "create", data, store)],
            )
            _wait_for(lambda: len(cache) == 3)  # this quarter again, at the new sequence
            after = county_table(db, quarter, today=today, cache=cache)
            assert len(cache) == 3  # the view counted nothing itself
            assert after.rows[0].consultations == before + 1
        finally:
            counting.stop()
    finally:
        db.close()
