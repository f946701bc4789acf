"""The quarter's live records as the quarterly table counts them, read in a few narrow queries.

Only the columns the counting reads (named as the draft's fields), only records whose dates can
fall in the quarter, and never a voided one. The counting itself is the domain's
(``domain.quarter_statistics``), the same for the station and the county.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, time
from typing import Any, NamedTuple, cast

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from station_app.domain.choices import DutyServiceType
from station_app.domain.quarter import Quarter
from station_app.domain.quarter_statistics import (
    WEEK_SPILL,
    Consultation,
    DutyLog,
    LegalAidReview,
    MediationCase,
    PublicityEvent,
    QuarterRecords,
    ServiceItem,
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


class _Item(NamedTuple):
    service_type: DutyServiceType | None


class _DutyEntry(NamedTuple):
    village_id: int | None
    duty_on: date | None
    lawyer_name: str | None
    start_time: time | None
    end_time: time | None
    items: tuple[ServiceItem, ...]


def quarter_records(session: Session, quarter: Quarter) -> QuarterRecords:
    """Every live record the quarter's table may count (SQLAlchemy rows carry the draft's
    field names, which is all the counting reads)."""
    start, end = quarter.start, quarter.end
    c, m, p, a = ConsultationRow, MediationCaseRow, PublicityEventRow, LegalAidReviewRow
    consultations = session.execute(
        select(c.village_id, c.consulted_on, c.special_groups, c.outcome).where(
            c.voided_at.is_(None), c.consulted_on.between(start, end)
        )
    ).all()
    mediation = session.execute(
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
        )
    ).all()
    publicity = session.execute(
        select(p.village_id, p.held_on, p.attendees).where(
            p.voided_at.is_(None), p.held_on.between(start, end)
        )
    ).all()
    legal_aid = session.execute(
        select(a.village_id, a.applied_on, a.opinion, a.forwarded_on).where(
            a.voided_at.is_(None),
            or_(a.applied_on.between(start, end), a.forwarded_on.between(start, end)),
        )
    ).all()
    return QuarterRecords(
        consultations=cast(Sequence[Consultation], consultations),
        mediation_cases=cast(Sequence[MediationCase], mediation),
        publicity_events=cast(Sequence[PublicityEvent], publicity),
        duty_logs=_duty_logs(session, start, end + WEEK_SPILL),
        legal_aid_reviews=cast(Sequence[LegalAidReview], legal_aid),
    )


def _duty_logs(session: Session, start: date, end: date) -> list[tuple[DutyLog, bool]]:
    d, i = DutyLogRow, DutyServiceItemRow
    live = (d.voided_at.is_(None), d.duty_on.between(start, end))
    items: dict[int, list[ServiceItem]] = defaultdict(list)
    for log_id, service_type in session.execute(
        select(i.duty_log_id, i.service_type).join(d, i.duty_log_id == d.id).where(*live)
    ):
        items[log_id].append(_Item(service_type))
    rows = session.execute(
        select(
            d.id,
            d.village_id,
            d.duty_on,
            d.lawyer_name,
            d.start_time,
            d.end_time,
            d.confirmed_on.is_not(None),
        ).where(*live)
    )
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
