"""The work queue follows the store: thresholds and minimums from the county, a table marked
已上报, a visit confirmed, a case voided, the last sync; and its progress is the sheet's."""

from __future__ import annotations

from datetime import date, datetime

from station_app.domain.duty_minimums import DutyMinimums
from station_app.domain.quarter import Quarter
from station_app.domain.settings_schema import (
    DUTY_MINIMUMS,
    SYNC_DEVICE_ID,
    SYNC_LAST_SUCCESS,
    SYNC_SERVER,
    WORK_QUEUE_THRESHOLDS,
)
from station_app.domain.work_calendar import is_working_day
from station_app.domain.work_queue import WorkQueueThresholds, report_deadline
from station_app.reports import api as reports
from station_app.services.station_services import StationServices
from station_app.storage import setting_values
from station_app.storage.organisation_tables import SettingRow
from tests.report_fixtures import BINJIANG
from tests.work_queue_fixtures import MID_QUARTER, build


def kinds(services: StationServices, day: date = MID_QUARTER) -> list[str]:
    return [i.kind.value for i in services.work_queue.items(day)]


def test_the_countys_thresholds_and_minimums_change_the_queue(services: StationServices) -> None:
    build(services)
    assert kinds(services).count("mediation_overdue") == 2
    with services.store.write() as session:
        # As the county's reference data brings it: 90 days for a case, 1 h a week.
        setting_values.put(session, WORK_QUEUE_THRESHOLDS, WorkQueueThresholds(mediation_days=90))
        setting_values.put(session, DUTY_MINIMUMS, DutyMinimums(street_week_hours=1))
    after = kinds(services)
    assert "mediation_overdue" not in after and "hours_week_short" not in after
    with services.store.write() as session:  # a damaged value reads as the spec's defaults
        session.merge(SettingRow(key=WORK_QUEUE_THRESHOLDS.key, value='{"mediation_days": "x"}'))
    assert kinds(services).count("mediation_overdue") == 2


def test_marking_the_table_submitted_and_confirming_and_voiding_clear_their_items(
    services: StationServices,
) -> None:
    ids = build(services)
    assert kinds(services)[0] == "report_overdue"
    services.reports.mark_submitted(Quarter(2026, 3))
    assert "report_overdue" not in kinds(services)

    visit = next(i for i in services.work_queue.items() if i.kind.value == "visit_unconfirmed")
    assert visit.record_ids == (ids["d1"],) and visit.opens == "duty_log"
    services.duty_logs.confirm(ids["d1"], "周专干")
    assert "visit_unconfirmed" not in kinds(services)

    case = next(i for i in services.work_queue.items() if i.village == BINJIANG)
    assert case.kind.value == "mediation_overdue" and case.opens == "mediation_case"
    services.mediation.void(case.record_ids[0], "重复登记")
    assert kinds(services).count("mediation_overdue") == 1


def test_a_pc_enrolled_but_not_synced_for_more_than_three_days(services: StationServices) -> None:
    assert "sync_stale" not in kinds(services)  # not enrolled: nothing to say
    with services.store.write() as session:
        setting_values.put(session, SYNC_SERVER, "https://county.example")
        setting_values.put(session, SYNC_DEVICE_ID, "device-1")
    stale = [i for i in services.work_queue.items() if i.kind.value == "sync_stale"]
    assert len(stale) == 1 and "还没有成功同步过" in stale[0].text and stale[0].opens == "sync"
    for last, shown in ((datetime(2026, 11, 22, 12), False), (datetime(2026, 11, 21, 12), True)):
        with services.store.write() as session:
            setting_values.put(session, SYNC_LAST_SUCCESS, last.isoformat(timespec="seconds"))
        assert ("sync_stale" in kinds(services)) is shown, last


def test_the_progress_is_the_compliance_sheet_of_the_same_day(services: StationServices) -> None:
    build(services)
    progress = services.work_queue.queue().progress
    table = reports.quarterly_table(services, Quarter(2026, 4))
    assert [p.compliance for p in progress] == list(table.compliance)
    assert [p.village for p in progress] == ["青石村", "滨江社区"]
    assert [p.publicity_events for p in progress] == [1, 0]
    qingshi = progress[0].compliance
    assert [str(m.hours) for m in qingshi.months] == ["0.0", "4.0", "0.0"]  # 10-08 unconfirmed
    assert qingshi.months[0].met is False and qingshi.months[1].met is None  # November runs on


def test_working_days_follow_the_state_councils_schedule() -> None:
    assert is_working_day(date(2026, 9, 20))  # a Sunday worked for 国庆
    assert not is_working_day(date(2026, 9, 25))  # 中秋节, a Friday
    assert not is_working_day(date(2026, 10, 7)) and is_working_day(date(2026, 10, 10))
    assert report_deadline(Quarter(2023, 3)) == date(2023, 9, 28)  # 09-29 中秋节, 09-30 Sat
    assert report_deadline(Quarter(2026, 3)) == date(2026, 9, 30)
    assert report_deadline(Quarter(2028, 3)) == date(2028, 9, 29)  # no notice yet: Mon-Fri


def test_the_window_lists_the_oldest_lines_of_a_kind_and_counts_them_all(
    services: StationServices,
) -> None:
    """A long backlog: the 工作台 lists the oldest line of each record kind, the count stays
    exact (what the navigation and the status bar show)."""
    ids = build(services)
    whole = services.work_queue.queue(MID_QUARTER)
    short = services.work_queue.queue(MID_QUARTER, lines_per_kind=1)
    assert short.count == whole.count == len(whole.items) == 11
    overdue = [i for i in short.items if i.kind.value == "mediation_overdue"]
    assert [i.ref for i in overdue] == [ids["m1"]]  # the oldest of the two
    assert short.more(overdue[0].kind) == 1 and whole.more(overdue[0].kind) == 0
    assert [i.kind.value for i in short.items].count("dissatisfied") == 1
    assert services.work_queue.count(MID_QUARTER) == 11
