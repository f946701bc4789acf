"""The rules of the fields the printed documents need (issue 17), as a clerk meets them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from station_app.domain.choices import (
    AgreementForm,
    DisputeSource,
    MediationResult,
    PartyRole,
    RetentionPeriod,
)
from station_app.domain.errors import ValidationError
from station_app.domain.mediation_case import (
    InvestigationDraft,
    MediationCaseDraft,
    PartyDraft,
    without_item_number,
)
from station_app.domain.settings_schema import COMMITTEE_NAME, committee_name_for

TODAY = date(2026, 11, 25)

SETTLED = MediationCaseDraft(
    accepted_on=date(2026, 10, 8),
    source=DisputeSource.PARTY_REQUEST,
    dispute_type="02",
    summary="排水沟纠纷",
    mediators=("陈调解",),
    parties=(PartyDraft(PartyRole.APPLICANT, "甲"), PartyDraft(PartyRole.RESPONDENT, "乙")),
    result=MediationResult.SUCCESS,
    closed_on=date(2026, 10, 20),
    agreement_form=AgreementForm.WRITTEN,
)
FILED = {"filed_by": "陈调解", "filed_on": date(2026, 10, 25), "retention": RetentionPeriod.LONG}


def errors(draft: MediationCaseDraft) -> dict[str, str]:
    with pytest.raises(ValidationError) as refused:
        draft.validated(TODAY)
    return {e.field: e.message for e in refused.value.errors}


def test_a_settled_case_takes_every_document_field() -> None:
    case = replace(
        SETTLED,
        requests=(" 1. 疏通排水沟 ", "", "2、赔偿损失"),
        agreement_terms=("（一）乙疏通", "乙赔偿1.5万元"),
        copies=3,
        performance_due="2026年12月1日前",
        parties=(
            PartyDraft(PartyRole.APPLICANT, "甲", ethnicity=" 汉族 ", occupation="农民"),
            SETTLED.parties[1],
        ),
        investigations=(InvestigationDraft(date(2026, 10, 9), interviewee="邻居丙"),),
        **FILED,
    ).validated(TODAY)
    assert case.requests == ("疏通排水沟", "赔偿损失")  # numbers and blanks dropped, order kept
    assert case.agreement_terms == ("乙疏通", "乙赔偿1.5万元")
    assert case.parties[0].ethnicity == "汉族"
    assert (case.filed_on, case.retention) == (date(2026, 10, 25), RetentionPeriod.LONG)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("1.5万元由乙支付", "1.5万元由乙支付"),
        ("3) 道歉", "道歉"),
        ("十、其他", "其他"),
        ("１．全角", "全角"),
    ],
)
def test_only_a_typed_number_is_taken_off_a_list_item(typed: str, kept: str) -> None:
    assert without_item_number(typed) == kept


def test_the_file_is_closed_with_all_three_and_not_before_the_case() -> None:
    assert errors(replace(SETTLED, filed_by="陈调解")) == {
        "filed_on": "立卷时必填（立卷人、立卷日期、保管期限）",
        "retention": "立卷时必填（立卷人、立卷日期、保管期限）",
    }
    assert errors(replace(SETTLED, **{**FILED, "filed_on": date(2026, 10, 19)})) == {
        "filed_on": "不能早于结案日期"
    }
    assert errors(replace(SETTLED, **{**FILED, "filed_on": date(2026, 11, 26)})) == {
        "filed_on": "不能晚于今天"
    }
    in_progress = replace(
        SETTLED, result=MediationResult.IN_PROGRESS, closed_on=None, agreement_form=None, **FILED
    )
    assert set(errors(in_progress).values()) == {"案件结案后才能立卷"}


def test_no_agreement_terms_on_a_case_that_ended_without_one() -> None:
    failed = replace(
        SETTLED,
        result=MediationResult.FAILED,
        agreement_form=None,
        agreement_terms=("乙赔偿",),
        copies=3,
    )
    assert errors(failed) == {
        "agreement_terms": "“调解不成功”的案件没有调解协议，不应填写",
        "copies": "“调解不成功”的案件没有调解协议，不应填写",
    }
    # Typed while the case is still in progress, they are kept.
    drafting = replace(
        SETTLED, result=MediationResult.IN_PROGRESS, closed_on=None, agreement_form=None
    )
    assert replace(drafting, agreement_terms=("乙赔偿",)).validated(TODAY).agreement_terms == (
        "乙赔偿",
    )


def test_copies_investigations_and_party_fields_are_checked() -> None:
    assert errors(replace(SETTLED, copies=1)) == {"copies": "应在2到20之间"}
    probe = InvestigationDraft(date(2026, 10, 1), place="现场")
    found = errors(replace(SETTLED, investigations=(probe,)))
    assert found == {
        "investigations.0.investigated_on": "不能早于受理日期",
        "investigations.0.interviewee": "必填",
    }
    long_ethnicity = PartyDraft(PartyRole.APPLICANT, "甲", ethnicity="族" * 21)
    assert errors(replace(SETTLED, parties=(long_ethnicity, SETTLED.parties[1]))) == {
        "parties.0.ethnicity": "不能超过20个字"
    }


def test_the_committee_is_the_towns_unless_a_name_is_set() -> None:
    assert committee_name_for(None, "龙兴镇") == "龙兴镇人民调解委员会"
    assert committee_name_for("  ", "龙兴镇") == "龙兴镇人民调解委员会"
    assert committee_name_for("龙兴镇联合人民调解委员会", "龙兴镇") == "龙兴镇联合人民调解委员会"
    assert COMMITTEE_NAME.editable and COMMITTEE_NAME.default is None
