"""A station's 已上报 mark reaches the county through sync, against the real county server on
loopback: the first mark is kept when the station marks the quarter again, a county server
that does not know the message costs the sync nothing, and the server takes the message only
from the device itself and only well-formed."""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from station_app.domain.quarter import Quarter
from station_app.services.station_services import StationServices
from station_app.sync_client import engine
from station_app.sync_client.engine import SyncConfig, SyncEngine
from station_app.sync_client.enroll import enroll as enroll_station
from station_app.sync_client.retry import RetryPolicy
from station_app.sync_client.token_store import TokenStore
from sync.protocol import PROTOCOL, VERSION, encode_body
from sync.server.db import CountyDatabase
from sync.server.models import ReportSubmissionRow, StationRow
from tests.conftest import FixedClock
from tests.sync_support import (
    STATION_NAME,
    CountyServer,
    enrollment_code,
    running_county,
    sqlite_url,
)

Q3 = Quarter(2026, 3)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    tmp = tmp_path_factory.mktemp("submissions")
    with running_county(sqlite_url(tmp), tmp) as running:
        yield running


def sync(services: StationServices, server: CountyServer) -> None:
    config = SyncConfig(retry=RetryPolicy(base=0.01))
    report = SyncEngine(services, server_url=server.url, config=config).run()
    assert report.completed and report.clean, report.summary()


def county_marks(server: CountyServer) -> dict[str, tuple[date, date]]:
    """The county's marks of the station: quarter -> (first day, latest day)."""
    db = CountyDatabase.open(server.db_url, upgrade=False)
    try:
        with db.read() as session:
            rows = session.execute(
                select(ReportSubmissionRow)
                .join(StationRow, StationRow.id == ReportSubmissionRow.station_id)
                .where(StationRow.name == STATION_NAME)
            ).scalars()
            return {r.quarter: (r.first_on, r.latest_on) for r in rows}
    finally:
        db.close()


def test_a_quarter_marked_submitted_reaches_the_county(
    server: CountyServer,
    services: StationServices,
    data_dir: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code = enrollment_code(server.db_url, STATION_NAME)
    enroll_station(services, server.url, code, retry=RetryPolicy(base=0.01))
    sync(services, server)
    assert county_marks(server) == {}  # nothing marked, nothing sent

    clock.day = date(2026, 9, 29)
    services.reports.mark_submitted(Q3)
    # A county server from before the message: its 404 is logged, the sync is still clean.
    with monkeypatch.context() as older:
        older.setattr(engine, "REPORT_SUBMISSIONS_PATH", "/v1/not-on-this-server")
        sync(services, server)
    assert county_marks(server) == {}
    sync(services, server)
    assert county_marks(server) == {"2026Q3": (date(2026, 9, 29), date(2026, 9, 29))}

    clock.day = date(2026, 11, 25)  # late amendments, and the quarter marked again
    services.reports.mark_submitted(Q3)
    services.reports.mark_submitted(Quarter(2026, 2))
    sync(services, server)
    assert county_marks(server) == {
        "2026Q3": (date(2026, 9, 29), date(2026, 11, 25)),  # on time stays on time
        "2026Q2": (date(2026, 11, 25), date(2026, 11, 25)),
    }

    # Only the device itself reports its marks, and only well-formed ones.
    token = TokenStore(data_dir).load()
    assert token

    def post(body: dict[str, object], auth: str = token) -> requests.Response:
        return requests.post(
            server.url + "/v1/report-submissions",
            data=encode_body({"protocol": PROTOCOL, "version": VERSION, **body}),
            headers={"Content-Encoding": "gzip", "Authorization": f"Bearer {auth}"},
            timeout=30,
        )

    good = {
        "quarter": "2026Q3",
        "first_on": "2026-07-01",
        "first_at": "2026-07-01T08:00:00",
        "on": "2026-07-01",
        "at": "2026-07-01T08:00:00",
    }
    other = post({"device": str(uuidlib.uuid4()), "quarters": [good]})
    assert other.status_code == 403 and other.json()["error"] == "wrong_device"
    assert post({"device": services.ctx.device, "quarters": [good]}, "wrong").status_code == 401
    for bad in ({**good, "quarter": "2026Q9"}, {**good, "on": "2026-13-01"}):
        answer = post({"device": services.ctx.device, "quarters": [bad]})
        assert answer.status_code == 400 and answer.json()["protocol"] == PROTOCOL
    assert county_marks(server)["2026Q3"] == (date(2026, 9, 29), date(2026, 11, 25))
