"""The work queue (待办): what is due or overdue on a day, by the rules of spec work-queue.md.

The store hands over the few facts the rules need (``QueueFacts``: candidate records already
narrowed by date, the quarter's duty visits, publicity counts, submission and sync state);
``work_queue`` applies the rules and words each item; ``visible_to`` keeps an account's share.
The lawyer-hours items come from ``domain.duty_compliance``, the same code as the quarterly
table's `达标情况` sheet, and the 工作台's progress panel (``quarter_progress``) is that sheet's
``assess`` for the day, so the three cannot disagree. Nothing here reads a store or Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from enum import StrEnum

from station_app.domain.access import Principal
from station_app.domain.choices import Role
from station_app.domain.duty_compliance import (
    PeriodHours,
    Village,
    VillageCompliance,
    assess,
    minimums_for,
    month_of,
    period_hours,
    seconds_by_village,
    week_of,
)
from station_app.domain.duty_minimums import DutyMinimums
from station_app.domain.errors import FieldError, ValidationError
from station_app.domain.organisation import STATION_ITSELF
from station_app.domain.quarter import Quarter
from station_app.domain.quarter_statistics import WEEK_SPILL, DutyDay, duty_days
from station_app.domain.work_calendar import last_working_day_on_or_before

WORK_QUEUE_KEY = "work_queue"


class ItemKind(StrEnum):
    """The spec's codes, in the order the 工作台 lists them: overdue kinds first."""

    REPORT_OVERDUE = "report_overdue"
    MEDIATION_OVERDUE = "mediation_overdue"
    AID_DECISION_DUE = "aid_decision_due"
    VISIT_UNCONFIRMED = "visit_unconfirmed"
    FOLLOW_UP_DUE = "follow_up_due"
    DISSATISFIED = "dissatisfied"
    SYNC_STALE = "sync_stale"
    REPORT_DUE = "report_due"
    HOURS_WEEK_SHORT = "hours_week_short"
    HOURS_MONTH_SHORT = "hours_month_short"
    PUBLICITY_MISSING = "publicity_missing"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def overdue(self) -> bool:
        """Past its time already (the others still have 剩 N 天 to go)."""
        return self not in _UPCOMING


_LABELS = {
    ItemKind.MEDIATION_OVERDUE: "调解超期",
    ItemKind.FOLLOW_UP_DUE: "待回访",
    ItemKind.AID_DECISION_DUE: "法援待反馈",
    ItemKind.VISIT_UNCONFIRMED: "待确认值班",
    ItemKind.HOURS_MONTH_SHORT: "本月值班不足",
    ItemKind.HOURS_WEEK_SHORT: "本周值班不足",
    ItemKind.PUBLICITY_MISSING: "本季度未开展宣传",
    ItemKind.REPORT_DUE: "统计表待上报",
    ItemKind.REPORT_OVERDUE: "统计表逾期未上报",
    ItemKind.DISSATISFIED: "不满意待核实",
    ItemKind.SYNC_STALE: "长时间未同步",
}
_UPCOMING = frozenset(
    {
        ItemKind.REPORT_DUE,
        ItemKind.HOURS_WEEK_SHORT,
        ItemKind.HOURS_MONTH_SHORT,
        ItemKind.PUBLICITY_MISSING,
    }
)
KIND_ORDER: tuple[ItemKind, ...] = tuple(ItemKind)
#: Station-level items: the head's and the clerks' only.
STATION_KINDS = frozenset({ItemKind.REPORT_DUE, ItemKind.REPORT_OVERDUE, ItemKind.SYNC_STALE})
VILLAGE_KINDS = frozenset(
    {ItemKind.HOURS_MONTH_SHORT, ItemKind.HOURS_WEEK_SHORT, ItemKind.PUBLICITY_MISSING}
)
LAWYER_KINDS = frozenset(
    {ItemKind.VISIT_UNCONFIRMED, ItemKind.HOURS_MONTH_SHORT, ItemKind.HOURS_WEEK_SHORT}
)

#: What an item opens when it is not a record: the report page, the sync page.
REPORTS, SYNC = "reports", "sync"


@dataclass(frozen=True)
class WorkQueueThresholds:
    """The queue's day counts: county settings (reference data key ``work_queue``), these the
    spec's defaults. Every one is a number of calendar days."""

    mediation_days: int = 30  # 调解中 this long after 受理日期
    follow_up_days: int = 30  # 调解成功 this long after 结案日期 without a follow-up
    aid_decision_days: int = 7  # forwarded this long without the center's decision
    visit_confirm_days: int = 3  # a visit unconfirmed this long after its 日期
    report_window_days: int = 10  # the table is due within this many days of its deadline
    sync_stale_days: int = 3  # no successful sync for more than this many days

    def validated(self) -> WorkQueueThresholds:
        errors = [
            FieldError(name, name, "应为 0 到 366 之间的天数")
            for name, value in vars(self).items()
            if not 0 <= value <= 366
        ]
        if errors:
            raise ValidationError(errors)
        return self


# -- what the store hands over (field names as the drafts'; any object with them will do) --


@dataclass(frozen=True)
class OpenCase:
    """A live case 调解中 accepted on or before the cut-off."""

    id: int
    case_number: str
    village_id: int | None
    accepted_on: date


@dataclass(frozen=True)
class SettledCase:
    """A live case 调解成功 with no follow-up recorded, closed on or before the cut-off."""

    id: int
    case_number: str
    village_id: int | None
    closed_on: date


@dataclass(frozen=True)
class ForwardedReview:
    """A live review 符合条件转送 on or before the cut-off, the center's decision not recorded."""

    id: int
    village_id: int | None
    forwarded_on: date


@dataclass(frozen=True)
class DutyEntry:
    """One duty-log entry: a visit (一次一记) is its 日期, 地点 and 律师."""

    id: int
    village_id: int | None
    duty_on: date
    lawyer_name: str | None
    start_time: time | None
    end_time: time | None
    confirmed: bool
    items: tuple[()] = ()  # the counting's DutyLog protocol; service items are not needed


#: What makes one visit (一次一记) of several duty-log entries: its 日期, 地点 and 律师. The store
#: groups unconfirmed entries by these fields (so it can list the oldest visits first).
VISIT_KEY = ("duty_on", "village_id", "lawyer_name")


@dataclass(frozen=True)
class UnconfirmedVisit:
    """A live visit none of whose entries is confirmed, dated on or before the cut-off."""

    duty_on: date
    village_id: int | None
    lawyer_name: str | None
    entry_ids: tuple[int, ...]


@dataclass(frozen=True)
class Dissatisfied:
    """A 不满意 rating whose 核实情况 is still empty: a consultation's, or a follow-up's."""

    entity: str  # the ledger that opens: consultation or mediation_case
    record_id: int
    village_id: int | None
    rated_on: date
    ref: str = ""  # the case number of a follow-up's case


@dataclass(frozen=True)
class QueueFacts:
    villages: Sequence[Village]  # the station's live villages, in station order
    open_cases: Sequence[OpenCase] = ()
    settled_cases: Sequence[SettledCase] = ()
    forwarded_reviews: Sequence[ForwardedReview] = ()
    unconfirmed_visits: Sequence[UnconfirmedVisit] = ()
    #: Confirmed visits from the week's Monday (or the quarter's start, if earlier) to six days
    #: past the quarter, per village and day (``visit_days``): the hours items and the progress
    #: panel count them.
    duty_days: Sequence[DutyDay] = ()
    publicity_events: Mapping[int | None, int] = field(default_factory=dict)  # this quarter
    dissatisfied: Sequence[Dissatisfied] = ()
    current_quarter_submitted: bool = False
    previous_quarter_submitted: bool = False
    enrolled: bool = False
    last_sync_on: date | None = None


@dataclass(frozen=True)
class Cutoffs:
    """The latest key dates that still make an item, for the store to narrow its reads."""

    mediation: date
    follow_up: date
    aid_decision: date
    visit: date


def cutoffs(today: date, thresholds: WorkQueueThresholds) -> Cutoffs:
    return Cutoffs(
        mediation=today - timedelta(days=thresholds.mediation_days),
        follow_up=today - timedelta(days=thresholds.follow_up_days),
        aid_decision=today - timedelta(days=thresholds.aid_decision_days),
        visit=today - timedelta(days=thresholds.visit_confirm_days),
    )


def duty_window(today: date) -> tuple[date, date]:
    """The duty visits the hours items and the progress panel read: the current week's Monday
    (or the quarter's first day, if earlier) to six days past the quarter (the sheet's weeks)."""
    quarter = Quarter.of(today)
    monday = today - timedelta(days=today.weekday())
    return min(monday, quarter.start), quarter.end + WEEK_SPILL


def report_deadline(quarter: Quarter) -> date:
    """The quarter's last official working day: the table goes to the bureau by then."""
    return last_working_day_on_or_before(quarter.end)


# -- what comes out ----------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkItem:
    kind: ItemKind
    village: str  # the village's name, 本站, or empty (report and sync items)
    date: date
    ref: str  # the case number, or empty
    text: str  # the line the window shows
    village_id: int | None = None  # None: the station itself, or no village at all
    opens: str = ""  # the ledger (entity) the line opens, or REPORTS / SYNC
    record_ids: tuple[int, ...] = ()  # the record(s) it opens; a visit may have several entries
    lawyer: str | None = None  # a visit's lawyer (whose own item it is)

    @property
    def overdue(self) -> bool:
        return self.kind.overdue

    @property
    def record_id(self) -> int | None:
        return self.record_ids[0] if self.record_ids else None

    def as_json(self) -> dict[str, str]:
        """The CLI's line: exactly the spec's five fields."""
        return {
            "kind": self.kind.value,
            "village": self.village,
            "date": self.date.isoformat(),
            "ref": self.ref,
            "text": self.text,
        }


def _md(day: date) -> str:
    return f"{day.month}月{day.day}日"


def _hours(value: Decimal | None) -> str:
    return f"{float(value or 0):g}"


def _left(days: int) -> str:
    return f"剩 {days} 天"


class _Names:
    def __init__(self, villages: Iterable[Village]) -> None:
        self.by_id = {v.id: v.name for v in villages}

    def __call__(self, village_id: int | None) -> str:
        return STATION_ITSELF if village_id is None else self.by_id.get(village_id, "")


def work_queue(
    today: date,
    facts: QueueFacts,
    thresholds: WorkQueueThresholds,
    minimums: DutyMinimums,
) -> list[WorkItem]:
    """Every item due or overdue on ``today``, in the 工作台's order: by kind (overdue kinds
    first), then by date, oldest first."""
    name = _Names(facts.villages)
    cut = cutoffs(today, thresholds)
    items: list[WorkItem] = []
    for c in facts.open_cases:
        if c.accepted_on <= cut.mediation:
            items.append(
                WorkItem(
                    ItemKind.MEDIATION_OVERDUE,
                    name(c.village_id),
                    c.accepted_on,
                    c.case_number,
                    f"调解超期：{c.case_number}（{name(c.village_id)}）"
                    f"受理已 {(today - c.accepted_on).days} 天，仍在调解中",
                    c.village_id,
                    "mediation_case",
                    (c.id,),
                )
            )
    for s in facts.settled_cases:
        if s.closed_on <= cut.follow_up:
            items.append(
                WorkItem(
                    ItemKind.FOLLOW_UP_DUE,
                    name(s.village_id),
                    s.closed_on,
                    s.case_number,
                    f"待回访：{s.case_number}（{name(s.village_id)}）"
                    f"调解成功已 {(today - s.closed_on).days} 天，尚未回访",
                    s.village_id,
                    "mediation_case",
                    (s.id,),
                )
            )
    for r in facts.forwarded_reviews:
        if r.forwarded_on <= cut.aid_decision:
            items.append(
                WorkItem(
                    ItemKind.AID_DECISION_DUE,
                    name(r.village_id),
                    r.forwarded_on,
                    "",
                    f"法援待反馈：{name(r.village_id)} {_md(r.forwarded_on)}转送的法律援助申请，"
                    f"已 {(today - r.forwarded_on).days} 天未记录法律援助中心的决定",
                    r.village_id,
                    "legal_aid_review",
                    (r.id,),
                )
            )
    items += _unconfirmed_visits(today, facts.unconfirmed_visits, cut.visit, name)
    items += _hours_items(today, facts, minimums, name)
    quarter = Quarter.of(today)
    quarter_end = quarter.end
    for village in facts.villages:
        if not facts.publicity_events.get(village.id):
            items.append(
                WorkItem(
                    ItemKind.PUBLICITY_MISSING,
                    village.name,
                    quarter_end,
                    "",
                    f"本季度未开展宣传：{village.name} {quarter.label}尚无法治宣传活动"
                    f"（{_left((quarter_end - today).days)}）",
                    village.id,
                    "publicity_event",
                )
            )
    for d in facts.dissatisfied:
        if d.rated_on > today:  # not yet given on the day the queue is computed for
            continue
        what = (
            f"{d.ref}（{name(d.village_id)}）{_md(d.rated_on)}的回访"
            if d.ref
            else (f"{name(d.village_id)} {_md(d.rated_on)}的法律咨询")
        )
        items.append(
            WorkItem(
                ItemKind.DISSATISFIED,
                name(d.village_id),
                d.rated_on,
                d.ref,
                f"不满意待核实：{what}评价为不满意，尚未填写核实情况",
                d.village_id,
                d.entity,
                (d.record_id,),
            )
        )
    items += _report_items(today, facts, thresholds)
    items += _sync_items(today, facts, thresholds)
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    items.sort(key=lambda i: (order[i.kind], i.date, i.village, i.ref, i.record_ids))
    return items


def _unconfirmed_visits(
    today: date, visits: Iterable[UnconfirmedVisit], cutoff: date, name: _Names
) -> list[WorkItem]:
    out = []
    for v in visits:
        if v.duty_on > cutoff:
            continue
        place = name(v.village_id)
        out.append(
            WorkItem(
                ItemKind.VISIT_UNCONFIRMED,
                place,
                v.duty_on,
                "",
                f"待确认值班：{v.lawyer_name or ''} {_md(v.duty_on)}在{place}的值班尚未确认"
                f"（已 {(today - v.duty_on).days} 天）",
                v.village_id,
                "duty_log",
                tuple(sorted(v.entry_ids)),
                v.lawyer_name,
            )
        )
    return out


def _hours_items(
    today: date, facts: QueueFacts, minimums: DutyMinimums, name: _Names
) -> list[WorkItem]:
    """The current month's and week's confirmed hours so far, judged by the sheet's rules."""
    so_far = seconds_by_village(d for d in facts.duty_days if d.day <= today)
    month, week = month_of(today), week_of(today)
    out = []
    for village in facts.villages:
        month_min, week_min = minimums_for(village.kind, minimums)
        per_day = so_far.get(village.id, {})
        checks: list[tuple[ItemKind, PeriodHours, str]] = []
        if month_min is not None:
            checks.append(
                (
                    ItemKind.HOURS_MONTH_SHORT,
                    period_hours(per_day, month, month_min, today),
                    f"{month.label}",
                )
            )
        if week_min is not None:
            checks.append(
                (
                    ItemKind.HOURS_WEEK_SHORT,
                    period_hours(per_day, week, week_min, today),
                    f"本周（{_md(week.start)}至{_md(week.end)}）",
                )
            )
        for kind, got, when in checks:
            left = _left((got.period.end - today).days)
            if got.short:
                out.append(
                    WorkItem(
                        kind,
                        village.name,
                        got.period.end,
                        "",
                        f"{kind.label}：{village.name} {when}已确认值班 {got.hours} 小时，"
                        f"不足 {_hours(got.minimum)} 小时（{left}）",
                        village.id,
                        "duty_log",
                    )
                )
    return out


def visit_days(entries: Iterable[DutyEntry], today: date) -> list[DutyDay]:
    """The duty window's visits (``duty_window``), each once, per village and day, as the
    quarterly table counts them."""
    start, end = duty_window(today)
    return duty_days([(e, e.confirmed) for e in entries], start, end)


def _report_items(
    today: date, facts: QueueFacts, thresholds: WorkQueueThresholds
) -> list[WorkItem]:
    out = []
    quarter = Quarter.of(today)
    deadline = report_deadline(quarter)
    window = deadline - timedelta(days=thresholds.report_window_days)
    if not facts.current_quarter_submitted and window <= today <= deadline:
        out.append(
            WorkItem(
                ItemKind.REPORT_DUE,
                "",
                deadline,
                "",
                f"统计表待上报：{quarter.label}统计表应于{_md(deadline)}（本季度最后一个工作日）"
                f"前上报县司法局（{_left((deadline - today).days)}）",
                opens=REPORTS,
            )
        )
    previous = quarter.previous
    if not facts.previous_quarter_submitted:
        due = report_deadline(previous)
        out.append(
            WorkItem(
                ItemKind.REPORT_OVERDUE,
                "",
                due,
                "",
                f"统计表逾期未上报：{previous.label}统计表尚未标记为已上报"
                f"（应于{_md(due)}前上报，已逾期 {(today - due).days} 天）",
                opens=REPORTS,
            )
        )
    return out


def _sync_items(today: date, facts: QueueFacts, thresholds: WorkQueueThresholds) -> list[WorkItem]:
    if not facts.enrolled:
        return []
    last = facts.last_sync_on
    if last is None:
        text = "长时间未同步：本机登记后还没有成功同步过，请到“同步”页立即同步"
        day = today
    elif (today - last).days > thresholds.sync_stale_days:
        text = (
            f"长时间未同步：本机上次成功同步在{_md(last)}，已 {(today - last).days} 天，"
            "请到“同步”页立即同步"
        )
        day = last
    else:
        return []
    return [WorkItem(ItemKind.SYNC_STALE, "", day, "", text, opens=SYNC)]


# -- who sees what -------------------------------------------------------------------------------


def visible_to(
    items: Iterable[WorkItem], principal: Principal, served: frozenset[int | None] = frozenset()
) -> list[WorkItem]:
    """The ledgers' scope: a village officer their own village's items; a duty lawyer their
    own visits to confirm and the hours items of the villages they serve (``served``); the
    head and the clerks everything. Report and sync items go to the head and the clerks."""
    if not principal.signed_in:
        return []
    role = principal.role
    if role is Role.VILLAGE_OFFICER:
        return [
            i
            for i in items
            if i.kind not in STATION_KINDS
            and i.village_id is not None
            and i.village_id == principal.village_id
            and principal.uses_ledger(i.opens)
        ]
    if role is Role.DUTY_LAWYER:
        return [
            i
            for i in items
            if i.kind in LAWYER_KINDS
            and (
                i.lawyer == principal.display_name
                if i.kind is ItemKind.VISIT_UNCONFIRMED
                else i.village_id in served
            )
        ]
    if role in (Role.STATION_HEAD, Role.STATION_CLERK) or principal.is_system:
        return list(items)
    return []


# -- this quarter's progress (the 工作台's panel) -------------------------------------------------


@dataclass(frozen=True)
class VillageProgress:
    """A village's lawyer hours this quarter, exactly as the `达标情况` sheet judges them on
    the same day, and its publicity events so far."""

    compliance: VillageCompliance
    publicity_events: int

    @property
    def village(self) -> str:
        return self.compliance.village


def quarter_progress(
    today: date,
    villages: Sequence[Village],
    days: Iterable[DutyDay],
    publicity_events: Mapping[int | None, int],
    minimums: DutyMinimums,
) -> tuple[VillageProgress, ...]:
    """The sheet's ``assess`` for ``today``'s quarter, produced on ``today``, over the visits
    of the duty window (``visit_days``)."""
    quarter = Quarter.of(today)
    last = quarter.end + WEEK_SPILL
    in_quarter = [d for d in days if quarter.start <= d.day <= last]
    compliance = assess(quarter, villages, in_quarter, minimums, today)
    return tuple(
        VillageProgress(c, publicity_events.get(v.id, 0))
        for v, c in zip(villages, compliance, strict=True)
    )
