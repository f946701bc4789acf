"""What the store hands back: a record's data (a domain draft) with its identity and history.

Plain values, so the UI and the CLI can hold them without knowing the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, TypeVar

D = TypeVar("D")


@dataclass(frozen=True)
class RecordMeta:
    id: int
    uuid: str
    revision: int
    created_at: datetime
    updated_at: datetime
    created_by: str | None
    updated_by: str | None
    voided_at: datetime | None
    void_reason: str | None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


@dataclass(frozen=True)
class Confirmation:
    """A duty visit's confirmation by the village officer; its presence locks the visit."""

    confirmed_by: str
    confirmed_on: date


@dataclass(frozen=True)
class Stored(Generic[D]):
    meta: RecordMeta
    data: D
    confirmation: Confirmation | None = None

    @property
    def id(self) -> int:
        return self.meta.id

    @property
    def locked(self) -> bool:
        return self.confirmation is not None or self.meta.voided


@dataclass(frozen=True)
class Page(Generic[D]):
    items: list[Stored[D]]
    total: int
    offset: int
    limit: int
