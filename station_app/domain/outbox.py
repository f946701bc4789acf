"""What a queued change did to its record, and where it stands on its way to the county.

Domain words, not table columns: the store's outbox keeps them, the wire names the operation,
the quarterly table's late amendments are worded from it.
"""

from __future__ import annotations

from enum import StrEnum


class OutboxOp(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    VOID = "void"
    CONFIRM = "confirm"


class OutboxState(StrEnum):
    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    ACKNOWLEDGED = "acknowledged"
    REJECTED = "rejected"
    CONFLICT = "conflict"
