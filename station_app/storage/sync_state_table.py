"""What this device knows of the county's copy of each record: the base of its next change."""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from station_app.storage.base import Base


class SyncBaseRow(Base):
    """The county's revision of a record as this device last learnt it (a receipt or a pull).

    A change is sent with this as its base revision; two devices changing a record from the
    same base is how the county recognises a conflict instead of overwriting one of them.
    """

    __tablename__ = "sync_base"
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    revision: Mapped[int] = mapped_column(Integer)
