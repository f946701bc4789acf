"""The station's sync client: what counts as delivered, what is sent again, what the clerk reads."""

from __future__ import annotations

import shutil
import stat
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from station_app.domain.choices import (
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DisputeSource,
    PartyRole,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.mediation_case import MediationCaseDraft, PartyDraft
from station_app.domain.outbox import OutboxState
from station_app.services.station_services import StationServices
from station_app.storage.organisation_tables import DisputeTypeRow
from station_app.storage.outbox_table import OutboxRow
from station_app.sync_client.engine import SyncConfig, SyncEngine
from station_app.sync_client.enroll import enroll
from station_app.sync_client.messages import OFFLINE
from station_app.sync_client.retry import RetryPolicy
from station_app.sync_client.token_store import TOKEN_FILENAME
from station_app.sync_client.transport import FailureKind, TransportFailure
from sync.server.db import CountyDatabase
from sync.server.enrollment import issue_code
from sync.server.models import RecordRow
from tests.conftest import FixedClock
from tests.fault_proxy import FaultProxy, ProxyPlan
from tests.sync_support import (
    STATION_NAME,
    CountyServer,
    county_init,
    free_port,
    needs_scripts,
    sqlite_url,
    station,
    station_here,
)

pytestmark = needs_scripts


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CountyServer]:
    url = sqlite_url(tmp_path)
    county_init(url)
    srv = CountyServer(url, tmp_path).start()
    yield srv
    srv.stop()


def enrolled(services: StationServices, server: CountyServer, url: str | None = None) -> None:
    db = CountyDatabase.open(server.db_url, upgrade=False)
    with db.write() as session:
        code = issue_code(session, STATION_NAME).code
    db.close()
    enroll(services, url or server.url, code)


def fast(**kw: object) -> SyncConfig:
    return SyncConfig(retry=RetryPolicy(base=0.01, cap=0.05, **kw))  # type: ignore[arg-type]


def consultation(note: str) -> ConsultationDraft:
    return ConsultationDraft(
        consulted_on=date(2026, 11, 20),
        channel=ConsultChannel.VISIT,
        name="钱七",
        category=ConsultCategory.HOUSING,
        question="安置房产权证办不下来",
        receiver="孙站员",
        outcome=ConsultOutcome.ANSWERED,
        note=note,
    )


def outbox_states(services: StationServices) -> dict[OutboxState, int]:
    with services.store.read() as session:
        states = session.scalars(select(OutboxRow.state)).all()
    out: dict[OutboxState, int] = {}
    for s in states:
        out[s] = out.get(s, 0) + 1
    return out


def county_revision(server: CountyServer, uuid: str) -> int | None:
    db = CountyDatabase.open(server.db_url, upgrade=False)
    try:
        with db.read() as session:
            return session.scalars(select(RecordRow.revision).where(RecordRow.uuid == uuid)).first()
    finally:
        db.close()


def test_a_captive_portals_200_is_not_a_receipt(
    services: StationServices, server: CountyServer
) -> None:
    enrolled(services, server)
    services.consultations.create(consultation("门户页面"))
    proxy = FaultProxy(server.port, ProxyPlan(fault_rate=1.0, faults=("portal",))).start()
    try:
        report = SyncEngine(services, server_url=proxy.url, config=fast(max_attempts=3)).run()
    finally:
        proxy.stop()
    assert report.failure_kind is FailureKind.NOT_THE_SERVER
    assert "登录" in (report.failure or "")
    assert OutboxState.ACKNOWLEDGED not in outbox_states(services)  # nothing marked sent
    assert report.status.pending >= 1


def test_a_record_edited_while_in_flight_is_sent_again(
    services: StationServices, server: CountyServer
) -> None:
    enrolled(services, server)
    SyncEngine(services, config=fast()).run()  # the station and villages go first
    made = services.consultations.create(consultation("第一版"))
    proxy = FaultProxy(server.port, ProxyPlan(hold_path="/v1/push", hold_nth=1)).start()
    try:
        engine = SyncEngine(services, server_url=proxy.url, config=fast())
        worker = threading.Thread(target=engine.run)
        worker.start()
        assert proxy.held.wait(timeout=30)  # revision 1 has reached the county...
        services.consultations.update(  # ...and the clerk corrects the record meanwhile
            made.id, replace(made.data, note="第二版"), expected_revision=1
        )
        proxy.release.set()  # the held receipt is lost...
        worker.join(timeout=60)
        assert engine.report.failure is None
        # ...and the client asks for it instead of sending the whole batch again.
        assert engine.report.recovered_receipts == 1
        assert proxy.stats.requests["/v1/receipts"] == 1
        assert proxy.stats.requests["/v1/push"] == 2  # revision 1 once, then revision 2
    finally:
        proxy.stop()
    assert county_revision(server, made.meta.uuid) == 2  # the edit was not marked clean
    assert engine.report.status.clean


def test_a_rejected_change_is_quarantined_and_never_blocks_the_rest(
    services: StationServices, server: CountyServer, data_dir: Path
) -> None:
    enrolled(services, server)
    with services.store.write() as session:  # a dispute type this PC has but the county lacks
        session.add(DisputeTypeRow(code="50", name="村规民约", position=50, active=True))
    case = services.mediation.create(
        MediationCaseDraft(
            accepted_on=date(2026, 11, 3),
            source=DisputeSource.PARTY_REQUEST,
            dispute_type="50",
            summary="对村规民约适用有异议",
            mediators=("王调解",),
            parties=(PartyDraft(PartyRole.APPLICANT, "甲"), PartyDraft(PartyRole.RESPONDENT, "乙")),
        )
    )
    after = [services.consultations.create(consultation(f"后续{i}")) for i in range(5)]
    services.close()
    done = station("sync", "--data-dir", str(data_dir))
    assert done.returncode == 1
    assert "被县中心退回 1 条" in done.stdout
    assert "纠纷类型：不在纠纷类型目录中" in done.stdout
    reopened = StationServices.open(data_dir)
    try:
        (q,) = reopened.replication.quarantined()
        assert q.uuid == case.meta.uuid and q.state is OutboxState.REJECTED
        # The trail says who synced and what moved (the CLI signed in as the head).
        synced = next(r for r in reopened.audit.page(0, 20) if r.action == "sync")
        assert synced.actor == "admin"
        assert synced.detail["refused"] == 1 and synced.detail["sent"] >= 5
    finally:
        reopened.close()
    for record in after:
        assert county_revision(server, record.meta.uuid) == 1
    again = station_here("sync", "--data-dir", str(data_dir))  # stays visible until dealt with
    assert again.returncode == 1 and "纠纷类型" in again.stdout


def test_no_connection_gives_the_clerk_one_chinese_line_and_keeps_everything(
    services: StationServices, server: CountyServer, data_dir: Path
) -> None:
    enrolled(services, server)
    services.consultations.create(consultation("断网时录入"))
    services.close()
    dead = f"http://127.0.0.1:{free_port()}"
    done = station(
        "sync",
        "--data-dir",
        str(data_dir),
        "--server",
        dead,
        "--time-limit",
        "3",
        env={"STATION_SYNC_BACKOFF": "0.05"},
    )
    assert done.returncode == 1
    assert OFFLINE in done.stdout
    assert "尚有" in done.stdout and "未上传" in done.stdout
    assert "Traceback" not in done.stderr


def test_the_token_lives_outside_the_database_readable_by_its_owner_only(
    services: StationServices, server: CountyServer, data_dir: Path
) -> None:
    enrolled(services, server)
    token_file = data_dir / TOKEN_FILENAME
    assert token_file.exists()  # no key store backend on this machine: the 0600 file
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    token = token_file.read_text()
    assert token.encode() not in (data_dir / "station.db").read_bytes()


def test_the_digest_check_resends_what_the_county_lacks(
    services: StationServices, server: CountyServer
) -> None:
    enrolled(services, server)
    made = [services.consultations.create(consultation(f"第{i}条")) for i in range(3)]
    assert SyncEngine(services, config=fast()).run().clean
    db = CountyDatabase.open(server.db_url, upgrade=False)
    with db.write() as session:  # the county lost one (restored from an old backup, say)
        session.execute(delete(RecordRow).where(RecordRow.uuid == made[1].meta.uuid))
    db.close()
    report = SyncEngine(services, config=fast()).run()
    assert report.requeued == 1  # found by the digest, not by the outbox (which was empty)
    assert report.clean
    assert county_revision(server, made[1].meta.uuid) == 1


def test_backoff_grows_with_jitter_honours_retry_after_and_stops() -> None:
    waits: list[float] = []
    policy = RetryPolicy(base=1.0, cap=30.0, max_attempts=5, sleep=waits.append)
    delays = [policy.delay(n, None) for n in range(6)]
    for n, d in enumerate(delays):
        assert min(30.0, 2**n) / 2 <= d <= min(30.0, 2**n)
    assert policy.delay(0, retry_after=7.0) >= 7.0

    calls = 0

    def always_busy() -> None:
        nonlocal calls
        calls += 1
        raise TransportFailure(FailureKind.BUSY, "503", retry_after=2.0)

    with pytest.raises(TransportFailure):
        policy.call(always_busy)
    assert calls == 5
    assert sum(waits) >= 4 * 2.0  # four waits, each at least the server's Retry-After
    assert max(waits) <= 0.25  # slept in slices, so a cancel is noticed at once

    waits.clear()
    calls = 0
    stop = iter([False, False, True])
    with pytest.raises(TransportFailure):
        policy.call(always_busy, cancelled=lambda: next(stop, True))
    assert calls == 1 and sum(waits) < 1.0  # cancelled during the first wait

    waits.clear()
    with pytest.raises(TransportFailure):
        policy.call(lambda: (_ for _ in ()).throw(TransportFailure(FailureKind.REVOKED)))
    assert waits == []  # not retried: retrying a revoked token cannot help


@pytest.mark.parametrize("keep_mine", [True, False])
def test_a_conflict_stays_listed_until_the_clerk_keeps_one_version(
    services: StationServices, server: CountyServer, tmp_path: Path, keep_mine: bool
) -> None:
    enrolled(services, server)
    record = services.consultations.create(consultation("原始"))
    assert SyncEngine(services, config=fast()).run().clean
    laptop = StationServices.open(tmp_path / "laptop", clock=FixedClock())
    try:
        enrolled(laptop, server)
        assert SyncEngine(laptop, config=fast()).run().clean
        on_laptop = laptop.consultations.get_by_uuid(record.meta.uuid)

        services.consultations.update(
            record.id, replace(record.data, note="站里改的"), expected_revision=1
        )
        assert SyncEngine(services, config=fast()).run().clean
        laptop.consultations.update(
            on_laptop.id, replace(on_laptop.data, note="笔记本改的"), expected_revision=1
        )
        clash = SyncEngine(laptop, config=fast()).run()
        assert clash.conflicts == 1 and not clash.clean
        assert "[冲突] 法律咨询" in clash.summary()
        again = SyncEngine(laptop, config=fast()).run()  # still listed on the next run
        assert again.status.conflicts == 1
        assert laptop.consultations.get(on_laptop.id).data.note == "笔记本改的"  # not overwritten

        engine = SyncEngine(laptop, config=fast())
        engine.resolve_conflict(record.meta.uuid, keep_mine=keep_mine)
        assert engine.run().clean
        assert SyncEngine(services, config=fast()).run().clean
        winner = "笔记本改的" if keep_mine else "站里改的"
        assert laptop.consultations.get(on_laptop.id).data.note == winner
        assert services.consultations.get(record.id).data.note == winner
        assert county_revision(server, record.meta.uuid) == (3 if keep_mine else 2)
    finally:
        laptop.close()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl not installed")
def test_https_with_the_countys_own_certificate(tmp_path: Path) -> None:
    cert, key = tmp_path / "county.pem", tmp_path / "county.key"
    made = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    url = sqlite_url(tmp_path)
    county_init(url)
    server = CountyServer(url, tmp_path, tls=(cert, key)).start()
    try:
        db = CountyDatabase.open(url, upgrade=False)
        with db.write() as session:
            code = issue_code(session, STATION_NAME).code
        db.close()
        data = tmp_path / "station"
        with pytest.MonkeyPatch.context() as env:
            env.setenv("STATION_SYNC_BACKOFF", "0.05")
            untrusted = station_here(
                "enroll", "--data-dir", str(data), "--server", server.url, "--code", code
            )
        assert untrusted.returncode == 1
        assert "无法验证县中心服务器的证书" in untrusted.stderr
        trusted = station_here(
            "enroll",
            "--data-dir",
            str(data),
            "--server",
            server.url,
            "--code",
            code,
            "--ca-file",
            str(cert),
        )
        assert trusted.returncode == 0, trusted.stderr
        done = station("sync", "--data-dir", str(data))
        assert done.returncode == 0, done.stdout + done.stderr
    finally:
        server.stop()


def test_plain_http_to_another_machine_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    done = station_here(
        "enroll",
        "--data-dir",
        str(tmp_path / "s"),
        "--server",
        "http://county.example:8765",
        "--code",
        "ABCD-EFGH-JKLM",
    )
    assert done.returncode == 2
    assert "https://" in done.stderr
    assert not (tmp_path / "s" / "station.db").exists()  # refused before the store is made
