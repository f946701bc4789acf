"""A snapshot of the reference data a write checks against, loaded once per transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.storage.bulk_insert import driver, sqlite_text, table_of
from station_app.storage.organisation_tables import DisputeTypeRow, StationRow, VillageRow

_VILLAGES, _TYPES, _STATION = (table_of(t) for t in (VillageRow, DisputeTypeRow, StationRow))
_LIVE_VILLAGES = select(_VILLAGES.c.id).where(_VILLAGES.c.voided_at.is_(None))
_ACTIVE_CODES = select(_TYPES.c.code).where(_TYPES.c.active)
_CASE_PREFIX = select(_STATION.c.case_prefix)
_READS = tuple(sqlite_text(s) for s in (_LIVE_VILLAGES, _ACTIVE_CODES, _CASE_PREFIX))


@dataclass(frozen=True)
class References:
    village_ids: frozenset[int]
    dispute_codes: frozenset[str]
    case_prefix: str

    @classmethod
    def load(cls, session: Session) -> References:
        # On the driver's connection (bulk_insert.driver): loaded on every save, where even
        # Core's per-statement overhead cost thirty times the three small reads themselves.
        conn = driver(session)
        villages, codes, prefix = (conn.execute(sql).fetchall() for sql in _READS)
        return cls(
            frozenset(v for (v,) in villages),
            frozenset(c for (c,) in codes),
            (prefix[0][0] if prefix else None) or "本站",
        )
