"""A snapshot of the reference data a write checks against, loaded once per transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.storage.bulk_insert import table_of
from station_app.storage.organisation_tables import DisputeTypeRow, StationRow, VillageRow

_VILLAGES, _TYPES, _STATION = (table_of(t) for t in (VillageRow, DisputeTypeRow, StationRow))
_LIVE_VILLAGES = select(_VILLAGES.c.id).where(_VILLAGES.c.voided_at.is_(None))
_ACTIVE_CODES = select(_TYPES.c.code).where(_TYPES.c.active)
_CASE_PREFIX = select(_STATION.c.case_prefix)


@dataclass(frozen=True)
class References:
    village_ids: frozenset[int]
    dispute_codes: frozenset[str]
    case_prefix: str

    @classmethod
    def load(cls, session: Session) -> References:
        # Core statements on the session's connection: loaded on every save, where the ORM's
        # per-statement overhead cost more than the three small reads themselves.
        conn = session.connection()
        villages = conn.execute(_LIVE_VILLAGES).scalars()
        codes = conn.execute(_ACTIVE_CODES).scalars()
        prefix = conn.execute(_CASE_PREFIX).scalars().first()
        return cls(frozenset(villages), frozenset(codes), prefix or "本站")
