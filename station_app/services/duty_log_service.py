"""Lawyer duty logs: a visit confirmed by the village officer is locked for good."""

from __future__ import annotations

from datetime import date

from station_app.domain.duty_log import DutyConfirmation, DutyLogDraft
from station_app.domain.errors import ConflictError, LockedError
from station_app.services.context import ServiceContext
from station_app.services.ledger_service import LedgerService
from station_app.storage.ledger_repository import LedgerRepository
from station_app.storage.ledger_specs import DUTY_LOG
from station_app.storage.ledger_tables import DutyLogRow
from station_app.storage.outbox_table import OutboxOp
from station_app.storage.records import Stored


class DutyLogService(LedgerService[DutyLogDraft]):
    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx, DUTY_LOG)

    def confirm(
        self,
        record_id: int,
        confirmed_by: str,
        confirmed_on: date | None = None,
        *,
        expected_revision: int | None = None,
    ) -> Stored[DutyLogDraft]:
        """综治专干签字确认: records who confirmed and when, then locks the visit."""
        stamp = self.ctx.stamp()
        with self.ctx.store.write() as session:
            repo = LedgerRepository(session, self.spec)
            row: DutyLogRow = self._row(repo, record_id)
            self._check_editable(row)
            if expected_revision is not None and row.revision != expected_revision:
                raise ConflictError("该记录已被他人修改，请刷新后重试")
            confirmation = DutyConfirmation(
                confirmed_by, confirmed_on or self.ctx.clock.today()
            ).validated(self.ctx.clock.today(), row.duty_on)
            row.confirmed_by = confirmation.confirmed_by
            row.confirmed_on = confirmation.confirmed_on
            row.confirmed_by_user = self.ctx.actor
            repo.touch(row, OutboxOp.CONFIRM, stamp)
            return self._stored(repo, row)

    def _check_editable(self, row: DutyLogRow) -> None:
        super()._check_editable(row)
        if row.confirmed_on is not None:
            raise LockedError("该值班记录已确认，已锁定，不能修改")
