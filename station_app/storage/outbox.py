"""Writing and reading the outbox; sync is its only other reader."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.domain.outbox import OutboxOp, OutboxState
from station_app.storage.bulk_insert import insert_values, table_of
from station_app.storage.outbox_table import OutboxRow

_OUTBOX = table_of(OutboxRow)
_KEYS = ("entity", "entity_uuid", "revision", "op", "recorded_at", "state", "attempts")


class ChangedRecord(Protocol):
    """What the outbox and the search index need of a record: an ORM row or a NewRecord."""

    @property
    def id(self) -> int: ...

    @property
    def uuid(self) -> str: ...

    @property
    def revision(self) -> int: ...


@dataclass(frozen=True)
class ChangeStamp:
    """Who changed what, when and where: filled into every row a change touches."""

    now: datetime
    actor: str | None
    device: str


def creation_fields(stamp: ChangeStamp) -> dict[str, Any]:
    """History columns of a record made now (revision 1)."""
    return {
        "revision": 1,
        "created_at": stamp.now,
        "updated_at": stamp.now,
        "created_by": stamp.actor,
        "updated_by": stamp.actor,
        "origin_device": stamp.device,
    }


def record_changes(
    session: Session,
    entity: str,
    rows: Sequence[ChangedRecord],
    op: OutboxOp,
    stamp: ChangeStamp,
) -> None:
    """Queue the changes in the caller's transaction, so records and outbox commit together.

    A Core INSERT, not ORM objects: nothing pending can be lost if the caller clears the
    session to keep memory flat during a large import.
    """
    insert_values(
        session,
        _OUTBOX,
        _KEYS,
        [[entity, row.uuid, row.revision, op, stamp.now, OutboxState.PENDING, 0] for row in rows],
    )


def pending_count(session: Session, entities: Sequence[str] | None = None) -> int:
    """Records (not changes) still to reach the county; ``entities``: of those kinds only
    (the status bar counts ledger records, not the station's own setup)."""
    stmt = select(func.count(func.distinct(OutboxRow.entity_uuid))).where(
        OutboxRow.state.in_([OutboxState.PENDING, OutboxState.IN_FLIGHT])
    )
    if entities is not None:
        stmt = stmt.where(OutboxRow.entity.in_(entities))
    return int(session.scalar(stmt) or 0)
