"""Lawyer duty logs: a visit confirmed by the village officer is locked for good.

Only the officer of the village visited (or the station head) confirms; a lawyer never
confirms, so nobody signs off their own visit. Once confirmed, only the head may void it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from station_app.domain.duty_log import DutyConfirmation, DutyLogDraft
from station_app.domain.errors import AccessDeniedError, ConflictError, LockedError
from station_app.domain.outbox import OutboxOp
from station_app.domain.records import Stored
from station_app.services.context import ServiceContext
from station_app.services.ledger_service import LedgerService, LedgerWriter
from station_app.storage.ledger_repository import LedgerRepository, NewRecord
from station_app.storage.ledger_specs import DUTY_LOG
from station_app.storage.ledger_tables import DutyLogRow
from station_app.storage.outbox import ChangeStamp
from station_app.storage.reference_data import References


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
            if not self.ctx.principal.may_confirm(row.village_id):
                raise AccessDeniedError("只有该村(居)的综治专干或站长可以确认值班记录")
            self._check_editable(row)
            if expected_revision is not None and row.revision != expected_revision:
                raise ConflictError("该记录已被他人修改，请刷新后重试")
            confirmation = self.checked_confirmation(
                DutyConfirmation(confirmed_by, confirmed_on or self.ctx.clock.today()),
                row.duty_on,
            )
            self._apply_confirmation(row, confirmation)
            repo.touch(row, OutboxOp.CONFIRM, stamp)
            self.ctx.audit(session, "confirm", entity=self.spec.entity, record_uuid=row.uuid)
            return self._stored(repo, row)

    def checked_confirmation(
        self, confirmation: DutyConfirmation, duty_on: date | None
    ) -> DutyConfirmation:
        """The confirmation as the domain accepts it; raises ValidationError."""
        return confirmation.validated(self.ctx.clock.today(), duty_on)

    def _apply_confirmation(self, row: DutyLogRow, confirmation: DutyConfirmation) -> None:
        for name, value in self._confirmation_values(confirmation).items():
            setattr(row, name, value)

    def _confirmation_values(self, confirmation: DutyConfirmation) -> dict[str, Any]:
        """The columns a confirmation sets: who signed, when, and the signed-in account."""
        return {
            "confirmed_by": confirmation.confirmed_by,
            "confirmed_on": confirmation.confirmed_on,
            "confirmed_by_user": self.ctx.actor,
        }

    def writer(
        self, session: Session, refs: References, stamp: ChangeStamp, *, chunk: int = 500
    ) -> DutyLogWriter:
        return DutyLogWriter(self, session, refs, stamp, chunk=chunk)

    def _is_confirmed(self, row: DutyLogRow) -> bool:
        return row.confirmed_on is not None

    def _check_editable(self, row: DutyLogRow) -> None:
        super()._check_editable(row)
        if row.confirmed_on is not None:
            raise LockedError("该值班记录已确认，已锁定，不能修改")


class DutyLogWriter(LedgerWriter[DutyLogDraft]):
    """Adds visits, some already confirmed (an imported ledger's 确认人/确认日期): pass the
    DutyConfirmation, checked with ``DutyLogService.checked_confirmation``, as ``extra``.

    A confirmed visit is created, then confirmed in the same transaction, exactly as a clerk
    would do it: its outbox holds a create and a confirm, and the record ends locked.
    """

    def __init__(
        self,
        service: DutyLogService,
        session: Session,
        refs: References,
        stamp: ChangeStamp,
        *,
        chunk: int = 500,
    ) -> None:
        super().__init__(service, session, refs, stamp, chunk=chunk)
        self.duty_service = service

    def add_visit(self, clean: DutyLogDraft, confirmation: DutyConfirmation | None) -> DutyLogDraft:
        """``confirmation`` already checked with ``DutyLogService.checked_confirmation``."""
        return self.add(clean, confirmation)

    def _after_insert(self, records: list[NewRecord], extras: list[object]) -> None:
        confirmed = [
            (r, c) for r, c in zip(records, extras, strict=True) if isinstance(c, DutyConfirmation)
        ]
        if confirmed:
            # A transcribed paper confirmation (an imported 确认人), audited as such.
            ctx = self.duty_service.ctx
            entity = self.service.spec.entity
            ctx.audit_records(
                self.session, "confirm", entity, [r.uuid for r, _ in confirmed], imported=True
            )
            self.repo.update_new(
                [r for r, _ in confirmed],
                [self.duty_service._confirmation_values(c) for _, c in confirmed],
                OutboxOp.CONFIRM,
                self.stamp,
            )
