"""The county server's own schema: stations, villages, devices, records as received, conflicts.

Separate from the station store's schema: the county keeps every station's records side by side,
keyed by the uuid each device made, ordered by a sequence the server hands out (per station,
so stations never wait on each other and a device's pull cursor never skips a late commit).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class CountyBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class StationRow(CountyBase):
    __tablename__ = "station"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    county: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    case_prefix: Mapped[str] = mapped_column(String(30))
    #: Last sequence number handed to this station's records; bumped in the push transaction.
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class VillageRow(CountyBase):
    __tablename__ = "village"
    __table_args__ = (UniqueConstraint("station_id", "name", name="uq_village_station_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    kind: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=0)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)


class DeviceRow(CountyBase):
    """An enrolled installation; its token is kept only as a hash."""

    __tablename__ = "device"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    store_uuid: Mapped[str] = mapped_column(String(36), index=True)  # the store's device uuid
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class DeviceAuditHeadRow(CountyBase):
    """Where a device's audit trail ended at its latest sync (sync.server.audit_heads), and
    when it was last seen going backwards: a store put back in time."""

    __tablename__ = "device_audit_head"
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    mark: Mapped[str] = mapped_column(String(64))
    reported_at: Mapped[datetime] = mapped_column(DateTime)
    #: The latest time the trail was reported shorter than (or different from) before, and
    #: the entry it had reached then; kept until the next rewind replaces them.
    rewound_at: Mapped[datetime | None] = mapped_column(DateTime)
    rewound_from: Mapped[int | None] = mapped_column(BigInteger)


class EnrollmentCodeRow(CountyBase):
    __tablename__ = "enrollment_code"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"))
    #: sha256 of the secret the enrolling client chose: only it may retry a lost answer.
    secret_hash: Mapped[str | None] = mapped_column(String(64))


class RecordRow(CountyBase):
    """A record's latest accepted state, as the device sent it (``change`` is the JSON)."""

    __tablename__ = "record"
    __table_args__ = (
        Index("ix_record_station_seq", "station_id", "seq"),
        Index("ix_record_station_entity_day_voided", "station_id", "entity", "day", "voided"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    entity: Mapped[str] = mapped_column(String(40))
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    village_uuid: Mapped[str | None] = mapped_column(String(36))
    day: Mapped[date | None] = mapped_column(Date)  # the ledger date the quarter counts by
    revision: Mapped[int] = mapped_column(Integer)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    writer: Mapped[str] = mapped_column(String(36))  # store uuid of the device that sent it
    seq: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    change: Mapped[str] = mapped_column(Text)


class RecordRevisionRow(CountyBase):
    """Every revision the county accepted, and from which device: how a replay is recognised."""

    __tablename__ = "record_revision"
    __table_args__ = (UniqueConstraint("uuid", "revision", name="uq_record_revision_uuid_rev"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer)
    writer: Mapped[str] = mapped_column(String(36))


class ConflictRow(CountyBase):
    """A device's version that collided with another device's: kept beside the county's."""

    __tablename__ = "conflict"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), index=True)
    entity: Mapped[str] = mapped_column(String(40))
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"))
    writer: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer)
    base: Mapped[int] = mapped_column(Integer)
    county_revision: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    change: Mapped[str] = mapped_column(Text)


class BatchRow(CountyBase):
    """An applied batch and its receipts, by idempotency key: a resent batch gets them again."""

    __tablename__ = "batch"
    __table_args__ = (UniqueConstraint("device_id", "key", name="uq_batch_device_key"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("device.id"))
    key: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    receipts: Mapped[str] = mapped_column(Text)


class ReferenceItemRow(CountyBase):
    """County reference data by kind and key: dispute types, settings, the lawyer roster."""

    __tablename__ = "reference_item"
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class CountyUserRow(CountyBase):
    """A county staff account for the web console (sync.server.accounts); the password is
    kept only as an argon2 hash."""

    __tablename__ = "county_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(10))  # admin / staff / viewer
    password_hash: Mapped[str] = mapped_column(String(200))
    #: Set by an admin's reset in the console: the password must be changed at next sign-in.
    must_change: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ConsoleSessionRow(CountyBase):
    """A signed-in browser: the cookie's token as a hash, its CSRF token, when last active."""

    __tablename__ = "console_session"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("county_user.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)


class CountyAuditRow(CountyBase):
    """The county's own audit trail: sign-ins, codes issued, devices revoked, changes."""

    __tablename__ = "county_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str] = mapped_column(String(50))
    action: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(Text)
    address: Mapped[str] = mapped_column(String(64))


class ReportSubmissionRow(CountyBase):
    """A station's 已上报 mark for a quarter's table, as its devices report it after each sync
    (sync.server.report_submissions): the first mark (on time is judged by it) and the latest."""

    __tablename__ = "report_submission"
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), primary_key=True)
    quarter: Mapped[str] = mapped_column(String(7), primary_key=True)  # 2026Q3
    first_on: Mapped[date] = mapped_column(Date)  # the station's calendar day
    first_at: Mapped[datetime] = mapped_column(DateTime)  # UTC, the station's clock
    latest_on: Mapped[date] = mapped_column(Date)
    latest_at: Mapped[datetime] = mapped_column(DateTime)
    reported_at: Mapped[datetime] = mapped_column(DateTime)  # the county's clock


class StationTableRow(CountyBase):
    """A station's quarterly table as last counted (sync.server.saved_tables): a restarted
    server, and every worker of a ``--workers N`` server, reads it instead of counting again
    while ``key`` (a digest of what the table is counted by) still matches."""

    __tablename__ = "station_table"
    station_id: Mapped[int] = mapped_column(ForeignKey("station.id"), primary_key=True)
    quarter: Mapped[str] = mapped_column(String(7), primary_key=True)  # 2026Q3
    key: Mapped[str] = mapped_column(String(64))
    rows: Mapped[str] = mapped_column(Text)  # the TableRows as typed JSON
    counted_at: Mapped[datetime] = mapped_column(DateTime)
