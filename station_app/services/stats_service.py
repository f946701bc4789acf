"""Record counts per ledger and village for a quarter: the first view of the quarterly table."""

from __future__ import annotations

from dataclasses import dataclass

from station_app.domain.ledger_query import STATION, LedgerQuery
from station_app.domain.organisation import STATION_ITSELF
from station_app.domain.quarter import Quarter
from station_app.services.context import ServiceContext
from station_app.services.ledger_service import LedgerService
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
        """Non-voided records whose ledger date falls in the quarter, per village: only the
        ledgers, villages and records the acting account may read (a village officer sees
        their own village, a duty lawyer the ledgers they work in and their own visits)."""
        station = OrganisationService(self.ctx).require_station()
        principal = self.ctx.principal
        scope = principal.village_scope()
        villages = [v for v in station.villages if scope is None or v.id in scope]
        period = LedgerQuery(date_from=quarter.start, date_to=quarter.end)
        out = []
        for spec in LEDGERS:
            if not principal.uses_ledger(spec.entity):
                continue
            counts = LedgerService(self.ctx, spec).counts_by_village(period)
            by_unit = {v.name: counts.get(v.id, 0) for v in villages}
            if scope is None or STATION in scope:
                by_unit[STATION_ITSELF] = counts.get(STATION, 0)
            out.append(LedgerCounts(spec.label, sum(by_unit.values()), by_unit))
        return out

    def unsent_count(self, *, ledger_records_only: bool = False) -> int:
        """Records not yet at the county; ``ledger_records_only``: what a clerk calls records
        (the five ledgers), without the station's and villages' own setup."""
        entities = [spec.entity for spec in LEDGERS] if ledger_records_only else None
        with self.ctx.store.read() as session:
            return pending_count(session, entities)
