"""The five ledgers as the domain knows them: entity name, label, draft class, date, child lists.

Declared once here; the store maps each onto its tables (``storage.ledger_specs``) and the wire
reads them to encode and decode records (``sync.payload``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyLogDraft, ServiceItemDraft
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import (
    FollowUpDraft,
    InvestigationDraft,
    MediationCaseDraft,
    PartyDraft,
    SessionDraft,
)
from station_app.domain.publicity_event import PublicityEventDraft


@dataclass(frozen=True)
class ChildList:
    """A list field of a draft whose items are drafts themselves (parties, sessions,
    follow-ups, items)."""

    field: str
    draft_type: type[Any]


@dataclass(frozen=True)
class Ledger:
    entity: str  # the record type's name: table, outbox entity and wire entity alike
    label: str  # 法律咨询 …, as in the workbook's sheet names
    draft_type: type[Any]
    date_field: str  # the date a record counts by in quarters and date filters
    children: tuple[ChildList, ...] = ()


CONSULTATION = Ledger("consultation", "法律咨询", ConsultationDraft, "consulted_on")
MEDIATION = Ledger(
    "mediation_case",
    "人民调解",
    MediationCaseDraft,
    "accepted_on",
    (
        ChildList("parties", PartyDraft),
        ChildList("sessions", SessionDraft),
        ChildList("follow_ups", FollowUpDraft),
        ChildList("investigations", InvestigationDraft),
    ),
)
DUTY_LOG = Ledger(
    "duty_log", "律师值班", DutyLogDraft, "duty_on", (ChildList("items", ServiceItemDraft),)
)
PUBLICITY = Ledger("publicity_event", "法治宣传", PublicityEventDraft, "held_on")
LEGAL_AID = Ledger("legal_aid_review", "法律援助初审", LegalAidReviewDraft, "applied_on")

LEDGERS: tuple[Ledger, ...] = (CONSULTATION, MEDIATION, DUTY_LOG, PUBLICITY, LEGAL_AID)
LEDGER_BY_ENTITY = {ledger.entity: ledger for ledger in LEDGERS}
LEDGER_BY_LABEL = {ledger.label: ledger for ledger in LEDGERS}
