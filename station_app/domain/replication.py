"""A record and the county's reference data as they travel between this store and the county.

Plain data on the domain's side of the wire: the store's replica writes take and give these,
the replication service hands them on, and the sync client turns them into protocol messages
and back. Nothing here knows the store or the wire format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from station_app.domain.choices import UnitKind
from station_app.domain.outbox import OutboxOp, OutboxState


@dataclass(frozen=True)
class History:
    """A record's identity and history as it travels (device clocks: informative only)."""

    revision: int
    origin_device: str
    created_at: datetime | None = None
    updated_at: datetime | None = None
    voided_at: datetime | None = None
    void_reason: str | None = None
    confirmed_by: str | None = None
    confirmed_on: date | None = None


@dataclass(frozen=True)
class OutgoingRecord:
    """A record picked for the next batch, at its current state."""

    entity: str
    uuid: str
    op: OutboxOp
    base: int  # the county revision this device last knew; 0: none
    draft: Any  # the domain draft, village as the local id
    history: History
    extras: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RemoteRecord:
    """Another device's record as the county holds it, decoded for this store."""

    entity: str
    uuid: str
    draft: Any  # decoded with this store's village ids
    history: History


@dataclass
class ApplyOutcome:
    applied: int = 0
    unchanged: int = 0
    kept_local: int = 0  # a local change the county has not taken yet wins locally
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CountyVillage:
    uuid: str
    name: str
    kind: UnitKind
    position: int = 0
    voided: bool = False


@dataclass(frozen=True)
class CountyLawyer:
    uuid: str
    name: str
    law_firm: str
    license_no: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class CountyReference:
    """The county's reference data for one device: its station, villages, lists, settings."""

    station_uuid: str
    station_name: str
    county: str
    kind: UnitKind
    case_prefix: str
    villages: tuple[CountyVillage, ...]
    dispute_types: tuple[tuple[str, str, int, bool], ...]
    settings: dict[str, str]  # key -> JSON text
    lawyers: tuple[CountyLawyer, ...]


@dataclass(frozen=True)
class OutboxStatus:
    pending: int
    rejected: int
    conflicts: int

    @property
    def clean(self) -> bool:
        return self.pending == 0 and self.rejected == 0 and self.conflicts == 0


@dataclass(frozen=True)
class QuarantinedChange:
    """A change the county refused or found in conflict: waits for the clerk."""

    entity: str
    uuid: str
    revision: int
    state: OutboxState
    reason: str
