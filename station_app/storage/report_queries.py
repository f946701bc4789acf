"""The quarter's live records as the quarterly table counts them, read in a few narrow queries.

Only the columns the counting reads (named as the draft's fields), only records whose dates can
fall in the quarter, and never a voided one. The counting itself is the domain's
(``domain.quarter_statistics``), the same for the station and the county.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, time
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import ClauseElement, Connection, func, or_, select
from sqlalchemy.orm import Session

from station_app.domain.choices import (
    AidOpinion,
    ConsultOutcome,
    DutyServiceType,
    JudicialConfirmation,
    MediationResult,
    Satisfaction,
    SpecialGroup,
)
from station_app.domain.quarter import Quarter
from station_app.domain.quarter_statistics import (
    WEEK_SPILL,
    DutyLog,
    QuarterRecords,
    ServiceItem,
)
from station_app.storage.column_types import Choice, ChoiceSet, Money
from station_app.storage.ledger_tables import (
    ConsultationRow,
    DutyLogRow,
    DutyServiceItemRow,
    LegalAidReviewRow,
    MediationCaseRow,
    MediationFollowUpRow,
    PublicityEventRow,
)
from station_app.storage.outbox_table import OutboxRow


class _Consultation(NamedTuple):
    village_id: int | None
    consulted_on: date | None
    special_groups: tuple[SpecialGroup, ...]
    outcome: ConsultOutcome | None
    satisfaction: Satisfaction | None


class _FollowUp(NamedTuple):
    followed_up_on: date | None
    satisfaction: Satisfaction | None


class _FollowedUpCase(NamedTuple):
    """One follow-up in the quarter with its case's 村(居), shaped as a case with follow-ups."""

    village_id: int | None
    follow_ups: tuple[_FollowUp, ...]


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


class _Values(dict[Any, Any]):
    """Stored value -> its Python value, each distinct one converted once: a quarter has a
    few dozen days and choices but tens of thousands of records."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self.convert = convert

    def __missing__(self, stored: Any) -> Any:
        value = self[stored] = self.convert(stored)
        return value


def _choice(column: Any) -> _Values:
    choice: Choice[Any] = column.type
    return _Values(choice.enum)


def _choice_set(column: Any) -> _Values:
    choices: ChoiceSet[Any] = column.type
    return _Values(lambda text: choices.process_result_value(text, None))  # type: ignore[arg-type]


def _stored(connection: Connection, stmt: ClauseElement) -> Sequence[Any]:
    """The rows as SQLite holds them, unconverted: the column types' per-value conversion
    costs more than reading and counting together on a big quarter (see ``_Values``)."""
    sql = stmt.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    return connection.exec_driver_sql(str(sql)).all()


def quarter_records(session: Session, quarter: Quarter) -> QuarterRecords:
    """Every live record the quarter's table may count, with the fields the counting reads."""
    connection = session.connection()
    start, end = quarter.start, quarter.end
    days = _Values(date.fromisoformat)
    c, m, p, a = ConsultationRow, MediationCaseRow, PublicityEventRow, LegalAidReviewRow
    groups, outcomes = _choice_set(c.special_groups), _choice(c.outcome)
    ratings = _choice(c.satisfaction)
    consultations = [
        _Consultation(v, days[day], groups[g], outcomes[o], ratings[s])
        for v, day, g, o, s in _stored(
            connection,
            select(c.village_id, c.consulted_on, c.special_groups, c.outcome, c.satisfaction).where(
                c.voided_at.is_(None), c.consulted_on.between(start, end)
            ),
        )
    ]
    results, confirmations = _choice(m.result), _choice(m.judicial_confirmation)
    to_yuan = Money().process_result_value
    money = _Values(lambda fen: to_yuan(fen, None))  # type: ignore[arg-type]
    mediation = [
        _MediationCase(
            v, days[accepted], persons, results[r], days[closed], money[fen], confirmations[j]
        )
        for v, accepted, persons, r, closed, fen, j in _stored(
            connection,
            select(
                m.village_id,
                m.accepted_on,
                m.persons_involved,
                m.result,
                m.closed_on,
                m.amount,
                m.judicial_confirmation,
            ).where(
                m.voided_at.is_(None),
                or_(m.accepted_on.between(start, end), m.closed_on.between(start, end)),
            ),
        )
    ]
    publicity = [
        _PublicityEvent(v, days[day], attendees)
        for v, day, attendees in _stored(
            connection,
            select(p.village_id, p.held_on, p.attendees).where(
                p.voided_at.is_(None), p.held_on.between(start, end)
            ),
        )
    ]
    opinions = _choice(a.opinion)
    legal_aid = [
        _LegalAidReview(v, days[applied], opinions[o], days[forwarded])
        for v, applied, o, forwarded in _stored(
            connection,
            select(a.village_id, a.applied_on, a.opinion, a.forwarded_on).where(
                a.voided_at.is_(None),
                or_(a.applied_on.between(start, end), a.forwarded_on.between(start, end)),
            ),
        )
    ]
    return QuarterRecords(
        consultations=consultations,
        mediation_cases=mediation,
        publicity_events=publicity,
        duty_logs=_duty_logs(connection, days, start, end + WEEK_SPILL),
        legal_aid_reviews=legal_aid,
        followed_up_cases=_follow_ups(connection, days, ratings, start, end),
    )


def _follow_ups(
    connection: Connection, days: _Values, ratings: _Values, start: date, end: date
) -> list[_FollowedUpCase]:
    """The quarter's follow-ups of live cases, each with its case's 村(居)."""
    f, m = MediationFollowUpRow, MediationCaseRow
    return [
        _FollowedUpCase(village, (_FollowUp(days[day], ratings[rating]),))
        for village, day, rating in _stored(
            connection,
            select(m.village_id, f.followed_up_on, f.satisfaction)
            .join(m, f.case_id == m.id)
            .where(m.voided_at.is_(None), f.followed_up_on.between(start, end)),
        )
    ]


def _duty_logs(
    connection: Connection, days: _Values, start: date, end: date
) -> list[tuple[DutyLog, bool]]:
    d, i = DutyLogRow, DutyServiceItemRow
    live = (d.voided_at.is_(None), d.duty_on.between(start, end))
    service_types = _choice(i.service_type)
    types = _Values(lambda text: _Item(service_types[text]))
    items: dict[int, list[ServiceItem]] = defaultdict(list)
    for log_id, service_type in _stored(
        connection,
        select(i.duty_log_id, i.service_type).join(d, i.duty_log_id == d.id).where(*live),
    ):
        items[log_id].append(types[service_type])
    times = _Values(time.fromisoformat)
    empty: tuple[ServiceItem, ...] = ()
    out: list[tuple[DutyLog, bool]] = []
    for log_id, village, day, lawyer, begin, finish, confirmed in _stored(
        connection,
        select(
            d.id,
            d.village_id,
            d.duty_on,
            d.lawyer_name,
            d.start_time,
            d.end_time,
            d.confirmed_on.is_not(None),
        ).where(*live),
    ):
        found = items.get(log_id)
        entry = _DutyEntry(
            village,
            days[day],
            lawyer,
            times[begin],
            times[finish],
            tuple(found) if found else empty,
        )
        out.append((entry, bool(confirmed)))
    return out


def _int(value: Any) -> int:
    return int(value or 0)


def last_change_seq(session: Session) -> int:
    """The outbox sequence the store has reached: what a table was computed 'as of'."""
    return _int(session.scalar(select(func.max(OutboxRow.seq))))
