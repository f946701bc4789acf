"""The quarterly table's aggregates, counted in SQLite (GROUP BY village) rather than in Python.

Every function takes a date range and returns plain numbers keyed by ``village_id`` (``None``
is the station itself). Voided records never count. The counting rules are the spec's
(`shared/spec/quarterly-report.md`); the report module turns these into the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, select
from sqlalchemy.orm import Session

from station_app.domain.choices import (
    AidOpinion,
    ConsultOutcome,
    DutyServiceType,
    JudicialConfirmation,
    MediationResult,
)
from station_app.storage.ledger_tables import (
    ConsultationRow,
    DutyLogRow,
    DutyServiceItemRow,
    LegalAidReviewRow,
    MediationCaseRow,
    PublicityEventRow,
)
from station_app.storage.outbox_table import OutboxRow

VillageKey = int | None

CLOSED_RESULTS = (MediationResult.SUCCESS, MediationResult.FAILED, MediationResult.TERMINATED)
CONTRACT_AND_OPINION = (DutyServiceType.CONTRACT_REVIEW, DutyServiceType.LEGAL_OPINION)


@dataclass(frozen=True)
class ConsultationCounts:
    total: int = 0
    special_groups: int = 0
    referred: int = 0


@dataclass(frozen=True)
class MediationAccepted:
    cases: int = 0
    persons_involved: int = 0


@dataclass(frozen=True)
class MediationClosed:
    closed: int = 0
    success: int = 0
    amount: Decimal = Decimal("0.00")  # over successful cases
    judicially_confirmed: int = 0  # successful cases with 司法确认 已确认


@dataclass(frozen=True)
class PublicityCounts:
    events: int = 0
    audience: int = 0


@dataclass(frozen=True)
class DutyDay:
    """Lawyer visits of one place on one day, each visit (一次一记) once."""

    village_id: VillageKey
    day: date
    confirmed: bool
    visits: int
    seconds: int


@dataclass(frozen=True)
class LegalAidCounts:
    reviews: int = 0
    forwarded: int = 0


def _int(value: Any) -> int:
    return int(value or 0)


def consultation_counts(
    session: Session, start: date, end: date
) -> dict[VillageKey, ConsultationCounts]:
    r = ConsultationRow
    stmt = (
        select(
            r.village_id,
            func.count(),
            func.sum(case((r.special_groups != "", 1), else_=0)),
            func.sum(case((r.outcome != ConsultOutcome.ANSWERED.value, 1), else_=0)),
        )
        .where(r.voided_at.is_(None), r.consulted_on.between(start, end))
        .group_by(r.village_id)
    )
    return {
        v: ConsultationCounts(_int(n), _int(special), _int(referred))
        for v, n, special, referred in session.execute(stmt)
    }


def mediation_accepted(
    session: Session, start: date, end: date
) -> dict[VillageKey, MediationAccepted]:
    r = MediationCaseRow
    stmt = (
        select(r.village_id, func.count(), func.sum(r.persons_involved))
        .where(r.voided_at.is_(None), r.accepted_on.between(start, end))
        .group_by(r.village_id)
    )
    return {v: MediationAccepted(_int(n), _int(p)) for v, n, p in session.execute(stmt)}


def mediation_closed(session: Session, start: date, end: date) -> dict[VillageKey, MediationClosed]:
    r = MediationCaseRow
    success = r.result == MediationResult.SUCCESS.value
    stmt = (
        select(
            r.village_id,
            func.count(),
            func.sum(case((success, 1), else_=0)),
            # Yuan are held as integer fen: summing the integer keeps the total exact.
            func.sum(case((success, cast(r.amount, Integer)))),
            func.sum(
                case(
                    (
                        and_(
                            success,
                            r.judicial_confirmation == JudicialConfirmation.CONFIRMED.value,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
        )
        .where(
            r.voided_at.is_(None),
            r.closed_on.between(start, end),
            r.result.in_([x.value for x in CLOSED_RESULTS]),
        )
        .group_by(r.village_id)
    )
    return {
        v: MediationClosed(
            _int(closed), _int(ok), (Decimal(_int(fen)) / 100).quantize(Decimal("0.01")), _int(jc)
        )
        for v, closed, ok, fen, jc in session.execute(stmt)
    }


def publicity_counts(session: Session, start: date, end: date) -> dict[VillageKey, PublicityCounts]:
    r = PublicityEventRow
    stmt = (
        select(r.village_id, func.count(), func.sum(r.attendees))
        .where(r.voided_at.is_(None), r.held_on.between(start, end))
        .group_by(r.village_id)
    )
    return {v: PublicityCounts(_int(n), _int(a)) for v, n, a in session.execute(stmt)}


def _seconds(column: Any) -> Any:
    # SQLite keeps a TIME as 'HH:MM:SS.ffffff'; strftime('%s') reads it as seconds on 2000-01-01.
    return cast(func.strftime("%s", column), Integer)


def duty_days(session: Session, start: date, end: date) -> list[DutyDay]:
    """Visits and hours per place, day and confirmation state.

    A visit (一次一记) is one 日期 + 地点 + 律师 + 开始/结束时间: entries sharing all five are
    one visit whose hours count once (as the ledger workbook groups its rows). The visit is
    confirmed when any of its entries carries the officer's confirmation.
    """
    r = DutyLogRow
    visits = (
        select(
            r.village_id.label("village_id"),
            r.duty_on.label("duty_on"),
            func.max(case((r.confirmed_on.is_not(None), 1), else_=0)).label("confirmed"),
            (_seconds(r.end_time) - _seconds(r.start_time)).label("seconds"),
        )
        .where(r.voided_at.is_(None), r.duty_on.between(start, end))
        .group_by(r.village_id, r.duty_on, r.lawyer_name, r.start_time, r.end_time)
        .subquery()
    )
    stmt = select(
        visits.c.village_id,
        visits.c.duty_on,
        visits.c.confirmed,
        func.count(),
        func.sum(visits.c.seconds),
    ).group_by(visits.c.village_id, visits.c.duty_on, visits.c.confirmed)
    return [
        DutyDay(v, day, bool(confirmed), _int(n), _int(seconds))
        for v, day, confirmed, n, seconds in session.execute(stmt)
    ]


def contract_and_opinion_items(session: Session, start: date, end: date) -> dict[VillageKey, int]:
    """Service items of type 合同审查 or 法律意见 in confirmed visits."""
    r, item = DutyLogRow, DutyServiceItemRow
    stmt = (
        select(r.village_id, func.count())
        .join(item, item.duty_log_id == r.id)
        .where(
            r.voided_at.is_(None),
            r.confirmed_on.is_not(None),
            r.duty_on.between(start, end),
            item.service_type.in_([t.value for t in CONTRACT_AND_OPINION]),
        )
        .group_by(r.village_id)
    )
    return {v: _int(n) for v, n in session.execute(stmt)}


def legal_aid_counts(session: Session, start: date, end: date) -> dict[VillageKey, LegalAidCounts]:
    r = LegalAidReviewRow
    applied = dict(
        session.execute(
            select(r.village_id, func.count())
            .where(r.voided_at.is_(None), r.applied_on.between(start, end))
            .group_by(r.village_id)
        ).all()
    )
    forwarded = dict(
        session.execute(
            select(r.village_id, func.count())
            .where(
                r.voided_at.is_(None),
                r.opinion == AidOpinion.FORWARD.value,
                r.forwarded_on.between(start, end),
            )
            .group_by(r.village_id)
        ).all()
    )
    return {
        v: LegalAidCounts(_int(applied.get(v)), _int(forwarded.get(v)))
        for v in set(applied) | set(forwarded)
    }


def last_change_seq(session: Session) -> int:
    """The outbox sequence the store has reached: what a table was computed 'as of'."""
    return _int(session.scalar(select(func.max(OutboxRow.seq))))
