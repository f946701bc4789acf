"""What every service needs: the store, a clock, and who is acting on which device."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Protocol

from sqlalchemy import select

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
    actor: str | None = None  # the signed-in user's uuid; None for system work
    _device: str | None = None

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
