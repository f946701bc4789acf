"""What the work queue (待办) needs from the store, read in a few narrow queries.

Each read is narrowed by the cut-off dates the domain computes (``domain.work_queue.cutoffs``)
and never returns a voided record; the rules themselves (and the wording) are the domain's.
Rows are read as SQLite holds them and converted once per distinct value, as the quarterly
table's reads are (``report_queries``): a big store has thousands of candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, time
from typing import Any

from sqlalchemy import ClauseElement, Connection, func, select
from sqlalchemy.orm import Session

from station_app.domain.choices import AidOpinion, MediationResult, Satisfaction, UnitKind
from station_app.domain.work_queue import (
    Cutoffs,
    Dissatisfied,
    DutyEntry,
    ForwardedReview,
    OpenCase,
    SettledCase,
)
from station_app.storage.ledger_tables import (
    ConsultationRow,
    DutyLogRow,
    LegalAidReviewRow,
    MediationCaseRow,
    MediationFollowUpRow,
    PublicityEventRow,
)
from station_app.storage.organisation_tables import VillageRow


class _Values(dict[Any, Any]):
    """Stored value -> its Python value, each distinct one converted once."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self.convert = convert

    def __missing__(self, stored: Any) -> Any:
        value = self[stored] = self.convert(stored)
        return value


def _stored(connection: Connection, stmt: ClauseElement) -> Sequence[Any]:
    """The rows as SQLite holds them, unconverted (dates as ISO text, choices as their text)."""
    sql = stmt.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    return connection.exec_driver_sql(str(sql)).all()


class LiveVillage:
    """A row of the progress panel and a unit of the village-level items."""

    __slots__ = ("id", "kind", "name")

    def __init__(self, id: int, name: str, kind: UnitKind) -> None:
        self.id, self.name, self.kind = id, name, kind


def live_villages(session: Session) -> list[LiveVillage]:
    """The station's villages and communities in station order (voided ones left out)."""
    v = VillageRow
    rows = session.execute(
        select(v.id, v.name, v.kind).where(v.voided_at.is_(None)).order_by(v.position, v.id)
    )
    return [LiveVillage(i, name, kind) for i, name, kind in rows]


def open_cases(session: Session, cut: Cutoffs) -> list[OpenCase]:
    """Live cases 调解中 accepted on or before the cut-off (index ix_mediation_case_kind_live)."""
    m = MediationCaseRow
    days = _Values(date.fromisoformat)
    return [
        OpenCase(i, number, village, days[accepted])
        for i, number, village, accepted in _stored(
            session.connection(),
            select(m.id, m.case_number, m.village_id, m.accepted_on).where(
                m.voided_at.is_(None),
                m.result == MediationResult.IN_PROGRESS.value,
                m.accepted_on <= cut.mediation,
            ),
        )
    ]


def settled_without_follow_up(session: Session, cut: Cutoffs) -> list[SettledCase]:
    """Live cases 调解成功, closed on or before the cut-off, with no follow-up recorded: their
    回访日期 (the latest follow-up's date) is empty. Index ix_mediation_case_not_followed_up."""
    m = MediationCaseRow
    days = _Values(date.fromisoformat)
    return [
        SettledCase(i, number, village, days[closed])
        for i, number, village, closed in _stored(
            session.connection(),
            select(m.id, m.case_number, m.village_id, m.closed_on).where(
                m.voided_at.is_(None),
                m.result == MediationResult.SUCCESS.value,
                m.follow_up_on.is_(None),
                m.closed_on <= cut.follow_up,
            ),
        )
    ]


def forwarded_without_decision(session: Session, cut: Cutoffs) -> list[ForwardedReview]:
    """Live reviews 符合条件转送 on or before the cut-off with no decision of the center
    (index ix_legal_aid_review_awaiting_decision)."""
    a = LegalAidReviewRow
    days = _Values(date.fromisoformat)
    return [
        ForwardedReview(i, village, days[forwarded])
        for i, village, forwarded in _stored(
            session.connection(),
            select(a.id, a.village_id, a.forwarded_on).where(
                a.voided_at.is_(None),
                a.opinion == AidOpinion.FORWARD.value,
                a.aid_decision.is_(None),
                a.forwarded_on <= cut.aid_decision,
            ),
        )
    ]


def duty_entries(session: Session, start: date, end: date, cut: Cutoffs) -> list[DutyEntry]:
    """Live visits dated in [start, end], confirmed or not, and the unconfirmed ones before
    ``start`` dated on or before the visit cut-off (indexes ix_duty_log_live and
    ix_duty_log_unconfirmed)."""
    d = DutyLogRow
    connection = session.connection()
    days, times = _Values(date.fromisoformat), _Values(time.fromisoformat)
    columns = (
        d.id,
        d.village_id,
        d.duty_on,
        d.lawyer_name,
        d.start_time,
        d.end_time,
        d.confirmed_on.is_not(None),
    )
    in_window = select(*columns).where(d.voided_at.is_(None), d.duty_on.between(start, end))
    older = select(*columns).where(
        d.voided_at.is_(None),
        d.confirmed_on.is_(None),
        d.duty_on < start,
        d.duty_on <= cut.visit,
    )
    out = []
    for stmt in (in_window, older):
        for i, village, day, lawyer, begin, finish, confirmed in _stored(connection, stmt):
            out.append(
                DutyEntry(
                    i, village, days[day], lawyer, times[begin], times[finish], bool(confirmed)
                )
            )
    return out


def publicity_counts(session: Session, start: date, end: date) -> dict[int | None, int]:
    """Live publicity events per village dated in [start, end]."""
    p = PublicityEventRow
    rows = _stored(
        session.connection(),
        select(p.village_id, func.count())
        .where(p.voided_at.is_(None), p.held_on.between(start, end))
        .group_by(p.village_id),
    )
    return {village: int(n) for village, n in rows}


def villages_served_by(session: Session, lawyer_name: str, since: date) -> frozenset[int | None]:
    """The villages whose live duty logs since ``since`` name this lawyer."""
    d = DutyLogRow
    rows = session.execute(
        select(d.village_id)
        .where(d.voided_at.is_(None), d.lawyer_name == lawyer_name, d.duty_on >= since)
        .distinct()
    )
    return frozenset(rows.scalars())


def dissatisfied(session: Session) -> list[Dissatisfied]:
    """Consultations of live records, and follow-ups of live cases, rated 不满意 whose 核实情况
    is empty (indexes ix_consultation_unverified, ix_mediation_follow_up_unverified)."""
    c, m, f = ConsultationRow, MediationCaseRow, MediationFollowUpRow
    connection = session.connection()
    days = _Values(date.fromisoformat)
    unhappy = Satisfaction.DISSATISFIED.value
    out = [
        Dissatisfied("consultation", i, village, days[day])
        for i, village, day in _stored(
            connection,
            select(c.id, c.village_id, c.consulted_on).where(
                c.voided_at.is_(None), c.satisfaction == unhappy, c.verification.is_(None)
            ),
        )
    ]
    out += [
        Dissatisfied("mediation_case", i, village, days[day], number)
        for i, village, day, number in _stored(
            connection,
            select(m.id, m.village_id, f.followed_up_on, m.case_number)
            .join(m, f.case_id == m.id)
            .where(f.satisfaction == unhappy, f.verification.is_(None), m.voided_at.is_(None)),
        )
    ]
    return out
