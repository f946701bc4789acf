"""The outbox and records as the sync sees them: what to send, what arrived, what the county has.

Only the sync (through ``station_app.services.replication``) calls this. States follow each
change: pending -> in_flight -> acknowledged / rejected / conflict; a record edited while an
earlier revision is in flight keeps its newer row pending, so it is sent again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, and_, bindparam, func, or_, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from station_app.domain.outbox import OutboxOp, OutboxState
from station_app.storage.base import SyncedRecord
from station_app.storage.ledger_specs import LEDGER_BY_ENTITY, LEDGERS
from station_app.storage.organisation_tables import LawyerRow, StationRow, VillageRow
from station_app.storage.outbox_table import OutboxRow
from station_app.storage.sync_state_table import SyncBaseRow

#: Every synced table by outbox entity name.
ENTITY_ROWS: dict[str, type[SyncedRecord]] = {
    "station": StationRow,
    "village": VillageRow,
    "lawyer": LawyerRow,
    **{spec.entity: spec.row_type for spec in LEDGERS},
}

OPEN_STATES = (OutboxState.PENDING, OutboxState.IN_FLIGHT)
QUARANTINE_STATES = (OutboxState.REJECTED, OutboxState.CONFLICT)


@dataclass(frozen=True)
class Claimed:
    """A record picked for the next batch: its current revision goes, whatever queued it."""

    entity: str
    uuid: str
    op: OutboxOp  # of its latest queued change


def claim_outgoing(
    session: Session, max_records: int, exclude: frozenset[str] = frozenset()
) -> list[Claimed]:
    """The next records to send, in outbox order (first change first), marked in flight."""
    picked: dict[str, Claimed] = {}
    last_seq = 0
    while len(picked) < max_records:
        rows = session.execute(
            select(OutboxRow.seq, OutboxRow.entity, OutboxRow.entity_uuid, OutboxRow.op)
            .where(OutboxRow.state.in_(OPEN_STATES), OutboxRow.seq > last_seq)
            .order_by(OutboxRow.seq)
            .limit(max(200, max_records * 2))
        ).all()
        if not rows:
            break
        for seq, entity, uuid, op in rows:
            last_seq = seq
            if uuid in exclude:
                continue
            if uuid in picked or len(picked) < max_records:
                picked[uuid] = Claimed(entity, uuid, op)
    if picked:
        session.execute(
            update(OutboxRow)
            .where(OutboxRow.entity_uuid.in_(list(picked)), OutboxRow.state.in_(OPEN_STATES))
            .values(state=OutboxState.IN_FLIGHT, attempts=OutboxRow.attempts + 1)
        )
    return list(picked.values())


def rows_by_uuid(session: Session, entity: str, uuids: Sequence[str]) -> list[SyncedRecord]:
    row_type = ENTITY_ROWS[entity]
    return list(session.scalars(select(row_type).where(row_type.uuid.in_(list(uuids)))))


def bases(session: Session, uuids: Sequence[str]) -> dict[str, int]:
    if not uuids:
        return {}
    rows = session.execute(
        select(SyncBaseRow.uuid, SyncBaseRow.revision).where(SyncBaseRow.uuid.in_(list(uuids)))
    )
    return {u: r for u, r in rows}


def set_base(session: Session, entity: str, uuid: str, revision: int) -> None:
    row = session.get(SyncBaseRow, uuid)
    if row is None:
        session.add(SyncBaseRow(uuid=uuid, entity=entity, revision=revision))
    elif row.revision < revision:
        row.revision = revision


def settle(
    session: Session,
    entity: str,
    uuid: str,
    sent_revision: int,
    state: OutboxState,
    *,
    county_revision: int | None = None,
    error: str | None = None,
) -> None:
    """Close the changes a receipt covers: those up to the revision that was sent.

    A change queued after the batch left carries a higher revision and stays pending.
    """
    covered = and_(OutboxRow.entity_uuid == uuid, OutboxRow.revision <= sent_revision)
    session.execute(
        update(OutboxRow)
        .where(covered, OutboxRow.state.in_(OPEN_STATES))
        .values(state=state, last_error=error)
    )
    if state is OutboxState.ACKNOWLEDGED:
        # A later accepted revision settles an older quarantined one of the same record.
        session.execute(
            update(OutboxRow)
            .where(covered, OutboxRow.state.in_(QUARANTINE_STATES))
            .values(state=OutboxState.ACKNOWLEDGED)
        )
        set_base(session, entity, uuid, county_revision or sent_revision)


def close_quarantine(session: Session, uuid: str) -> None:
    """A clerk has dealt with the record's refused or conflicting changes."""
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.entity_uuid == uuid, OutboxRow.state.in_(QUARANTINE_STATES))
        .values(state=OutboxState.ACKNOWLEDGED)
    )


def force_base(session: Session, entity: str, uuid: str, revision: int) -> None:
    row = session.get(SyncBaseRow, uuid)
    if row is None:
        session.add(SyncBaseRow(uuid=uuid, entity=entity, revision=revision))
    else:
        row.revision = revision


@dataclass(frozen=True)
class Settlement:
    entity: str
    uuid: str
    sent_revision: int
    state: OutboxState
    county_revision: int | None = None
    error: str | None = None


def settle_many(session: Session, items: Sequence[Settlement]) -> None:
    """``settle`` for a whole receipt envelope in a handful of statements (executemany)."""
    if not items:
        return
    table = cast(Table, OutboxRow.__table__)
    bases_table = cast(Table, SyncBaseRow.__table__)
    conn = session.connection()
    open_states = [s.value for s in OPEN_STATES]
    conn.execute(
        table.update()
        .where(
            table.c.entity_uuid == bindparam("u"),
            table.c.revision <= bindparam("r"),
            or_(*(table.c.state == s for s in open_states)),  # no IN: executemany
        )
        .values(state=bindparam("s"), last_error=bindparam("e")),
        [{"u": i.uuid, "r": i.sent_revision, "s": i.state.value, "e": i.error} for i in items],
    )
    delivered = [i for i in items if i.state is OutboxState.ACKNOWLEDGED]
    if not delivered:
        return
    # A later accepted revision settles an older quarantined one of the same record.
    conn.execute(
        table.update()
        .where(
            table.c.entity_uuid == bindparam("u"),
            table.c.revision <= bindparam("r"),
            or_(*(table.c.state == s.value for s in QUARANTINE_STATES)),
        )
        .values(state=OutboxState.ACKNOWLEDGED.value),
        [{"u": i.uuid, "r": i.sent_revision} for i in delivered],
    )
    upsert = sqlite_insert(bases_table)
    conn.execute(
        upsert.on_conflict_do_update(
            index_elements=["uuid"],
            set_={"revision": func.max(bases_table.c.revision, upsert.excluded.revision)},
        ),
        [
            {"uuid": i.uuid, "entity": i.entity, "revision": i.county_revision or i.sent_revision}
            for i in delivered
        ],
    )


def requeue(session: Session, entity: str, uuid: str, revision: int, now: object) -> None:
    """Queue a record again because the county turned out not to have it."""
    session.add(
        OutboxRow(
            entity=entity,
            entity_uuid=uuid,
            revision=revision,
            op=OutboxOp.UPDATE,
            recorded_at=now,
            state=OutboxState.PENDING,
            attempts=0,
        )
    )


def unsettled_uuids(session: Session, uuids: Iterable[str]) -> set[str]:
    """Records with a local change the county has not taken (pending, in flight, quarantined)."""
    wanted = list(uuids)
    if not wanted:
        return set()
    rows = session.scalars(
        select(OutboxRow.entity_uuid).where(
            OutboxRow.entity_uuid.in_(wanted),
            OutboxRow.state.in_(OPEN_STATES + QUARANTINE_STATES),
        )
    )
    return set(rows)


def state_counts(session: Session) -> dict[OutboxState, int]:
    rows = session.execute(
        select(OutboxRow.state, func.count(func.distinct(OutboxRow.entity_uuid))).group_by(
            OutboxRow.state
        )
    )
    return {OutboxState(s): int(n) for s, n in rows}


def quarantined(session: Session) -> list[OutboxRow]:
    return list(
        session.scalars(
            select(OutboxRow).where(OutboxRow.state.in_(QUARANTINE_STATES)).order_by(OutboxRow.seq)
        )
    )


# -- what the county should hold: counts and a digest of (uuid, revision) -----------------


def inventory(
    session: Session, entity: str, village_id: int | None, *, village_only: bool
) -> list[tuple[str, int]]:
    """(uuid, revision) of a ledger's records in a device's scope, sorted by uuid."""
    spec = LEDGER_BY_ENTITY[entity]
    row_type = spec.row_type
    stmt = select(row_type.uuid, row_type.revision)
    if village_only:
        stmt = stmt.where(spec.column("village_id") == village_id)
    # Sorted here, not by the database: collations differ, the digest must not.
    return sorted((u, int(r)) for u, r in session.execute(stmt))
