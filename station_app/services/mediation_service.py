"""Mediation cases: numbered per station and year, typed from the county's dispute list."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.case_number import CaseNumber
from station_app.domain.errors import FieldError, ValidationError
from station_app.domain.mediation_case import MediationCaseDraft
from station_app.services.context import ServiceContext
from station_app.services.ledger_service import LedgerService, LedgerWriter
from station_app.storage.ledger_specs import MEDIATION
from station_app.storage.ledger_tables import MediationCaseRow
from station_app.storage.organisation_tables import CaseNumberCounterRow
from station_app.storage.outbox import ChangeStamp
from station_app.storage.reference_data import References


class MediationService(LedgerService[MediationCaseDraft]):
    def __init__(self, ctx: ServiceContext) -> None:
        super().__init__(ctx, MEDIATION)

    def _prepare_new(
        self, session: Session, refs: References, draft: MediationCaseDraft
    ) -> MediationCaseDraft:
        assert draft.accepted_on is not None  # validated
        if draft.case_number is None:
            number = self._next_number(session, refs, draft.accepted_on.year)
            _claimed_in(session).add(number)
            return replace(draft, case_number=number)
        self._claim(session, refs, draft.case_number, current_id=None)
        return draft

    def _prepare_update(
        self, session: Session, refs: References, row: MediationCaseRow, draft: MediationCaseDraft
    ) -> MediationCaseDraft:
        if draft.case_number is None or draft.case_number == row.case_number:
            return replace(draft, case_number=row.case_number)
        self._claim(session, refs, draft.case_number, current_id=row.id)
        return draft

    def writer(
        self, session: Session, refs: References, stamp: ChangeStamp, *, chunk: int = 500
    ) -> LedgerWriter[MediationCaseDraft]:
        """A batch checks its typed case numbers against the store's, read once, at the first
        typed number (a query per case would cost an import more than the insert; a batch
        numbered by the counter, the demo fill's, reads none); numbers it adds are in the
        claimed set."""
        session.info[_NUMBERS_IN_STORE] = _NumbersInStore(session)
        return super().writer(session, refs, stamp, chunk=chunk)

    def _check_references(self, refs: References, draft: MediationCaseDraft) -> None:
        super()._check_references(refs, draft)
        if draft.dispute_type not in refs.dispute_codes:
            raise ValidationError([FieldError("dispute_type", "纠纷类型", "不在纠纷类型目录中")])

    @staticmethod
    def _next_number(session: Session, refs: References, year: int) -> str:
        counter = _counter(session, year, start=0)
        counter.last_sequence += 1
        return str(CaseNumber(year, refs.case_prefix, counter.last_sequence))

    @staticmethod
    def _claim(session: Session, refs: References, number: str, current_id: int | None) -> None:
        """A number typed in (or imported) must be free; the year's counter moves past it."""
        known: _NumbersInStore | None = session.info.get(_NUMBERS_IN_STORE)
        if known is not None:
            taken = known.case_with(number)
        else:
            # No autoflush: only counters can be pending here, and flushing them on every
            # claim would cost a batch an UPDATE per case.
            with session.no_autoflush:
                taken = session.scalars(
                    select(MediationCaseRow.id).where(MediationCaseRow.case_number == number)
                ).first()
        claimed = _claimed_in(session)
        if (taken is not None and taken != current_id) or number in claimed:
            raise ValidationError([FieldError("case_number", "案号", "已被其他案件使用")])
        claimed.add(number)
        parsed = CaseNumber.parse(number)
        if parsed.prefix == refs.case_prefix:
            counter = _counter(session, parsed.year, start=parsed.sequence)
            counter.last_sequence = max(counter.last_sequence, parsed.sequence)


def _counter(session: Session, year: int, *, start: int) -> CaseNumberCounterRow:
    """The year's counter, made (at ``start``) if the store has none.

    Held in ``session.info`` for the transaction: the session keeps clean objects only weakly,
    and a batch numbering cases of two years would otherwise reload (and first flush) a
    counter for every case. A batch that clears the session detaches them; they are re-read.
    """
    held: dict[int, CaseNumberCounterRow] = session.info.setdefault("case_number_counters", {})
    counter = held.get(year)
    if counter is None or counter not in session:
        with session.no_autoflush:  # a pending counter of this year would be in ``held``
            counter = session.get(CaseNumberCounterRow, year)
        if counter is None:
            counter = CaseNumberCounterRow(year=year, last_sequence=start)
            session.add(counter)
        held[year] = counter
    return counter


_NUMBERS_IN_STORE = "case_numbers_in_store"


class _NumbersInStore:
    """The store's case numbers and their cases, read on the first question."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._cases: dict[str, int] | None = None

    def case_with(self, number: str) -> int | None:
        if self._cases is None:
            with self._session.no_autoflush:  # as the query per claim: no pending flushes
                rows = self._session.execute(
                    select(MediationCaseRow.case_number, MediationCaseRow.id)
                )
                self._cases = {found: case_id for found, case_id in rows}
        return self._cases.get(number)


def _claimed_in(session: Session) -> set[str]:
    """Numbers handed out in this transaction but maybe not yet flushed (a batch import)."""
    claimed: set[str] = session.info.setdefault("claimed_case_numbers", set())
    return claimed
