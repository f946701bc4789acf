"""What a device reads back: other devices' records in its scope, reference data, a digest.

The pull cursor is the station's server-assigned sequence (never a device clock): records are
returned in sequence order, each once at its latest state, and a device's own records are left
out since it already has them.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sync.payload import LEDGER_ENTITIES
from sync.protocol import digest_of
from sync.server.models import DeviceRow, RecordRow, StationRow, VillageRow
from sync.server.reference import snapshot

MAX_PULL = 1000
MAX_INVENTORY = 200_000


class CursorError(ValueError):
    pass


def parse_cursor(text: str | None) -> int:
    if not text:
        return 0
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        raise CursorError("bad cursor")
    return int(text)


def _scoped(stmt: Any, session: Session, device: DeviceRow) -> Any:
    stmt = stmt.where(RecordRow.station_id == device.station_id)
    if device.village_id is not None:
        village = session.get(VillageRow, device.village_id)
        assert village is not None
        stmt = stmt.where(RecordRow.village_uuid == village.uuid)
    return stmt


def pull(
    session: Session, device: DeviceRow, cursor: int, etag: str | None, limit: int
) -> dict[str, Any]:
    limit = max(1, min(limit, MAX_PULL))
    station = session.get(StationRow, device.station_id)
    assert station is not None
    # Read the station's sequence first: everything at or below it is committed (pushes hold
    # the station row until they commit), so an empty page may safely move the cursor there.
    high_water = station.last_seq
    # Ledgers only: lawyers, villages and the station reach devices in the county's reference
    # snapshot, never as records some device pushed.
    wanted = list(LEDGER_ENTITIES)
    stmt = _scoped(
        select(RecordRow.seq, RecordRow.writer, RecordRow.change, RecordRow.revision)
        .where(RecordRow.seq > cursor, RecordRow.seq <= high_water, RecordRow.entity.in_(wanted))
        .order_by(RecordRow.seq)
        .limit(limit + 1),
        session,
        device,
    )
    rows = session.execute(stmt).all()
    more = len(rows) > limit
    rows = rows[:limit]
    records = []
    for _seq, writer, change, revision in rows:
        if writer == device.store_uuid:
            continue
        body = json.loads(change)
        body["rev"] = revision
        body.pop("base", None)
        records.append(body)
    next_cursor = rows[-1][0] if more else high_water
    out: dict[str, Any] = {
        "cursor": str(max(next_cursor, cursor)),
        "more": more,
        "records": records,
    }
    reference = snapshot(session, device)
    if reference["etag"] != etag:
        out["reference"] = reference
    return out


def one_record(session: Session, device: DeviceRow, uuid: str) -> dict[str, Any] | None:
    """The county's current version of one record in the device's scope (to settle a conflict)."""
    stmt = _scoped(
        select(RecordRow.change, RecordRow.revision).where(RecordRow.uuid == uuid), session, device
    )
    row = session.execute(stmt).first()
    if row is None:
        return None
    body: dict[str, Any] = json.loads(row[0])
    body["rev"] = row[1]
    body.pop("base", None)
    return body


def scope_pairs(session: Session, device: DeviceRow, entity: str) -> list[tuple[str, int]]:
    stmt = _scoped(
        select(RecordRow.uuid, RecordRow.revision).where(RecordRow.entity == entity),
        session,
        device,
    ).limit(MAX_INVENTORY)
    return sorted((u, int(r)) for u, r in session.execute(stmt))


def digest(session: Session, device: DeviceRow) -> dict[str, Any]:
    ledgers = {}
    for entity in LEDGER_ENTITIES:
        pairs = scope_pairs(session, device, entity)
        ledgers[entity] = {"count": len(pairs), "digest": digest_of(pairs)}
    return {"ledgers": ledgers}
