"""A station's counted quarterly table is saved in the county database: a restarted server
(or another worker, with a cache of its own) shows 季度统计 without counting it again, and
a station that synced since is counted again."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from station_app.domain.quarter import Quarter
from station_app.reports.quarterly_table import TableRows
from station_app.services.station_services import StationServices
from station_app.tools.demo_data import fill_demo
from sync.server import county_report
from sync.server.county_report import RowsCache, county_table, duty_minimums, station_rows
from sync.server.db import CountyDatabase
from sync.server.models import StationRow
from sync.server.saved_tables import table_from_json, table_json
from tests.console.test_console_county_counts import _enrolled, _push_ledgers
from tests.sync_support import postgres_database, sqlite_url

TODAY = date(2026, 11, 25)
QUARTER = Quarter(2026, 3)  # ended: its 达标 months and weeks are judged


@pytest.fixture(params=["sqlite", "postgresql"])
def county_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Saving is an upsert written per dialect: both are run."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
    else:
        with postgres_database() as url:
            yield url


@pytest.fixture
def county(services: StationServices, county_url: str) -> Iterator[CountyDatabase]:
    """A county that holds the station's demo ledgers (every ledger, follow-ups, ratings)."""
    fill_demo(services, 200, seed=18)
    db = CountyDatabase.open(county_url)
    try:
        device_id = _enrolled(services, db)
        _push_ledgers(services, db, device_id)
        yield db
    finally:
        db.close()


def _counted(db: CountyDatabase) -> TableRows:
    with db.read() as session:
        station = session.scalars(select(StationRow)).one()
        return station_rows(session, station, QUARTER, duty_minimums(session), TODAY)


def test_a_counted_table_reads_back_equal(county: CountyDatabase) -> None:
    counted = _counted(county)
    assert counted.rows[-1].mediation_amount > Decimal(0)  # the codec meets real figures
    assert any(p.judged for v in counted.compliance for p in v.months)
    assert counted.satisfaction[-1].rated > 0
    assert table_from_json(table_json(counted)) == counted


def test_another_cache_reads_the_saved_table_until_the_station_syncs(
    county: CountyDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> TableRows:
        counts.append(1)
        return station_rows(*args, **kwargs)

    monkeypatch.setattr(county_report, "station_rows", counting)
    first = county_table(county, QUARTER, today=TODAY, cache=RowsCache())
    assert len(counts) == 1

    restarted = RowsCache()  # a restarted server, or another worker
    again = county_table(county, QUARTER, today=TODAY, cache=restarted)
    assert len(counts) == 1  # read, not counted
    assert len(restarted) == 1
    assert again == first

    with county.write() as session:
        station = session.scalars(select(StationRow)).one()
        station.last_seq += 1  # what every accepted push does
    county_table(county, QUARTER, today=TODAY, cache=RowsCache())
    assert len(counts) == 2  # synced since: counted again
    county_table(county, QUARTER, today=TODAY, cache=RowsCache())
    assert len(counts) == 2  # and that count is the one saved
    county_table(county, QUARTER, today=date(2026, 11, 26), cache=RowsCache())
    assert len(counts) == 3  # a new day counts again (达标 depends on the day)
