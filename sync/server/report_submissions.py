"""Which stations marked each quarter's table 已上报, and whether on time.

A station marks a quarter's table submitted in its own app; its station-wide device reports
its marks after each sync (``POST /v1/report-submissions``). The county keeps per station and
quarter the FIRST mark ever reported (a re-mark after late amendments does not make a late
table on time, nor an on-time one late) and the latest one.

On time means first marked on or before the quarter's last official working day
(``station_app.domain.work_queue.report_deadline``: weekends, the State Council's holidays
and make-up days as ``station_app.domain.work_calendar`` knows them, Monday to Friday for a
year whose notice it lacks): the same deadline the station's 工作台 warns about. The day
compared is the station's own calendar day of the mark, as its app printed it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from station_app.domain.quarter import Quarter
from station_app.domain.work_queue import report_deadline
from sync.protocol import ReportSubmissions
from sync.server.models import DeviceRow, ReportSubmissionRow

log = logging.getLogger("county.submissions")

#: A full message (``MAX_SUBMITTED_QUARTERS`` quarters) is ~15 KB of JSON.
MAX_SUBMISSIONS_INFLATED = 32 * 1024


def record_marks(
    session: Session, device: DeviceRow, message: ReportSubmissions, now: datetime
) -> int:
    """Keep the station's marks; how many quarters were new or changed. A village's device
    holds one village's records, not the station's table: its marks are not the station's."""
    if device.village_id is not None:
        return 0
    changed = 0
    for sent in message.quarters:
        row = session.get(ReportSubmissionRow, (device.station_id, sent.quarter))
        if row is None:
            session.add(
                ReportSubmissionRow(
                    station_id=device.station_id,
                    quarter=sent.quarter,
                    first_on=sent.first_on,
                    first_at=sent.first_at,
                    latest_on=sent.latest_on,
                    latest_at=sent.latest_at,
                    reported_at=now,
                )
            )
            changed += 1
            continue
        before = (row.first_on, row.first_at, row.latest_on, row.latest_at)
        if (sent.first_on, sent.first_at) < (row.first_on, row.first_at):
            row.first_on, row.first_at = sent.first_on, sent.first_at
        if sent.latest_at >= row.latest_at:
            row.latest_on, row.latest_at = sent.latest_on, sent.latest_at
        if (row.first_on, row.first_at, row.latest_on, row.latest_at) != before:
            row.reported_at = now
            changed += 1
    if changed:
        log.info("station %d: %d quarter mark(s) reported", device.station_id, changed)
    return changed


# -- on time: pure ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """One station's quarter: marked or not, by when, and how that stands against the due day."""

    first_on: date | None
    latest_on: date | None
    due: date
    today: date

    @property
    def submitted(self) -> bool:
        return self.first_on is not None

    @property
    def on_time(self) -> bool:
        return self.first_on is not None and self.first_on <= self.due

    @property
    def days_late(self) -> int:
        """Days past the due day: of the first mark, or (not marked) of today; 0 when not late."""
        end = self.first_on if self.first_on is not None else self.today
        return max(0, (end - self.due).days)

    @property
    def remarked(self) -> bool:
        return self.latest_on is not None and self.latest_on != self.first_on

    @property
    def state(self) -> str:
        if self.on_time:
            return "按时上报"
        return "逾期上报" if self.submitted else "未上报"

    @property
    def note(self) -> str:
        """How late, or that the due day has not come: empty for a table on time."""
        if self.on_time:
            return ""
        if self.submitted:
            return f"晚 {self.days_late} 天"
        return f"逾期 {self.days_late} 天" if self.days_late else "未到期"

    @property
    def label(self) -> str:
        return f"{self.state}（{self.note}）" if self.note else self.state


def standing(
    quarter: Quarter, first_on: date | None, latest_on: date | None, today: date
) -> Standing:
    return Standing(first_on, latest_on, report_deadline(quarter), today)


@dataclass(frozen=True)
class QuarterRate:
    quarter: Quarter
    due: date
    stations: int
    submitted: int
    on_time: int
    closed: bool  # the due day has passed: the rate is final

    @property
    def rate(self) -> float | None:
        """Stations that marked by the due day, over stations; None without stations."""
        return self.on_time / self.stations if self.stations else None


def on_time_rate(quarter: Quarter, standings: Iterable[Standing], today: date) -> QuarterRate:
    listed = list(standings)
    due = report_deadline(quarter)
    return QuarterRate(
        quarter=quarter,
        due=due,
        stations=len(listed),
        submitted=sum(s.submitted for s in listed),
        on_time=sum(s.on_time for s in listed),
        closed=today > due,
    )
