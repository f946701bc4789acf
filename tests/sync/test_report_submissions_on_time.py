"""上报情况's rules without a server: a quarter's table is due on its last official working day
(holidays and make-up days included), on time is judged by the first mark, and the message
that carries the marks refuses anything that is not a quarter and two dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from station_app.domain.quarter import Quarter
from station_app.domain.work_queue import report_deadline
from sync.protocol import (
    MAX_SUBMITTED_QUARTERS,
    PROTOCOL,
    VERSION,
    ProtocolError,
    ReportSubmissions,
    SubmittedQuarter,
)
from sync.server.report_submissions import on_time_rate, standing

DEVICE = "0f8fad5b-d9cb-469f-a165-70867728950e"


@pytest.mark.parametrize(
    ("quarter", "due"),
    [
        ("2026Q3", date(2026, 9, 30)),  # a Wednesday
        ("2023Q3", date(2023, 9, 28)),  # 中秋 and 国庆 took 9-29 and the Saturday 9-30
        ("2028Q3", date(2028, 9, 29)),  # no notice for 2028: 9-30 is a Saturday
        ("2026Q4", date(2026, 12, 31)),
    ],
)
def test_the_table_is_due_on_the_quarters_last_working_day(quarter: str, due: date) -> None:
    assert report_deadline(Quarter.parse(quarter)) == due


def test_on_time_is_judged_by_the_first_mark_and_the_rate_by_the_stations() -> None:
    q, today = Quarter(2023, 3), date(2023, 11, 1)
    on_time = standing(q, date(2023, 9, 28), date(2023, 10, 20), today)  # re-marked later
    late = standing(q, date(2023, 9, 29), date(2023, 9, 29), today)  # a holiday: one day late
    missing = standing(q, None, None, today)
    assert on_time.on_time and on_time.remarked and on_time.label == "按时上报"
    assert not late.on_time and late.label == "逾期上报（晚 1 天）"
    assert not missing.submitted and missing.label == "未上报（逾期 34 天）"

    rate = on_time_rate(q, [on_time, late, missing], today)
    assert (rate.stations, rate.submitted, rate.on_time, rate.closed) == (3, 2, 1, True)
    assert rate.rate == pytest.approx(1 / 3)
    assert on_time_rate(q, [], today).rate is None

    still_open = standing(Quarter(2026, 4), None, None, date(2026, 11, 30))
    assert still_open.label == "未上报（未到期）" and not still_open.days_late
    assert not on_time_rate(Quarter(2026, 4), [still_open], date(2026, 12, 31)).closed


def test_the_quarter_before_the_first_is_the_last_of_the_year_before() -> None:
    assert Quarter(2026, 1).previous == Quarter(2025, 4)
    assert Quarter(2026, 3).previous == Quarter(2026, 2)


def body(*quarters: dict[str, Any]) -> dict[str, Any]:
    return {"protocol": PROTOCOL, "version": VERSION, "device": DEVICE, "quarters": list(quarters)}


def mark(quarter: str = "2026Q3", **changed: Any) -> dict[str, Any]:
    one = {
        "quarter": quarter,
        "first_on": "2026-09-29",
        "first_at": "2026-09-29T08:00:00",
        "on": "2026-11-25",
        "at": "2026-11-25T08:00:00",
    }
    return {**one, **changed}


def test_the_message_round_trips_and_keeps_no_account() -> None:
    sent = ReportSubmissions(
        DEVICE,
        (
            SubmittedQuarter(
                "2026Q3",
                date(2026, 9, 29),
                datetime(2026, 9, 29, 0, 30),
                date(2026, 11, 25),
                datetime(2026, 11, 25, 8, 0),
            ),
        ),
    )
    raw = sent.to_json()
    assert ReportSubmissions.from_json(raw) == sent
    assert set(raw["quarters"][0]) == {"quarter", "first_on", "first_at", "on", "at"}
    offset = ReportSubmissions.from_json(body(mark(first_at="2026-09-29T16:00:00+08:00")))
    assert offset.quarters[0].first_at == datetime(2026, 9, 29, 8, 0)


@pytest.mark.parametrize(
    "bad",
    [
        body(mark("2026Q5")),
        body(mark("26Q3")),
        body(mark(" 2026Q3")),
        body(mark(first_on="2026-02-30")),
        body(mark(first_on="2026-W40-1")),  # a date Python would read, not the wire's form
        body(mark(on="20261125")),
        body(mark(first_on="2026-11-26")),  # first after latest
        body(mark(at="yesterday")),
        body(mark(at=1764000000)),
        body(mark(first_at="1970-01-01T00:00:00")),
        body(mark(), mark()),  # one quarter twice
        body(*[mark(f"{2000 + i // 4}Q{i % 4 + 1}") for i in range(MAX_SUBMITTED_QUARTERS + 1)]),
        {**body(mark()), "device": "not-a-uuid!"},
        {**body(), "quarters": {"2026Q3": "2026-09-29"}},
        {**body(mark()), "version": VERSION + 1},
    ],
)
def test_anything_but_quarters_and_dates_is_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ProtocolError):
        ReportSubmissions.from_json(bad)
