"""The work queue (待办) and this quarter's progress for the signed-in account.

One read transaction gathers the facts (``storage.work_queue_queries``: a handful of narrow
queries, each on an index), the domain applies the rules (``domain.work_queue``), and the
account's scope is the ledgers' own (``domain.access``). The 工作台, `station todo` and the
status bar's count all come from here.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from station_app.domain.access import Principal
from station_app.domain.choices import Role
from station_app.domain.duty_compliance import Village
from station_app.domain.errors import NotFoundError
from station_app.domain.organisation import STATION_ITSELF
from station_app.domain.quarter import Quarter
from station_app.domain.settings_schema import (
    DUTY_MINIMUMS,
    SYNC_DEVICE_ID,
    SYNC_LAST_SUCCESS,
    SYNC_SERVER,
    WORK_QUEUE_THRESHOLDS,
)
from station_app.domain.work_queue import (
    ItemKind,
    QueueFacts,
    VillageProgress,
    WorkItem,
    WorkQueueThresholds,
    cutoffs,
    duty_window,
    quarter_progress,
    visible_to,
    visit_days,
    work_queue,
)
from station_app.services.context import ServiceContext
from station_app.storage import setting_values
from station_app.storage import work_queue_queries as q
from station_app.storage.report_submissions import latest_submission

log = logging.getLogger("station.db")

#: Lines the 工作台 lists of each kind (the oldest first); its count is every item's.
LINES_PER_KIND = 100


@dataclass(frozen=True)
class WorkQueue:
    """The account's items on ``today``, and its villages' progress this quarter.

    With a limit of lines per kind (the 工作台's), ``items`` holds the oldest of each record
    kind and ``counts`` every kind's true number; without one, all of them."""

    today: date
    items: tuple[WorkItem, ...]
    progress: tuple[VillageProgress, ...]
    counts: Mapping[ItemKind, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    def more(self, kind: ItemKind) -> int:
        """How many items of ``kind`` there are beyond the lines listed."""
        return self.counts.get(kind, 0) - sum(1 for i in self.items if i.kind is kind)


class WorkQueueService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def items(self, today: date | None = None, village: str | None = None) -> list[WorkItem]:
        """The whole queue for the signed-in account on ``today`` (the PC's date by default);
        ``village``: only that village's items (a village's name, or 本站)."""
        return list(self.queue(today, village).items)

    def count(self, today: date | None = None) -> int:
        return self.queue(today, lines_per_kind=1).count

    def queue(
        self,
        today: date | None = None,
        village: str | None = None,
        *,
        lines_per_kind: int | None = None,
    ) -> WorkQueue:
        """The queue of the signed-in account; ``lines_per_kind``: list only the oldest so many
        records of each kind (the counts stay exact), as the 工作台 does."""
        day = today or self.ctx.clock.today()
        principal = self.ctx.principal
        with self.ctx.store.read() as session:  # one snapshot: the count matches the lines
            thresholds = setting_values.get(session, WORK_QUEUE_THRESHOLDS)
            minimums = setting_values.get(session, DUTY_MINIMUMS)
            villages = q.live_villages(session)
            wanted = _wanted_villages(villages, village)
            served: frozenset[int | None] = frozenset()
            if principal.role is Role.DUTY_LAWYER:
                since = Quarter.of(day).previous.start
                served = q.villages_served_by(session, principal.display_name, since)
            scope = _read_scope(principal, wanted, lines_per_kind)
            facts, totals = self._facts(session, day, thresholds, villages, scope)
        items = visible_to(work_queue(day, facts, thresholds, minimums), principal, served)
        shown = _scoped_villages(villages, principal.village_scope(), served, principal.role)
        if wanted is not None:
            items = [i for i in items if i.village_id in wanted and i.village]
            shown = [v for v in shown if v.id in wanted]
        progress = quarter_progress(day, shown, facts.duty_days, facts.publicity_events, minimums)
        counts: dict[ItemKind, int] = dict(Counter(i.kind for i in items))
        for kind, total in totals.items():
            if counts.get(kind) or total:
                counts[kind] = max(total, counts.get(kind, 0))
        log.info("work queue for %s: %d items", day, sum(counts.values()))
        return WorkQueue(day, tuple(items), progress, counts)

    def _facts(
        self,
        session: Session,
        today: date,
        thresholds: WorkQueueThresholds,
        villages: list[q.LiveVillage],
        scope: q.ReadScope,
    ) -> tuple[QueueFacts, dict[ItemKind, int]]:
        """The facts the rules need, read within ``scope``; and the record kinds' totals."""
        cut = cutoffs(today, thresholds)
        quarter = Quarter.of(today)
        previous = quarter.previous
        start, end = duty_window(today)
        empty: q.Found[Any] = q.Found([], 0)
        lawyer = scope.lawyer is not None  # a duty lawyer's queue holds no case or review
        open_cases = empty if lawyer else q.open_cases(session, cut, scope)
        settled = empty if lawyer else q.settled_without_follow_up(session, cut, scope)
        forwarded = empty if lawyer else q.forwarded_without_decision(session, cut, scope)
        unhappy = empty if lawyer else q.dissatisfied(session, today, scope)
        visits = q.unconfirmed_visits(session, cut, scope)
        facts = QueueFacts(
            villages=villages,
            open_cases=open_cases.rows,
            settled_cases=settled.rows,
            forwarded_reviews=forwarded.rows,
            unconfirmed_visits=visits.rows,
            duty_days=visit_days(q.confirmed_entries(session, start, end), today),
            publicity_events=q.publicity_counts(session, quarter.start, today),
            dissatisfied=unhappy.rows,
            current_quarter_submitted=latest_submission(session, str(quarter)) is not None,
            previous_quarter_submitted=latest_submission(session, str(previous)) is not None,
            enrolled=bool(
                setting_values.get(session, SYNC_SERVER)
                and setting_values.get(session, SYNC_DEVICE_ID)
            ),
            last_sync_on=_day_of(setting_values.get(session, SYNC_LAST_SUCCESS)),
        )
        totals = {
            ItemKind.MEDIATION_OVERDUE: open_cases.total,
            ItemKind.FOLLOW_UP_DUE: settled.total,
            ItemKind.AID_DECISION_DUE: forwarded.total,
            ItemKind.VISIT_UNCONFIRMED: visits.total,
            ItemKind.DISSATISFIED: unhappy.total,
        }
        return facts, totals


def _wanted_villages(
    villages: Sequence[q.LiveVillage], name: str | None
) -> frozenset[int | None] | None:
    """``--village``: one village's id, or None for 本站; every unit when not given."""
    if name is None or not name.strip():
        return None
    wanted = name.strip()
    if wanted == STATION_ITSELF:
        return frozenset({None})
    found = next((v.id for v in villages if v.name == wanted), None)
    if found is None:
        raise NotFoundError("村(居)：不是本站的村(居)")
    return frozenset({found})


def _read_scope(
    principal: Principal, wanted: frozenset[int | None] | None, limit: int | None
) -> q.ReadScope:
    """The ledgers' share of the account (its village; a lawyer's own visits), narrowed to
    ``wanted``: what the store reads for the queue."""
    villages = principal.village_scope()
    if wanted is not None:
        villages = wanted if villages is None else villages & wanted
    lawyer = principal.display_name if principal.role is Role.DUTY_LAWYER else None
    return q.ReadScope(villages=villages, lawyer=lawyer, limit=limit)


def _scoped_villages(
    villages: Sequence[Village],
    scope: frozenset[int | None] | None,
    served: frozenset[int | None],
    role: Role | None,
) -> list[Village]:
    """The progress panel's rows: an officer's own village, a lawyer's villages, or all."""
    if scope is not None:
        return [v for v in villages if v.id in scope]
    if role is Role.DUTY_LAWYER:
        return [v for v in villages if v.id in served]
    return list(villages)


def _day_of(text: str | None) -> date | None:
    """The local calendar day of a stored UTC timestamp (`2026-11-25T08:00:00`, as the sync
    records it); None when unset or unreadable."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone().date()
    except ValueError:
        return None
