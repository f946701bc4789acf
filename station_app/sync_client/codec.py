"""Between the store's records and the wire: outgoing changes, incoming records and reference."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from station_app.domain.choices import UnitKind
from station_app.domain.replication import (
    CountyLawyer,
    CountyReference,
    CountyVillage,
    History,
    OutgoingRecord,
    RemoteRecord,
)
from sync.payload import decode_draft, encode_draft, masked_for_county
from sync.protocol import Change, ProtocolError


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def to_change(record: OutgoingRecord, village_uuids: Mapping[int, str]) -> Change:
    h = record.history
    data = masked_for_county(record.entity, encode_draft(record.draft, village_uuids))
    data.update(record.extras)
    return Change(
        entity=record.entity,
        uuid=record.uuid,
        revision=h.revision,
        op=record.op.value,
        data=data,
        origin=h.origin_device if len(h.origin_device) == 36 else record.uuid,
        base=record.base,
        voided_at=_stamp(h.voided_at),
        void_reason=h.void_reason,
        confirmed_by=h.confirmed_by,
        confirmed_on=h.confirmed_on.isoformat() if h.confirmed_on else None,
        created_at=_stamp(h.created_at),
        updated_at=_stamp(h.updated_at),
    )


def _dt(value: str | None) -> datetime | None:
    if value is None:
        return None
    parsed = datetime.fromisoformat(value.removesuffix("Z"))
    return parsed.replace(tzinfo=None)


def remote_record(body: object, village_ids: Mapping[str, int]) -> RemoteRecord:
    """A record another device pushed, decoded for this store (PayloadError/ProtocolError)."""
    change = Change.from_json(_with_dummy_base(body))
    draft = decode_draft(change.entity, change.data, village_ids)
    try:
        history = History(
            revision=change.revision,
            origin_device=change.origin,
            created_at=_dt(change.created_at),
            updated_at=_dt(change.updated_at),
            voided_at=_dt(change.voided_at),
            void_reason=change.void_reason,
            confirmed_by=change.confirmed_by,
            confirmed_on=date.fromisoformat(change.confirmed_on) if change.confirmed_on else None,
        )
    except ValueError as exc:
        raise ProtocolError("bad timestamp in a pulled record") from exc
    return RemoteRecord(change.entity, change.uuid, draft, history)


def _with_dummy_base(body: object) -> object:
    if isinstance(body, dict):
        return {k: v for k, v in body.items() if k != "base"}
    return body


def county_reference(body: object) -> CountyReference:
    """The reference snapshot a pull or an enrollment carries."""
    if not isinstance(body, dict):
        raise ProtocolError("reference is not an object")
    try:
        station = body["station"]
        villages = tuple(
            CountyVillage(
                uuid=str(v["uuid"]),
                name=str(v["name"]),
                kind=UnitKind(v["kind"]),
                position=int(v.get("position", 0)),
                voided=bool(v.get("voided", False)),
            )
            for v in body.get("villages", [])
        )
        dispute_types = tuple(
            (str(code), str(name), int(position), bool(active))
            for code, name, position, active in body.get("dispute_types", [])
        )
        settings = {str(k): str(v) for k, v in dict(body.get("settings", {})).items()}
        lawyers = tuple(
            CountyLawyer(
                uuid=str(item["uuid"]),
                name=str(item["name"]),
                law_firm=str(item["law_firm"]),
                license_no=_opt(item.get("license_no")),
                phone=_opt(item.get("phone")),
            )
            for item in body.get("lawyers", [])
        )
        return CountyReference(
            station_uuid=str(station["uuid"]),
            station_name=str(station["name"]),
            county=str(station["county"]),
            kind=UnitKind(station["kind"]),
            case_prefix=str(station["case_prefix"]),
            villages=villages,
            dispute_types=dispute_types,
            settings=settings,
            lawyers=lawyers,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ProtocolError("reference data is malformed") from exc


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)
