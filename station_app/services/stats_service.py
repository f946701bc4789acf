"""Record counts per ledger and village for a quarter: the first view of the quarterly table."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from station_app.domain.organisation import STATION_ITSELF
from station_app.domain.quarter import Quarter
from station_app.services.context import ServiceContext
from station_app.services.organisation_service import OrganisationService
from station_app.storage.ledger_specs import LEDGERS
from station_app.storage.outbox import pending_count


@dataclass(frozen=True)
class LedgerCounts:
    ledger: str
    total: int
    by_unit: dict[str, int]  # every village in station order, then 本站


class StatsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def quarter_counts(self, quarter: Quarter) -> list[LedgerCounts]:
        """Non-voided records whose ledger date falls in the quarter, per village."""
        station = OrganisationService(self.ctx).require_station()
        out = []
        with self.ctx.store.read() as session:
            for spec in LEDGERS:
                village = spec.column("village_id")
                stmt = (
                    select(village, func.count())
                    .where(spec.row_type.voided_at.is_(None))
                    .where(spec.date_column.between(quarter.start, quarter.end))
                    .group_by(village)
                )
                counts = {vid: int(n) for vid, n in session.execute(stmt)}
                by_unit = {v.name: counts.get(v.id, 0) for v in station.villages}
                by_unit[STATION_ITSELF] = counts.get(None, 0)
                out.append(LedgerCounts(spec.label, sum(by_unit.values()), by_unit))
        return out

    def unsent_count(self) -> int:
        with self.ctx.store.read() as session:
            return pending_count(session)
