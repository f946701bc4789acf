"""County reference data reaching stations: the lawyer roster, county settings, and the
county-wide counts of what stations sent."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from station_app.domain.quarter import Quarter
from station_app.domain.settings_schema import WORK_QUEUE_THRESHOLDS
from station_app.services.station_services import StationServices
from station_app.sync_client.engine import SyncConfig, SyncEngine
from station_app.sync_client.enroll import enroll
from station_app.sync_client.retry import RetryPolicy
from station_app.tools.demo_data import fill_demo
from sync.server.db import CountyDatabase
from sync.server.enrollment import issue_code
from tests.cli_runs import county_here
from tests.sync_support import (
    STATION_NAME,
    CountyServer,
    county,
    county_init,
    needs_scripts,
    sqlite_url,
)

pytestmark = needs_scripts


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CountyServer]:
    url = sqlite_url(tmp_path)
    county_init(url)
    srv = CountyServer(url, tmp_path).start()
    yield srv
    srv.stop()


def _enrolled(services: StationServices, server: CountyServer) -> SyncEngine:
    db = CountyDatabase.open(server.db_url, upgrade=False)
    with db.write() as session:
        code = issue_code(session, STATION_NAME).code
    db.close()
    enroll(services, server.url, code)
    return SyncEngine(services, config=SyncConfig(retry=RetryPolicy(base=0.01)))


def _roster(path: Path, rows: list[tuple[object, ...]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "律师事务所", "执业证号", "联系电话", "对接村(居)"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def test_the_lawyer_roster_and_settings_reach_the_station_on_its_next_sync(
    services: StationServices, server: CountyServer, tmp_path: Path
) -> None:
    engine = _enrolled(services, server)
    roster = _roster(
        tmp_path / "律师名册.xlsx",
        [
            ("陈律师", "重庆渝北律师事务所", "15001201910123456", "13800138000", "青石村"),
            ("林律师", "重庆两江律师事务所", "15001201810654321", None, "别镇某村"),
            ("吴律师", "重庆嘉陵律师事务所", "15001201710111111", "023-67891234", None),
        ],
    )
    done = county(server.db_url, "lawyers", "import", str(roster))
    assert done.returncode == 0, done.stderr
    assert "3" in done.stdout
    minimums = {"town_month_hours": 6, "street_month_hours": 10, "street_week_hours": 3}
    # The second setting and the second import by the command's main in this process (a
    # process each costs a second or two of CPU; the first of each is one).
    minimums_set = county(server.db_url, "setting", "duty_minimums", json.dumps(minimums))
    assert minimums_set.returncode == 0
    # The work queue's thresholds travel the same way (issue 16).
    queue = county_here(server.db_url, "setting", "work_queue", '{"mediation_days": 45}')
    assert queue.returncode == 0

    assert engine.run().clean
    names = {lawyer.name for lawyer in services.organisation.lawyers()}
    # The lawyer serving 青石村 and the one serving everyone; not another town's.
    assert names == {"陈律师", "吴律师"}
    assert services.organisation.duty_minimums().town_month_hours == 6
    thresholds = services.replication.setting(WORK_QUEUE_THRESHOLDS)
    assert (thresholds.mediation_days, thresholds.follow_up_days) == (45, 30)

    # Importing again updates the same lawyers rather than adding copies.
    _roster(roster, [("陈律师", "重庆新律师事务所", "15001201910123456", None, "青石村")])
    assert county_here(server.db_url, "lawyers", "import", str(roster)).returncode == 0
    assert engine.run().clean
    firms = sorted(lawyer.law_firm for lawyer in services.organisation.lawyers())
    assert firms == ["重庆嘉陵律师事务所", "重庆新律师事务所"]


def test_a_roster_with_a_bad_row_is_refused_whole_naming_the_row(
    server: CountyServer, tmp_path: Path
) -> None:
    roster = _roster(
        tmp_path / "roster.xlsx",
        [
            ("陈律师", "重庆渝北律师事务所", None, "13800138000", None),
            ("无所律师", None, None, "12345", None),
        ],
    )
    done = county(server.db_url, "lawyers", "import", str(roster))
    assert done.returncode == 1
    assert "第3行" in done.stderr and "律师事务所：必填" in done.stderr
    assert "12345" not in done.stderr  # the value is never repeated


def test_county_stats_count_what_the_station_counts(
    services: StationServices, server: CountyServer
) -> None:
    engine = _enrolled(services, server)
    fill_demo(services, 200, seed=11)
    first = services.consultations.page(limit=1).items[0]
    services.consultations.void(first.id, "重复录入")  # voided records are not counted
    assert engine.run().clean
    quarter = Quarter.of(first.data.consulted_on)
    done = county(server.db_url, "stats", "--quarter", str(quarter))
    assert done.returncode == 0, done.stderr
    county_figures = json.loads(done.stdout)["stations"][STATION_NAME]["ledgers"]
    station_figures = {c.ledger: c.total for c in services.stats.quarter_counts(quarter)}
    assert county_figures == station_figures
    assert sum(station_figures.values()) > 0
