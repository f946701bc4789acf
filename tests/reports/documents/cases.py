"""Fixture cases for the document tests: the shapes the spec's golden tests name.

Made-up people and numbers (tests/drafts.py). Each case is stored through the service, as a
clerk's form would, and read back by its number.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from station_app.domain.choices import (
    AgreementForm,
    DisputeSource,
    FollowUpMethod,
    Gender,
    JudicialConfirmation,
    MediationResult,
    PartyRole,
    Performance,
    RetentionPeriod,
    Satisfaction,
)
from station_app.domain.mediation_case import (
    FollowUpDraft,
    InvestigationDraft,
    MediationCaseDraft,
    PartyDraft,
    SessionDraft,
)
from station_app.services.station_services import StationServices
from tests.drafts import mediation, mobile, resident_id, village_id


def party(role: PartyRole, name: str, serial: int, **changes: object) -> PartyDraft:
    base = PartyDraft(
        role=role,
        name=name,
        gender=Gender.MALE if serial % 2 else Gender.FEMALE,
        age=30 + serial,
        phone=mobile(12_340_000 + serial),
        id_number=resident_id(100 + serial),
        address=f"龙兴镇青石村{serial}组",
        ethnicity="汉族" if serial % 3 else "土家族",
        occupation="农民" if serial % 2 else "个体工商户",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def session(n: int, day: date, *, result: str | None = None) -> SessionDraft:
    return SessionDraft(
        held_on=day,
        place="青石村调解室",
        mediators="陈调解",
        subject=f"第{n}次调解排水沟改道事宜",
        attendees="村民小组长黄某",
        record=f"第{n}次调解：双方陈述了排水沟走向的意见，调解员释明相邻关系的法律规定。",
        notes=result,
    )


FILED = {
    "filed_by": "陈调解",
    "filed_on": date(2026, 11, 10),
    "retention": RetentionPeriod.LONG,
}
AGREED = {
    "agreement_terms": ("李乙于2026年11月30日前将排水沟恢复原状", "张甲承担材料费3000元"),
    "performance_method": "现金支付，当面交付",
    "performance_place": "青石村村委会",
    "performance_due": "2026年11月30日前",
    "recorder": "刘记录",
}


def several_parties() -> MediationCaseDraft:
    """Two applicants, two respondents and a third party; a written agreement sent to court."""
    return mediation(
        case_number="（2026）龙兴调字第0011号",
        source=DisputeSource.PARTY_REQUEST,
        summary="五户相邻宅基地排水沟改道引起的纠纷",
        mediators=("陈调解", "刘调解"),
        parties=(
            party(PartyRole.APPLICANT, "张甲", 1),
            party(PartyRole.APPLICANT, "张丙", 2),
            party(PartyRole.RESPONDENT, "李乙", 3),
            party(PartyRole.RESPONDENT, "李丁", 4),
            party(PartyRole.THIRD_PARTY, "王戊", 5),
        ),
        sessions=(session(1, date(2026, 10, 10), result="达成协议"),),
        investigations=(
            InvestigationDraft(
                investigated_on=date(2026, 10, 9),
                place="排水沟现场",
                attendees="陈调解、刘记录",
                interviewee="邻居黄某",
                record="排水沟原走向沿李乙宅基地东侧，2025年改道后雨水流入张甲院内。",
            ),
        ),
        result=MediationResult.SUCCESS,
        closed_on=date(2026, 10, 20),
        agreement_form=AgreementForm.WRITTEN,
        amount=Decimal("3000"),
        judicial_confirmation=JudicialConfirmation.APPLIED,
        requests=("请求被申请人恢复排水沟原走向", "请求赔偿损失3000元"),
        dispute_facts="2025年李乙、李丁改挖排水沟，雨水流入张甲、张丙院内，双方为改道和赔偿争执。",
        **AGREED,  # type: ignore[arg-type]
        **FILED,  # type: ignore[arg-type]
    )


def oral_agreement() -> MediationCaseDraft:
    """Taken up on the committee's own initiative and settled by word of mouth."""
    return mediation(
        case_number="（2026）龙兴调字第0012号",
        source=DisputeSource.OWN_INITIATIVE,
        summary="邻里之间因鸡鸭进菜地发生口角",
        parties=(party(PartyRole.APPLICANT, "赵甲", 6), party(PartyRole.RESPONDENT, "钱乙", 7)),
        sessions=(session(1, date(2026, 10, 9)),),
        result=MediationResult.SUCCESS,
        closed_on=date(2026, 10, 9),
        agreement_form=AgreementForm.ORAL,
        agreement_terms=("钱乙圈养鸡鸭，不再进入赵甲菜地",),
        copies=2,
    )


def two_sessions_and_follow_up() -> MediationCaseDraft:
    return mediation(
        case_number="（2026）龙兴调字第0013号",
        summary="借用农机损坏赔偿纠纷",
        parties=(party(PartyRole.APPLICANT, "孙甲", 8), party(PartyRole.RESPONDENT, "周乙", 9)),
        sessions=(
            session(1, date(2026, 10, 12), result="未达成一致，约定再次调解"),
            session(2, date(2026, 10, 19), result="达成协议"),
        ),
        **AGREED,  # type: ignore[arg-type]
        result=MediationResult.SUCCESS,
        closed_on=date(2026, 10, 19),
        agreement_form=AgreementForm.WRITTEN,
        performance=Performance.DONE,
        follow_ups=(
            FollowUpDraft(
                followed_up_on=date(2026, 11, 2),
                method=FollowUpMethod.PHONE,
                followed_up_by="陈调解",
                performance=Performance.DONE,
                satisfaction=Satisfaction.SATISFIED,
                verification="赔偿款已当面付清，双方无异议",
            ),
        ),
    )


def closed_without_agreement() -> MediationCaseDraft:
    return mediation(
        case_number="（2026）龙兴调字第0014号",
        summary="土地承包经营权流转费纠纷",
        parties=(party(PartyRole.APPLICANT, "吴甲", 10), party(PartyRole.RESPONDENT, "郑乙", 11)),
        sessions=(session(1, date(2026, 10, 15)),),
        result=MediationResult.FAILED,
        closed_on=date(2026, 10, 30),
        **FILED,  # type: ignore[arg-type]
    )


def big_case(parties: int = 10, sessions: int = 12) -> MediationCaseDraft:
    """The benchmark's case: many parties, many sessions, a follow-up, a written agreement."""
    people = tuple(
        party(PartyRole.APPLICANT if i % 2 else PartyRole.RESPONDENT, f"当事人{i}", i)
        for i in range(1, parties + 1)
    )
    return replace(
        two_sessions_and_follow_up(),
        case_number="（2026）龙兴调字第0020号",
        parties=people,
        sessions=tuple(session(n, date(2026, 10, 10 + n)) for n in range(1, sessions + 1)),
        closed_on=date(2026, 10, 30),
    )


FIXTURES = {
    "several_parties": several_parties,
    "oral_agreement": oral_agreement,
    "two_sessions_and_follow_up": two_sessions_and_follow_up,
    "closed_without_agreement": closed_without_agreement,
}


def store_case(services: StationServices, draft: MediationCaseDraft) -> int:
    stored = services.mediation.create(replace(draft, village_id=village_id(services, "青石村")))
    return stored.id
