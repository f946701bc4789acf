"""Payloads: a record's state survives the trip, and the county re-runs the client's own rules."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.errors import ValidationError
from station_app.domain.masks import masked
from station_app.services.station_services import StationServices
from station_app.sync_client.codec import remote_record, to_change
from station_app.tools.demo_data import fill_demo
from sync.payload import PayloadError, decode_draft, encode_draft
from sync.protocol import (
    Batch,
    Change,
    ProtocolError,
    Receipt,
    ReceiptEnvelope,
    ReceiptStatus,
    decode_body,
    encode_body,
)
from sync.server.validation import validated_draft
from tests.conftest import TODAY

VALID_ID = "11010519491231002X"


def _consultation(**changes: object) -> ConsultationDraft:
    base = ConsultationDraft(
        consulted_on=date(2026, 11, 2),
        channel=ConsultChannel.VISIT,
        name="张三",
        category=ConsultCategory.LABOUR,
        question="被拖欠工资怎么办",
        receiver="李四",
        outcome=ConsultOutcome.ANSWERED,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_every_demo_record_comes_back_as_the_same_draft(services: StationServices) -> None:
    fill_demo(services, 150, seed=7)
    access = services.replication
    id_to_uuid, uuid_to_id = access.village_maps()
    outgoing = access.claim(1000)
    ledger_records = [r for r in outgoing if r.entity not in ("station", "village", "lawyer")]
    assert len(ledger_records) == 150
    for record in ledger_records:
        change = to_change(record, id_to_uuid)
        wire = json.loads(json.dumps(change.to_json(), ensure_ascii=False))
        back = remote_record(wire, uuid_to_id)
        assert back.draft == masked(record.draft)  # ID and phone numbers leave masked
        assert back.history.revision == record.history.revision
        # The county decodes it into the same draft and accepts it with the same rules.
        validated_draft(
            Change.from_json(wire), uuid_to_id, frozenset({f"{i:02d}" for i in range(100)}), TODAY
        )


def test_payload_is_compact_villages_by_uuid_and_defaults_left_out(
    services: StationServices,
) -> None:
    village = services.organisation.village_by_name("青石村")
    assert village is not None
    data = encode_draft(_consultation(village_id=village.id), {village.id: village.uuid})
    assert data["village"] == village.uuid
    assert "village_id" not in data
    assert data["channel"] == "来访"  # the enum's Chinese value
    assert data["consulted_on"] == "2026-11-02"
    for default_field in ("gender", "age", "phone", "special_groups", "declined_identity", "note"):
        assert default_field not in data


def test_decoding_refuses_unknown_fields_and_wrong_types_naming_fields_not_values() -> None:
    data = encode_draft(_consultation(), {})
    with pytest.raises(PayloadError) as caught:
        decode_draft("consultation", {**data, "age": "十八", "salary": 1, "declined_identity": 1})
    fields = {e.field for e in caught.value.errors}
    assert fields == {"age", "salary", "declined_identity"}
    assert "十八" not in str(caught.value)


def test_a_village_of_another_station_is_refused() -> None:
    data = {**encode_draft(_consultation(), {}), "village": "00000000-0000-0000-0000-000000000000"}
    with pytest.raises(PayloadError) as caught:
        decode_draft("consultation", data, {"11111111-1111-1111-1111-111111111111": 1})
    assert [e.field for e in caught.value.errors] == ["village_id"]
    assert "不是本站的村(居)" in str(caught.value)


def test_server_validation_is_the_clients_own() -> None:
    """A record that slipped past a client (edited store, old app) fails on the county
    with the same field errors the form would have shown."""
    bad = _consultation(id_number="110105194912310021", phone="12345")
    with pytest.raises(ValidationError) as on_client:
        bad.validated(TODAY)
    change = Change(
        entity="consultation",
        uuid="2b1c6a4e-1d7e-4a55-9c1f-0a2b3c4d5e6f",
        revision=1,
        op="create",
        data=encode_draft(bad, {}),
        origin="9b1c6a4e-1d7e-4a55-9c1f-0a2b3c4d5e6f",
    )
    with pytest.raises(ValidationError) as on_server:
        validated_draft(change, {}, frozenset(), TODAY)
    assert on_server.value.errors == on_client.value.errors
    assert "110105194912310021" not in str(on_server.value)


def test_future_dates_and_unknown_dispute_types_are_refused_by_the_county() -> None:
    change = Change(
        entity="consultation",
        uuid="2b1c6a4e-1d7e-4a55-9c1f-0a2b3c4d5e6f",
        revision=1,
        op="create",
        data=encode_draft(_consultation(consulted_on=date(2030, 1, 1)), {}),
        origin="9b1c6a4e-1d7e-4a55-9c1f-0a2b3c4d5e6f",
    )
    with pytest.raises(ValidationError) as caught:
        validated_draft(change, {}, frozenset(), TODAY)
    assert [str(e) for e in caught.value.errors] == ["日期：不能晚于今天"]


def test_a_receipt_must_be_the_servers_answer_to_this_batch() -> None:
    change = Change(
        entity="consultation",
        uuid="2b1c6a4e-1d7e-4a55-9c1f-0a2b3c4d5e6f",
        revision=2,
        op="update",
        data={},
        origin="9b1c6a4e-1d7e-4a55-9c1f-0a2b3c4d5e6f",
        base=1,
    )
    batch = Batch.make("9b1c6a4e-1d7e-4a55-9c1f-0a2b3c4d5e6f", "2026-11-25T08:00:00", [change])
    good = ReceiptEnvelope(batch.key, "2026-11-25T08:00:01Z", (Receipt(ReceiptStatus.ACCEPTED, 2),))
    assert ReceiptEnvelope.parse_for(good.to_json(), batch).receipts[0].status.delivered
    portal_like = [
        {"status": "ok"},  # a proxy's JSON
        "<html>login</html>",
        {**good.to_json(), "protocol": "something-else"},
        {**good.to_json(), "batch": "another"},
        {**good.to_json(), "receipts": []},
        {**good.to_json(), "version": 99},
    ]
    for body in portal_like:
        with pytest.raises(ProtocolError):
            ReceiptEnvelope.parse_for(body, batch)


def test_same_changes_make_the_same_batch_key_so_a_rebuilt_batch_is_recognised() -> None:
    change = Change(
        entity="consultation",
        uuid="2b1c6a4e-1d7e-4a55-9c1f-0a2b3c4d5e6f",
        revision=1,
        op="create",
        data={"question": "问题"},
        origin="9b1c6a4e-1d7e-4a55-9c1f-0a2b3c4d5e6f",
    )
    device = "9b1c6a4e-1d7e-4a55-9c1f-0a2b3c4d5e6f"
    first = Batch.make(device, "2026-11-25T08:00:00", [change])
    again = Batch.make(device, "2026-11-25T09:30:00", [change])  # rebuilt after a crash
    edited = Batch.make(device, "2026-11-25T09:30:00", [replace(change, revision=2, base=1)])
    assert first.key == again.key != edited.key


def test_bodies_refuse_bombs_and_deep_nesting() -> None:
    import gzip

    bomb = gzip.compress(b"[" + b"0," * 20_000_000 + b"0]")
    with pytest.raises(ProtocolError):
        decode_body(bomb, gzipped=True)
    with pytest.raises(ProtocolError):
        decode_body(b"[" * 100_000 + b"]" * 100_000, gzipped=False)
    assert decode_body(encode_body({"a": "中文"}), gzipped=True) == {"a": "中文"}
