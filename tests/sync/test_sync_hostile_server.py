"""Hostile requests against the real county server on loopback: malformed input, a gzip bomb,
an old enrollment code, a device writing the county's reference data, guessing codes and tokens.
Each answer is a 4xx with the protocol's error body; the server stays responsive."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import socket
import threading
import uuid as uuidlib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import select

from station_app.domain.choices import UnitKind
from station_app.domain.organisation import LawyerDraft, StationDraft, VillageDraft
from station_app.services.station_services import StationServices
from station_app.sync_client.engine import SyncConfig, SyncEngine
from station_app.sync_client.enroll import enroll as enroll_station
from station_app.sync_client.retry import RetryPolicy
from sync.payload import encode_draft
from sync.protocol import PROTOCOL, VERSION, Batch, Change, encode_body
from sync.server.db import CountyDatabase
from sync.server.models import EnrollmentCodeRow
from tests.fault_proxy import FaultProxy, ProxyPlan
from tests.sync_support import STATION_NAME, CountyServer, county_init, enrollment_code, sqlite_url

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    tmp = tmp_path_factory.mktemp("hostile")
    url = sqlite_url(tmp)
    county_init(url)
    running = CountyServer(url, tmp).start()
    try:
        yield running
    finally:
        running.stop()


def enroll_body(code: str, store: str, **extra: Any) -> dict[str, Any]:
    return {"protocol": PROTOCOL, "version": VERSION, "code": code, "device": store, **extra}


def enroll(server: CountyServer, body: dict[str, Any]) -> requests.Response:
    return requests.post(
        server.url + "/v1/enroll",
        data=encode_body(body),
        headers={"Content-Encoding": "gzip"},
        timeout=30,
    )


def assert_protocol_error(answer: requests.Response, *statuses: int) -> None:
    assert answer.status_code in statuses, (answer.status_code, answer.text[:200])
    body = answer.json()
    assert body["protocol"] == PROTOCOL and body["error"] and body["message"]
    assert "Traceback" not in answer.text


def token_for(server: CountyServer, station: str, village: str | None = None) -> str:
    code = enrollment_code(server.db_url, station, village)
    answer = enroll(server, enroll_body(code, str(uuidlib.uuid4())))
    assert answer.status_code == 200, answer.text[:200]
    return str(answer.json()["token"])


# -- 1. no 500s ---------------------------------------------------------------------------


def test_a_huge_json_number_is_a_400_not_a_500(server: CountyServer) -> None:
    raw = b'{"protocol":"station-ledger-sync","version":1,"code":' + b"9" * 5000 + b"}"
    answer = requests.post(server.url + "/v1/enroll", data=raw, timeout=30)
    assert_protocol_error(answer, 400)
    token = token_for(server, "数字镇公共法律服务工作站")
    auth = {"Authorization": f"Bearer {token}"}
    pushed = requests.post(server.url + "/v1/push", data=raw, headers=auth, timeout=30)
    assert_protocol_error(pushed, 400)


@pytest.mark.parametrize(
    "query",
    ["cursor=²", "cursor=٣", "cursor=-1", "limit=²", "limit=" + "9" * 5000, "limit=abc"],
    ids=["superscript", "arabic-indic", "negative", "limit-superscript", "limit-huge", "limit-abc"],
)
def test_a_strange_pull_parameter_is_a_400_not_a_500(server: CountyServer, query: str) -> None:
    token = token_for(server, "游标镇公共法律服务工作站")
    answer = requests.get(
        server.url + "/v1/pull?" + query,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert_protocol_error(answer, 400)


# -- 2. no request stalls the server --------------------------------------------------------


def bomb(inflated: int = 16 * 1024 * 1024) -> bytes:
    """Just under the 16 MB the protocol allows once inflated: millions of empty objects."""
    items = (inflated - 8) // 3
    text = b"[" + b"{}," * items + b"{}]"
    return gzip.compress(text, compresslevel=9)


def test_a_gzip_bomb_is_refused_quickly_and_the_server_stays_healthy(
    server: CountyServer,
) -> None:
    payload = bomb()
    assert len(payload) < 64 * 1024
    answer = requests.post(
        server.url + "/v1/enroll",
        data=payload,
        headers={"Content-Encoding": "gzip"},
        timeout=30,
    )
    assert_protocol_error(answer, 400, 413)
    # Items, not bytes: a small body of many tiny objects is refused before it is built.
    many = gzip.compress(b"[" + b"{}," * 300_000 + b"{}]")
    token = token_for(server, "炸弹镇公共法律服务工作站")
    pushed = requests.post(
        server.url + "/v1/push",
        data=many,
        headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
        timeout=30,
    )
    assert_protocol_error(pushed, 400)
    assert "items" in pushed.json()["message"]
    assert requests.get(server.url + "/v1/health", timeout=5).status_code == 200


def test_a_push_without_a_token_is_refused_before_its_body_is_read(server: CountyServer) -> None:
    """The refusal comes while the client has sent a sixteenth of the announced body: a server that
    read (or inflated) the body first could not answer before the rest arrived."""
    assert not server.tls
    body = bomb()
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as conn:
        head = (
            "POST /v1/push HTTP/1.1\r\n"
            "Host: 127.0.0.1\r\n"
            "Authorization: Bearer nope\r\n"
            "Content-Type: application/json\r\n"
            "Content-Encoding: gzip\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        conn.sendall(head.encode() + body[:1024])
        reply = http.client.HTTPResponse(conn)
        reply.begin()  # times out (a failure) if the server waits for the other 16 MB
        assert reply.status == 401
        assert json.loads(reply.read(reply.length or 4096))["protocol"] == PROTOCOL


# -- 3. a used code never issues a token again ------------------------------------------------


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def pull_status(server: CountyServer, token: str) -> int:
    return requests.get(
        server.url + "/v1/pull", headers={"Authorization": f"Bearer {token}"}, timeout=30
    ).status_code


def expire_codes(server: CountyServer) -> None:
    db = CountyDatabase.open(server.db_url, upgrade=False)
    try:
        with db.write() as session:
            for row in session.scalars(select(EnrollmentCodeRow)):
                row.expires_at = row.expires_at - timedelta(days=30)
    finally:
        db.close()


def test_an_old_code_and_the_store_uuid_take_over_nothing(server: CountyServer) -> None:
    code = enrollment_code(server.db_url, "旧码镇公共法律服务工作站")
    store = str(uuidlib.uuid4())  # not secret: the origin of every record others pull
    pc = enroll(server, enroll_body(code, store, proof_hash=secret_hash("the pc's secret")))
    assert pc.status_code == 200
    pc_token = pc.json()["token"]
    for attempt in (
        enroll_body(code, store),  # an old client's retry, or anyone with the code
        enroll_body(code, store, proof_hash=secret_hash("mine")),
        enroll_body(code, store, proof="a guessed secret"),
        enroll_body(code, str(uuidlib.uuid4()), proof="the pc's secret"),  # another store
    ):
        assert_protocol_error(enroll(server, attempt), 403)
    assert pull_status(server, pc_token) == 200  # the station's own token still works


def test_a_lost_answer_may_be_retried_only_with_the_secret_and_only_while_valid(
    server: CountyServer,
) -> None:
    code = enrollment_code(server.db_url, "重试镇公共法律服务工作站")
    store, secret = str(uuidlib.uuid4()), "a secret only this client knows"
    first = enroll(server, enroll_body(code, store, proof_hash=secret_hash(secret)))
    assert first.status_code == 200  # ...and suppose this answer never arrived
    retry = enroll(server, enroll_body(code, store, proof=secret))
    assert retry.status_code == 200, retry.text[:200]
    assert retry.json()["device_id"] == first.json()["device_id"]
    assert pull_status(server, retry.json()["token"]) == 200
    expire_codes(server)
    late = enroll(server, enroll_body(code, store, proof=secret))
    assert_protocol_error(late, 403)
    assert pull_status(server, retry.json()["token"]) == 200


def test_the_station_client_retries_a_lost_enrollment_answer_with_its_secret(
    server: CountyServer, services: StationServices
) -> None:
    code = enrollment_code(server.db_url, STATION_NAME)
    proxy = FaultProxy(server.port, ProxyPlan(hold_path="/v1/enroll", hold_nth=1)).start()

    def let_go() -> None:  # the server has answered; the client never hears it
        proxy.held.wait(30)
        proxy.release.set()

    letting_go = threading.Thread(target=let_go, daemon=True)
    letting_go.start()
    try:
        result = enroll_station(services, proxy.url, code, retry=RetryPolicy(base=0.01))
    finally:
        proxy.stop()
    assert result.station == STATION_NAME
    assert proxy.stats.requests["/v1/enroll"] == 2  # the first answer was lost on the way
    retry = SyncConfig(retry=RetryPolicy(base=0.01))
    report = SyncEngine(services, server_url=server.url, config=retry).run()
    assert report.clean, report.summary()


# -- 4. reference data is the county's ------------------------------------------------------


def push(server: CountyServer, token: str, store: str, changes: list[Change]) -> list[Any]:
    batch = Batch.make(store, "2026-11-30T08:00:00", changes)
    answer = requests.post(
        server.url + "/v1/push",
        data=encode_body(batch.to_json()),
        headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text[:200]
    receipts: list[Any] = answer.json()["receipts"]
    return receipts


def reference_change(store: str, entity: str, uuid: str, draft: Any, revision: int = 1) -> Change:
    op = "create" if revision == 1 else "update"
    data = encode_draft(draft, {})
    return Change(entity, uuid, revision, op, data, store, base=revision - 1)


def test_devices_cannot_write_lawyers_villages_or_the_station_record(
    server: CountyServer,
) -> None:
    name = "名册镇公共法律服务工作站"
    village_code = enrollment_code(server.db_url, name, "青石村")
    room_store = str(uuidlib.uuid4())
    room = enroll(server, enroll_body(village_code, room_store)).json()
    pc_store = str(uuidlib.uuid4())
    pc = enroll(
        server,
        enroll_body(
            enrollment_code(server.db_url, name),
            pc_store,
            villages=[{"uuid": str(uuidlib.uuid4()), "name": "滨江社区", "kind": "town"}],
        ),
    ).json()
    station_uuid = pc["reference"]["station"]["uuid"]
    villages = {v["name"]: v["uuid"] for v in pc["reference"]["villages"]}
    lawyer = LawyerDraft("伪造律师", "某律师事务所", None, None)
    renamed = StationDraft("改名镇公共法律服务工作站", "渝北区", UnitKind.TOWN)

    from_room = push(
        server,
        room["token"],
        room_store,
        [
            reference_change(room_store, "lawyer", str(uuidlib.uuid4()), lawyer),
            reference_change(room_store, "station", station_uuid, renamed),
            reference_change(room_store, "village", str(uuidlib.uuid4()), VillageDraft("新村")),
        ],
    )
    assert [r["s"] for r in from_room] == ["rejected"] * 3
    assert all("县中心" in r["why"] for r in from_room)

    from_pc = push(
        server,
        pc["token"],
        pc_store,
        [
            reference_change(pc_store, "lawyer", str(uuidlib.uuid4()), lawyer),
            reference_change(pc_store, "station", station_uuid, renamed, revision=2),
            reference_change(
                pc_store, "village", villages["青石村"], VillageDraft("改名村", UnitKind.TOWN)
            ),
        ],
    )
    assert [r["s"] for r in from_pc] == ["rejected"] * 3
    assert all("县中心维护" in r["why"] for r in from_pc)

    # The station PC's own set-up, sent once at its first push, is still taken.
    setup = push(
        server,
        pc["token"],
        pc_store,
        [
            reference_change(
                pc_store, "village", villages["滨江社区"], VillageDraft("滨江社区", UnitKind.TOWN)
            ),
            reference_change(
                pc_store, "station", station_uuid, StationDraft(name, "渝北区", UnitKind.TOWN)
            ),
        ],
    )
    assert [r["s"] for r in setup] == ["accepted", "accepted"]
    reference = enroll(
        server, enroll_body(enrollment_code(server.db_url, name), str(uuidlib.uuid4()))
    ).json()["reference"]
    assert reference["station"]["name"] == name
    assert sorted(v["name"] for v in reference["villages"]) == ["滨江社区", "青石村"]
    assert "伪造律师" not in json.dumps(reference, ensure_ascii=False)


# -- 5. guessing codes and tokens is locked out ---------------------------------------------


def post_from(address: str, port: int, path: str, body: bytes, token: str = "") -> int:
    """A request from another loopback address (127.0.0.2, …): another client to the server."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(address, 0))
    try:
        headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        conn.request("POST", path, body=body, headers=headers)
        answer = conn.getresponse()
        assert json.loads(answer.read())["protocol"] == PROTOCOL
        return answer.status
    finally:
        conn.close()


def test_wrong_codes_and_tokens_are_locked_out_and_logged_without_them(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    county_init(url)
    limits = {"COUNTY_AUTH_MAX_FAILURES": "5", "COUNTY_AUTH_WINDOW_SECONDS": "300"}
    server = CountyServer(url, tmp_path, env=limits).start()
    try:
        good = enrollment_code(url, "锁定镇公共法律服务工作站")
        guesses = [f"WRNG-{i:04d}-CODE" for i in range(5)]
        store = str(uuidlib.uuid4())
        for guess in guesses:
            assert_protocol_error(enroll(server, enroll_body(guess, store)), 403)
        # Locked: even the right code waits, and a 429 carries the protocol's error body.
        locked = enroll(server, enroll_body(good, store))
        assert_protocol_error(locked, 429)
        assert locked.headers["Retry-After"] == "300"
        # Another client (address) is not held up by this one's guessing...
        body = encode_body(enroll_body(good, store, proof_hash=secret_hash("s")))
        assert post_from("127.0.0.2", server.port, "/v1/enroll", body) == 200
        # ...and wrong tokens count like wrong codes.
        batch = encode_body({"protocol": PROTOCOL})
        for _ in range(5):
            assert post_from("127.0.0.3", server.port, "/v1/push", batch, "forged") == 401
        assert post_from("127.0.0.3", server.port, "/v1/push", batch, "forged") == 429
        # One used code tried from many addresses is locked too: per code, not only per client.
        for n in range(4, 9):
            retry = encode_body(enroll_body(good, store, proof="not the secret"))
            assert post_from(f"127.0.0.{n}", server.port, "/v1/enroll", retry) == 403
        retry = encode_body(enroll_body(good, store, proof="s"))
        assert post_from("127.0.0.9", server.port, "/v1/enroll", retry) == 429
    finally:
        server.stop()
    log = (tmp_path / "county-1.log").read_text()
    assert log.count("enrollment code refused") >= 10
    assert "wrong device token" in log
    for secret in [*guesses, good, "forged", "not the secret"]:
        assert secret not in log


def test_a_batch_that_inflates_past_the_wire_limit_is_still_taken(server: CountyServer) -> None:
    """The caps stop bombs, not large honest batches: 3 MB once inflated, 2 MB on the wire max."""
    code = enrollment_code(server.db_url, "大批镇公共法律服务工作站")
    store = str(uuidlib.uuid4())
    token = enroll(server, enroll_body(code, store)).json()["token"]
    batch = Batch.make(store, "2026-11-30T08:00:00", [])
    body = json.dumps(batch.to_json()).encode() + b" " * (3 * 1024 * 1024)
    answer = requests.post(
        server.url + "/v1/push",
        data=gzip.compress(body),
        headers={"Authorization": f"Bearer {token}", "Content-Encoding": "gzip"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text[:200]
