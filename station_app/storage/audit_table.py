"""The audit trail: one row per act (create, change, void, confirm, reveal, export, sign-in).

Append-only: triggers made by the migration refuse UPDATE and DELETE, and each row carries a
keyed hash over its content and the previous row's hash (storage.audit_log), so an entry
edited behind the app's back breaks the chain that ``station check`` walks.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.storage.base import Base


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = ({"sqlite_autoincrement": True},)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor_uuid: Mapped[str | None] = mapped_column(String(36))
    actor_name: Mapped[str] = mapped_column(String(30))  # the username, or 系统
    action: Mapped[str] = mapped_column(String(30))
    entity: Mapped[str | None] = mapped_column(String(40))
    record_uuid: Mapped[str | None] = mapped_column(String(36))
    #: JSON: field names changed, a reason, a count; never an ID number, phone or name.
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
