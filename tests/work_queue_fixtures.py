"""A store built for the work queue's tests, and the queue worked out from it by hand.

The `services` fixture's station (青石村 a town village, 滨江社区 a street community), with
records placed so that one rule decides each item; and accounts for every role. The expected
queues below were worked out with the spec (work-queue.md) in hand, not by running the code:
each line says why the item is there.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from station_app.domain.choices import (
    AidDecision,
    AidOpinion,
    FollowUpMethod,
    MediationResult,
    Role,
    Satisfaction,
)
from station_app.domain.mediation_case import FollowUpDraft
from station_app.domain.organisation import UserDraft
from station_app.services.station_services import StationServices
from tests.report_fixtures import BINJIANG, QINGSHI, aid, consult, duty, mediate, publicize, vid

OFFICER, LAWYER, CLERK = "zhou", "sun", "li"
PASSWORD = "queue2026pass"

#: A day in the middle of 2026Q4 (the fixture clock's own day, a Wednesday).
MID_QUARTER = date(2026, 11, 25)
#: The first Friday after 2026Q3 ended (the National Day holiday ran to 10-07).
AFTER_QUARTER = date(2026, 10, 9)
#: 2023Q3's last working day is Thursday 09-28: 09-29 was 中秋节 and 09-30 a Saturday. Ten
#: days before it is 09-18; counted from the calendar's 09-29 it would be 09-19.
HOLIDAY_DAY = date(2023, 9, 18)


def add_account(
    services: StationServices, username: str, name: str, role: Role, village: str | None = None
) -> None:
    head = services.ctx.principal
    village_id = vid(services, village) if village else None
    services.accounts.add_account(UserDraft(username, name, role, village_id), "temp" + PASSWORD)
    services.accounts.sign_in(username, "temp" + PASSWORD)
    services.accounts.change_password("temp" + PASSWORD, PASSWORD)
    services.ctx.principal = head


def build(services: StationServices) -> dict[str, Any]:
    """The records; returns the case numbers and record ids the expectations name."""
    m1 = mediate(services, QINGSHI, date(2026, 9, 1))  # 调解中 since 09-01
    m2 = mediate(services, BINJIANG, date(2026, 10, 20))  # 调解中 since 10-20
    m3 = mediate(  # 调解成功 on 08-20 at the station itself, never followed up
        services, None, date(2026, 8, 1), MediationResult.SUCCESS, date(2026, 8, 20)
    )
    mediate(  # 调解成功 on 10-30: not yet 30 days on 11-25
        services, QINGSHI, date(2026, 10, 1), MediationResult.SUCCESS, date(2026, 10, 30)
    )
    mediate(services, QINGSHI, date(2026, 11, 10))  # 调解中 for only 15 days on 11-25
    voided = mediate(services, QINGSHI, date(2026, 7, 1))  # would be overdue, but voided
    services.mediation.void(voided, "重复登记")
    l1 = aid(services, BINJIANG, date(2026, 9, 25), AidOpinion.FORWARD, date(2026, 9, 28))
    aid(services, QINGSHI, date(2026, 11, 19), AidOpinion.FORWARD, date(2026, 11, 20))
    aid(services, QINGSHI, date(2026, 9, 1), AidOpinion.INELIGIBLE)
    # 孙律师 at 青石村 on 10-08, never confirmed; 陈律师's 4 h there on 11-04 meets November.
    d1 = duty(
        services, QINGSHI, date(2026, 10, 8), (9, 0), (12, 0), confirmed=False, lawyer="孙律师"
    )
    duty(services, QINGSHI, date(2026, 11, 4), (9, 0), (13, 0), lawyer="陈律师")
    # 滨江社区: 3 h confirmed on Tuesday 10-06; 1.5 h confirmed on Monday 11-23; 2 h on
    # 11-24 not confirmed (and too recent to be asked about on 11-25).
    duty(services, BINJIANG, date(2026, 10, 6), (9, 0), (12, 0), lawyer="孙律师")
    duty(services, BINJIANG, date(2026, 11, 23), (9, 0), (10, 30), lawyer="孙律师")
    duty(services, BINJIANG, date(2026, 11, 24), (14, 0), (16, 0), confirmed=False, lawyer="孙律师")
    publicize(services, QINGSHI, date(2026, 10, 15), 40)
    # 不满意: a 青石村 consultation nobody has looked into; a 滨江社区 one already checked.
    c1 = rate(services.consultations, consult(services, QINGSHI, date(2026, 11, 2)), None)
    rate(services.consultations, consult(services, BINJIANG, date(2026, 11, 3)), "已回电解释")
    # A settled case followed up on 10-12 (so no 待回访), the person 不满意, not yet checked.
    m5 = mediate(services, QINGSHI, date(2026, 9, 1), MediationResult.SUCCESS, date(2026, 9, 10))
    case = services.mediation.get(m5)
    follow_up = FollowUpDraft(date(2026, 10, 12), FollowUpMethod.PHONE, "调解员", None)
    services.mediation.update(
        m5,
        replace(
            case.data, follow_ups=(replace(follow_up, satisfaction=Satisfaction.DISSATISFIED),)
        ),
        expected_revision=case.meta.revision,
    )
    # Forwarded on 09-20 and answered by the center on 09-25: nothing to chase.
    l4 = aid(services, QINGSHI, date(2026, 9, 18), AidOpinion.FORWARD, date(2026, 9, 20))
    review = services.legal_aid.get(l4)
    services.legal_aid.update(
        l4,
        replace(review.data, aid_decision=AidDecision.GRANTED, decided_on=date(2026, 9, 25)),
        expected_revision=review.meta.revision,
    )
    number = {i: services.mediation.get(i).data.case_number for i in (m1, m2, m3, m5)}
    return {
        **{name: number[i] for name, i in (("m1", m1), ("m2", m2), ("m3", m3), ("m5", m5))},
        "l1": l1,
        "d1": d1,
        "c1": c1,
    }


def rate(service: Any, record_id: int, verification: str | None) -> int:
    """A consultation rated 不满意, with what was checked afterwards (or nothing yet)."""
    stored = service.get(record_id)
    service.update(
        record_id,
        replace(stored.data, satisfaction=Satisfaction.DISSATISFIED, verification=verification),
        expected_revision=stored.meta.revision,
    )
    return record_id


def expected_mid_quarter(ids: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(kind, village, date, ref) on 2026-11-25 for the head, in the 工作台's order."""
    return [
        ("report_overdue", "", "2026-09-30", ""),  # 2026Q3 never marked 已上报
        ("mediation_overdue", QINGSHI, "2026-09-01", ids["m1"]),  # 85 days 调解中
        ("mediation_overdue", BINJIANG, "2026-10-20", ids["m2"]),  # 36 days
        ("aid_decision_due", BINJIANG, "2026-09-28", ""),  # forwarded 58 days ago
        ("visit_unconfirmed", QINGSHI, "2026-10-08", ""),  # 48 days unconfirmed
        ("follow_up_due", "本站", "2026-08-20", ids["m3"]),  # settled 97 days ago
        ("dissatisfied", QINGSHI, "2026-10-12", ids["m5"]),  # the follow-up's 不满意
        ("dissatisfied", QINGSHI, "2026-11-02", ""),  # the consultation's 不满意
        ("hours_week_short", BINJIANG, "2026-11-29", ""),  # 1.5 h of 2 h this week
        ("hours_month_short", BINJIANG, "2026-11-30", ""),  # 1.5 h of 8 h this month
        ("publicity_missing", BINJIANG, "2026-12-31", ""),  # 青石村 held one on 10-15
    ]


def expected_after_quarter(ids: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """On 2026-10-09: nothing dated after it counts (the 不满意 ratings came later); the
    cut-offs are 09-09, 10-02, 10-06; the review forwarded on 09-20 has its decision."""
    return [
        ("report_overdue", "", "2026-09-30", ""),
        ("mediation_overdue", QINGSHI, "2026-09-01", ids["m1"]),  # 38 days
        ("aid_decision_due", BINJIANG, "2026-09-28", ""),  # 11 days
        ("follow_up_due", "本站", "2026-08-20", ids["m3"]),  # 50 days
        # October so far: 滨江社区 3 h of 8 h; 青石村 nothing confirmed (10-08 waits)
        ("hours_month_short", BINJIANG, "2026-10-31", ""),
        ("hours_month_short", QINGSHI, "2026-10-31", ""),
        # (the week of 10-05 has 滨江社区's 3 h: met)
        ("publicity_missing", BINJIANG, "2026-12-31", ""),  # 10-15 is still to come
        ("publicity_missing", QINGSHI, "2026-12-31", ""),
    ]


def expected_holiday_day() -> list[tuple[str, str, str, str]]:
    """On 2023-09-18: nothing of 2026 counts; the table of 2023Q3 is due by 09-28."""
    return [
        ("report_overdue", "", "2023-06-30", ""),  # 2023Q2, due on Friday 06-30
        ("report_due", "", "2023-09-28", ""),  # 10 days before its last working day
        ("hours_week_short", BINJIANG, "2023-09-24", ""),
        ("hours_month_short", BINJIANG, "2023-09-30", ""),
        ("hours_month_short", QINGSHI, "2023-09-30", ""),
        ("publicity_missing", BINJIANG, "2023-09-30", ""),
        ("publicity_missing", QINGSHI, "2023-09-30", ""),
    ]
