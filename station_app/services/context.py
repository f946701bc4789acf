"""What every service needs: the store, a clock, and who is acting on which device."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.access import SYSTEM, Principal, Right
from station_app.domain.errors import AccessDeniedError
from station_app.storage import audit_log
from station_app.storage.audit_log import AuditEntry
from station_app.storage.organisation_tables import DeviceRow
from station_app.storage.outbox import ChangeStamp
from station_app.storage.store import Store


class Clock(Protocol):
    def now(self) -> datetime: ...  # UTC, naive: what the store records

    def today(self) -> date: ...  # the local calendar day: what "not in the future" means


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)

    def today(self) -> date:
        return date.today()


@dataclass
class ServiceContext:
    store: Store
    clock: Clock = field(default_factory=SystemClock)
    principal: Principal = SYSTEM  # who is acting: set by sign-in (AccountService)
    #: Writes the entries an earlier act still owes the trail (a sign-in settled while the
    #: start-up check ran), so they come before the first entry written after it.
    owed_entries: Callable[[Session], object] | None = None
    _device: str | None = None

    @property
    def actor(self) -> str | None:
        """The acting account's uuid, as records and the outbox keep it; None for the app."""
        return self.principal.uuid

    def require(self, right: Right, message: str) -> None:
        if not self.principal.has(right):
            raise AccessDeniedError(message)

    def audit(
        self,
        session: Session,
        action: str,
        *,
        entity: str | None = None,
        record_uuid: str | None = None,
        **detail: Any,
    ) -> None:
        """One entry in the audit trail, in the caller's write transaction."""
        self.audit_many(session, [self.audit_entry(action, entity, record_uuid, **detail)])

    def audit_entry(
        self, action: str, entity: str | None = None, record_uuid: str | None = None, **detail: Any
    ) -> AuditEntry:
        p = self.principal
        return AuditEntry(action, p.uuid, p.username, entity, record_uuid, detail)

    def audit_many(self, session: Session, entries: list[AuditEntry]) -> None:
        self._settle_owed(session)
        audit_log.append(session, entries, self.clock.now())

    def audit_records(
        self,
        session: Session,
        action: str,
        entity: str,
        record_uuids: Sequence[str],
        **detail: Any,
    ) -> None:
        """One entry per record, all alike but for the record (a batch's creates)."""
        self._settle_owed(session)
        entry = self.audit_entry(action, entity, **detail)
        audit_log.append_for_records(session, entry, record_uuids, self.clock.now())

    def _settle_owed(self, session: Session) -> None:
        owed, self.owed_entries = self.owed_entries, None
        if owed is not None:
            owed(session)

    @property
    def device(self) -> str:
        if self._device is None:
            with self.store.read() as session:
                found = session.scalars(select(DeviceRow.uuid)).first()
            if found is None:
                raise RuntimeError("store has no device row; run station init first")
            self._device = found
        return self._device

    def stamp(self) -> ChangeStamp:
        return ChangeStamp(now=self.clock.now(), actor=self.actor, device=self.device)
