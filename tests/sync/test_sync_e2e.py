"""End to end over a bad link: real county-server process, real station store, real `station`.

20% of requests fail in one of six ways (dropped before or after the server saw them, answer cut
half-way, delayed, 502, 503); the client is killed while the server holds a batch it applied;
the server is killed and restarted mid-run; records are edited and voided between runs. At the
end the county holds every record exactly once at its latest revision, tombstones included, and
the station's outbox is empty.
"""

from __future__ import annotations

import subprocess
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from station_app.domain.consultation import ConsultationDraft
from station_app.domain.outbox import OutboxState
from station_app.services.station_services import StationServices
from station_app.storage.ledger_specs import LEDGERS
from station_app.storage.outbox_table import OutboxRow
from sync.server.db import CountyDatabase
from sync.server.models import RecordRevisionRow, RecordRow
from tests.fault_proxy import FaultProxy, ProxyPlan
from tests.sync_support import (
    FAST_RETRY,
    STATION_CMD,
    STATION_NAME,
    enrollment_code,
    init_station,
    needs_scripts,
    postgres_database,
    running_county,
    sqlite_url,
    station,
    sync_until_clean,
)

pytestmark = [needs_scripts, pytest.mark.slow]


def edit_round(data_dir: Path, round_no: int) -> None:
    """What clerks do between syncs: correct some records, void some, add a few."""
    services = StationServices.open(data_dir)
    try:
        page = services.consultations.page(offset=round_no * 3, limit=20).items
        for stored in page[:8]:
            services.consultations.update(
                stored.id,
                replace(stored.data, note=f"第{round_no}轮核对后修改"),
                expected_revision=stored.meta.revision,
            )
        for stored in page[8:12]:
            services.consultations.void(stored.id, "重复录入")
        for stored in services.publicity.page(limit=4).items[:2]:
            services.publicity.void(stored.id, "活动取消")
        for stored in services.mediation.page(limit=3).items:
            services.mediation.update(
                stored.id,
                replace(stored.data, note=f"第{round_no}轮回访"),
                expected_revision=stored.meta.revision,
            )
        template: ConsultationDraft = page[0].data
        services.consultations.create_many(
            replace(template, question=f"新增咨询{round_no}-{i}", note=None) for i in range(5)
        )
    finally:
        services.close()


def local_state(data_dir: Path) -> dict[str, tuple[str, int, bool]]:
    services = StationServices.open(data_dir)
    try:
        with services.store.read() as session:
            out = {}
            for spec in LEDGERS:
                rows = session.execute(
                    select(spec.row_type.uuid, spec.row_type.revision, spec.row_type.voided_at)
                )
                for uuid, revision, voided_at in rows:
                    out[uuid] = (spec.entity, revision, voided_at is not None)
            open_rows = session.scalar(
                select(func.count())
                .select_from(OutboxRow)
                .where(OutboxRow.state != OutboxState.ACKNOWLEDGED)
            )
        assert open_rows == 0, "outbox not empty"
        return out
    finally:
        services.close()


def county_state(db_url: str) -> dict[str, tuple[str, int, bool]]:
    db = CountyDatabase.open(db_url, upgrade=False)
    try:
        with db.read() as session:
            ledgers = [spec.entity for spec in LEDGERS]
            rows = session.execute(
                select(
                    RecordRow.uuid, RecordRow.entity, RecordRow.revision, RecordRow.voided
                ).where(RecordRow.entity.in_(ledgers))
            ).all()
            dup_revisions = session.execute(
                select(RecordRevisionRow.uuid, RecordRevisionRow.revision)
                .group_by(RecordRevisionRow.uuid, RecordRevisionRow.revision)
                .having(func.count() > 1)
            ).all()
        assert dup_revisions == []
        uuids = [r[0] for r in rows]
        assert len(uuids) == len(set(uuids)), "a record is stored twice"
        return {u: (e, rev, voided) for u, e, rev, voided in rows}
    finally:
        db.close()


def run_bad_link_scenario(db_url: str, tmp_path: Path) -> None:
    with running_county(db_url, tmp_path) as server:
        plan = ProxyPlan(seed=20261125, fault_rate=0.2, hold_path="/v1/push", hold_nth=3)
        proxy = FaultProxy(server.port, plan).start()
        try:
            data = tmp_path / "station"
            init_station(data)
            made = station("demo", "--data-dir", str(data), "--records", "240")
            assert made.returncode == 0, made.stderr
            enrolled = station(
                "enroll",
                "--data-dir",
                str(data),
                "--server",
                proxy.url,
                "--code",
                enrollment_code(db_url, STATION_NAME),
                env=FAST_RETRY,
            )
            assert enrolled.returncode == 0, enrolled.stderr
            edit_round(data, 1)

            # Run 1: the third batch reaches the server, which applies it; its receipt is
            # held back and the client process is killed while waiting for it.
            killed = subprocess.Popen(
                [
                    *STATION_CMD,
                    "sync",
                    "--data-dir",
                    str(data),
                    "--server",
                    proxy.url,
                    "--max-batch",
                    "20",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={**__import__("os").environ, **FAST_RETRY},
            )
            assert proxy.held.wait(timeout=120), "the held batch never reached the server"
            killed.kill()
            killed.wait(timeout=10)
            proxy.release.set()

            edit_round(data, 2)

            # Run 2 onwards: the server is power-cut and restarted while batches flow.
            pushes_before = proxy.stats.requests["/v1/push"]
            restarted = threading.Event()

            def restart_mid_run() -> None:
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:
                    if proxy.stats.requests["/v1/push"] >= pushes_before + 4:
                        server.restart()
                        restarted.set()
                        return
                    time.sleep(0.02)

            restarter = threading.Thread(target=restart_mid_run, daemon=True)
            restarter.start()
            done = sync_until_clean(data, proxy.url)
            restarter.join(timeout=60)
            assert restarted.is_set(), "the server restart did not happen mid-run"
            assert "本机与县中心记录一致" in done.stdout
        finally:
            proxy.stop()

        assert sum(proxy.stats.faults.values()) >= 5, proxy.stats.faults
        local = local_state(data)
        county = county_state(db_url)
        assert county == local  # every record, once, at its latest revision, voided or not
        assert sum(1 for _, _, voided in county.values() if voided) >= 10  # tombstones arrived
        assert max(rev for _, rev, _ in county.values()) >= 3  # edited twice after creation
        stats = station("stats", "--data-dir", str(data), "--quarter", "2026Q4")
        assert '"unsent_records": 0' in stats.stdout


def test_bad_link_sqlite(tmp_path: Path) -> None:
    run_bad_link_scenario(sqlite_url(tmp_path), tmp_path)


def test_bad_link_postgresql(tmp_path: Path) -> None:
    with postgres_database() as url:
        run_bad_link_scenario(url, tmp_path)
