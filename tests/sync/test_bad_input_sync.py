"""Property tests of the sync parsers on arbitrary JSON and bytes: a payload gives a draft or
PayloadError/ValidationError, a message parses or gives ProtocolError, never another exception;
a county ingest refuses each bad change with Chinese field errors and stores nothing of it.
"""

from __future__ import annotations

import gzip
import json
import uuid as uuidlib
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from station_app.domain.choices import (
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DutyServiceType,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyLogDraft, ServiceItemDraft
from station_app.domain.errors import ValidationError
from sync.payload import DRAFT_TYPES, ENTITIES, PayloadError, decode_draft, encode_draft
from sync.protocol import (
    PROTOCOL,
    VERSION,
    Batch,
    Change,
    ProtocolError,
    Receipt,
    ReceiptEnvelope,
    ReceiptStatus,
    decode_body,
    encode_body,
)
from sync.server.db import CountyDatabase
from sync.server.enrollment import issue_code, redeem
from sync.server.ingest import ingest
from sync.server.models import BatchRow, RecordRow
from sync.server.reference import seed_defaults
from sync.server.validation import validated_draft
from tests.bad_input import TODAY, assert_clear, json_values, nasty_text
from tests.sync_support import CountyServer, county_init, needs_scripts, sqlite_url

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

VILLAGE = "0e0c7b8e-0000-4000-8000-000000000001"
VILLAGE_IDS = {VILLAGE: 1}


def valid_payloads() -> dict[str, dict[str, Any]]:
    """A valid payload per entity most often sent, to be spoiled one field at a time."""
    consultation = ConsultationDraft(
        consulted_on=date(2026, 10, 12),
        channel=ConsultChannel.PHONE,
        name="赵六",
        category=ConsultCategory.LENDING,
        question="借款没有借条能否起诉",
        receiver="周站员",
        outcome=ConsultOutcome.ANSWERED,
    )
    duty = DutyLogDraft(
        duty_on=date(2026, 10, 12),
        lawyer_name="周律师",
        law_firm="渝北律师事务所",
        start_time=time(9, 0),
        end_time=time(11, 0),
        items=(ServiceItemDraft(DutyServiceType.CONSULTATION, "村民", "土地承包", None),),
    )
    return {"consultation": encode_draft(consultation, {}), "duty_log": encode_draft(duty, {})}


VALID = valid_payloads()

#: Values that once got through the decoder into a crash (see the report of this suite).
AWARE_TIME = {**VALID["duty_log"], "start_time": "08:00Z"}  # aware vs naive time: TypeError
HUGE_AMOUNT = {"amount": "1e30"}  # Decimal.quantize overflow: InvalidOperation


def spoiled(entity: str) -> st.SearchStrategy[dict[str, Any]]:
    """The valid payload with some fields replaced or added by arbitrary JSON."""
    base = VALID[entity]
    keys = st.sampled_from([*base, "village", "age", "amount", "items", "parties"]) | st.text(
        max_size=8
    )
    return st.dictionaries(keys, json_values, min_size=1, max_size=3).map(
        lambda extra: {**base, **extra}
    )


payloads = st.one_of(
    st.tuples(
        st.sampled_from(sorted(ENTITIES)), st.dictionaries(st.text(max_size=12), json_values)
    ),
    st.tuples(st.sampled_from(sorted(ENTITIES)), json_values),
    st.tuples(st.just("consultation"), spoiled("consultation")),
    st.tuples(st.just("duty_log"), spoiled("duty_log")),
    st.tuples(nasty_text, json_values),
)


@SETTINGS
@given(case=payloads)
@example(case=("duty_log", AWARE_TIME))
@example(case=("mediation_case", HUGE_AMOUNT))
@example(case=("publicity_event", {"attendees": 10**9, "materials": 10**9}))
def test_a_payload_decodes_and_validates_or_gives_field_errors(case: tuple[str, Any]) -> None:
    entity, data = case
    try:
        draft = decode_draft(entity, data, VILLAGE_IDS)
    except PayloadError as exc:
        assert_clear(exc.errors, labels=False)  # an unknown key is named by itself
        return
    assert isinstance(draft, DRAFT_TYPES[entity])
    try:
        draft.validated(TODAY)
    except ValidationError as exc:
        assert_clear(exc.errors, *_strings(data))


def change_json(entity: str, data: Any, **extra: Any) -> dict[str, Any]:
    return {
        "entity": entity,
        "uuid": str(uuidlib.uuid4()),
        "rev": 1,
        "op": "create",
        "data": data,
        "origin": str(uuidlib.uuid4()),
        **extra,
    }


stamps = (
    st.none()
    | nasty_text
    | st.sampled_from(
        ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "2026-11-25T08:00:00Z"]
    )
)


@SETTINGS
@given(
    case=payloads,
    voided=stamps,
    reason=st.none() | nasty_text,
    created=stamps,
    confirmed_by=st.none() | nasty_text,
    confirmed_on=st.none() | st.text(max_size=10),
)
@example(
    case=("consultation", VALID["consultation"]),
    voided=None,
    reason=None,
    created="0001-01-01T00:00:00+05:00",
    confirmed_by=None,
    confirmed_on=None,
)
def test_server_validation_of_a_change_gives_only_field_errors(
    case: tuple[str, Any],
    voided: str | None,
    reason: str | None,
    created: str | None,
    confirmed_by: str | None,
    confirmed_on: str | None,
) -> None:
    entity, data = case
    extra = {"voided_at": voided, "void_reason": reason, "created": created}
    extra |= {"confirmed_by": confirmed_by, "confirmed_on": confirmed_on}
    raw = change_json(entity, data, **{k: v for k, v in extra.items() if v is not None})
    try:
        change = Change.from_json(raw)
    except ProtocolError:
        return
    try:
        validated_draft(change, VILLAGE_IDS, frozenset({"01"}), TODAY)
    except ValidationError as exc:
        assert_clear(exc.errors, labels=False)


@SETTINGS
@given(raw=json_values)
@example(raw={"protocol": PROTOCOL, "version": VERSION, "changes": [{"entity": "consultation"}]})
@example(raw={"protocol": PROTOCOL, "version": True, "changes": []})
def test_any_json_is_a_batch_or_a_protocol_error(raw: Any) -> None:
    for candidate in (raw, {"protocol": PROTOCOL, "version": VERSION, "changes": [raw]}):
        try:
            batch = Batch.from_json(candidate)
        except ProtocolError as exc:
            assert str(exc)
        else:
            assert Batch.from_json(batch.to_json()).changes == batch.changes


@SETTINGS
@given(raw=json_values, count=st.integers(0, 3))
def test_any_json_is_a_receipt_envelope_or_a_protocol_error(raw: Any, count: int) -> None:
    device = str(uuidlib.uuid4())
    changes = [Change("consultation", str(uuidlib.uuid4()), 1, "create", {}, device)] * count
    batch = Batch.make(device, "2026-11-25T08:00:00", changes)
    wrapped = {"protocol": PROTOCOL, "version": VERSION, "batch": batch.key, "receipts": raw}
    for candidate in (raw, wrapped, {**wrapped, "receipts": [raw] * count}):
        try:
            envelope = ReceiptEnvelope.parse_for(candidate, batch)
        except ProtocolError:
            continue
        assert len(envelope.receipts) == count
        for receipt in envelope.receipts:
            assert isinstance(receipt, Receipt)
            receipt.describe()


@SETTINGS
@given(body=st.binary(max_size=200), gzipped=st.booleans())
@example(body=gzip.compress(b"[" * 100_000), gzipped=True)
@example(body=gzip.compress(b"\xff\xfe"), gzipped=True)
@example(body=b'{"name": "\\ud800"}', gzipped=False)
def test_any_bytes_are_json_or_a_protocol_error(body: bytes, gzipped: bool) -> None:
    try:
        obj = decode_body(body, gzipped=gzipped)
    except ProtocolError as exc:
        assert str(exc)
    else:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")  # storable as UTF-8 text


# -- a county ingest of bad changes, on a real SQLite county database ---------------------


class County:
    def __init__(self, tmp: Path) -> None:
        self.db = CountyDatabase.open(sqlite_url(tmp))
        self.store = str(uuidlib.uuid4())
        with self.db.write() as session:
            seed_defaults(session)
            code = issue_code(session, "坏数据镇公共法律服务工作站").code
            device, _ = redeem(
                session, code, self.store, [{"uuid": VILLAGE, "name": "坏数据村", "kind": "town"}]
            )
            self.device_id = device.id

    def counts(self) -> tuple[int, int]:
        with self.db.read() as session:
            records = session.scalar(select(func.count()).select_from(RecordRow)) or 0
            batches = session.scalar(select(func.count()).select_from(BatchRow)) or 0
        return records, batches

    def stored_uuids(self, uuids: list[str]) -> set[str]:
        with self.db.read() as session:
            return set(session.scalars(select(RecordRow.uuid).where(RecordRow.uuid.in_(uuids))))


@pytest.fixture(scope="module")
def county_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[County]:
    c = County(tmp_path_factory.mktemp("county"))
    yield c
    c.db.close()


@pytest.mark.slow
def test_a_county_ingest_refuses_each_bad_change_and_stores_nothing_of_it(
    county_db: County,
) -> None:
    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )
    @given(cases=st.lists(payloads, min_size=1, max_size=4))
    @example(cases=[("duty_log", AWARE_TIME), ("mediation_case", HUGE_AMOUNT)])
    def check(cases: list[tuple[str, Any]]) -> None:
        changes = []
        for entity, data in cases:
            raw = change_json(entity, data, origin=county_db.store)
            # As the wire carries it: a hostile client may escape anything (ensure_ascii).
            wire = json.dumps(raw, ensure_ascii=True).encode()
            try:
                changes.append(Change.from_json(decode_body(wire, gzipped=False)))
            except ProtocolError:
                continue  # the push endpoint answers 400 to these before any ingest
        if not changes:
            return
        records_before, batches_before = county_db.counts()
        envelope = ingest(
            county_db.db, county_db.device_id, Batch.make(county_db.store, "x", changes)
        )
        accepted = [
            c.uuid for c, r in zip(changes, envelope.receipts, strict=True) if r.status.delivered
        ]
        rejected = [
            c.uuid
            for c, r in zip(changes, envelope.receipts, strict=True)
            if not r.status.delivered
        ]
        for r in envelope.receipts:
            if r.status is ReceiptStatus.REJECTED:
                assert r.reason and any("\u4e00" <= ch <= "\u9fff" for ch in r.reason)
                assert_clear(r.errors, labels=False) if r.errors else None
        assert county_db.stored_uuids(rejected) == set()
        assert county_db.stored_uuids(accepted) == set(accepted)
        records_after, batches_after = county_db.counts()
        assert records_after == records_before + len(accepted)
        assert batches_after == batches_before + 1

    check()


# -- and through the real server ----------------------------------------------------------


@needs_scripts
@pytest.mark.slow
def test_the_real_server_answers_hostile_changes_with_refusals_not_errors(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    county_init(url)
    server = CountyServer(url, tmp_path).start()
    try:
        store = str(uuidlib.uuid4())
        db = CountyDatabase.open(url, upgrade=False)
        with db.write() as session:
            code = issue_code(session, "坏数据镇公共法律服务工作站").code
        db.close()
        enrolled = requests.post(
            server.url + "/v1/enroll",
            data=encode_body(
                {"protocol": PROTOCOL, "version": VERSION, "code": code, "device": store}
            ),
            headers={"Content-Encoding": "gzip"},
            timeout=30,
        )
        assert enrolled.status_code == 200, enrolled.text
        headers = {
            "Authorization": f"Bearer {enrolled.json()['token']}",
            "Content-Encoding": "gzip",
        }
        hostile = [
            ("duty_log", AWARE_TIME, {}),
            ("mediation_case", HUGE_AMOUNT, {}),
            ("consultation", VALID["consultation"], {"created": "0001-01-01T00:00:00+05:00"}),
            ("consultation", {**VALID["consultation"], "age": "四十"}, {}),
        ]
        # A lone surrogate passes as a name but no UTF-8 column can store it: 400, not 500.
        surrogate = {**VALID["consultation"], "name": "\ud800张"}
        lone = {**body_of(store, [change_json("consultation", surrogate, origin=store)])}
        refused = requests.post(
            server.url + "/v1/push",
            data=gzip.compress(json.dumps(lone).encode()),
            headers=headers,
            timeout=30,
        )
        assert refused.status_code == 400, refused.text[:200]
        changes = [change_json(e, d, origin=store, **x) for e, d, x in hostile]
        body = body_of(store, changes)
        answer = requests.post(
            server.url + "/v1/push", data=encode_body(body), headers=headers, timeout=30
        )
        assert answer.status_code == 200, answer.text[:200]
        receipts = answer.json()["receipts"]
        assert [r["s"] for r in receipts] == ["rejected"] * len(hostile)
        assert all(r["errors"] for r in receipts)
        # A body that is not even a batch: a 400 with a one-line reason, nothing stored.
        broken = requests.post(
            server.url + "/v1/push",
            data=gzip.compress(json.dumps({"protocol": PROTOCOL, "version": VERSION}).encode()),
            headers=headers,
            timeout=30,
        )
        assert broken.status_code == 400 and "请求格式不正确" in broken.json()["message"]
        db = CountyDatabase.open(url, upgrade=False)
        try:
            with db.read() as session:
                assert session.scalar(select(func.count()).select_from(RecordRow)) == 0
        finally:
            db.close()
    finally:
        server.stop()


def body_of(store: str, changes: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "protocol": PROTOCOL,
        "version": VERSION,
        "batch": uuidlib.uuid4().hex,
        "device": store,
        "sent_at": "2026-11-25T08:00:00",
        "changes": changes,
    }


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []
