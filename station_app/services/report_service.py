"""What the quarterly table needs from the store, read in one snapshot; and 已上报 marks.

The store reads the quarter's live records; the domain counts them (the same function the
county uses); the figures come back raw (per village id) and ``station_app.reports`` applies
the spec's rounding, totals and minimum-hour rule to them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from station_app.domain.access import Right
from station_app.domain.duty_minimums import DutyMinimums
from station_app.domain.quarter import Quarter
from station_app.domain.quarter_statistics import QuarterCounts, count_quarter
from station_app.services.audit_service import AuditService
from station_app.services.context import ServiceContext
from station_app.services.organisation_service import OrganisationService, StationInfo
from station_app.storage import report_queries as q
from station_app.storage.report_submissions import (
    LateChange,
    Submission,
    first_and_latest,
    late_changes,
    latest_submission,
    record_submission,
)

log = logging.getLogger("station.report")


@dataclass(frozen=True)
class QuarterFigures:
    """Everything the table counts for one quarter, as of one change sequence."""

    quarter: Quarter
    station: StationInfo
    villages: frozenset[int | None] | None  # None: the whole station
    produced_on: date
    as_of_seq: int
    minimums: DutyMinimums
    counts: QuarterCounts
    submission: Submission | None = None
    late_changes: list[LateChange] = field(default_factory=list)
    prepared_by: str | None = None  # the signed-in user's name: 填表人 (审核人 signs by hand)


EXPORT_DENIED = "当前账户无权生成统计表或导出台账"


class ReportService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def quarter_figures(self, quarter: Quarter, village_id: int | None = None) -> QuarterFigures:
        """The whole station's figures, or one village's when ``village_id`` is given."""
        self.ctx.require(Right.REPORT, EXPORT_DENIED)
        org = OrganisationService(self.ctx)
        station = org.require_station()
        minimums = org.duty_minimums()
        prepared_by = self._preparer(org)
        villages = None if village_id is None else frozenset({village_id})
        key = str(quarter)
        with self.ctx.store.read() as session:  # one read transaction: one consistent snapshot
            as_of = q.last_change_seq(session)
            submission = latest_submission(session, key)
            late = (
                late_changes(session, submission.change_seq, quarter.start, quarter.end, villages)
                if submission is not None
                else []
            )
            figures = QuarterFigures(
                quarter=quarter,
                station=station,
                villages=villages,
                produced_on=self.ctx.clock.today(),
                as_of_seq=as_of,
                minimums=minimums,
                counts=count_quarter(quarter, q.quarter_records(session, quarter)),
                submission=submission,
                late_changes=late,
                prepared_by=prepared_by,
            )
        log.info("quarter figures for %s computed as of change %d", key, as_of)
        return figures

    def mark_submitted(self, quarter: Quarter, as_of_seq: int | None = None) -> Submission:
        """已上报: later changes to this quarter's records are listed as late amendments.

        ``as_of_seq`` is the sequence of the table that was sent (``QuarterFigures.as_of_seq``);
        without it, the store's current sequence (the table as it would be produced now).
        """
        with self.ctx.store.write() as session:
            seq = q.last_change_seq(session) if as_of_seq is None else as_of_seq
            submission = record_submission(
                session,
                str(quarter),
                seq,
                self.ctx.clock.today(),
                self.ctx.clock.now(),
                self.ctx.actor,
            )
        log.info("quarter %s marked as submitted as of change %d", quarter, seq)
        return submission

    def check_export(self) -> None:
        """Raises AccessDeniedError unless the acting account may export ledgers and tables."""
        self.ctx.require(Right.REPORT, EXPORT_DENIED)

    def note_export(self, what: str, **detail: Any) -> None:
        """An export written to a file goes into the audit trail: what, how many, format."""
        AuditService(self.ctx).note("export", entity=what, **detail)

    def submission(self, quarter: Quarter) -> Submission | None:
        with self.ctx.store.read() as session:
            return latest_submission(session, str(quarter))

    def submitted_quarters(self) -> list[tuple[Submission, Submission]]:
        """Each marked quarter's first and latest 已上报 mark, for the county (the sync)."""
        with self.ctx.store.read() as session:
            return first_and_latest(session)

    def _preparer(self, org: OrganisationService) -> str | None:
        """填表人: the signed-in account (in the window or the CLI) that produces the table."""
        return next((u.display_name for u in org.users() if u.uuid == self.ctx.actor), None)
