"""The documents' fields in the services (issue 17): the audit trail names what changed, and the
facts in dispute and the person questioned are found by the ledger's search."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from station_app.domain.choices import (
    AgreementForm,
    DisputeSource,
    MediationResult,
    PartyRole,
    RetentionPeriod,
)
from station_app.domain.mediation_case import InvestigationDraft, MediationCaseDraft, PartyDraft
from station_app.services.station_services import StationServices
from station_app.storage.ledger_repository import LedgerQuery
from tests.services.test_access import (  # noqa: F401  (the fixtures)
    as_user,
    station,
    station_template,
)

SETTLED = MediationCaseDraft(
    accepted_on=date(2026, 10, 8),
    source=DisputeSource.PARTY_REQUEST,
    dispute_type="02",
    summary="建房纠纷",
    mediators=("陈调解",),
    parties=(PartyDraft(PartyRole.APPLICANT, "甲"), PartyDraft(PartyRole.RESPONDENT, "乙")),
    result=MediationResult.SUCCESS,
    closed_on=date(2026, 10, 20),
    agreement_form=AgreementForm.WRITTEN,
)


def test_the_trail_names_the_documents_fields_and_search_finds_them(
    station: StationServices,  # noqa: F811
) -> None:
    as_user(station, "admin")
    case = station.mediation.create(SETTLED)
    closed = date(2026, 10, 20)
    changed = replace(
        case.data,
        dispute_facts="越界建房半米有余",
        agreement_terms=("拆除越界部分",),
        investigations=(
            InvestigationDraft(
                case.data.accepted_on, interviewee="邻居欧阳修竹", record="见过界桩"
            ),
        ),
        filed_by="王站长",
        filed_on=closed,
        retention=RetentionPeriod.PERMANENT,
    )
    station.mediation.update(case.id, changed, expected_revision=case.meta.revision)
    entry = next(e for e in station.audit.page(0, 50) if e.action == "update")
    assert (entry.actor, entry.entity) == ("admin", "mediation_case")
    assert sorted(entry.detail["fields"]) == sorted(
        ["dispute_facts", "agreement_terms", "investigations", "filed_by", "filed_on", "retention"]
    )
    assert station.mediation.ids(LedgerQuery(text="越界建房半米")) == [case.id]
    assert station.mediation.ids(LedgerQuery(text="欧阳修竹")) == [case.id]
    assert station.audit.verify() == []
