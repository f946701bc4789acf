"""The quarter's live records as the quarterly table counts them, read in a few narrow queries.

Only the columns the counting reads (named as the draft's fields), only records whose dates can
fall in the quarter, and never a voided one. The counting itself is the domain's
(``domain.quarter_statistics``), the same for the station and the county.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import Connection, String, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from station_app.domain.choices import (
    AidOpinion,
    ConsultOutcome,
    DutyServiceType,
    JudicialConfirmation,
    MediationResult,
    SpecialGroup,
)
from station_app.domain.quarter import Quarter
from station_app.domain.quarter_statistics import (
    WEEK_SPILL,
    DutyLog,
    QuarterRecords,
    ServiceItem,
)
from station_app.storage.column_types import Choice, ChoiceSet
from station_app.storage.ledger_tables import (
    ConsultationRow,
    DutyLogRow,
    DutyServiceItemRow,
    LegalAidReviewRow,
    MediationCaseRow,
    PublicityEventRow,
)
from station_app.storage.outbox_table import OutboxRow


class _Consultation(NamedTuple):
    village_id: int | None
    consulted_on: date | None
    special_groups: tuple[SpecialGroup, ...]
    outcome: ConsultOutcome | None


class _MediationCase(NamedTuple):
    village_id: int | None
    accepted_on: date | None
    persons_involved: int | None
    result: MediationResult | None
    closed_on: date | None
    amount: Decimal | None
    judicial_confirmation: JudicialConfirmation


class _PublicityEvent(NamedTuple):
    village_id: int | None
    held_on: date | None
    attendees: int | None


class _LegalAidReview(NamedTuple):
    village_id: int | None
    applied_on: date | None
    opinion: AidOpinion | None
    forwarded_on: date | None


class _Item(NamedTuple):
    service_type: DutyServiceType | None


class _DutyEntry(NamedTuple):
    village_id: int | None
    duty_on: date | None
    lawyer_name: str | None
    start_time: time | None
    end_time: time | None
    items: tuple[ServiceItem, ...]


class _Values(dict[str | None, Any]):
    """Stored text -> its value, each distinct text converted once (enum lookups by the
    column type cost more than the counting itself on a big quarter)."""

    def __init__(self, convert: Callable[[str], Any]) -> None:
        super().__init__({None: None})
        self.convert = convert

    def __missing__(self, text: str) -> Any:
        value = self[text] = self.convert(text)
        return value


def _choice(column: Any) -> _Values:
    choice: Choice[Any] = column.type
    return _Values(choice.enum)


def _choice_set(column: Any) -> _Values:
    choices: ChoiceSet[Any] = column.type
    return _Values(lambda text: choices.process_result_value(text, None))  # type: ignore[arg-type]


def _raw(column: Any) -> Any:
    """The column's stored text, not yet turned into its Python value."""
    return type_coerce(column, String)


def quarter_records(session: Session, quarter: Quarter) -> QuarterRecords:
    """Every live record the quarter's table may count, with the fields the counting reads."""
    run = session.connection().execute  # Core rows: the ORM's row loading costs as much again
    start, end = quarter.start, quarter.end
    c, m, p, a = ConsultationRow, MediationCaseRow, PublicityEventRow, LegalAidReviewRow
    groups, outcomes = _choice_set(c.special_groups), _choice(c.outcome)
    consultations = [
        _Consultation(v, day, groups[g], outcomes[o])
        for v, day, g, o in run(
            select(c.village_id, c.consulted_on, _raw(c.special_groups), _raw(c.outcome)).where(
                c.voided_at.is_(None), c.consulted_on.between(start, end)
            )
        ).all()
    ]
    results, confirmations = _choice(m.result), _choice(m.judicial_confirmation)
    mediation = [
        _MediationCase(v, accepted, persons, results[r], closed, amount, confirmations[j])
        for v, accepted, persons, r, closed, amount, j in run(
            select(
                m.village_id,
                m.accepted_on,
                m.persons_involved,
                _raw(m.result),
                m.closed_on,
                m.amount,
                _raw(m.judicial_confirmation),
            ).where(
                m.voided_at.is_(None),
                or_(m.accepted_on.between(start, end), m.closed_on.between(start, end)),
            )
        ).all()
    ]
    publicity = [
        _PublicityEvent(*row)
        for row in run(
            select(p.village_id, p.held_on, p.attendees).where(
                p.voided_at.is_(None), p.held_on.between(start, end)
            )
        ).all()
    ]
    opinions = _choice(a.opinion)
    legal_aid = [
        _LegalAidReview(v, applied, opinions[o], forwarded)
        for v, applied, o, forwarded in run(
            select(a.village_id, a.applied_on, _raw(a.opinion), a.forwarded_on).where(
                a.voided_at.is_(None),
                or_(a.applied_on.between(start, end), a.forwarded_on.between(start, end)),
            )
        ).all()
    ]
    return QuarterRecords(
        consultations=consultations,
        mediation_cases=mediation,
        publicity_events=publicity,
        duty_logs=_duty_logs(session.connection(), start, end + WEEK_SPILL),
        legal_aid_reviews=legal_aid,
    )


def _duty_logs(connection: Connection, start: date, end: date) -> list[tuple[DutyLog, bool]]:
    d, i = DutyLogRow, DutyServiceItemRow
    live = (d.voided_at.is_(None), d.duty_on.between(start, end))
    types = _Values(lambda text: _Item(_choice(i.service_type)[text]))
    items: dict[int, list[ServiceItem]] = defaultdict(list)
    for log_id, service_type in connection.execute(
        select(i.duty_log_id, _raw(i.service_type)).join(d, i.duty_log_id == d.id).where(*live)
    ).all():
        items[log_id].append(types[service_type])
    rows = connection.execute(
        select(
            d.id,
            d.village_id,
            d.duty_on,
            d.lawyer_name,
            d.start_time,
            d.end_time,
            d.confirmed_on.is_not(None),
        ).where(*live)
    ).all()
    empty: tuple[ServiceItem, ...] = ()
    out: list[tuple[DutyLog, bool]] = []
    for log_id, village, day, lawyer, begin, finish, confirmed in rows:
        found = items.get(log_id)
        entry = _DutyEntry(village, day, lawyer, begin, finish, tuple(found) if found else empty)
        out.append((entry, bool(confirmed)))
    return out


def _int(value: Any) -> int:
    return int(value or 0)


def last_change_seq(session: Session) -> int:
    """The outbox sequence the store has reached: what a table was computed 'as of'."""
    return _int(session.scalar(select(func.max(OutboxRow.seq))))
