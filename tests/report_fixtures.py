"""Small hand-made ledgers for the quarterly-table tests, and the table they must produce.

The store is the `services` fixture's (青石村 a town village, 滨江社区 a street community);
every record below is placed so that one rule of the spec decides whether and how it counts.
The expected table in ``EXPECTED_Q3`` was worked out by hand from these records.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal
from typing import Any

from station_app.domain.choices import (
    AgreementForm,
    AidMatter,
    AidOpinion,
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DisputeSource,
    DutyServiceType,
    FollowUpMethod,
    HardshipBasis,
    JudicialConfirmation,
    MediationResult,
    PartyRole,
    Performance,
    PublicityForm,
    Satisfaction,
    SpecialGroup,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyLogDraft, ServiceItemDraft
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import FollowUpDraft, MediationCaseDraft, PartyDraft
from station_app.domain.publicity_event import PublicityEventDraft
from station_app.services.station_services import StationServices

QINGSHI, BINJIANG = "青石村", "滨江社区"


def vid(services: StationServices, name: str) -> int:
    found = services.organisation.village_by_name(name)
    assert found is not None
    return found.id


def consult(
    services: StationServices,
    village: str | None,
    day: date,
    *,
    groups: tuple[SpecialGroup, ...] = (),
    outcome: ConsultOutcome = ConsultOutcome.ANSWERED,
) -> int:
    return services.consultations.create(
        ConsultationDraft(
            consulted_on=day,
            village_id=vid(services, village) if village else None,
            channel=ConsultChannel.VISIT,
            name="甲某",
            special_groups=groups,
            category=ConsultCategory.LABOUR,
            question="工资被拖欠怎么办",
            receiver="接待员",
            outcome=outcome,
        )
    ).id


def mediate(
    services: StationServices,
    village: str | None,
    accepted: date,
    result: MediationResult = MediationResult.IN_PROGRESS,
    closed: date | None = None,
    *,
    amount: str | None = None,
    persons: int | None = None,
    confirmation: JudicialConfirmation = JudicialConfirmation.NOT_APPLIED,
) -> int:
    success = result is MediationResult.SUCCESS
    return services.mediation.create(
        MediationCaseDraft(
            accepted_on=accepted,
            village_id=vid(services, village) if village else None,
            source=DisputeSource.PARTY_REQUEST,
            dispute_type="02",
            summary="排水沟纠纷",
            mediators=("调解员",),
            parties=(
                PartyDraft(PartyRole.APPLICANT, "申某"),
                PartyDraft(PartyRole.RESPONDENT, "被某"),
            ),
            result=result,
            closed_on=closed,
            agreement_form=AgreementForm.WRITTEN if success else None,
            amount=Decimal(amount) if amount is not None else None,
            persons_involved=persons,
            judicial_confirmation=confirmation,
        )
    ).id


def publicize(services: StationServices, village: str | None, day: date, attendees: int) -> int:
    return services.publicity.create(
        PublicityEventDraft(
            held_on=day,
            village_id=vid(services, village) if village else None,
            form=PublicityForm.LECTURE,
            topic="民法典进农村",
            attendees=attendees,
        )
    ).id


def duty(
    services: StationServices,
    village: str | None,
    day: date,
    start: tuple[int, int],
    end: tuple[int, int],
    *,
    items: tuple[DutyServiceType, ...] = (DutyServiceType.CONSULTATION,),
    confirmed: bool = True,
    lawyer: str = "李律师",
) -> int:
    record = services.duty_logs.create(
        DutyLogDraft(
            duty_on=day,
            village_id=vid(services, village) if village else None,
            lawyer_name=lawyer,
            law_firm="重庆渝北律师事务所",
            start_time=time(*start),
            end_time=time(*end),
            items=tuple(ServiceItemDraft(t, "村民", "咨询") for t in items),
        )
    )
    if confirmed:
        services.duty_logs.confirm(record.id, "综治专干", day)
    return record.id


def aid(
    services: StationServices,
    village: str | None,
    applied: date,
    opinion: AidOpinion,
    forwarded: date | None = None,
) -> int:
    return services.legal_aid.create(
        LegalAidReviewDraft(
            applied_on=applied,
            village_id=vid(services, village) if village else None,
            name="乙某",
            matter=AidMatter.WAGES,
            hardship_basis=HardshipBasis.WAGE_CLAIM_EXEMPT,
            opinion=opinion,
            forwarded_on=forwarded,
        )
    ).id


def fill_q3(services: StationServices) -> dict[str, Any]:
    """The 2026Q3 ledgers (Jul 1 - Sep 30; Jul 1 is a Wednesday, the first Monday Jul 6)."""
    s, q, b = services, QINGSHI, BINJIANG
    ids: dict[str, Any] = {}
    # -- 法律咨询 --------------------------------------------------------------------------------
    consult(s, q, date(2026, 7, 1), groups=(SpecialGroup.ELDERLY,))  # first day: counts
    consult(s, q, date(2026, 9, 30), outcome=ConsultOutcome.TO_LAWYER)  # last day: referral
    consult(s, q, date(2026, 6, 30), groups=(SpecialGroup.ELDERLY,))  # Q2
    consult(s, q, date(2026, 10, 1))  # Q4
    ids["voided_consultation"] = consult(s, q, date(2026, 8, 10))
    s.consultations.void(ids["voided_consultation"], "重复录入")
    # two special groups are one person; 转人民调解 is a referral
    consult(
        s,
        b,
        date(2026, 8, 2),
        groups=(SpecialGroup.ELDERLY, SpecialGroup.DISABLED),
        outcome=ConsultOutcome.TO_MEDIATION,
    )
    consult(s, None, date(2026, 8, 1))
    # -- 人民调解 --------------------------------------------------------------------------------
    S, F, T = MediationResult.SUCCESS, MediationResult.FAILED, MediationResult.TERMINATED
    mediate(
        s,
        q,
        date(2026, 7, 5),
        S,
        date(2026, 7, 20),
        amount="1000.50",
        persons=3,
        confirmation=JudicialConfirmation.CONFIRMED,
    )
    mediate(s, q, date(2026, 6, 20), F, date(2026, 7, 2), persons=4)  # accepted Q2, closed Q3
    mediate(s, q, date(2026, 9, 25), persons=2)  # still 调解中
    mediate(s, q, date(2026, 8, 1), S, date(2026, 10, 3), amount="500", persons=2)  # closed Q4
    voided = mediate(s, q, date(2026, 7, 10), S, date(2026, 7, 11), amount="9", persons=9)
    s.mediation.void(voided, "重复录入")
    mediate(s, b, date(2026, 7, 3), T, date(2026, 7, 4))  # 终止调解 closes; no persons given
    # -- 法治宣传 --------------------------------------------------------------------------------
    publicize(s, q, date(2026, 8, 15), 60)
    publicize(s, None, date(2026, 9, 1), 100)
    publicize(s, None, date(2026, 9, 2), 0)
    publicize(s, b, date(2026, 10, 8), 50)  # Q4: 滨江社区 held none in Q3
    # -- 律师值班: 青石村 (town: at least 4 h every month) -------------------------------------
    C, OP, Q = (
        DutyServiceType.CONTRACT_REVIEW,
        DutyServiceType.LEGAL_OPINION,
        DutyServiceType.CONSULTATION,
    )
    duty(s, q, date(2026, 7, 6), (9, 0), (13, 0), items=(C, OP, Q))  # 3 matters, one 4 h visit
    duty(s, q, date(2026, 8, 3), (9, 0), (11, 0))
    duty(s, q, date(2026, 8, 20), (14, 0), (16, 30))
    # one visit entered as two entries (一事一记 rows of the paper ledger): its hours count once
    duty(s, q, date(2026, 9, 7), (8, 30), (12, 30), items=(OP,))
    duty(s, q, date(2026, 9, 7), (8, 30), (12, 30), items=(Q,))
    ids["pending_visit"] = duty(
        s, q, date(2026, 9, 14), (9, 0), (10, 0), items=(C,), confirmed=False
    )
    voided_visit = duty(s, q, date(2026, 7, 8), (9, 0), (11, 0), items=(C,))
    s.duty_logs.void(voided_visit, "律师当天未到")
    duty(s, q, date(2026, 10, 1), (9, 0), (12, 0))  # Q4 (yet in week 13, Mon 9/28-Sun 10/4)
    # -- 律师值班: 滨江社区 (street: 8 h every month, 2 h every week) --------------------------
    duty(s, b, date(2026, 7, 1), (9, 0), (12, 0))  # Wed of the week of Mon 6/29 (a Q2 week)
    for day in (6, 13, 27):
        duty(s, b, date(2026, 7, day), (9, 0), (11, 0))
    duty(s, b, date(2026, 7, 20), (9, 0), (10, 30))  # week 3 (7/20-7/26): only 1.5 h
    duty(s, b, date(2026, 7, 22), (9, 0), (12, 0), confirmed=False)  # unconfirmed: no help
    for day in (3, 10, 17, 24, 31):
        duty(s, b, date(2026, 8, day), (9, 0), (11, 0))
    duty(s, b, date(2026, 9, 7), (9, 0), (12, 0))
    duty(s, b, date(2026, 9, 14), (9, 0), (12, 0))
    duty(s, b, date(2026, 9, 21), (9, 0), (11, 0))  # September: exactly 8 h
    duty(s, b, date(2026, 10, 2), (9, 0), (11, 0))  # Q4 day of week 13 (9/28-10/4)
    # -- 律师值班: the station itself; 15 minutes = 0.25 h, shown 0.3 (half up) ----------------
    duty(s, None, date(2026, 8, 12), (9, 0), (9, 15))
    # -- 法律援助初审 ----------------------------------------------------------------------------
    FW = AidOpinion.FORWARD
    aid(s, q, date(2026, 7, 15), FW, date(2026, 7, 16))
    aid(s, q, date(2026, 6, 28), FW, date(2026, 7, 1))  # applied Q2, forwarded Q3
    aid(s, q, date(2026, 9, 29), AidOpinion.NEED_MATERIALS)
    aid(s, None, date(2026, 8, 8), AidOpinion.INELIGIBLE)
    return ids


#: Columns in the spec's order: 单位, 法律咨询, 其中特殊群体, 转介, 调解受理, 调解结案, 调解成功,
#: 调解成功率, 涉及金额, 涉及人数, 司法确认, 法治宣传, 受众, 律师值班, 值班时长, 待确认值班,
#: 合同审查及法律意见, 法律援助初审, 转送法援中心, 值班达标, 宣传达标.
EXPECTED_Q3: list[list[Any]] = [
    [QINGSHI, 2, 1, 1, 3, 2, 1, 50.0, 1000.5, 7, 1, 1, 60, 4, 12.5, 1, 3, 2, 2, "达标", "达标"],
    [BINJIANG, 1, 1, 1, 1, 1, 0, 0.0, 0.0, 0, 0, 0, 0, 13, 28.5, 1, 0, 0, 0, "未达标", "未达标"],
    ["工作站本级", 1, 0, 0, 0, 0, 0, None, 0.0, 0, 0, 2, 100, 1, 0.3, 0, 0, 1, 0, None, None],
    ["合计", 4, 2, 2, 4, 3, 1, 33.3, 1000.5, 7, 1, 3, 160, 18, 41.3, 2, 3, 3, 2, "1/2", "1/2"],
]

#: 达标情况: 村(居), 类型, 每月最低, 7月, 8月, 9月, 每周最低, 13 weeks (Mon 7/6 … Mon 9/28),
#: 值班达标, 未达标期间.
EXPECTED_COMPLIANCE_Q3: list[list[Any]] = [
    [
        *(QINGSHI, "镇", 4.0, 4.0, 4.5, 4.0, None),
        *(4.0, 0.0, 0.0, 0.0, 2.0, 0.0, 2.5, 0.0, 0.0, 4.0, 0.0, 0.0, 3.0),  # wk 13 has 10/1
        *("达标", None),
    ],
    [
        *(BINJIANG, "街道", 8.0, 10.5, 10.0, 8.0, 2.0),
        *(2.0, 2.0, 1.5, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 3.0, 3.0, 2.0, 2.0),
        *("未达标", "第3周 07-20~07-26（1.5小时，不足2小时）"),
    ],
]


# -- 满意度 (issue 16): follow-ups and ratings, each placed so one rule decides it -----------


def rated_consult(
    services: StationServices,
    village: str | None,
    day: date,
    rating: Satisfaction | None,
    verification: str | None = None,
) -> int:
    made = consult(services, village, day)
    if rating is None:
        return made
    stored = services.consultations.get(made)
    return services.consultations.update(
        made,
        replace(stored.data, satisfaction=rating, verification=verification),
        expected_revision=stored.meta.revision,
    ).id


def followed_up(
    services: StationServices,
    village: str | None,
    accepted: date,
    closed: date,
    *visits: tuple[date, Satisfaction | None],
) -> int:
    """A settled case with a follow-up (电话, by 调解员) on each day given, rated as given."""
    made = mediate(services, village, accepted, MediationResult.SUCCESS, closed)
    stored = services.mediation.get(made)
    follow_ups = tuple(
        FollowUpDraft(
            followed_up_on=day,
            method=FollowUpMethod.PHONE,
            followed_up_by="调解员",
            performance=Performance.DONE,
            satisfaction=rating,
            verification="已核实" if rating is Satisfaction.DISSATISFIED else None,
        )
        for day, rating in visits
    )
    return services.mediation.update(
        made, replace(stored.data, follow_ups=follow_ups), expected_revision=stored.meta.revision
    ).id


def fill_satisfaction_q3(services: StationServices) -> None:
    """2026Q3's ratings and follow-ups (nothing else): see EXPECTED_SATISFACTION_Q3."""
    s, q, b = services, QINGSHI, BINJIANG
    SAT, FAIR, DIS = (
        Satisfaction.SATISFIED,
        Satisfaction.FAIRLY_SATISFIED,
        Satisfaction.DISSATISFIED,
    )
    # 青石村: consultations rated 满意 (7/1, first day) and 不满意 (9/30, last day); one in Q2,
    # one voided, one not rated.
    rated_consult(s, q, date(2026, 7, 1), SAT)
    rated_consult(s, q, date(2026, 9, 30), DIS, "已重新解答")
    rated_consult(s, q, date(2026, 6, 30), SAT)
    s.consultations.void(rated_consult(s, q, date(2026, 8, 10), SAT), "重复录入")
    rated_consult(s, q, date(2026, 8, 11), None)
    # A case settled in Q2 counts by its follow-ups' own dates: 6/15 (Q2) no, 7/15 yes, 10/2
    # (Q4) no. Another: a follow-up not rated (a follow-up, no rating) and one 不满意.
    followed_up(
        s, q, date(2026, 5, 10), date(2026, 6, 1),
        (date(2026, 6, 15), SAT), (date(2026, 7, 15), FAIR), (date(2026, 10, 2), SAT),
    )  # fmt: skip
    followed_up(s, q, date(2026, 7, 5), date(2026, 7, 20), (date(2026, 8, 20), None))
    voided = followed_up(s, q, date(2026, 7, 6), date(2026, 7, 7), (date(2026, 8, 1), SAT))
    s.mediation.void(voided, "重复录入")
    followed_up(s, q, date(2026, 9, 1), date(2026, 9, 10), (date(2026, 9, 30), DIS))
    # 滨江社区: one of each rating: 2 of 3 satisfied, 66.7 (half up from 66.67).
    rated_consult(s, b, date(2026, 8, 2), FAIR)
    rated_consult(s, b, date(2026, 8, 3), DIS, "已转律师再次解答")
    followed_up(s, b, date(2026, 7, 3), date(2026, 7, 4), (date(2026, 7, 30), SAT))
    # 工作站本级: a consultation not rated and a case without follow-ups: nothing rated.
    rated_consult(s, None, date(2026, 8, 1), None)
    mediate(s, None, date(2026, 8, 1))


#: 单位, 回访(次), 评价(次), 满意, 基本满意, 不满意, 满意率(%), worked out by hand from
#: fill_satisfaction_q3. 青石村: follow-ups 7/15, 8/20, 9/30; ratings 满意 (consultation 7/1),
#: 基本满意 (7/15), 不满意 (consultation 9/30, follow-up 9/30): 2 of 4. 合计: 4 of 7 = 57.14.
EXPECTED_SATISFACTION_Q3: list[list[Any]] = [
    [QINGSHI, 3, 4, 1, 1, 2, 50.0],
    [BINJIANG, 1, 3, 1, 1, 1, 66.7],
    ["工作站本级", 0, 0, 0, 0, 0, None],
    ["合计", 4, 7, 2, 2, 3, 57.1],
]
