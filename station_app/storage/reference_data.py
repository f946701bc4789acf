"""A snapshot of the reference data a write checks against, loaded once per transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.storage.organisation_tables import DisputeTypeRow, StationRow, VillageRow


@dataclass(frozen=True)
class References:
    village_ids: frozenset[int]
    dispute_codes: frozenset[str]
    case_prefix: str

    @classmethod
    def load(cls, session: Session) -> References:
        villages = session.scalars(select(VillageRow.id).where(VillageRow.voided_at.is_(None)))
        codes = session.scalars(select(DisputeTypeRow.code).where(DisputeTypeRow.active))
        prefix = session.scalars(select(StationRow.case_prefix)).first()
        return cls(frozenset(villages), frozenset(codes), prefix or "本站")
