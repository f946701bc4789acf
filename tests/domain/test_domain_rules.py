"""Field rules of every ledger draft, the quarter and the case number: pure domain, no store."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest

from station_app.domain.case_number import CaseNumber, station_prefix
from station_app.domain.choices import (
    AgreementForm,
    AidMatter,
    AidOpinion,
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DisputeSource,
    DutyServiceType,
    HardshipBasis,
    JudicialConfirmation,
    MediationResult,
    PartyRole,
    PublicityForm,
    Role,
    SpecialGroup,
    UnitKind,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyConfirmation, DutyLogDraft, ServiceItemDraft
from station_app.domain.errors import ValidationError
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import MediationCaseDraft, PartyDraft, SessionDraft
from station_app.domain.organisation import (
    LawyerDraft,
    StationDraft,
    UserDraft,
    VillageDraft,
)
from station_app.domain.publicity_event import PublicityEventDraft
from station_app.domain.quarter import Quarter
from tests.drafts import duty

TODAY = date(2026, 11, 25)
TOMORROW = TODAY + timedelta(days=1)
VALID_ID = "11010519491231002X"
CJK = re.compile(r"[\u4e00-\u9fff]")


def errors_of(draft: object, *args: object) -> dict[str, list[str]]:
    """Validate, expecting failure; return {field: [messages]} and check every error's wording."""
    with pytest.raises(ValidationError) as info:
        draft.validated(TODAY, *args)  # type: ignore[attr-defined]
    found: dict[str, list[str]] = {}
    for e in info.value.errors:
        assert CJK.search(e.label), e  # the field is named in Chinese
        assert CJK.search(e.message), e
        assert str(e) == f"{e.label}：{e.message}"
        assert str(e) in str(info.value)
        found.setdefault(e.field, []).append(e.message)
    return found


def labels_of(draft: object, *args: object) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        draft.validated(TODAY, *args)  # type: ignore[attr-defined]
    return {e.field: e.label for e in info.value.errors}


def only_field(draft: object, field: str, *args: object) -> list[str]:
    found = errors_of(draft, *args)
    assert set(found) == {field}, found
    return found[field]


# -- 法律咨询 ----------------------------------------------------------------------------------


def consultation(**changes: object) -> ConsultationDraft:
    base = ConsultationDraft(
        consulted_on=date(2026, 11, 20),
        village_id=None,
        channel=ConsultChannel.VISIT,
        name="王某某",
        age=45,
        phone="13812345678",
        category=ConsultCategory.LENDING,
        question="借款到期对方不还怎么办",
        receiver="站长",
        outcome=ConsultOutcome.ANSWERED,
    )
    return replace(base, **changes)


class TestConsultation:
    def test_good_draft_is_returned_cleaned(self) -> None:
        draft = consultation(
            name="  王某某 ",
            phone="１３８ １２３４ ５６７８",
            id_number="11010519491231002x",
            answer="   ",
            special_groups=(SpecialGroup.ELDERLY, SpecialGroup.ELDERLY, SpecialGroup.WOMAN),
        )
        clean = draft.validated(TODAY)
        assert clean.name == "王某某"
        assert clean.phone == "13812345678"
        assert clean.id_number == VALID_ID
        assert clean.answer is None  # blank optional text means "not recorded"
        assert clean.special_groups == (SpecialGroup.ELDERLY, SpecialGroup.WOMAN)

    def test_empty_draft_reports_every_required_field_at_once(self) -> None:
        found = errors_of(ConsultationDraft())
        assert set(found) == {
            "consulted_on",
            "channel",
            "name",
            "category",
            "question",
            "receiver",
            "outcome",
        }
        assert all(msgs == ["必填"] for msgs in found.values())

    def test_labels_are_the_workbook_column_names(self) -> None:
        labels = labels_of(ConsultationDraft())
        assert labels == {
            "consulted_on": "日期",
            "channel": "咨询方式",
            "name": "咨询人姓名",
            "category": "问题类别",
            "question": "咨询内容",
            "receiver": "接待人",
            "outcome": "处理结果",
        }

    def test_blank_text_counts_as_missing(self) -> None:
        assert only_field(consultation(question="  \n "), "question") == ["必填"]

    def test_date_today_ok_tomorrow_refused(self) -> None:
        assert consultation(consulted_on=TODAY).validated(TODAY).consulted_on == TODAY
        assert only_field(consultation(consulted_on=TOMORROW), "consulted_on") == ["不能晚于今天"]

    @pytest.mark.parametrize("age", [0, 1, 60, 120])
    def test_age_in_range(self, age: int) -> None:
        assert consultation(age=age).validated(TODAY).age == age

    @pytest.mark.parametrize("age", [-1, 121, 200])
    def test_age_out_of_range(self, age: int) -> None:
        messages = only_field(consultation(age=age), "age")
        assert messages == ["应在0到120之间"]

    def test_bad_phone_and_id_are_reported_without_their_value(self) -> None:
        bad_phone, bad_id = "12812345678", "110105194912310021"
        with pytest.raises(ValidationError) as info:
            consultation(phone=bad_phone, id_number=bad_id).validated(TODAY)
        assert {e.field for e in info.value.errors} == {"phone", "id_number"}
        text = str(info.value)
        assert bad_phone not in text and bad_id not in text
        assert "联系电话" in text and "身份证号" in text

    def test_declined_identity_makes_name_optional(self) -> None:
        clean = consultation(name=None, declined_identity=True).validated(TODAY)
        assert clean.name is None
        assert clean.declined_identity is True
        assert only_field(consultation(name=None), "name") == ["必填"]

    def test_declined_identity_with_id_number_is_contradictory(self) -> None:
        draft = consultation(name=None, declined_identity=True, id_number=VALID_ID)
        (message,) = only_field(draft, "id_number")
        assert "拒绝提供身份信息" in message

    def test_long_texts_limited(self) -> None:
        assert consultation(question="问" * 4000).validated(TODAY).question == "问" * 4000
        assert only_field(consultation(question="问" * 4001), "question") == ["不能超过4000个字"]
        assert only_field(consultation(receiver="李" * 101), "receiver") == ["不能超过100个字"]

    def test_referral_flag(self) -> None:
        assert not consultation().is_referral
        assert consultation(outcome=ConsultOutcome.TO_LEGAL_AID).is_referral
        assert not consultation(outcome=None).is_referral


# -- 人民调解 ----------------------------------------------------------------------------------


def applicant(name: str = "张甲", **kw: object) -> PartyDraft:
    return PartyDraft(role=PartyRole.APPLICANT, name=name, **kw)  # type: ignore[arg-type]


def respondent(name: str = "李乙", **kw: object) -> PartyDraft:
    return PartyDraft(role=PartyRole.RESPONDENT, name=name, **kw)  # type: ignore[arg-type]


def case(**changes: object) -> MediationCaseDraft:
    base = MediationCaseDraft(
        accepted_on=date(2026, 10, 8),
        source=DisputeSource.PARTY_REQUEST,
        dispute_type="02",
        summary="相邻宅基地排水沟纠纷",
        mediators=("陈调解",),
        parties=(applicant(), respondent()),
        result=MediationResult.IN_PROGRESS,
    )
    return replace(base, **changes)


def closed_case(**changes: object) -> MediationCaseDraft:
    closing: dict[str, object] = {
        "result": MediationResult.SUCCESS,
        "closed_on": date(2026, 10, 20),
        "agreement_form": AgreementForm.WRITTEN,
    }
    return case(**(closing | changes))


class TestMediationCase:
    def test_good_open_and_closed_cases(self) -> None:
        assert case().validated(TODAY).result is MediationResult.IN_PROGRESS
        clean = closed_case(
            amount=Decimal("12000.50"),
            persons_involved=2,
            judicial_confirmation=JudicialConfirmation.APPLIED,
            follow_up_on=date(2026, 11, 1),
            sessions=(SessionDraft(held_on=date(2026, 10, 15), notes="第一次调解"),),
        ).validated(TODAY)
        assert clean.amount == Decimal("12000.50")
        assert clean.case_number is None  # numbered by the service
        assert clean.is_closed

    def test_empty_draft_reports_everything_at_once(self) -> None:
        found = errors_of(MediationCaseDraft(result=None))
        assert {
            "accepted_on",
            "result",
            "source",
            "dispute_type",
            "summary",
            "mediators",
            "parties",
        } <= set(found)

    def test_labels(self) -> None:
        labels = labels_of(MediationCaseDraft(result=None))
        assert labels["accepted_on"] == "受理日期"
        assert labels["source"] == "纠纷来源"
        assert labels["dispute_type"] == "纠纷类型"
        assert labels["summary"] == "纠纷简要情况"
        assert labels["mediators"] == "调解员"
        assert labels["parties"] == "当事人"
        assert labels["result"] == "调解结果"

    def test_accepted_on_not_in_future(self) -> None:
        assert only_field(case(accepted_on=TOMORROW), "accepted_on") == ["不能晚于今天"]

    @pytest.mark.parametrize(
        "result", [MediationResult.SUCCESS, MediationResult.FAILED, MediationResult.TERMINATED]
    )
    def test_closed_on_required_when_not_in_progress(self, result: MediationResult) -> None:
        form = AgreementForm.ORAL if result is MediationResult.SUCCESS else None
        (message,) = only_field(case(result=result, agreement_form=form), "closed_on")
        assert "调解中" in message
        ok = case(result=result, agreement_form=form, closed_on=date(2026, 10, 9))
        assert ok.validated(TODAY).closed_on == date(2026, 10, 9)

    def test_closed_on_refused_while_in_progress(self) -> None:
        only_field(case(closed_on=date(2026, 10, 20)), "closed_on")

    def test_closed_on_not_before_accepted_on(self) -> None:
        draft = closed_case(closed_on=date(2026, 10, 7))
        assert only_field(draft, "closed_on") == ["不能早于受理日期"]
        same_day = closed_case(closed_on=date(2026, 10, 8))
        assert same_day.validated(TODAY).closed_on == date(2026, 10, 8)

    def test_closed_on_not_in_future(self) -> None:
        assert only_field(closed_case(closed_on=TOMORROW), "closed_on") == ["不能晚于今天"]

    def test_agreement_form_required_when_success(self) -> None:
        draft = closed_case(agreement_form=None)
        assert only_field(draft, "agreement_form") == ["调解成功时必填"]

    def test_agreement_form_refused_unless_success(self) -> None:
        draft = case(
            result=MediationResult.FAILED,
            closed_on=date(2026, 10, 20),
            agreement_form=AgreementForm.WRITTEN,
        )
        only_field(draft, "agreement_form")

    def test_judicial_confirmation_only_for_success(self) -> None:
        draft = case(judicial_confirmation=JudicialConfirmation.APPLIED)
        only_field(draft, "judicial_confirmation")

    def test_follow_up_not_before_acceptance(self) -> None:
        draft = closed_case(follow_up_on=date(2026, 10, 1))
        assert only_field(draft, "follow_up_on") == ["不能早于受理日期"]
        assert only_field(closed_case(follow_up_on=TOMORROW), "follow_up_on") == ["不能晚于今天"]

    @pytest.mark.parametrize("amount", ["0", "0.01", "1", "99999999.99", "12.5"])
    def test_amount_good(self, amount: str) -> None:
        assert case(amount=Decimal(amount)).validated(TODAY).amount == Decimal(amount)

    @pytest.mark.parametrize(
        ("amount", "message"),
        [
            ("-0.01", "不能为负数"),
            ("-100", "不能为负数"),
            ("0.001", "最多两位小数"),
            ("12.345", "最多两位小数"),
            ("NaN", "不能为负数"),
            ("Infinity", "不能为负数"),
        ],
    )
    def test_amount_bad(self, amount: str, message: str) -> None:
        assert only_field(case(amount=Decimal(amount)), "amount") == [message]

    def test_persons_involved_at_least_two(self) -> None:
        assert case(persons_involved=2).validated(TODAY).persons_involved == 2
        assert case(persons_involved=None).validated(TODAY).persons_involved is None
        for bad in (1, 0, -3):
            assert only_field(case(persons_involved=bad), "persons_involved") == ["不能小于2"]

    @pytest.mark.parametrize(
        "parties",
        [
            (),
            (applicant(),),
            (respondent(),),
            (applicant("甲"), applicant("乙")),
            (applicant(), PartyDraft(role=PartyRole.THIRD_PARTY, name="丙")),
        ],
        ids=["none", "applicant-only", "respondent-only", "two-applicants", "with-third"],
    )
    def test_needs_an_applicant_and_a_respondent(self, parties: tuple[PartyDraft, ...]) -> None:
        (message,) = only_field(case(parties=parties), "parties")
        assert "申请人" in message and "被申请人" in message

    def test_several_parties_of_each_role_fine(self) -> None:
        parties = (applicant("甲"), applicant("乙"), respondent("丙"), respondent("丁"))
        assert len(case(parties=parties).validated(TODAY).parties) == 4

    def test_party_errors_name_the_party_and_field(self) -> None:
        parties = (
            applicant(),
            respondent(age=130, phone="12345", id_number="110105194912310021"),
            PartyDraft(role=PartyRole.THIRD_PARTY, name=" "),
        )
        with pytest.raises(ValidationError) as info:
            case(parties=parties).validated(TODAY)
        got = {e.field: e.label for e in info.value.errors}
        assert got == {
            "parties.1.age": "当事人2的年龄",
            "parties.1.phone": "当事人2的联系电话",
            "parties.1.id_number": "当事人2的身份证号",
            "parties.2.name": "当事人3的姓名",
        }

    def test_party_role_required(self) -> None:
        parties = (applicant(), respondent(), PartyDraft(name="丙"))
        assert only_field(case(parties=parties), "parties.2.role") == ["必填"]

    def test_party_values_are_normalised(self) -> None:
        parties = (applicant(id_number="11010519491231002x", phone="023-1234567"), respondent())
        clean = case(parties=parties).validated(TODAY)
        assert clean.parties[0].id_number == VALID_ID
        assert clean.parties[0].phone == "023-1234567"

    def test_sessions_need_a_date_not_before_acceptance_nor_in_future(self) -> None:
        sessions = (
            SessionDraft(held_on=date(2026, 10, 8)),
            SessionDraft(held_on=None, notes="x"),
            SessionDraft(held_on=date(2026, 10, 1)),
            SessionDraft(held_on=TOMORROW),
        )
        found = errors_of(case(sessions=sessions))
        assert found == {
            "sessions.1.held_on": ["必填"],
            "sessions.2.held_on": ["不能早于受理日期"],
            "sessions.3.held_on": ["不能晚于今天"],
        }
        labels = labels_of(case(sessions=sessions))
        assert labels["sessions.1.held_on"] == "第2次调解的调解日期"

    def test_mediators_need_one_real_name(self) -> None:
        assert only_field(case(mediators=()), "mediators") == ["至少填写一人"]
        assert only_field(case(mediators=(" ", "")), "mediators") == ["至少填写一人"]
        clean = case(mediators=(" 陈调解 ", "", "赵调解")).validated(TODAY)
        assert clean.mediators == ("陈调解", "赵调解")

    def test_case_number_normalised_to_fullwidth_form(self) -> None:
        clean = case(case_number="(2026)龙兴调字第12号").validated(TODAY)
        assert clean.case_number == "（2026）龙兴调字第0012号"

    def test_bad_case_number_refused(self) -> None:
        (message,) = only_field(case(case_number="2026-12"), "case_number")
        assert "案号格式" in message

    def test_all_problems_reported_together(self) -> None:
        draft = case(
            accepted_on=TOMORROW,
            result=MediationResult.SUCCESS,
            amount=Decimal("-1"),
            persons_involved=1,
            parties=(applicant(),),
            summary=None,
        )
        assert set(errors_of(draft)) == {
            "accepted_on",
            "closed_on",
            "agreement_form",
            "amount",
            "persons_involved",
            "parties",
            "summary",
        }


# -- 律师值班 ----------------------------------------------------------------------------------


def item(**changes: object) -> ServiceItemDraft:
    base = ServiceItemDraft(
        service_type=DutyServiceType.CONSULTATION, served="村民刘某", content="解答土地承包问题"
    )
    return replace(base, **changes)


class TestDutyLog:
    def test_good_log(self) -> None:
        clean = duty(items=(item(), item(service_type=DutyServiceType.LECTURE))).validated(TODAY)
        assert len(clean.items) == 2
        assert duty().hours == 2.5

    def test_empty_draft_reports_everything(self) -> None:
        found = errors_of(DutyLogDraft())
        assert set(found) == {
            "duty_on",
            "lawyer_name",
            "law_firm",
            "start_time",
            "end_time",
            "items",
        }
        assert found["items"] == ["至少填写一项服务"]
        labels = labels_of(DutyLogDraft())
        assert labels["lawyer_name"] == "律师姓名"
        assert labels["law_firm"] == "律师事务所"
        assert labels["start_time"] == "开始时间"
        assert labels["items"] == "服务事项"

    def test_duty_date_not_in_future(self) -> None:
        assert only_field(duty(duty_on=TOMORROW), "duty_on") == ["不能晚于今天"]

    @pytest.mark.parametrize(
        ("start", "end"),
        [(time(9, 0), time(9, 0)), (time(14, 0), time(9, 0)), (time(23, 0), time(1, 0))],
        ids=["equal", "before", "past-midnight"],
    )
    def test_end_must_be_after_start_within_the_day(self, start: time, end: time) -> None:
        (message,) = only_field(duty(start_time=start, end_time=end), "end_time")
        assert "开始时间" in message
        assert duty(start_time=start, end_time=end).hours == 0.0

    def test_minute_apart_is_fine(self) -> None:
        clean = duty(start_time=time(0, 0), end_time=time(23, 59)).validated(TODAY)
        assert clean.end_time == time(23, 59)

    def test_item_fields_required_and_named(self) -> None:
        items = (item(), ServiceItemDraft(result="完成"))
        found = errors_of(duty(items=items))
        assert found == {
            "items.1.service_type": ["必填"],
            "items.1.served": ["必填"],
            "items.1.content": ["必填"],
        }
        labels = labels_of(duty(items=items))
        assert labels["items.1.served"] == "第2项服务的服务对象"
        assert labels["items.1.content"] == "第2项服务的服务内容"

    def test_confirmation_good(self) -> None:
        conf = DutyConfirmation(" 综治专干刘某 ", date(2026, 11, 18))
        clean = conf.validated(TODAY, date(2026, 11, 18))
        assert clean == DutyConfirmation("综治专干刘某", date(2026, 11, 18))

    def test_confirmation_needs_who_and_when(self) -> None:
        found = errors_of(DutyConfirmation(None, None), date(2026, 11, 18))
        assert found == {"confirmed_by": ["必填"], "confirmed_on": ["必填"]}
        labels = labels_of(DutyConfirmation(None, None), date(2026, 11, 18))
        assert labels == {"confirmed_by": "确认人", "confirmed_on": "确认日期"}

    def test_confirmation_not_before_duty_nor_in_future(self) -> None:
        early = DutyConfirmation("刘某", date(2026, 11, 17))
        assert only_field(early, "confirmed_on", date(2026, 11, 18)) == ["不能早于值班日期"]
        late = DutyConfirmation("刘某", TOMORROW)
        assert only_field(late, "confirmed_on", date(2026, 11, 18)) == ["不能晚于今天"]


# -- 法治宣传 ----------------------------------------------------------------------------------


def event(**changes: object) -> PublicityEventDraft:
    base = PublicityEventDraft(
        held_on=date(2026, 11, 4),
        form=PublicityForm.LECTURE,
        topic="宪法宣传周专题讲座",
        attendees=40,
    )
    return replace(base, **changes)


class TestPublicityEvent:
    def test_good_event(self) -> None:
        clean = event(materials=0, attendees=0, speaker=" 周律师 ").validated(TODAY)
        assert clean.attendees == 0 and clean.materials == 0
        assert clean.speaker == "周律师"

    def test_empty_draft(self) -> None:
        found = errors_of(PublicityEventDraft())
        assert set(found) == {"held_on", "form", "topic", "attendees"}
        assert labels_of(PublicityEventDraft())["attendees"] == "参加人数"

    def test_rules(self) -> None:
        assert only_field(event(held_on=TOMORROW), "held_on") == ["不能晚于今天"]
        assert only_field(event(attendees=-1), "attendees") == ["不能小于0"]
        assert only_field(event(materials=-5), "materials") == ["不能小于0"]
        assert only_field(event(topic="题" * 201), "topic") == ["不能超过200个字"]
        assert event(topic="题" * 200).validated(TODAY).topic == "题" * 200


# -- 法律援助初审 ------------------------------------------------------------------------------


def aid(**changes: object) -> LegalAidReviewDraft:
    base = LegalAidReviewDraft(
        applied_on=date(2026, 11, 2),
        name="刘某",
        matter=AidMatter.WAGES,
        hardship_basis=HardshipBasis.WAGE_CLAIM_EXEMPT,
        opinion=AidOpinion.NEED_MATERIALS,
    )
    return replace(base, **changes)


class TestLegalAidReview:
    def test_good_reviews(self) -> None:
        assert aid().validated(TODAY).forwarded_on is None
        forwarded = aid(opinion=AidOpinion.FORWARD, forwarded_on=date(2026, 11, 2))
        assert forwarded.validated(TODAY).forwarded_on == date(2026, 11, 2)

    def test_empty_draft(self) -> None:
        found = errors_of(LegalAidReviewDraft())
        assert set(found) == {"applied_on", "name", "matter", "hardship_basis", "opinion"}
        labels = labels_of(LegalAidReviewDraft())
        assert labels["hardship_basis"] == "经济困难依据"
        assert labels["opinion"] == "初审意见"

    def test_forwarded_on_required_when_forwarding(self) -> None:
        (message,) = only_field(aid(opinion=AidOpinion.FORWARD), "forwarded_on")
        assert "符合条件转送" in message

    def test_forwarded_on_refused_otherwise(self) -> None:
        for opinion in (AidOpinion.INELIGIBLE, AidOpinion.NEED_MATERIALS):
            only_field(aid(opinion=opinion, forwarded_on=date(2026, 11, 3)), "forwarded_on")

    def test_forwarded_on_not_before_application_nor_future(self) -> None:
        early = aid(opinion=AidOpinion.FORWARD, forwarded_on=date(2026, 11, 1))
        assert only_field(early, "forwarded_on") == ["不能早于申请日期"]
        late = aid(opinion=AidOpinion.FORWARD, forwarded_on=TOMORROW)
        assert only_field(late, "forwarded_on") == ["不能晚于今天"]

    def test_applied_on_age_phone_id(self) -> None:
        assert only_field(aid(applied_on=TOMORROW), "applied_on") == ["不能晚于今天"]
        assert only_field(aid(age=121), "age") == ["应在0到120之间"]
        only_field(aid(phone="0231234567"), "phone")
        only_field(aid(id_number="11010519491231002"), "id_number")
        assert aid(age=0).validated(TODAY).age == 0


# -- organisation -----------------------------------------------------------------------------


class TestOrganisation:
    def test_village_good_and_required(self) -> None:
        clean = VillageDraft(" 青石村 ", UnitKind.TOWN).validated(TODAY)
        assert clean == VillageDraft("青石村", UnitKind.TOWN)
        found = errors_of(VillageDraft())
        assert set(found) == {"name", "kind"}
        assert labels_of(VillageDraft()) == {"name": "村(居)名称", "kind": "类型"}

    def test_village_name_reserved_and_length(self) -> None:
        (message,) = only_field(VillageDraft("本站", UnitKind.TOWN), "name")
        assert "保留" in message
        assert only_field(VillageDraft("村" * 51, UnitKind.TOWN), "name") == ["不能超过50个字"]

    def test_village_parse(self) -> None:
        assert VillageDraft.parse("青石村", UnitKind.TOWN) == VillageDraft("青石村", UnitKind.TOWN)
        assert VillageDraft.parse("滨江社区:street", UnitKind.TOWN) == VillageDraft(
            "滨江社区", UnitKind.STREET
        )
        assert VillageDraft.parse("滨江社区：street", UnitKind.TOWN).kind is UnitKind.STREET

    def test_station_good(self) -> None:
        clean = StationDraft(
            "龙兴镇公共法律服务工作站",
            "渝北区",
            UnitKind.TOWN,
            (VillageDraft("青石村", UnitKind.TOWN),),
        ).validated(TODAY)
        assert clean.villages == (VillageDraft("青石村", UnitKind.TOWN),)

    def test_station_required_and_bad_villages(self) -> None:
        found = errors_of(
            StationDraft(
                villages=(
                    VillageDraft("青石村", UnitKind.TOWN),
                    VillageDraft(" 青石村", UnitKind.TOWN),
                    VillageDraft("本站", UnitKind.TOWN),
                )
            )
        )
        assert set(found) == {"name", "county", "kind", "villages"}
        assert any("重复" in m for m in found["villages"])
        assert any("保留" in m for m in found["villages"])
        assert labels_of(StationDraft())["county"] == "区县"

    def test_user_rules(self) -> None:
        head = UserDraft("admin", "站长", Role.STATION_HEAD).validated(TODAY)
        assert head.role is Role.STATION_HEAD
        officer = UserDraft("liu", "刘某", Role.VILLAGE_OFFICER, village_id=1)
        assert officer.validated(TODAY).village_id == 1
        found = errors_of(UserDraft())
        assert set(found) == {"username", "display_name", "role"}
        (msg,) = only_field(UserDraft("liu", "刘某", Role.VILLAGE_OFFICER), "village_id")
        assert "综治专干" in msg
        only_field(UserDraft("zhou", "周某", Role.DUTY_LAWYER, village_id=1), "village_id")
        assert only_field(UserDraft("u" * 31, "某", Role.STATION_CLERK), "username") == [
            "不能超过30个字"
        ]
        assert labels_of(UserDraft())["username"] == "用户名"

    def test_lawyer_rules(self) -> None:
        clean = LawyerDraft("周律师", "某律所", phone="13812345678").validated(TODAY)
        assert clean.phone == "13812345678"
        assert set(errors_of(LawyerDraft())) == {"name", "law_firm"}
        only_field(LawyerDraft("周律师", "某律所", phone="123"), "phone")


# -- Quarter ----------------------------------------------------------------------------------


class TestQuarter:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("2026Q3", Quarter(2026, 3)),
            ("2026q1", Quarter(2026, 1)),
            (" 2025Q4 ", Quarter(2025, 4)),
            ("2026 Q2", Quarter(2026, 2)),
        ],
    )
    def test_parse(self, text: str, expected: Quarter) -> None:
        assert Quarter.parse(text) == expected

    @pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "26Q1", "2026-Q1", "Q1 2026", "", "2026"])
    def test_parse_refuses(self, text: str) -> None:
        with pytest.raises(ValueError, match="季度格式"):
            Quarter.parse(text)

    @pytest.mark.parametrize(
        ("quarter", "start", "end"),
        [
            (Quarter(2026, 1), date(2026, 1, 1), date(2026, 3, 31)),
            (Quarter(2026, 2), date(2026, 4, 1), date(2026, 6, 30)),
            (Quarter(2026, 3), date(2026, 7, 1), date(2026, 9, 30)),
            (Quarter(2026, 4), date(2026, 10, 1), date(2026, 12, 31)),
        ],
    )
    def test_start_end(self, quarter: Quarter, start: date, end: date) -> None:
        assert quarter.start == start
        assert quarter.end == end

    def test_contains_boundaries(self) -> None:
        q = Quarter(2026, 4)
        assert date(2026, 10, 1) in q
        assert date(2026, 12, 31) in q
        assert TODAY in q
        assert date(2026, 9, 30) not in q
        assert date(2027, 1, 1) not in q
        assert date(2025, 11, 25) not in q
        assert "2026-11-25" not in q

    def test_of_str_label_order(self) -> None:
        assert Quarter.of(TODAY) == Quarter(2026, 4)
        assert Quarter.of(date(2026, 3, 31)) == Quarter(2026, 1)
        assert Quarter.of(date(2026, 4, 1)) == Quarter(2026, 2)
        assert str(Quarter(2026, 3)) == "2026Q3"
        assert Quarter(2026, 3).label == "2026年第3季度"
        assert Quarter(2025, 4) < Quarter(2026, 1) < Quarter(2026, 2)

    def test_every_day_of_a_year_is_in_exactly_one_quarter(self) -> None:
        quarters = [Quarter(2024, n) for n in range(1, 5)]
        day = date(2024, 1, 1)
        while day.year == 2024:
            assert sum(day in q for q in quarters) == 1
            assert day in Quarter.of(day)
            day += timedelta(days=1)


# -- CaseNumber -------------------------------------------------------------------------------


class TestCaseNumber:
    @pytest.mark.parametrize(
        "text",
        [
            "（2026）龙兴调字第0012号",
            "(2026)龙兴调字第0012号",
            "(2026)龙兴调字第12号",
            " （2026） 龙兴调字第 12 号 ",
        ],
    )
    def test_parse_fullwidth_and_halfwidth(self, text: str) -> None:
        assert CaseNumber.parse(text) == CaseNumber(2026, "龙兴", 12)

    def test_format_pads_to_four_digits(self) -> None:
        assert str(CaseNumber(2026, "龙兴", 1)) == "（2026）龙兴调字第0001号"
        assert str(CaseNumber(2026, "龙兴", 12345)) == "（2026）龙兴调字第12345号"

    def test_round_trip(self) -> None:
        for seq in (1, 9, 10, 999, 1000, 9999):
            number = CaseNumber(2025, "双凤桥", seq)
            assert CaseNumber.parse(str(number)) == number

    @pytest.mark.parametrize(
        "text",
        [
            "2026龙兴调字第0012号",
            "（2026）龙兴调字0012号",
            "（2026）调字第0012号",
            "（26）龙兴调字第1号",
            "",
        ],
    )
    def test_parse_refuses(self, text: str) -> None:
        with pytest.raises(ValueError, match="案号格式"):
            CaseNumber.parse(text)

    @pytest.mark.parametrize(
        ("name", "prefix"),
        [
            ("龙兴镇公共法律服务工作站", "龙兴"),
            ("渝北区龙兴镇公共法律服务工作站", "龙兴"),
            ("双凤桥街道公共法律服务工作站", "双凤桥"),
            ("龙兴镇司法所", "龙兴"),
            ("大盛乡公共法律服务工作站", "大盛"),
            ("  龙兴镇  ", "龙兴"),
            ("公共法律服务工作站", "本站"),
        ],
    )
    def test_station_prefix(self, name: str, prefix: str) -> None:
        assert station_prefix(name) == prefix


def test_quarter_contains_a_datetime_by_its_day() -> None:
    q = Quarter(2026, 3)
    assert datetime(2026, 9, 30, 23, 59) in q
    assert datetime(2026, 10, 1, 0, 0) not in q


def test_revised_copies_a_draft_as_dataclasses_replace_does() -> None:
    """validated() copies drafts with rules.revised (no __init__): the copy must equal, hash
    and compare as replace's, leave the original alone, and refuse an unknown field."""
    from station_app.domain.consultation import ConsultationDraft
    from station_app.domain.rules import revised

    draft = ConsultationDraft(name=" 张三 ", question="问", special_groups=())
    copied = revised(draft, name="张三", age=40)
    expected = replace(draft, name="张三", age=40)
    assert copied == expected and hash(copied) == hash(expected)
    assert type(copied) is ConsultationDraft and repr(copied) == repr(expected)
    assert draft.name == " 张三 "
    with pytest.raises(TypeError):
        revised(draft, nmae="张三")
    with pytest.raises(AttributeError):  # still frozen
        copied.name = "李四"  # type: ignore[misc]
