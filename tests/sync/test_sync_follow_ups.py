"""Follow-ups, ratings and the aid center's decision on the wire (issue 16), and the fields the
printed documents need (issue 17): additive fields that an older app's payloads simply lack,
carried to the county and to a second device of the station, whose 满意度 sheet is then the
station's own, as is the county's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from station_app.domain.choices import (
    AgreementForm,
    AidDecision,
    AidMatter,
    AidOpinion,
    DisputeSource,
    FollowUpMethod,
    HardshipBasis,
    MediationResult,
    PartyRole,
    RetentionPeriod,
    Satisfaction,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.errors import ValidationError
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import (
    FollowUpDraft,
    InvestigationDraft,
    MediationCaseDraft,
    PartyDraft,
    SessionDraft,
)
from station_app.domain.quarter import Quarter
from station_app.reports.api import quarterly_table
from station_app.services.station_services import StationServices
from station_app.sync_client.engine import SyncEngine
from station_app.sync_client.enroll import enroll
from sync.payload import decode_draft, encode_draft
from sync.protocol import Change
from sync.server.county_report import county_table
from sync.server.db import CountyDatabase
from sync.server.enrollment import issue_code
from sync.server.models import RecordRow
from sync.server.validation import validated_draft
from tests.conftest import TODAY, FixedClock
from tests.report_fixtures import QINGSHI, fill_satisfaction_q3
from tests.sync.test_sync_client import STATION_NAME, enrolled, fast
from tests.sync_support import CountyServer, county_init, needs_scripts, sqlite_url

Q3 = Quarter(2026, 3)


def _case(**changes: object) -> MediationCaseDraft:
    base = MediationCaseDraft(
        case_number="（2026）龙兴调字第0009号",
        accepted_on=date(2026, 10, 8),
        source=DisputeSource.PARTY_REQUEST,
        dispute_type="02",
        summary="排水沟纠纷",
        mediators=("陈调解",),
        parties=(PartyDraft(PartyRole.APPLICANT, "甲"), PartyDraft(PartyRole.RESPONDENT, "乙")),
        result=MediationResult.SUCCESS,
        closed_on=date(2026, 10, 20),
        agreement_form=AgreementForm.ORAL,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_an_older_apps_payloads_without_the_new_fields_are_accepted() -> None:
    old_case = {
        k: v
        for k, v in encode_draft(_case(follow_up_on=date(2026, 11, 2)), {}).items()
        if k != "follow_ups"
    }
    assert "follow_up_on" in old_case and "follow_ups" not in old_case
    draft = decode_draft("mediation_case", old_case, {})
    assert [(f.followed_up_on, f.method, f.satisfaction) for f in draft.follow_ups] == [
        (date(2026, 11, 2), FollowUpMethod.OTHER, None)
    ]
    change = Change(
        entity="mediation_case",
        uuid="7d9b1c2e-0000-4000-8000-000000000001",
        revision=1,
        op="create",
        data=old_case,
        origin="dev",
    )
    county_draft = validated_draft(change, {}, frozenset({"02"}), TODAY)
    assert county_draft.follow_up_on == date(2026, 11, 2)
    old_consult = {"consulted_on": "2026-11-02", "channel": "来访", "name": "甲"}
    consult = decode_draft("consultation", old_consult, {})
    assert isinstance(consult, ConsultationDraft) and consult.satisfaction is None


def test_new_fields_travel_by_name_and_are_left_out_when_empty() -> None:
    case = _case(
        follow_ups=(
            FollowUpDraft(
                date(2026, 11, 2),
                FollowUpMethod.PHONE,
                "陈调解",
                satisfaction=Satisfaction.DISSATISFIED,
                verification="已督促履行",
            ),
        )
    ).validated(TODAY)
    wire = json.loads(json.dumps(encode_draft(case, {}), ensure_ascii=False))
    assert wire["follow_up_on"] == "2026-11-02"
    assert wire["follow_ups"] == [
        {
            "followed_up_on": "2026-11-02",
            "method": "电话",
            "followed_up_by": "陈调解",
            "satisfaction": "不满意",
            "verification": "已督促履行",
        }
    ]
    assert decode_draft("mediation_case", wire, {}) == case
    plain = encode_draft(_case(), {})
    assert "follow_ups" not in plain and "follow_up_on" not in plain


def _documented_case() -> MediationCaseDraft:
    """A case with every field the documents need filled in."""
    return _case(
        case_number="（2026）龙兴调字第0010号",
        parties=(
            PartyDraft(PartyRole.APPLICANT, "甲", ethnicity="汉族", occupation="农民"),
            PartyDraft(PartyRole.RESPONDENT, "乙", address="青石村二组"),
        ),
        requests=("疏通排水沟", "赔偿损失"),
        dispute_facts="乙填平排水沟，甲房屋进水",
        sessions=(
            SessionDraft(
                date(2026, 10, 15), "调解室", subject="排水沟", attendees="组长", record="同意疏通"
            ),
        ),
        investigations=(
            InvestigationDraft(date(2026, 10, 10), "现场", "陈调解", "邻居丙", "沟去年被填"),
        ),
        agreement_terms=("乙于10月31日前疏通", "乙赔偿甲300元"),
        performance_method="现金",
        performance_place="青石村委会",
        performance_due="2026年10月31日前",
        copies=3,
        recorder="丁记录",
        filed_by="陈调解",
        filed_on=date(2026, 11, 1),
        retention=RetentionPeriod.SHORT,
    )


def test_the_documents_fields_travel_by_name_and_old_payloads_lack_them() -> None:
    case = _documented_case().validated(TODAY)
    wire = json.loads(json.dumps(encode_draft(case, {}), ensure_ascii=False))
    assert wire["agreement_terms"] == ["乙于10月31日前疏通", "乙赔偿甲300元"]
    assert (wire["copies"], wire["filed_on"], wire["retention"]) == (3, "2026-11-01", "短期")
    assert wire["parties"][0] == {
        "role": "申请人",
        "name": "甲",
        "ethnicity": "汉族",
        "occupation": "农民",
    }
    assert wire["investigations"] == [
        {
            "investigated_on": "2026-10-10",
            "place": "现场",
            "attendees": "陈调解",
            "interviewee": "邻居丙",
            "record": "沟去年被填",
        }
    ]
    assert decode_draft("mediation_case", wire, {}) == case
    plain = encode_draft(_case(), {})  # nothing new on the wire for a case without them
    assert not {"requests", "agreement_terms", "investigations", "copies"} & set(plain)
    assert "ethnicity" not in plain["parties"][0]
    bad = {**wire, "retention": "十年"}
    with pytest.raises(ValidationError) as refused:
        decode_draft("mediation_case", bad, {})
    assert [e.field for e in refused.value.errors] == ["retention"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[CountyServer]:
    url = sqlite_url(tmp_path)
    county_init(url)
    srv = CountyServer(url, tmp_path).start()
    yield srv
    srv.stop()


def _satisfaction(services: StationServices) -> list[list[object]]:
    return [r.cells() for r in quarterly_table(services, Q3).satisfaction]


def _follow_ups(services: StationServices) -> dict[str, tuple[FollowUpDraft, ...]]:
    return {
        stored.meta.uuid: stored.data.follow_ups
        for stored in services.mediation.get_many(services.mediation.ids())
    }


@needs_scripts
def test_a_second_device_and_the_county_see_the_same_follow_ups(
    services: StationServices, server: CountyServer, tmp_path: Path
) -> None:
    enrolled(services, server)
    SyncEngine(services, config=fast()).run()
    fill_satisfaction_q3(services)
    review = services.legal_aid.create(_forwarded())
    documented = services.mediation.create(_documented_case())
    engine = SyncEngine(services, config=fast())
    engine.run()
    assert engine.report.failure is None and engine.report.status.clean

    laptop = StationServices.open(tmp_path / "laptop", clock=FixedClock())
    try:
        db = CountyDatabase.open(server.db_url, upgrade=False)
        with db.write() as session:
            code = issue_code(session, STATION_NAME).code
        db.close()
        enroll(laptop, server.url, code)
        SyncEngine(laptop, config=fast()).run()
        on_laptop = _follow_ups(laptop)
        assert on_laptop == _follow_ups(services)
        assert sum(len(f) for f in on_laptop.values()) == 6  # of the live cases
        got = laptop.legal_aid.get_by_uuid(review.meta.uuid).data
        assert (got.aid_decision, got.decided_on) == (AidDecision.GRANTED, date(2026, 11, 20))
        assert _satisfaction(laptop) == _satisfaction(services)
        # The documents' fields, child lists included, arrive as they were typed.
        arrived = laptop.mediation.get_by_uuid(documented.meta.uuid).data
        assert arrived == services.mediation.get_by_uuid(documented.meta.uuid).data
        assert arrived.investigations[0].interviewee == "邻居丙"
        assert arrived.agreement_terms == ("乙于10月31日前疏通", "乙赔偿甲300元")
    finally:
        laptop.close()

    db = CountyDatabase.open(server.db_url, upgrade=False)
    try:
        table = county_table(db, Q3, today=TODAY)
        with db.read() as session:
            (kept,) = session.query(RecordRow.change).filter_by(uuid=documented.meta.uuid).one()
    finally:
        db.close()
    at_county = json.loads(kept)["data"]
    assert at_county["retention"] == "短期" and at_county["parties"][0]["ethnicity"] == "汉族"
    own_total = _satisfaction(services)[-1]
    assert [r.cells() for r in table.satisfaction] == [
        [STATION_NAME, *own_total[1:]],
        ["合计", *own_total[1:]],
    ]
    assert own_total[1:] == [4, 7, 2, 2, 3, Decimal("57.1")]
    assert _satisfaction(services)[0][:2] == [QINGSHI, 3]


def _forwarded() -> LegalAidReviewDraft:
    return LegalAidReviewDraft(
        applied_on=date(2026, 11, 10),
        name="钱七",
        matter=AidMatter.WAGES,
        hardship_basis=HardshipBasis.WAGE_CLAIM_EXEMPT,
        opinion=AidOpinion.FORWARD,
        forwarded_on=date(2026, 11, 11),
        aid_decision=AidDecision.GRANTED,
        decided_on=date(2026, 11, 20),
    )
