"""Several devices of one station: the station PC, a laptop enrolled on an empty folder, and a
village room's PC that sees only its village."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from station_app.domain.choices import UnitKind
from station_app.domain.organisation import VillageDraft
from station_app.domain.quarter import Quarter
from station_app.reports.api import quarterly_table
from station_app.services.station_services import StationServices
from tests.ledger_workbooks import big_workbook
from tests.sync_support import (
    STATION_NAME,
    enrollment_code,
    init_station,
    needs_scripts,
    running_county,
    sqlite_url,
    station,
    station_here,
)

pytestmark = [needs_scripts, pytest.mark.slow]

QUARTERS = ("2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4")


def counts(data_dir: Path) -> dict[str, dict[str, dict[str, int]]]:
    """The station's per-ledger, per-village counts for the last five quarters."""
    services = StationServices.open(data_dir)
    try:
        return {
            q: {c.ledger: c.by_unit for c in services.stats.quarter_counts(Quarter.parse(q))}
            for q in QUARTERS
        }
    finally:
        services.close()


def quarterly_tables(data_dir: Path) -> dict[str, object]:
    """The quarterly statistics table's rows and duty-hour compliance, per quarter."""
    services = StationServices.open(data_dir)
    try:
        out: dict[str, object] = {}
        for q in QUARTERS[-2:]:
            table = quarterly_table(services, Quarter.parse(q))
            out[q] = (table.rows, table.compliance)
        return out
    finally:
        services.close()


def sync(data_dir: Path, *, own_process: bool = False) -> str:
    """`station sync`; in this process unless ``own_process`` (once per test)."""
    run = station if own_process else station_here
    done = run("sync", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_devices_of_one_station_see_each_others_records(tmp_path: Path) -> None:
    db_url = sqlite_url(tmp_path)
    with running_county(db_url, tmp_path) as server:
        a, b, v = tmp_path / "station-pc", tmp_path / "laptop", tmp_path / "qingshi-room"

        # Device A: made with `station init`, its old ledgers imported, then enrolled and synced.
        init_station(a)
        book = big_workbook(tmp_path / "台账.xlsx", 300)
        imported = station_here("import", "--data-dir", str(a), str(book))
        assert imported.returncode == 0, imported.stdout + imported.stderr
        code = enrollment_code(db_url, STATION_NAME, cli=True)  # the command itself, once
        done = station("enroll", "--data-dir", str(a), "--server", server.url, "--code", code)
        assert done.returncode == 0, done.stderr
        sync(a, own_process=True)

        # Device B: enrolled on an empty folder (no `station init`): the store comes from the
        # county's reference data, the ledgers from A's pushes.
        code = enrollment_code(db_url, STATION_NAME)
        done = station_here("enroll", "--data-dir", str(b), "--server", server.url, "--code", code)
        assert done.returncode == 0, done.stderr
        assert "龙兴镇公共法律服务工作站" in done.stdout
        sync(b)
        assert counts(b) == counts(a)
        assert quarterly_tables(b) == quarterly_tables(a)  # the same 统计表 on both devices

        # An edit on B reaches A on A's next sync.
        laptop = StationServices.open(b)
        try:
            stored = laptop.consultations.page(limit=1).items[0]
            laptop.consultations.update(
                stored.id,
                replace(stored.data, answer="经核实，建议先申请劳动仲裁"),
                expected_revision=stored.meta.revision,
            )
            uuid = stored.meta.uuid
        finally:
            laptop.close()
        sync(b)
        sync(a)
        pc = StationServices.open(a)
        try:
            on_a = pc.consultations.get_by_uuid(uuid)
        finally:
            pc.close()
        assert on_a.data.answer == "经核实，建议先申请劳动仲裁"
        assert on_a.meta.revision == stored.meta.revision + 1

        # A village device sees only its village.
        code = enrollment_code(db_url, STATION_NAME, village="青石村")
        done = station_here("enroll", "--data-dir", str(v), "--server", server.url, "--code", code)
        assert done.returncode == 0, done.stderr
        assert "青石村" in done.stdout
        sync(v)
        full = counts(a)
        seen = 0
        for quarter, ledgers in counts(v).items():
            for label, by_unit in ledgers.items():
                assert by_unit["滨江社区"] == 0
                assert by_unit["本站"] == 0
                assert by_unit["青石村"] == full[quarter][label]["青石村"]
                seen += by_unit["青石村"]
        assert seen > 20

        # What the village room types reaches the station; another village's record is refused.
        room = StationServices.open(v)
        try:
            mine = room.consultations.page(limit=1).items[0].data
            qingshi = room.organisation.village_by_name("青石村")
            binjiang = room.organisation.village_by_name("滨江社区")
            assert qingshi is not None and binjiang is not None
            own = room.consultations.create(replace(mine, village_id=qingshi.id, note="村居录入"))
            room.consultations.create(replace(mine, village_id=binjiang.id, note="误选村居"))
        finally:
            room.close()
        refused = station_here("sync", "--data-dir", str(v))
        assert refused.returncode == 1
        assert "退回 1 条" in refused.stdout
        assert "不是本设备所属村(居)的记录" in refused.stdout
        sync(a)
        pc = StationServices.open(a)
        try:
            assert pc.consultations.get_by_uuid(own.meta.uuid).data.note == "村居录入"
        finally:
            pc.close()


def test_enrolling_an_initialised_store_registers_its_villages_matching_by_name(
    tmp_path: Path,
) -> None:
    db_url = sqlite_url(tmp_path)
    with running_county(db_url, tmp_path) as server:
        # The county already knows 青石村 (a village device was enrolled first).
        village_code = enrollment_code(db_url, STATION_NAME, village="青石村")
        room = tmp_path / "room"
        assert (
            station(
                "enroll", "--data-dir", str(room), "--server", server.url, "--code", village_code
            ).returncode
            == 0
        )

        pc = tmp_path / "pc"
        init_station(pc)  # 青石村 and 滨江社区, made locally with their own uuids
        services = StationServices.open(pc)
        services.organisation.add_village(VillageDraft("新建村", UnitKind.TOWN))
        services.close()
        code = enrollment_code(db_url, STATION_NAME)
        done = station_here("enroll", "--data-dir", str(pc), "--server", server.url, "--code", code)
        assert done.returncode == 0, done.stderr
        sync(pc, own_process=True)
        sync(room)

        def villages(data_dir: Path) -> dict[str, str]:
            s = StationServices.open(data_dir)
            try:
                return {v.name: v.uuid for v in s.organisation.require_station().villages}
            finally:
                s.close()

        on_pc, on_room = villages(pc), villages(room)
        assert set(on_pc) == {"青石村", "滨江社区", "新建村"}
        assert on_room == on_pc  # one identity per village on every device
