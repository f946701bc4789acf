"""county-server report: the county's table has one row per station, equal to the station's own
合计 row, and a 合计 of its own (issue 5's county side) — also when a station's records reached
the county through a link that drops, cuts and delays a fifth of the requests (issue 12: both
tables come from the one statistics function, whatever way the records travelled)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from station_app.domain.quarter import Quarter
from station_app.reports.api import quarterly_table
from station_app.reports.columns import COLUMNS
from station_app.services.station_services import StationServices
from tests.fault_proxy import FaultProxy, ProxyPlan
from tests.sync_support import (
    STATION_NAME,
    county,
    enrollment_code,
    init_station,
    needs_scripts,
    running_county,
    sqlite_url,
    station_here,
    sync_until_clean,
)

pytestmark = [needs_scripts, pytest.mark.slow]


def _sheet_rows(path: Path) -> dict[str, tuple[object, ...]]:
    sheet = openpyxl.load_workbook(path, data_only=True)["统计表"]
    return {str(row[0]): row for row in sheet.iter_rows(values_only=True) if row and row[0]}


def test_county_table_rows_equal_each_stations_own_total(tmp_path: Path) -> None:
    """The stations' own commands run in this process (`station_here`; the faulty link's
    syncs are processes of their own); `county-server report`, under test, is a process."""
    db = sqlite_url(tmp_path)
    stations = {STATION_NAME: tmp_path / "a", "滨江街道公共法律服务工作站": tmp_path / "b"}
    with running_county(db, tmp_path) as server:
        for name, data_dir in stations.items():
            if name == STATION_NAME:
                init_station(data_dir)
            else:
                done = station_here(
                    "init",
                    "--data-dir",
                    str(data_dir),
                    "--station",
                    name,
                    "--county",
                    "渝北区",
                    "--type",
                    "street",
                    "--village",
                    "滨江社区",
                )
                assert done.returncode == 0, done.stderr
            demo = station_here("demo", "--data-dir", str(data_dir), "--records", "300")
            assert demo.returncode == 0, demo.stderr
            code = enrollment_code(db, name)
            enrolled = station_here(
                "enroll", "--data-dir", str(data_dir), "--server", server.url, "--code", code
            )
            assert enrolled.returncode == 0, enrolled.stderr
            if name == STATION_NAME:  # this station's records go through a faulty link
                proxy = FaultProxy(server.port, ProxyPlan(seed=20261130, fault_rate=0.2)).start()
                try:
                    sync_until_clean(data_dir, proxy.url)
                finally:
                    proxy.stop()
                assert sum(proxy.stats.faults.values()) > 0, "the link was never faulty"
            else:
                synced = station_here("sync", "--data-dir", str(data_dir))
                assert synced.returncode == 0, synced.stdout + synced.stderr

    out = tmp_path / "全县统计表.xlsx"
    done = county(db, "report", "--quarter", "2026Q4", "--out", str(out))
    assert done.returncode == 0, done.stderr
    county_rows = _sheet_rows(out)
    own_totals = []
    for name, data_dir in stations.items():
        services = StationServices.open(data_dir)
        try:
            own = quarterly_table(services, Quarter(2026, 4)).rows[-1]
        finally:
            services.close()
        own_totals.append(own)
        row = county_rows[name]
        counts = [c for c in COLUMNS if c.kind.value == "count"]
        assert [row[COLUMNS.index(c)] for c in counts] == [own.value(c.key) for c in counts], name
    total = county_rows["合计"]
    consultations = COLUMNS.index(next(c for c in COLUMNS if c.key == "consultations"))
    assert total[consultations] == sum(r.consultations for r in own_totals) > 0
    publicity = COLUMNS.index(next(c for c in COLUMNS if c.key == "publicity_compliance"))
    met_judged = [r.publicity_compliance.split("/") for r in own_totals]
    assert total[publicity] == "{}/{}".format(*(sum(int(x[i]) for x in met_judged) for i in (0, 1)))
    pdf = tmp_path / "全县统计表.pdf"
    assert county(db, "report", "--quarter", "2026Q4", "--out", str(pdf)).returncode == 0
    assert pdf.read_bytes()[:4] == b"%PDF"
    bad = county(db, "report", "--quarter", "2026Q9", "--out", str(out))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
