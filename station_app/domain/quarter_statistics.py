"""What the quarterly table counts, worked out from the records themselves (no store).

One function for the station and the county: the station feeds it the quarter's records read
from its store, the county the same records decoded from what the station sent, so the county's
row for a station cannot count differently from that station's own 合计. The rules are the
spec's (``shared/spec/quarterly-report.md``): each ledger counts by its own date, rows are by the
record's 村(居) (``None``: the station itself). Only live records are passed in: voided (作废)
ones never count, and each side leaves them out as it reads.

A record is anything with the draft's field names: the domain drafts themselves, or the light
rows the store reads for speed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Protocol

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
from station_app.domain.satisfaction_statistics import (
    FollowedUpCase,
    SatisfactionCounts,
    count_satisfaction,
)

VillageKey = int | None

CLOSED_RESULTS = frozenset(
    {MediationResult.SUCCESS, MediationResult.FAILED, MediationResult.TERMINATED}
)
CONTRACT_AND_OPINION = frozenset({DutyServiceType.CONTRACT_REVIEW, DutyServiceType.LEGAL_OPINION})
#: A week whose Monday is the quarter's last day ends six days after it (值班达标 by week).
WEEK_SPILL = timedelta(days=6)


# -- what a record must offer (the draft's field names) -------------------------------------


class Consultation(Protocol):
    @property
    def village_id(self) -> int | None: ...
    @property
    def consulted_on(self) -> date | None: ...
    @property
    def special_groups(self) -> tuple[SpecialGroup, ...]: ...
    @property
    def outcome(self) -> ConsultOutcome | None: ...
    @property
    def satisfaction(self) -> Satisfaction | None: ...


class MediationCase(Protocol):
    @property
    def village_id(self) -> int | None: ...
    @property
    def accepted_on(self) -> date | None: ...
    @property
    def persons_involved(self) -> int | None: ...
    @property
    def result(self) -> MediationResult | None: ...
    @property
    def closed_on(self) -> date | None: ...
    @property
    def amount(self) -> Decimal | None: ...
    @property
    def judicial_confirmation(self) -> JudicialConfirmation: ...


class PublicityEvent(Protocol):
    @property
    def village_id(self) -> int | None: ...
    @property
    def held_on(self) -> date | None: ...
    @property
    def attendees(self) -> int | None: ...


class ServiceItem(Protocol):
    @property
    def service_type(self) -> DutyServiceType | None: ...


class DutyLog(Protocol):
    @property
    def village_id(self) -> int | None: ...
    @property
    def duty_on(self) -> date | None: ...
    @property
    def lawyer_name(self) -> str | None: ...
    @property
    def start_time(self) -> time | None: ...
    @property
    def end_time(self) -> time | None: ...
    @property
    def items(self) -> Sequence[ServiceItem]: ...


class LegalAidReview(Protocol):
    @property
    def village_id(self) -> int | None: ...
    @property
    def applied_on(self) -> date | None: ...
    @property
    def opinion(self) -> AidOpinion | None: ...
    @property
    def forwarded_on(self) -> date | None: ...


@dataclass(frozen=True)
class QuarterRecords:
    """The live records a quarter's table may count (others may be included: dates decide).

    Duty logs come with whether the officer confirmed them: confirmation is not a draft field.
    ``followed_up_cases``: mediation cases with their follow-ups, for the 满意度 sheet (a
    follow-up counts by its own date, so a case accepted long before the quarter may count).
    """

    consultations: Sequence[Consultation] = ()
    mediation_cases: Sequence[MediationCase] = ()
    publicity_events: Sequence[PublicityEvent] = ()
    duty_logs: Sequence[tuple[DutyLog, bool]] = ()
    legal_aid_reviews: Sequence[LegalAidReview] = ()
    followed_up_cases: Sequence[FollowedUpCase] = ()


# -- what comes out -------------------------------------------------------------------------


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


@dataclass(frozen=True)
class QuarterCounts:
    """Every figure of the table for one quarter, raw (unrounded), per village key."""

    consultations: dict[VillageKey, ConsultationCounts] = field(default_factory=dict)
    mediation_accepted: dict[VillageKey, MediationAccepted] = field(default_factory=dict)
    mediation_closed: dict[VillageKey, MediationClosed] = field(default_factory=dict)
    publicity: dict[VillageKey, PublicityCounts] = field(default_factory=dict)
    duty_days: list[DutyDay] = field(default_factory=list)  # to six days past the quarter
    contract_and_opinion: dict[VillageKey, int] = field(default_factory=dict)
    legal_aid: dict[VillageKey, LegalAidCounts] = field(default_factory=dict)
    satisfaction: dict[VillageKey, SatisfactionCounts] = field(default_factory=dict)


# -- the counting ---------------------------------------------------------------------------


def count_quarter(quarter: Quarter, records: QuarterRecords) -> QuarterCounts:
    """The table's figures for ``quarter`` from its live records."""
    return QuarterCounts(
        consultations=_consultations(quarter, records.consultations),
        mediation_accepted=_mediation_accepted(quarter, records.mediation_cases),
        mediation_closed=_mediation_closed(quarter, records.mediation_cases),
        publicity=_publicity(quarter, records.publicity_events),
        duty_days=duty_days(records.duty_logs, quarter.start, quarter.end + WEEK_SPILL),
        contract_and_opinion=_contract_and_opinion(quarter, records.duty_logs),
        legal_aid=_legal_aid(quarter, records.legal_aid_reviews),
        satisfaction=count_satisfaction(quarter, records.consultations, records.followed_up_cases),
    )


def _consultations(
    quarter: Quarter, records: Iterable[Consultation]
) -> dict[VillageKey, ConsultationCounts]:
    start, end = quarter.start, quarter.end
    counts: dict[VillageKey, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in records:
        day = r.consulted_on
        if day is None or not start <= day <= end:
            continue
        c = counts[r.village_id]
        c[0] += 1
        c[1] += bool(r.special_groups)
        c[2] += r.outcome is not None and r.outcome is not ConsultOutcome.ANSWERED
    return {v: ConsultationCounts(*c) for v, c in counts.items()}


def _mediation_accepted(
    quarter: Quarter, records: Iterable[MediationCase]
) -> dict[VillageKey, MediationAccepted]:
    start, end = quarter.start, quarter.end
    counts: dict[VillageKey, list[int]] = defaultdict(lambda: [0, 0])
    for r in records:
        day = r.accepted_on
        if day is not None and start <= day <= end:
            c = counts[r.village_id]
            c[0] += 1
            c[1] += r.persons_involved or 0
    return {v: MediationAccepted(*c) for v, c in counts.items()}


def _mediation_closed(
    quarter: Quarter, records: Iterable[MediationCase]
) -> dict[VillageKey, MediationClosed]:
    closed: dict[VillageKey, int] = defaultdict(int)
    success: dict[VillageKey, int] = defaultdict(int)
    amount: dict[VillageKey, Decimal] = defaultdict(Decimal)
    confirmed: dict[VillageKey, int] = defaultdict(int)
    start, end = quarter.start, quarter.end
    for r in records:
        day = r.closed_on
        if r.result not in CLOSED_RESULTS or day is None or not start <= day <= end:
            continue
        v = r.village_id
        closed[v] += 1
        if r.result is MediationResult.SUCCESS:
            success[v] += 1
            amount[v] += r.amount or 0
            confirmed[v] += r.judicial_confirmation is JudicialConfirmation.CONFIRMED
    return {
        v: MediationClosed(n, success[v], amount[v].quantize(Decimal("0.01")), confirmed[v])
        for v, n in closed.items()
    }


def _publicity(
    quarter: Quarter, records: Iterable[PublicityEvent]
) -> dict[VillageKey, PublicityCounts]:
    start, end = quarter.start, quarter.end
    counts: dict[VillageKey, list[int]] = defaultdict(lambda: [0, 0])
    for r in records:
        day = r.held_on
        if day is not None and start <= day <= end:
            c = counts[r.village_id]
            c[0] += 1
            c[1] += r.attendees or 0
    return {v: PublicityCounts(*c) for v, c in counts.items()}


def _seconds(value: time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def duty_days(logs: Iterable[tuple[DutyLog, bool]], start: date, end: date) -> list[DutyDay]:
    """Visits and hours per place, day and confirmation state, for days in [start, end].

    A visit (一次一记) is one 日期 + 地点 + 律师 + 开始/结束时间: entries sharing all five are
    one visit whose hours count once (as the ledger workbook groups its rows). The visit is
    confirmed when any of its entries carries the officer's confirmation.
    """
    visits: dict[tuple[VillageKey, date, str | None, time | None, time | None], bool] = {}
    for log, confirmed in logs:
        day = log.duty_on
        if day is None or not start <= day <= end:
            continue
        key = (log.village_id, day, log.lawyer_name, log.start_time, log.end_time)
        visits[key] = visits.get(key, False) or confirmed
    days: dict[tuple[VillageKey, date, bool], list[int]] = defaultdict(lambda: [0, 0])
    for (village, day, _lawyer, begin, finish), confirmed in visits.items():
        d = days[(village, day, confirmed)]
        d[0] += 1
        if begin is not None and finish is not None:
            d[1] += _seconds(finish) - _seconds(begin)
    return [DutyDay(v, day, c, n, s) for (v, day, c), (n, s) in days.items()]


def _contract_and_opinion(
    quarter: Quarter, logs: Iterable[tuple[DutyLog, bool]]
) -> dict[VillageKey, int]:
    """Service items of type 合同审查 or 法律意见 in confirmed entries of the quarter."""
    start, end = quarter.start, quarter.end
    counts: dict[VillageKey, int] = defaultdict(int)
    for log, confirmed in logs:
        day = log.duty_on
        if confirmed and day is not None and start <= day <= end:
            n = sum(1 for i in log.items if i.service_type in CONTRACT_AND_OPINION)
            if n:
                counts[log.village_id] += n
    return dict(counts)


def _legal_aid(
    quarter: Quarter, records: Iterable[LegalAidReview]
) -> dict[VillageKey, LegalAidCounts]:
    start, end = quarter.start, quarter.end
    counts: dict[VillageKey, list[int]] = defaultdict(lambda: [0, 0])
    for r in records:
        applied, forwarded = r.applied_on, r.forwarded_on
        if applied is not None and start <= applied <= end:
            counts[r.village_id][0] += 1
        if r.opinion is AidOpinion.FORWARD and forwarded is not None and start <= forwarded <= end:
            counts[r.village_id][1] += 1
    return {v: LegalAidCounts(*c) for v, c in counts.items()}
