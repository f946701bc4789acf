"""The transactional outbox: one row per change, written in the change's own transaction.

The sync reads it in ``seq`` order (a local counter, never a clock) and sends each record's
current state, so a record changed twice before a sync travels once, at its latest revision.
The operation and state words are the domain's (``domain.outbox``), re-exported here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.domain.outbox import OutboxOp, OutboxState
from station_app.storage.base import Base
from station_app.storage.column_types import Choice


class OutboxRow(Base):
    __tablename__ = "outbox"
    # AUTOINCREMENT: a pruned sequence number is never handed out again.
    __table_args__ = (
        Index("ix_outbox_state_seq", "state", "seq"),
        # Covers the status bar's count of distinct records still to send.
        Index("ix_outbox_state_entity", "state", "entity_uuid"),
        {"sqlite_autoincrement": True},
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    entity_uuid: Mapped[str] = mapped_column(String(36), index=True)
    revision: Mapped[int] = mapped_column(Integer)
    op: Mapped[OutboxOp] = mapped_column(Choice(OutboxOp))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    state: Mapped[OutboxState] = mapped_column(Choice(OutboxState), default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
