"""Hostile, against the real county server on loopback: a station whose store was put back in
time (an older copy over the current file) tells the county where its audit trail ends on the
next sync, and the county flags the device as having gone backwards. A head for another
device, or a malformed one, is a 4xx."""

from __future__ import annotations

import shutil
import uuid as uuidlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from station_app.services.station_services import StationServices
from station_app.services.store_maintenance import StoreMaintenance
from station_app.storage.store import DB_FILENAME
from station_app.sync_client.engine import SyncConfig, SyncEngine
from station_app.sync_client.enroll import enroll as enroll_station
from station_app.sync_client.retry import RetryPolicy
from station_app.sync_client.token_store import TokenStore
from sync.protocol import PROTOCOL, VERSION, encode_body
from tests.conftest import FixedClock
from tests.drafts import consultation
from tests.sync_support import (
    STATION_NAME,
    CountyServer,
    county,
    enrollment_code,
    running_county,
    sqlite_url,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    tmp = tmp_path_factory.mktemp("audit-head")
    with running_county(sqlite_url(tmp), tmp) as running:
        yield running


def sync(services: StationServices, server: CountyServer) -> None:
    config = SyncConfig(retry=RetryPolicy(base=0.01))
    report = SyncEngine(services, server_url=server.url, config=config).run()
    assert report.clean, report.summary()


def device_line(server: CountyServer) -> str:
    listed = county(server.db_url, "devices")
    assert listed.returncode == 0, listed.stderr
    (line,) = [row for row in listed.stdout.splitlines() if STATION_NAME in row]
    return line


def test_a_store_put_back_in_time_is_flagged_by_the_county(
    server: CountyServer, services: StationServices, data_dir: Path, clock: FixedClock
) -> None:
    code = enrollment_code(server.db_url, STATION_NAME)
    enroll_station(services, server.url, code, retry=RetryPolicy(base=0.01))
    services.consultations.create(consultation())
    sync(services, server)
    device = services.ctx.device
    services.close()
    assert "审计链至第" in device_line(server) and "回退" not in device_line(server)
    older = shutil.copyfile(data_dir / DB_FILENAME, data_dir.parent / "older.db")

    def reopen() -> StationServices:
        again = StationServices.open(data_dir, clock=clock)
        again.ctx.principal = again.accounts.principal("admin")
        return again

    newer = reopen()
    for i in range(3):
        newer.consultations.create(consultation(question=f"后来的问题{i}"))
    sync(newer, server)
    newer.close()

    shutil.copyfile(older, data_dir / DB_FILENAME)  # behind the app's back
    rolled_back = reopen()
    try:
        assert StoreMaintenance.older_store(rolled_back) is not None
        sync(rolled_back, server)  # the records still sync: flagged, not refused
    finally:
        rolled_back.close()
    assert "审计链回退" in device_line(server)

    # Only the device itself reports its head, and only a well-formed one.
    token = TokenStore(data_dir).load()
    assert token

    def post(body: dict[str, object]) -> requests.Response:
        return requests.post(
            server.url + "/v1/audit-head",
            data=encode_body({"protocol": PROTOCOL, "version": VERSION, **body}),
            headers={"Content-Encoding": "gzip", "Authorization": f"Bearer {token}"},
            timeout=30,
        )

    other = post({"device": str(uuidlib.uuid4()), "seq": 1, "mark": "0" * 64})
    assert other.status_code == 403 and other.json()["error"] == "wrong_device"
    for bad in ({"seq": "1", "mark": "0" * 64}, {"seq": 1, "mark": "not hex"}, {"seq": 0}):
        answer = post({"device": device, **bad})
        assert answer.status_code == 400 and answer.json()["protocol"] == PROTOCOL
