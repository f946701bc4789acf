"""The county server over real HTTP: replays, conflicts, revoked tokens, other stations' records,
malformed and hostile bodies, and station clocks set years wrong."""

from __future__ import annotations

import gzip
import json
import uuid as uuidlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import func, select

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.settings_schema import SYNC_DEVICE_ID
from station_app.services.station_services import StationServices
from station_app.sync_client.engine import SyncConfig, SyncEngine
from station_app.sync_client.enroll import enroll
from station_app.sync_client.retry import RetryPolicy
from station_app.sync_client.transport import FailureKind
from sync.payload import encode_draft
from sync.protocol import PROTOCOL, VERSION, Batch, Change, encode_body
from sync.server.db import CountyDatabase
from sync.server.enrollment import issue_code
from sync.server.models import BatchRow, ConflictRow, DeviceRow, RecordRow
from tests.conftest import FixedClock
from tests.sync_support import CountyServer, county, needs_scripts, sqlite_url

pytestmark = needs_scripts


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    tmp = tmp_path_factory.mktemp("county")
    url = sqlite_url(tmp)
    assert county(url, "init").returncode == 0
    srv = CountyServer(url, tmp).start()
    yield srv
    srv.stop()


def code_for(server: CountyServer, station: str, village: str | None = None) -> str:
    db = CountyDatabase.open(server.db_url, upgrade=False)
    try:
        with db.write() as session:
            return issue_code(session, station, village).code
    finally:
        db.close()


@dataclass
class Device:
    url: str
    token: str
    store: str
    reference: dict[str, Any]

    @property
    def village_uuids(self) -> dict[str, str]:
        return {v["name"]: v["uuid"] for v in self.reference["villages"]}

    def post(
        self, body: bytes, *, gzipped: bool = True, token: str | None = None
    ) -> requests.Response:
        headers = {"Authorization": f"Bearer {token or self.token}"}
        if gzipped:
            headers["Content-Encoding"] = "gzip"
        return requests.post(self.url + "/v1/push", data=body, headers=headers, timeout=30)

    def push(self, changes: list[Change]) -> list[dict[str, Any]]:
        batch = Batch.make(self.store, "2026-11-25T08:00:00", changes)
        response = self.post(encode_body(batch.to_json()))
        assert response.status_code == 200, response.text
        receipts: list[dict[str, Any]] = response.json()["receipts"]
        return receipts


def enroll_device(
    server: CountyServer,
    station: str,
    village: str | None = None,
    villages: list[dict[str, str]] | None = None,
) -> Device:
    store = str(uuidlib.uuid4())
    body = {
        "protocol": PROTOCOL,
        "version": VERSION,
        "code": code_for(server, station, village),
        "device": store,
        "villages": villages or [],
    }
    response = requests.post(
        server.url + "/v1/enroll",
        data=encode_body(body),
        headers={"Content-Encoding": "gzip"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    return Device(server.url, answer["token"], store, answer["reference"])


def consultation(note: str | None = None, **changes: Any) -> ConsultationDraft:
    draft = ConsultationDraft(
        consulted_on=date(2026, 10, 12),
        channel=ConsultChannel.PHONE,
        name="赵六",
        category=ConsultCategory.LENDING,
        question="借款没有借条能否起诉",
        receiver="周站员",
        outcome=ConsultOutcome.ANSWERED,
        note=note,
    )
    return replace(draft, **changes)


def change(
    device: Device,
    record_uuid: str,
    draft: ConsultationDraft,
    revision: int = 1,
    base: int = 0,
    village: str | None = None,
) -> Change:
    data = encode_draft(draft, {})
    if village:
        data["village"] = device.village_uuids[village]
    return Change(
        "consultation",
        record_uuid,
        revision,
        "create" if revision == 1 else "update",
        data,
        device.store,
        base=base,
    )


def county_rows(server: CountyServer, model: Any, **where: Any) -> list[Any]:
    db = CountyDatabase.open(server.db_url, upgrade=False)
    try:
        with db.read() as session:
            stmt = select(model)
            for name, value in where.items():
                stmt = stmt.where(getattr(model, name) == value)
            return list(session.scalars(stmt))
    finally:
        db.close()


def test_replaying_a_batch_stores_nothing_twice(server: CountyServer) -> None:
    device = enroll_device(server, "回放镇公共法律服务工作站")
    uuids = [str(uuidlib.uuid4()) for _ in range(4)]
    changes = [change(device, u, consultation(f"第{i}条")) for i, u in enumerate(uuids[:3])]
    assert [r["s"] for r in device.push(changes)] == ["accepted"] * 3
    assert [r["s"] for r in device.push(changes)] == [
        "accepted"
    ] * 3  # the same batch: its receipts
    mixed = [*changes, change(device, uuids[3], consultation("新的一条"))]
    assert [r["s"] for r in device.push(mixed)] == ["already_had"] * 3 + ["accepted"]
    for u in uuids:
        assert len(county_rows(server, RecordRow, uuid=u)) == 1


def test_two_devices_changing_one_record_from_the_same_base_is_a_kept_conflict(
    server: CountyServer,
) -> None:
    name = "冲突镇公共法律服务工作站"
    pc, laptop = enroll_device(server, name), enroll_device(server, name)
    record = str(uuidlib.uuid4())
    assert pc.push([change(pc, record, consultation("原始"))])[0]["s"] == "accepted"
    first = pc.push([change(pc, record, consultation("站长修改"), revision=2, base=1)])
    second = laptop.push([change(laptop, record, consultation("笔记本修改"), revision=2, base=1)])
    assert first[0]["s"] == "accepted"
    assert second[0]["s"] == "conflict" and second[0]["r"] == 2
    assert "两个版本都已保存" in second[0]["why"]
    (kept,) = county_rows(server, RecordRow, uuid=record)
    assert json.loads(kept.change)["data"]["note"] == "站长修改"  # not silently overwritten
    (other,) = county_rows(server, ConflictRow, uuid=record)
    assert json.loads(other.change)["data"]["note"] == "笔记本修改"  # and the other kept too
    # Built on the county's current revision, the laptop's next change goes through.
    third = laptop.push([change(laptop, record, consultation("核对后"), revision=3, base=2)])
    assert third[0]["s"] == "accepted"


def test_a_device_may_push_only_its_own_stations_and_villages_records(
    server: CountyServer,
) -> None:
    ours = enroll_device(
        server,
        "甲镇公共法律服务工作站",
        villages=[{"uuid": str(uuidlib.uuid4()), "name": "甲村", "kind": "town"}],
    )
    theirs = enroll_device(
        server,
        "乙镇公共法律服务工作站",
        villages=[{"uuid": str(uuidlib.uuid4()), "name": "乙村", "kind": "town"}],
    )
    record = str(uuidlib.uuid4())
    assert (
        ours.push([change(ours, record, consultation("甲镇"), village="甲村")])[0]["s"]
        == "accepted"
    )

    hijack = theirs.push([change(theirs, record, consultation("改别人的"), revision=2, base=1)])
    assert hijack[0]["s"] == "rejected" and "不是本站的记录" in hijack[0]["why"]
    foreign_village = change(theirs, str(uuidlib.uuid4()), consultation("挂到甲村"))
    foreign_village.data["village"] = ours.village_uuids["甲村"]
    refused = theirs.push([foreign_village])[0]
    assert refused["s"] == "rejected"
    assert refused["errors"] == [["village_id", "村(居)", "不是本站的村(居)"]]
    (kept,) = county_rows(server, RecordRow, uuid=record)
    assert json.loads(kept.change)["data"]["note"] == "甲镇"

    village_device = enroll_device(server, "甲镇公共法律服务工作站", village="甲村")
    station_level = village_device.push(
        [change(village_device, str(uuidlib.uuid4()), consultation())]
    )
    assert station_level[0]["s"] == "rejected"
    assert "不是本设备所属村(居)" in station_level[0]["why"]


def test_invalid_content_is_rejected_per_change_with_field_reasons(server: CountyServer) -> None:
    device = enroll_device(server, "校验镇公共法律服务工作站")
    bad = change(device, str(uuidlib.uuid4()), consultation(id_number="110105194912310021"))
    typed = change(device, str(uuidlib.uuid4()), consultation())
    typed.data["age"] = "三十"
    good = change(device, str(uuidlib.uuid4()), consultation("好的"))
    receipts = device.push([bad, typed, good])
    assert [r["s"] for r in receipts] == ["rejected", "rejected", "accepted"]
    assert receipts[0]["errors"] == [["id_number", "身份证号", "校验位不正确，请核对号码"]]
    assert receipts[1]["errors"] == [["age", "年龄", "格式不正确"]]
    assert "110105194912310021" not in json.dumps(receipts, ensure_ascii=False)


def _counts(server: CountyServer) -> tuple[int, int]:
    db = CountyDatabase.open(server.db_url, upgrade=False)
    try:
        with db.read() as session:
            records = session.scalar(select(func.count()).select_from(RecordRow)) or 0
            batches = session.scalar(select(func.count()).select_from(BatchRow)) or 0
            return int(records), int(batches)
    finally:
        db.close()


def test_malformed_oversized_and_hostile_bodies_get_4xx_and_change_nothing(
    server: CountyServer,
) -> None:
    device = enroll_device(server, "攻击镇公共法律服务工作站")
    good = Batch.make(device.store, "t", [change(device, str(uuidlib.uuid4()), consultation())])
    envelope = good.to_json()
    one_change = envelope["changes"][0]
    before = _counts(server)
    hostile: list[tuple[bytes, bool, int]] = [
        (b"not json at all", False, 400),
        (b"\xff\xfe\x00garbage", True, 400),  # not gzip
        (encode_body([1, 2, 3]), True, 400),
        (encode_body({**envelope, "protocol": "other"}), True, 400),
        (encode_body({**envelope, "version": 2}), True, 400),
        (encode_body({**envelope, "changes": "all of them"}), True, 400),
        (encode_body({**envelope, "changes": [{**one_change, "rev": "1"}]}), True, 400),
        (
            encode_body(
                {**envelope, "changes": [{**one_change, "uuid": "x'; DROP TABLE record;--"}]}
            ),
            True,
            400,
        ),
        (
            encode_body({**envelope, "changes": [{**one_change, "entity": "user_account"}]}),
            True,
            400,
        ),
        (encode_body({**envelope, "changes": [one_change, one_change]}), True, 400),
        (encode_body({**envelope, "changes": [one_change] * 501}), True, 400),
        (encode_body({**envelope, "device": str(uuidlib.uuid4())}), True, 403),  # not its store
        (b"[" * 200_000 + b"]" * 200_000, False, 400),  # nesting deeper than any parser stack
        (gzip.compress(b"[" + b"0," * 20_000_000 + b"0]"), True, 413),  # a zip bomb
        (b"x" * (3 * 1024 * 1024), False, 413),  # oversized
    ]
    for body, gzipped, status in hostile:
        response = device.post(body, gzipped=gzipped)
        assert response.status_code == status, (body[:60], response.text[:200])
        answer = response.json()
        assert answer["protocol"] == PROTOCOL and answer["error"]
    assert (
        requests.post(
            server.url + "/v1/push",
            data=encode_body(envelope),
            headers={"Content-Encoding": "gzip"},
            timeout=30,
        ).status_code
        == 401
    )
    assert device.post(encode_body(envelope), token="forged-token").status_code == 401
    assert (
        requests.get(
            server.url + "/v1/pull",
            params={"cursor": "1; DROP"},
            headers={"Authorization": f"Bearer {device.token}"},
            timeout=30,
        ).status_code
        == 400
    )
    assert _counts(server) == before


def test_a_revoked_device_is_refused_and_its_records_stay_queued(
    server: CountyServer, services: StationServices, tmp_path: Path
) -> None:
    enroll(services, server.url, code_for(server, "龙兴镇公共法律服务工作站"))
    services.consultations.create(consultation("撤销前录入"))
    device_id = services.replication.setting(SYNC_DEVICE_ID)
    done = county(server.db_url, "revoke", "--device", str(device_id))
    assert done.returncode == 0, done.stderr
    (row,) = county_rows(server, DeviceRow, uuid=device_id)
    assert row.revoked_at is not None

    report = SyncEngine(services, config=SyncConfig(retry=RetryPolicy(base=0.01))).run()
    assert report.failure_kind is FailureKind.REVOKED
    assert not report.clean
    assert "撤销" in report.summary()
    assert report.status.pending >= 1  # nothing lost, nothing marked sent


def test_a_station_clock_years_wrong_changes_nothing_but_a_note(
    server: CountyServer, services: StationServices, clock: FixedClock
) -> None:
    enroll(services, server.url, code_for(server, "龙兴镇公共法律服务工作站"))
    clock.day = date(2031, 6, 1)  # the PC's clock is four and a half years fast
    kept = services.consultations.create(consultation("日期正确"))
    wrong = services.consultations.create(
        consultation("日期随时钟", consulted_on=date(2031, 5, 30))
    )
    engine = SyncEngine(services, config=SyncConfig(retry=RetryPolicy(base=0.01)))
    report = engine.run()
    assert report.completed
    assert report.clock_offset_seconds is not None
    assert report.clock_offset_seconds < -4 * 365 * 86400
    assert "本机时钟比县中心快约" in report.summary()
    # The county orders by its own sequence and refuses only the record whose date lies in
    # its future; the one typed with a right date arrives.
    assert county_rows(server, RecordRow, uuid=kept.meta.uuid)
    assert not county_rows(server, RecordRow, uuid=wrong.meta.uuid)
    (quarantined,) = [q for q in report.quarantined if q.uuid == wrong.meta.uuid]
    assert quarantined.reason == "日期：不能晚于今天"

    clock.day = date(2019, 3, 1)  # now years slow
    old = services.consultations.create(consultation("旧日期", consulted_on=date(2019, 2, 27)))
    report = engine.run()
    assert report.clock_offset_seconds is not None and report.clock_offset_seconds > 365 * 86400
    assert "本机时钟比县中心慢约" in report.summary()
    assert county_rows(server, RecordRow, uuid=old.meta.uuid)
