"""Valid drafts of each ledger for tests to vary with ``replace``, and made-up personal numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from typing import Any

from stdnum.cn import ric

from station_app.domain.choices import (
    AidMatter,
    AidOpinion,
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DisputeSource,
    DutyServiceType,
    HardshipBasis,
    PartyRole,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyLogDraft, ServiceItemDraft
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import MediationCaseDraft, PartyDraft
from station_app.services.station_services import StationServices


def resident_id(serial: int, area: str = "500112", born: str = "19800101") -> str:
    """A made-up resident ID with a correct check character (no real person's)."""
    first17 = f"{area}{born}{serial % 1000:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


def mobile(serial: int) -> str:
    return f"139{serial % 100_000_000:08d}"


def consultation(**changes: Any) -> ConsultationDraft:
    base = ConsultationDraft(
        consulted_on=date(2026, 11, 20),
        channel=ConsultChannel.VISIT,
        name="王某某",
        category=ConsultCategory.LENDING,
        question="借款到期对方不还怎么办",
        receiver="站长",
        outcome=ConsultOutcome.ANSWERED,
    )
    return replace(base, **changes)


def mediation(**changes: Any) -> MediationCaseDraft:
    base = MediationCaseDraft(
        accepted_on=date(2026, 10, 8),
        source=DisputeSource.PARTY_REQUEST,
        dispute_type="02",
        summary="相邻宅基地排水沟纠纷",
        mediators=("陈调解",),
        parties=(
            PartyDraft(role=PartyRole.APPLICANT, name="张甲"),
            PartyDraft(role=PartyRole.RESPONDENT, name="李乙"),
        ),
    )
    return replace(base, **changes)


def duty(**changes: Any) -> DutyLogDraft:
    base = DutyLogDraft(
        duty_on=date(2026, 11, 18),
        lawyer_name="周律师",
        law_firm="重庆某某律师事务所",
        start_time=time(9, 0),
        end_time=time(11, 30),
        items=(
            ServiceItemDraft(
                service_type=DutyServiceType.CONSULTATION,
                served="村民刘某",
                content="解答土地承包经营权流转问题",
            ),
        ),
    )
    return replace(base, **changes)


def village_id(services: StationServices, name: str) -> int:
    info = services.organisation.village_by_name(name)
    assert info is not None
    return info.id


def legal_aid(**changes: Any) -> LegalAidReviewDraft:
    base = LegalAidReviewDraft(
        applied_on=date(2026, 11, 10),
        name="刘某",
        matter=AidMatter.WAGES,
        hardship_basis=HardshipBasis.SUBSISTENCE,
        opinion=AidOpinion.NEED_MATERIALS,
    )
    return replace(base, **changes)
