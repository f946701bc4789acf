"""What the work queue (待办) needs from the store, read in a few narrow queries.

Each read is narrowed by the cut-off dates the domain computes (``domain.work_queue.cutoffs``)
and by the account's share (``ReadScope``: its villages, a lawyer's own visits), never returns
a voided record, and lists the oldest records first, up to ``limit`` of each kind, with the
kind's true total beside them: a store with a long backlog (thousands of visits never
confirmed) still answers the 工作台 at once. The rules themselves (and the wording) are the
domain's. Rows are read as SQLite holds them and converted once per distinct value, as the
quarterly table's reads are (``report_queries``).

The planner picks each read's partial index itself, from the statistics the store keeps
current (planner_statistics). Without them it preferred the wider ``*_kind_live`` index for
the cases without a follow-up and the reviews without a decision, reading every 调解成功 case
(every forwarded review) to find the few: 18 -> 59 ms at 200,000 records, which an
``INDEXED BY`` used to prevent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ClauseElement,
    ColumnElement,
    Connection,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from station_app.domain.choices import AidOpinion, MediationResult, Satisfaction, UnitKind
from station_app.domain.work_queue import (
    VISIT_KEY,
    Cutoffs,
    Dissatisfied,
    DutyEntry,
    ForwardedReview,
    OpenCase,
    SettledCase,
    UnconfirmedVisit,
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

T = TypeVar("T")


@dataclass(frozen=True)
class ReadScope:
    """Which records a read may return: those of ``villages`` (None: every village and the
    station itself), visits of ``lawyer`` only (None: anyone's), at most ``limit`` of a kind."""

    villages: frozenset[int | None] | None = None
    lawyer: str | None = None
    limit: int | None = None

    def where(self, column: Any) -> ColumnElement[bool]:
        if self.villages is None:
            return true()
        ids = [v for v in self.villages if v is not None]
        terms: list[ColumnElement[bool]] = [column.in_(ids)] if ids else []
        if None in self.villages:
            terms.append(column.is_(None))
        return or_(*terms) if terms else false()


@dataclass(frozen=True)
class Found(Generic[T]):
    """The oldest records of a kind (up to the scope's limit) and how many there are in all."""

    rows: list[T]
    total: int


class _Values(dict[Any, Any]):
    """Stored value -> its Python value, each distinct one converted once."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self.convert = convert

    def __missing__(self, stored: Any) -> Any:
        value = self[stored] = self.convert(stored)
        return value


_DIALECT = sqlite.dialect()


def _text(stmt: ClauseElement) -> str:
    """``stmt`` as SQLite text, values written in (so partial indexes match their terms)."""
    return str(stmt.compile(dialect=_DIALECT, compile_kwargs={"literal_binds": True}))


#: A read's statement for a day (or a date span) and a scope, ordered oldest first, unlimited;
#: with ``count``, the statement whose rows are counted (as it, or leaner).
Builder = Callable[[tuple[Any, ...], ReadScope, bool], Any]


@lru_cache(maxsize=256)
def _sql(build: Builder, dates: tuple[Any, ...], scope: ReadScope, count: bool) -> str:
    """The SQL text of a read, compiled once per day and scope: the 工作台 asks again after
    every save, and compiling a dozen statements would cost more than running them."""
    stmt = build(dates, scope, count)
    if count:
        return _text(select(func.count()).select_from(stmt.order_by(None).subquery()))
    if scope.limit is not None:
        stmt = stmt.limit(scope.limit)
    return _text(stmt)


def _rows(connection: Connection, sql: str) -> Sequence[Any]:
    """The rows as SQLite holds them, unconverted (dates as ISO text, choices as their text)."""
    return connection.exec_driver_sql(sql).all()


def _found(
    connection: Connection,
    build: Builder,
    dates: tuple[Any, ...],
    scope: ReadScope,
    make: Callable[[Any], T],
) -> Found[T]:
    """A read's rows (oldest first) up to the scope's limit, and its total."""
    rows = [make(r) for r in _rows(connection, _sql(build, dates, scope, False))]
    if scope.limit is None or len(rows) < scope.limit:
        return Found(rows, len(rows))
    return Found(rows, int(_rows(connection, _sql(build, dates, scope, True))[0][0]))


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


def _open_cases(dates: tuple[Any, ...], scope: ReadScope, _count: bool) -> Any:
    m = MediationCaseRow
    stmt = (
        select(m.id, m.case_number, m.village_id, m.accepted_on)
        .where(
            m.voided_at.is_(None),
            m.result == MediationResult.IN_PROGRESS.value,
            m.accepted_on <= dates[0],
            scope.where(m.village_id),
        )
        .order_by(m.accepted_on, m.id)
    )
    return stmt


def open_cases(session: Session, cut: Cutoffs, scope: ReadScope) -> Found[OpenCase]:
    """Live cases 调解中 accepted on or before the cut-off (index ix_mediation_case_kind_live)."""
    days = _Values(date.fromisoformat)
    return _found(
        session.connection(),
        _open_cases,
        (cut.mediation,),
        scope,
        lambda r: OpenCase(r[0], r[1], r[2], days[r[3]]),
    )


def _settled(dates: tuple[Any, ...], scope: ReadScope, _count: bool) -> Any:
    m = MediationCaseRow
    stmt = (
        select(m.id, m.case_number, m.village_id, m.closed_on)
        .where(
            m.voided_at.is_(None),
            m.result == MediationResult.SUCCESS.value,
            m.follow_up_on.is_(None),
            m.closed_on <= dates[0],
            scope.where(m.village_id),
        )
        .order_by(m.closed_on, m.id)
    )
    return stmt


def settled_without_follow_up(
    session: Session, cut: Cutoffs, scope: ReadScope
) -> Found[SettledCase]:
    """Live cases 调解成功, closed on or before the cut-off, with no follow-up recorded: their
    回访日期 (the latest follow-up's date) is empty. Index ix_mediation_case_not_followed_up."""
    days = _Values(date.fromisoformat)
    return _found(
        session.connection(),
        _settled,
        (cut.follow_up,),
        scope,
        lambda r: SettledCase(r[0], r[1], r[2], days[r[3]]),
    )


def _forwarded(dates: tuple[Any, ...], scope: ReadScope, _count: bool) -> Any:
    a = LegalAidReviewRow
    stmt = (
        select(a.id, a.village_id, a.forwarded_on)
        .where(
            a.voided_at.is_(None),
            a.opinion == AidOpinion.FORWARD.value,
            a.aid_decision.is_(None),
            a.forwarded_on <= dates[0],
            scope.where(a.village_id),
        )
        .order_by(a.forwarded_on, a.id)
    )
    return stmt


def forwarded_without_decision(
    session: Session, cut: Cutoffs, scope: ReadScope
) -> Found[ForwardedReview]:
    """Live reviews 符合条件转送 on or before the cut-off with no decision of the center
    (index ix_legal_aid_review_awaiting_decision)."""
    days = _Values(date.fromisoformat)
    return _found(
        session.connection(),
        _forwarded,
        (cut.aid_decision,),
        scope,
        lambda r: ForwardedReview(r[0], r[1], days[r[2]]),
    )


def _visits(dates: tuple[Any, ...], scope: ReadScope, count: bool) -> Any:
    d = DutyLogRow
    key = [getattr(d, name) for name in VISIT_KEY]
    filters: list[ColumnElement[bool]] = [
        d.voided_at.is_(None),
        d.confirmed_on.is_(None),
        d.duty_on <= dates[0],
        scope.where(d.village_id),
    ]
    if scope.lawyer is not None:
        filters.append(d.lawyer_name == scope.lawyer)
    grouped = select(*key).where(*filters).group_by(*key)
    if count:  # the visits, without gathering their entries' ids
        return grouped
    return grouped.add_columns(func.group_concat(d.id)).order_by(*key)


def unconfirmed_visits(session: Session, cut: Cutoffs, scope: ReadScope) -> Found[UnconfirmedVisit]:
    """Live unconfirmed entries dated on or before the cut-off, grouped into visits by the
    domain's ``VISIT_KEY``, oldest first, from the covering partial index
    ix_duty_log_unconfirmed_visits (date, village, lawyer): both reads are index-only."""
    days = _Values(date.fromisoformat)
    return _found(
        session.connection(),
        _visits,
        (cut.visit,),
        scope,
        lambda r: UnconfirmedVisit(
            days[r[0]], r[1], r[2], tuple(int(i) for i in str(r[3]).split(","))
        ),
    )


def _confirmed(dates: tuple[Any, ...], scope: ReadScope, _count: bool) -> Any:
    d = DutyLogRow
    stmt = select(d.id, d.village_id, d.duty_on, d.lawyer_name, d.start_time, d.end_time).where(
        d.voided_at.is_(None), d.confirmed_on.is_not(None), d.duty_on.between(*dates)
    )
    return stmt


def confirmed_entries(session: Session, start: date, end: date) -> list[DutyEntry]:
    """Live confirmed entries dated in [start, end] (index ix_duty_log_confirmed): the hours."""
    days, times = _Values(date.fromisoformat), _Values(time.fromisoformat)
    sql = _sql(_confirmed, (start, end), ReadScope(), False)
    return [
        DutyEntry(i, village, days[day], lawyer, times[begin], times[finish], True)
        for i, village, day, lawyer, begin, finish in _rows(session.connection(), sql)
    ]


def _publicity(dates: tuple[Any, ...], scope: ReadScope, _count: bool) -> Any:
    p = PublicityEventRow
    stmt = (
        select(p.village_id, func.count())
        .where(p.voided_at.is_(None), p.held_on.between(*dates))
        .group_by(p.village_id)
    )
    return stmt


def publicity_counts(session: Session, start: date, end: date) -> dict[int | None, int]:
    """Live publicity events per village dated in [start, end]."""
    sql = _sql(_publicity, (start, end), ReadScope(), False)
    return {village: int(n) for village, n in _rows(session.connection(), sql)}


def _unhappy_consultations(dates: tuple[Any, ...], scope: ReadScope, _count: bool) -> Any:
    c = ConsultationRow
    stmt = (
        select(c.id, c.village_id, c.consulted_on)
        .where(
            c.voided_at.is_(None),
            c.satisfaction == Satisfaction.DISSATISFIED.value,
            c.verification.is_(None),
            c.consulted_on <= dates[0],
            scope.where(c.village_id),
        )
        .order_by(c.consulted_on, c.id)
    )
    return stmt


def _unhappy_follow_ups(dates: tuple[Any, ...], scope: ReadScope, _count: bool) -> Any:
    m, f = MediationCaseRow, MediationFollowUpRow
    stmt = (
        select(m.id, m.village_id, f.followed_up_on, m.case_number)
        .join(m, f.case_id == m.id)
        .where(
            f.satisfaction == Satisfaction.DISSATISFIED.value,
            f.verification.is_(None),
            f.followed_up_on <= dates[0],
            m.voided_at.is_(None),
            scope.where(m.village_id),
        )
        .order_by(f.followed_up_on, f.id)
    )
    return stmt


def dissatisfied(session: Session, today: date, scope: ReadScope) -> Found[Dissatisfied]:
    """Consultations of live records, and follow-ups of live cases, rated 不满意 on or before
    ``today`` whose 核实情况 is empty (indexes ix_consultation_unverified,
    ix_mediation_follow_up_unverified)."""
    connection = session.connection()
    days = _Values(date.fromisoformat)
    consultations = _found(
        connection,
        _unhappy_consultations,
        (today,),
        scope,
        lambda r: Dissatisfied("consultation", r[0], r[1], days[r[2]]),
    )
    follow_ups = _found(
        connection,
        _unhappy_follow_ups,
        (today,),
        scope,
        lambda r: Dissatisfied("mediation_case", r[0], r[1], days[r[2]], r[3]),
    )
    both = sorted(consultations.rows + follow_ups.rows, key=lambda d: (d.rated_on, d.record_id))
    listed = both if scope.limit is None else both[: scope.limit]
    return Found(listed, consultations.total + follow_ups.total)


def villages_served_by(session: Session, lawyer_name: str, since: date) -> frozenset[int | None]:
    """The villages whose live duty logs since ``since`` name this lawyer."""
    d = DutyLogRow
    rows = session.execute(
        select(d.village_id)
        .where(d.voided_at.is_(None), d.lawyer_name == lawyer_name, d.duty_on >= since)
        .distinct()
    )
    return frozenset(rows.scalars())
