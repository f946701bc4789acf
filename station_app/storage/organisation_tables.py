"""The station, its villages, lawyers, accounts and reference data."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from station_app.domain.choices import Role, UnitKind
from station_app.storage.base import Base, SyncedRecord, new_uuid
from station_app.storage.column_types import PHONE, Choice, Sealed


class DeviceRow(Base):
    """This installation; its uuid marks every record it makes."""

    __tablename__ = "device"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class StationRow(SyncedRecord, Base):
    __tablename__ = "station"
    name: Mapped[str] = mapped_column(String(100))
    county: Mapped[str] = mapped_column(String(100))
    kind: Mapped[UnitKind] = mapped_column(Choice(UnitKind))
    case_prefix: Mapped[str] = mapped_column(String(30))


class VillageRow(SyncedRecord, Base):
    __tablename__ = "village"
    name: Mapped[str] = mapped_column(String(50), unique=True)
    kind: Mapped[UnitKind] = mapped_column(Choice(UnitKind))
    position: Mapped[int] = mapped_column(Integer, default=0)


class LawyerRow(SyncedRecord, Base):
    __tablename__ = "lawyer"
    name: Mapped[str] = mapped_column(String(100))
    law_firm: Mapped[str] = mapped_column(String(100))
    license_no: Mapped[str | None] = mapped_column(String(30))
    phone: Mapped[str | None] = mapped_column(Sealed(PHONE))


class UserAccountRow(Base):
    """Local accounts; never synced (the password hash stays on the device)."""

    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    username: Mapped[str] = mapped_column(String(30), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(Choice(Role))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    password_hash: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    #: Set when the head resets the password: the owner chooses a new one at next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class DisputeTypeRow(Base):
    """County reference data: the dispute-type list with its statistics codes."""

    __tablename__ = "dispute_type"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SettingRow(Base):
    """County settings (duty-hour minimums, …) and local ones, as JSON text by key."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CaseNumberCounterRow(Base):
    """Last mediation case sequence used per year; bumped in the case's own transaction."""

    __tablename__ = "case_number_counter"
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
