"""Records of several ledgers written in one transaction: all of them land, or none does.

The import needs this: a workbook's five sheets are one change to the store. Each ledger keeps
its own create steps (``LedgerService.writer``); the unit only shares one write session, one
reference snapshot and one change stamp between them, and decides commit or rollback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.domain.duty_log import DutyConfirmation
from station_app.domain.errors import AccessDeniedError, NotFoundError
from station_app.domain.ledger_query import LedgerQuery
from station_app.domain.outbox import OutboxOp
from station_app.services.context import ServiceContext
from station_app.services.duty_log_service import DutyLogService
from station_app.services.ledger_service import LedgerService, LedgerWriter
from station_app.storage.ledger_repository import LedgerRepository
from station_app.storage.ledger_specs import DUTY_LOG, LEDGER_BY_ENTITY, LEDGERS
from station_app.storage.ledger_tables import DutyLogRow
from station_app.storage.reference_data import References

#: The ledger service for an entity name (``StationServices.ledger``).
LedgerLookup = Callable[[str], LedgerService[Any]]

#: More records than any one day of one ledger holds; ``existing_on`` reads a day at once.
_DAY_LIMIT = 1_000_000


class UnitOfWork:
    """Writers of every ledger on one session, plus a view of the store as it was at the start."""

    def __init__(
        self, ctx: ServiceContext, ledgers: LedgerLookup, session: Session, *, chunk: int
    ) -> None:
        self.session = session
        self.refs = References.load(session)
        self.stamp = ctx.stamp()
        self._ledgers = ledgers
        self._chunk = chunk
        self._writers: dict[str, LedgerWriter[Any]] = {}
        # Records added by this unit get higher ids: anything above the ceiling is ours.
        self._ceilings: dict[str, int] = {
            spec.entity: int(session.scalar(select(func.max(spec.row_type.id))) or 0)
            for spec in LEDGERS
        }

    def writer(self, entity: str) -> LedgerWriter[Any]:
        found = self._writers.get(entity)
        if found is None:
            service = self._ledgers(entity)
            found = service.writer(self.session, self.refs, self.stamp, chunk=self._chunk)
            self._writers[entity] = found
        return found

    def had_records(self, entity: str) -> bool:
        """Whether the ledger held any record (voided or not) before this unit began."""
        return self._ceilings[entity] > 0

    def existing_on(self, entity: str, day: date) -> list[Any]:
        """Drafts of the non-voided records dated ``day`` that existed before this unit began."""
        ceiling = self._ceilings[entity]
        if ceiling == 0:
            return []
        spec = LEDGER_BY_ENTITY[entity]
        repo = LedgerRepository(self.session, spec)
        rows = repo.rows(LedgerQuery(date_from=day, date_to=day), 0, _DAY_LIMIT)
        drafts = [repo.to_stored(r).data for r in rows if r.id <= ceiling]
        self.session.expunge_all()
        return drafts

    def confirm_visits(
        self, record_ids: Sequence[int], confirmed_by: str | Callable[[int | None], str]
    ) -> int:
        """Confirm these duty-log visits, each on the day of the visit, as
        ``DutyLogService.confirm`` would one by one (the same checks, outbox rows and audit
        entries), in this one transaction: the demo data confirms thousands. ``confirmed_by``
        is the officer's name, or the name for a visit's village. Returns how many."""
        service = self._ledgers(DUTY_LOG.entity)
        assert isinstance(service, DutyLogService)
        self.flush()
        repo = LedgerRepository(self.session, DUTY_LOG)
        ctx = service.ctx
        rows: list[DutyLogRow] = []
        found = repo.rows_by_ids(record_ids)  # one read, not one per visit
        if {row.id for row in found} != set(record_ids):
            raise NotFoundError(f"{service.label}记录不存在")
        for row in found:
            assert isinstance(row, DutyLogRow)
            service._check_row(row)
            if not ctx.principal.may_confirm(row.village_id):
                raise AccessDeniedError("只有该村(居)的综治专干或站长可以确认值班记录")
            service._check_editable(row)
            confirmation = service.checked_confirmation(
                DutyConfirmation(
                    confirmed_by if isinstance(confirmed_by, str) else confirmed_by(row.village_id),
                    row.duty_on,
                ),
                row.duty_on,
            )
            service._apply_confirmation(row, confirmation)
            rows.append(row)
        repo.touch_all(rows, OutboxOp.CONFIRM, self.stamp)
        ctx.audit_records(self.session, "confirm", DUTY_LOG.entity, [r.uuid for r in rows])
        self.session.expunge_all()
        return len(rows)

    def flush(self) -> None:
        for writer in self._writers.values():
            writer.flush()


class _Discard(Exception):
    """Raised inside the write session to roll back a unit that must not commit."""


@contextmanager
def unit_of_work(
    ctx: ServiceContext, ledgers: LedgerLookup, *, commit: bool = True, chunk: int = 500
) -> Iterator[UnitOfWork]:
    """One IMMEDIATE transaction for several ledgers.

    Commits when the block ends normally and ``commit`` is true; rolls back when the block
    raises (the exception propagates) or when ``commit`` is false (a dry run).
    """
    try:
        with ctx.store.write() as session:
            unit = UnitOfWork(ctx, ledgers, session, chunk=chunk)
            yield unit
            unit.flush()
            if not commit:
                raise _Discard
    except _Discard:
        pass
