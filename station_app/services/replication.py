"""What the sync may do to the store: claim and settle outgoing changes, apply the county's state.

Reached as ``services.replication``. Changing what travels or what arrived takes the SYNC
right, checked here rather than trusted to every caller; reading where the sync stands (the
queue's counts, its own settings) is open to any page that shows it. The sync client calls
this; the store never calls the sync.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from station_app.domain.access import SYNC_DENIED, Right
from station_app.domain.outbox import OutboxState
from station_app.domain.replication import (
    ApplyOutcome,
    CountyReference,
    OutboxStatus,
    OutgoingRecord,
    QuarantinedChange,
    RemoteRecord,
)
from station_app.domain.settings_schema import Setting
from station_app.services.context import ServiceContext
from station_app.storage import replica_writes, setting_values
from station_app.storage.sync_state import (
    Settlement,
    inventory,
    quarantined,
    settle_many,
    state_counts,
)

T = TypeVar("T")


class ReplicationService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _require(self) -> None:
        self.ctx.require(Right.SYNC, SYNC_DENIED)

    # -- device and settings --------------------------------------------------------------

    def ensure_device(self) -> str:
        """This installation's uuid, made now on a fresh data folder."""
        self._require()
        with self.ctx.store.write() as session:
            return replica_writes.ensure_device(session, self.ctx.clock.now())

    def has_station(self) -> bool:
        with self.ctx.store.read() as session:
            return replica_writes.has_station(session)

    def setting(self, setting: Setting[T]) -> T:
        """One of the sync's own settings (``domain.settings_schema.SYNC_*``)."""
        with self.ctx.store.read() as session:
            return setting_values.get(session, setting)

    def set_settings(self, values: Mapping[Setting[Any], Any]) -> None:
        """Several of the sync's settings in one transaction (enrollment, the end of a run)."""
        self._require()
        with self.ctx.store.write() as session:
            for setting, value in values.items():
                setting_values.put(session, setting, value)

    def village_maps(self) -> tuple[dict[int, str], dict[str, int]]:
        """Local village id -> uuid and back (voided villages included: old records use them)."""
        with self.ctx.store.read() as session:
            return replica_writes.village_maps(session)

    # -- outgoing -------------------------------------------------------------------------

    def claim(
        self, max_records: int, *, exclude: frozenset[str] = frozenset()
    ) -> list[OutgoingRecord]:
        """The next records to send at their current state, marked in flight; ``exclude``
        holds records of a batch still on its way."""
        self._require()
        with self.ctx.store.write() as session:
            return replica_writes.claim(session, max_records, exclude)

    def settle(
        self,
        outcomes: Sequence[tuple[OutgoingRecord, OutboxState, int | None, str | None]],
    ) -> None:
        """Record the county's receipts, all in one transaction."""
        self._require()
        with self.ctx.store.write() as session:
            settle_many(
                session,
                [
                    Settlement(record.entity, record.uuid, record.history.revision, state, rev, err)
                    for record, state, rev, err in outcomes
                ],
            )

    def status(self) -> OutboxStatus:
        with self.ctx.store.read() as session:
            counts = state_counts(session)
        return OutboxStatus(
            pending=counts.get(OutboxState.PENDING, 0) + counts.get(OutboxState.IN_FLIGHT, 0),
            rejected=counts.get(OutboxState.REJECTED, 0),
            conflicts=counts.get(OutboxState.CONFLICT, 0),
        )

    def quarantined(self) -> list[QuarantinedChange]:
        with self.ctx.store.read() as session:
            return [
                QuarantinedChange(r.entity, r.entity_uuid, r.revision, r.state, r.last_error or "")
                for r in quarantined(session)
            ]

    # -- divergence check -----------------------------------------------------------------

    def ledger_inventory(
        self, entity: str, village_id: int | None, *, village_only: bool
    ) -> list[tuple[str, int]]:
        """(uuid, revision) of every record of a ledger in this device's scope, by uuid."""
        self._require()
        with self.ctx.store.read() as session:
            return inventory(session, entity, village_id, village_only=village_only)

    def requeue_missing(self, entity: str, revisions: dict[str, int]) -> int:
        """Queue again records the county lacks (or holds older), unless already queued."""
        self._require()
        with self.ctx.store.write() as session:
            return replica_writes.requeue_missing(session, entity, revisions, self.ctx.clock.now())

    # -- settling a conflict --------------------------------------------------------------

    def keep_mine(self, entity: str, uuid: str, county_revision: int) -> int:
        """The clerk keeps this device's version: it is queued again on top of the county's
        revision, so the county takes it as the newer one. Returns the new revision."""
        self._require()
        with self.ctx.store.write() as session:
            return replica_writes.keep_mine(
                session, entity, uuid, county_revision, self.ctx.clock.now()
            )

    def take_county(self, record: RemoteRecord) -> None:
        """The clerk takes the county's version: it replaces this device's copy."""
        self._require()
        with self.ctx.store.write() as session:
            replica_writes.take_county(session, record)

    # -- incoming -------------------------------------------------------------------------

    def apply_remote(self, records: Sequence[RemoteRecord]) -> ApplyOutcome:
        """Other devices' records, in one transaction; a record with a local change the county
        has not taken is left alone (the clerk's edit is never overwritten silently)."""
        self._require()
        with self.ctx.store.write() as session:
            return replica_writes.apply_remote(session, records)

    def apply_reference(self, ref: CountyReference) -> None:
        """The county's station, villages, dispute types, settings and lawyer roster."""
        self._require()
        with self.ctx.store.write() as session:
            replica_writes.apply_reference(session, ref, self.ctx.clock.now())
