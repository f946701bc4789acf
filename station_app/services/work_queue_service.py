"""The work queue (待办) and this quarter's progress for the signed-in account.

One read transaction gathers the facts (``storage.work_queue_queries``: a handful of narrow
queries, each on an index), the domain applies the rules (``domain.work_queue``), and the
account's scope is the ledgers' own (``domain.access``). The 工作台, `station todo` and the
status bar's count all come from here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

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
    QueueFacts,
    VillageProgress,
    WorkItem,
    WorkQueueThresholds,
    cutoffs,
    duty_window,
    quarter_progress,
    visible_to,
    work_queue,
)
from station_app.services.context import ServiceContext
from station_app.storage import setting_values
from station_app.storage import work_queue_queries as q
from station_app.storage.report_submissions import latest_submission

log = logging.getLogger("station.db")


@dataclass(frozen=True)
class WorkQueue:
    """The account's items on ``today``, and its villages' progress this quarter."""

    today: date
    items: tuple[WorkItem, ...]
    progress: tuple[VillageProgress, ...]

    @property
    def count(self) -> int:
        return len(self.items)


class WorkQueueService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def items(self, today: date | None = None, village: str | None = None) -> list[WorkItem]:
        """The queue for the signed-in account on ``today`` (the PC's date by default);
        ``village``: only that village's items (a village's name, or 本站)."""
        return list(self.queue(today, village).items)

    def count(self, today: date | None = None) -> int:
        return self.queue(today).count

    def queue(self, today: date | None = None, village: str | None = None) -> WorkQueue:
        day = today or self.ctx.clock.today()
        principal = self.ctx.principal
        with self.ctx.store.read() as session:  # one snapshot: the count matches the lines
            thresholds = setting_values.get(session, WORK_QUEUE_THRESHOLDS)
            minimums = setting_values.get(session, DUTY_MINIMUMS)
            facts = self._facts(session, day, thresholds)
            served: frozenset[int | None] = frozenset()
            if principal.role is Role.DUTY_LAWYER:
                since = Quarter.of(Quarter.of(day).start - timedelta(days=1)).start
                served = q.villages_served_by(session, principal.display_name, since)
        items = visible_to(work_queue(day, facts, thresholds, minimums), principal, served)
        shown = _scoped_villages(facts, principal.village_scope(), served, principal.role)
        if village is not None and village.strip():
            wanted = village.strip()
            if wanted != STATION_ITSELF and all(v.name != wanted for v in facts.villages):
                raise NotFoundError("村(居)：不是本站的村(居)")
            items = [i for i in items if i.village == wanted]
            shown = [v for v in shown if v.name == wanted]
        progress = quarter_progress(
            day, shown, facts.duty_entries, facts.publicity_events, minimums
        )
        log.info("work queue for %s: %d items", day, len(items))
        return WorkQueue(day, tuple(items), progress)

    def _facts(self, session: Session, today: date, thresholds: WorkQueueThresholds) -> QueueFacts:
        cut = cutoffs(today, thresholds)
        quarter = Quarter.of(today)
        previous = Quarter.of(quarter.start - timedelta(days=1))
        start, end = duty_window(today)
        return QueueFacts(
            villages=q.live_villages(session),
            open_cases=q.open_cases(session, cut),
            settled_cases=q.settled_without_follow_up(session, cut),
            forwarded_reviews=q.forwarded_without_decision(session, cut),
            duty_entries=q.duty_entries(session, start, end, cut),
            publicity_events=q.publicity_counts(session, quarter.start, today),
            dissatisfied=q.dissatisfied(session),
            current_quarter_submitted=latest_submission(session, str(quarter)) is not None,
            previous_quarter_submitted=latest_submission(session, str(previous)) is not None,
            enrolled=bool(
                setting_values.get(session, SYNC_SERVER)
                and setting_values.get(session, SYNC_DEVICE_ID)
            ),
            last_sync_on=_day_of(setting_values.get(session, SYNC_LAST_SUCCESS)),
        )


def _scoped_villages(
    facts: QueueFacts,
    scope: frozenset[int | None] | None,
    served: frozenset[int | None],
    role: Role | None,
) -> list[Village]:
    """The progress panel's rows: an officer's own village, a lawyer's villages, or all."""
    villages = list(facts.villages)
    if scope is not None:
        return [v for v in villages if v.id in scope]
    if role is Role.DUTY_LAWYER:
        return [v for v in villages if v.id in served]
    return villages


def _day_of(text: str | None) -> date | None:
    """The local calendar day of a stored UTC timestamp (`2026-11-25T08:00:00`, as the sync
    records it); None when unset or unreadable."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone().date()
    except ValueError:
        return None
