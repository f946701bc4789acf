"""Follow-ups, ratings and the aid center's decision in the services (issue 16): the audit
trail names what changed and who changed it, and a village officer keeps to their own volume."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from station_app.domain.choices import (
    AidDecision,
    AidMatter,
    AidOpinion,
    FollowUpMethod,
    HardshipBasis,
    Satisfaction,
)
from station_app.domain.errors import AccessDeniedError
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import FollowUpDraft
from station_app.services.station_services import StationServices
from station_app.storage.ledger_repository import LedgerQuery
from tests.drafts import consultation, village_id
from tests.services.test_access import (  # noqa: F401  (the fixtures)
    as_user,
    station,
    station_template,
)

VISIT = FollowUpDraft(
    followed_up_on=date(2026, 11, 20),
    method=FollowUpMethod.PHONE,
    followed_up_by="青石村专干",
    satisfaction=Satisfaction.DISSATISFIED,
)


def _last_update(services: StationServices) -> tuple[str, str | None, list[str]]:
    entry = next(e for e in services.audit.page(0, 50) if e.action == "update")
    return entry.actor, entry.entity, entry.detail["fields"]


def test_the_trail_names_the_new_fields_and_who_changed_them(
    station: StationServices,  # noqa: F811
) -> None:
    as_user(station, "admin")
    case = station.mediation.page().items[0]
    station.mediation.update(
        case.id, replace(case.data, follow_ups=(VISIT,)), expected_revision=case.meta.revision
    )
    assert _last_update(station) == ("admin", "mediation_case", ["follow_ups", "follow_up_on"])
    made = station.consultations.create(consultation())
    station.consultations.update(
        made.id,
        replace(made.data, satisfaction=Satisfaction.DISSATISFIED, verification="已再次解答"),
        expected_revision=made.meta.revision,
    )
    assert _last_update(station) == ("admin", "consultation", ["satisfaction", "verification"])
    review = station.legal_aid.create(
        LegalAidReviewDraft(
            applied_on=date(2026, 11, 10),
            name="钱七",
            matter=AidMatter.WAGES,
            hardship_basis=HardshipBasis.WAGE_CLAIM_EXEMPT,
            opinion=AidOpinion.FORWARD,
            forwarded_on=date(2026, 11, 11),
        )
    )
    station.legal_aid.update(
        review.id,
        replace(review.data, aid_decision=AidDecision.REFUSED, decided_on=date(2026, 11, 18)),
        expected_revision=review.meta.revision,
    )
    assert _last_update(station) == ("admin", "legal_aid_review", ["aid_decision", "decided_on"])
    assert station.audit.verify() == []


def test_a_village_officer_follows_up_only_their_own_villages_cases(
    station: StationServices,  # noqa: F811
) -> None:
    as_user(station, "admin")
    qingshi = village_id(station, "青石村")
    [foreign] = [
        c for c in station.mediation.page(LedgerQuery()).items if c.data.village_id != qingshi
    ]
    as_user(station, "qingshi")
    [own] = station.mediation.page().items  # the officer's volume holds their case only
    assert own.data.village_id == qingshi
    done = station.mediation.update(
        own.id, replace(own.data, follow_ups=(VISIT,)), expected_revision=own.meta.revision
    )
    assert done.data.follow_up_on == date(2026, 11, 20)
    with pytest.raises(AccessDeniedError):
        station.mediation.update(
            foreign.id,
            replace(foreign.data, follow_ups=(VISIT,)),
            expected_revision=foreign.meta.revision,
        )
    as_user(station, "admin")
    assert station.mediation.get(foreign.id).data.follow_ups == ()
    assert _last_update(station) == ("qingshi", "mediation_case", ["follow_ups", "follow_up_on"])
