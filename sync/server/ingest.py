"""Applying a pushed batch: all of it in one transaction, one receipt per change.

For each change: refuse what is outside the device's station (or village), re-run the domain
validation, then compare revisions. A replay is harmless (``already_had``); a revision built on
the county's current one is stored (``accepted``); two devices changing a record from the same
base is a ``conflict``: the county keeps its version and files the other beside it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, Table, any_, bindparam, insert, inspect, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import InstrumentedAttribute, Session

from station_app.domain.errors import FieldError, ValidationError
from sync.payload import LEDGER_ENTITIES, VILLAGE_KEY, masked_for_county
from sync.protocol import Batch, Change, Receipt, ReceiptEnvelope, ReceiptStatus
from sync.server.db import CountyDatabase
from sync.server.models import (
    BatchRow,
    ConflictRow,
    CountyBase,
    DeviceRow,
    RecordRevisionRow,
    RecordRow,
    StationRow,
    VillageRow,
)
from sync.server.reference import dispute_codes, station_villages, utcnow
from sync.server.validation import county_today, ledger_day, validated_draft


class DeviceMismatchError(Exception):
    """The batch names another store than the one this token was issued to."""


@dataclass
class _Batch:
    session: Session
    device: DeviceRow
    station: StationRow
    own_village: VillageRow | None
    villages: dict[str, VillageRow]
    village_ids: dict[str, int]
    codes: frozenset[str]
    today: date
    now: datetime
    existing: dict[str, RecordRow]
    seen: set[tuple[str, int]]
    new_records: list[dict[str, Any]] = field(default_factory=list)
    new_revisions: list[dict[str, Any]] = field(default_factory=list)


def ingest(db: CountyDatabase, device_id: int, batch: Batch) -> ReceiptEnvelope:
    with db.write() as session:
        device = session.get(DeviceRow, device_id)
        assert device is not None
        if batch.device != device.store_uuid:
            raise DeviceMismatchError
        prior = earlier_receipts(session, device.id, batch.key)
        if prior is not None:
            return prior
        # The station row is the lock that orders this station's pushes, so the sequence
        # numbers handed out below commit in order and a pull cursor never skips one.
        station = session.scalars(
            select(StationRow).where(StationRow.id == device.station_id).with_for_update()
        ).one()
        villages = station_villages(session, station.id)
        uuids = [c.uuid for c in batch.changes]
        ctx = _Batch(
            session=session,
            device=device,
            station=station,
            own_village=next((v for v in villages if v.id == device.village_id), None),
            villages={v.uuid: v for v in villages},
            village_ids={v.uuid: v.id for v in villages},
            codes=dispute_codes(session),
            today=county_today(),
            now=utcnow(),
            existing={
                r.uuid: r
                for r in session.scalars(
                    select(RecordRow).where(_one_of(session, RecordRow.uuid, uuids))
                )
            },
            seen={
                (u, r)
                for u, r in session.execute(
                    select(RecordRevisionRow.uuid, RecordRevisionRow.revision).where(
                        _one_of(session, RecordRevisionRow.uuid, uuids),
                        RecordRevisionRow.writer == device.store_uuid,
                    )
                )
            },
        )
        receipts = tuple(_one(ctx, change) for change in batch.changes)
        _insert_many(session, RecordRow, ctx.new_records)
        _insert_many(session, RecordRevisionRow, ctx.new_revisions)
        device.last_seen_at = ctx.now
        session.add(
            BatchRow(
                device_id=device.id,
                key=batch.key,
                received_at=ctx.now,
                receipts=json.dumps([r.to_json() for r in receipts], ensure_ascii=False),
            )
        )
    return ReceiptEnvelope(batch.key, _now_text(), receipts)


def _one_of(
    session: Session, column: InstrumentedAttribute[str], values: list[str]
) -> ColumnElement[bool]:
    """``column IN values``; on PostgreSQL as ``= ANY(array)``, one parameter: a batch's 200
    uuids spelt out as 200 placeholders made a statement too long for psycopg's cache of
    parsed queries, parsed again at every push (twice a batch)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=postgresql.ARRAY(String)))
    return column.in_(values)


def _insert_many(session: Session, model: type[CountyBase], rows: list[dict[str, Any]]) -> None:
    """A batch's new rows in the push's transaction. On PostgreSQL one COPY per table: a
    single round trip and no per-row statement for the server to plan and run, where an
    executemany sent 200 INSERTs (half a push's time went there with 30 stations at once)."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        session.execute(insert(model), rows)
        return
    table = inspect(model).local_table
    assert isinstance(table, Table)
    columns = list(rows[0])
    names = ", ".join(f'"{table.c[c].name}"' for c in columns)
    sql = f'COPY "{table.name}" ({names}) FROM STDIN'
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def earlier_receipts(session: Session, device_id: int, key: str) -> ReceiptEnvelope | None:
    """The receipts of a batch this device sent before, if the county applied it."""
    prior = session.scalars(
        select(BatchRow).where(BatchRow.device_id == device_id, BatchRow.key == key)
    ).first()
    if prior is None:
        return None
    receipts = tuple(Receipt.from_json(r) for r in json.loads(prior.receipts))
    return ReceiptEnvelope(key, _now_text(), receipts)


def _now_text() -> str:
    return utcnow().isoformat(timespec="milliseconds") + "Z"


def _reject(reason: str, errors: list[FieldError] | None = None) -> Receipt:
    return Receipt(ReceiptStatus.REJECTED, reason=reason, errors=tuple(errors or ()))


def _one(ctx: _Batch, change: Change) -> Receipt:
    existing = ctx.existing.get(change.uuid)
    if existing is not None and existing.station_id != ctx.station.id:
        return _reject("不是本站的记录，县中心拒收")
    if change.entity == "station" and change.uuid != ctx.station.uuid:
        return _reject("不是本设备所属工作站，县中心拒收")
    if existing is not None and existing.entity != change.entity:
        return _reject("记录类型与县中心已有记录不符")
    replayed = (change.uuid, change.revision) in ctx.seen
    refused = _reference_refusal(ctx, change, existing, replayed)
    if refused:
        return _reject(refused)
    if replayed and existing is not None and existing.revision >= change.revision:
        return Receipt(ReceiptStatus.ALREADY_HAD, revision=existing.revision)
    try:
        draft = validated_draft(change, ctx.village_ids, ctx.codes, ctx.today)
    except ValidationError as exc:
        return _reject("内容未通过县中心校验", exc.errors)
    # Stations send ID and phone numbers masked; one that arrives in clear (an older station
    # version) is masked here, so the county's database never holds it.
    # (Built as the change's JSON with the masked data: a copy of the change cost more.)
    data = masked_for_county(change.entity, change.data)
    body = {**change.to_json(), "data": data}
    village_uuid = data.get(VILLAGE_KEY) if change.entity in LEDGER_ENTITIES else None
    if ctx.own_village is not None and change.entity in LEDGER_ENTITIES:
        mine = ctx.own_village.uuid
        if village_uuid != mine or (existing is not None and existing.village_uuid != mine):
            return _reject("不是本设备所属村(居)的记录，县中心拒收")
    writer = ctx.device.store_uuid
    if existing is not None and existing.revision != change.base:
        if existing.writer != writer:
            ctx.session.add(
                ConflictRow(
                    uuid=change.uuid,
                    entity=change.entity,
                    station_id=ctx.station.id,
                    writer=writer,
                    revision=change.revision,
                    base=change.base,
                    county_revision=existing.revision,
                    received_at=ctx.now,
                    change=json.dumps(body, ensure_ascii=False),
                )
            )
            return Receipt(
                ReceiptStatus.CONFLICT,
                revision=existing.revision,
                reason="另一台设备已从同一版本修改了这条记录，两个版本都已保存在县中心，请核对",
            )
        if change.revision <= existing.revision:
            return Receipt(ReceiptStatus.ALREADY_HAD, revision=existing.revision)
    if change.entity == "village":
        problem = _store_village(ctx, change, draft)
        if problem:
            return _reject(problem, [FieldError("name", "村(居)名称", problem)])
    ctx.station.last_seq += 1
    values = {
        "entity": change.entity,
        "station_id": ctx.station.id,
        "village_uuid": village_uuid,
        "day": ledger_day(change.entity, draft),
        "revision": change.revision,
        "voided": change.voided_at is not None,
        "writer": writer,
        "seq": ctx.station.last_seq,
        "received_at": ctx.now,
        "change": json.dumps(body, ensure_ascii=False, separators=(",", ":")),
    }
    if existing is None:
        ctx.new_records.append({"uuid": change.uuid, **values})
    else:
        for name, value in values.items():
            setattr(existing, name, value)
    if not replayed:  # a record the county lost and now gets back keeps its one log line
        ctx.new_revisions.append(
            {"uuid": change.uuid, "revision": change.revision, "writer": writer}
        )
    ctx.seen.add((change.uuid, change.revision))
    return Receipt(ReceiptStatus.ACCEPTED, revision=change.revision)


def _reference_refusal(
    ctx: _Batch, change: Change, existing: RecordRow | None, replayed: bool
) -> str:
    """Reference data is the county's: a device writes ledgers in its scope and nothing else.

    The one exception is a station device's own set-up, made by ``station init`` before it
    was enrolled: the station record and its villages, each sent once as a creation. Changes
    to them, lawyers (the county's roster) and anything but ledgers from a village device are
    refused.
    """
    if change.entity in LEDGER_ENTITIES:
        return ""
    if ctx.own_village is not None:
        return "村(居)工作室的设备只能上传本村(居)的台账，名单与律师由县中心维护"
    if change.entity == "lawyer":
        return "律师名册由县中心维护，设备不能上传律师"
    is_creation = (
        change.op == "create"
        and change.revision == 1
        and change.base == 0
        and change.voided_at is None
    )
    if not is_creation or (existing is not None and not replayed):
        what = "工作站信息" if change.entity == "station" else "村(居)名单"
        return f"{what}由县中心维护，设备只能在登记时提交本站的初始设置"
    if change.entity == "village":
        known = ctx.villages.get(change.uuid)
        name = change.data.get("name")
        if known is not None and (known.name != name or known.voided):
            return "村(居)名单由县中心维护，设备只能在登记时提交本站的初始设置"
    return ""


def _store_village(ctx: _Batch, change: Change, draft: Any) -> str:
    """A station device's village list is the county's village list for that station."""
    same_name = next(
        (v for v in ctx.villages.values() if v.name == draft.name and v.uuid != change.uuid), None
    )
    if same_name is not None:
        return "本站已有同名村(居)"
    village = ctx.villages.get(change.uuid)
    if village is None:
        taken = ctx.session.scalars(
            select(VillageRow.id).where(VillageRow.uuid == change.uuid)
        ).first()
        if taken is not None:
            return "村(居)编号已被其他工作站使用"
        village = VillageRow(
            uuid=change.uuid,
            station_id=ctx.station.id,
            name=draft.name,
            kind=draft.kind.value,
            position=len(ctx.villages),
            voided=False,
        )
        ctx.session.add(village)
        ctx.session.flush()
        ctx.villages[change.uuid] = village
        ctx.village_ids[change.uuid] = village.id
    village.name, village.kind = draft.name, draft.kind.value
    village.voided = change.voided_at is not None
    ctx.session.flush()
    return ""
