"""How each ledger's domain draft maps onto its tables, its date, its filters and its search text.

Column names equal draft field names, so the mapping is generic; what differs per ledger is
declared here once and used by the repository, the search index and the statistics.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyLogDraft, ServiceItemDraft
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import MediationCaseDraft, PartyDraft, SessionDraft
from station_app.domain.publicity_event import PublicityEventDraft
from station_app.storage.base import Base, SyncedRecord
from station_app.storage.ledger_tables import (
    ConsultationRow,
    DutyLogRow,
    DutyServiceItemRow,
    LegalAidReviewRow,
    MediationCaseRow,
    MediationPartyRow,
    MediationSessionRow,
    PublicityEventRow,
)


@dataclass(frozen=True)
class ChildSpec:
    """A list field of the draft held in a child table (parties, sessions, service items)."""

    field: str
    row_type: type[Base]
    draft_type: type[Any]


@dataclass(frozen=True)
class LedgerSpec:
    entity: str  # table name; also the outbox entity and the FTS table prefix
    label: str  # 法律咨询 …, as in the workbook's sheet names
    row_type: type[SyncedRecord]
    draft_type: type[Any]
    date_field: str  # the date a record counts by in quarters and date filters
    search_text: Callable[[Any], Sequence[str | None]]
    kind_label: str  # what the type/status filter is called on screen
    kind_values: tuple[str, ...]
    kind_clause: Callable[[str], ColumnElement[bool]]
    children: tuple[ChildSpec, ...] = field(default=())

    @property
    def fts_table(self) -> str:
        return f"{self.entity}_fts"

    def column(self, name: str) -> InstrumentedAttribute[Any]:
        attr: InstrumentedAttribute[Any] = getattr(self.row_type, name)
        return attr

    @property
    def date_column(self) -> InstrumentedAttribute[Any]:
        return self.column(self.date_field)


def _values(enum_field: InstrumentedAttribute[Any]) -> tuple[str, ...]:
    return tuple(e.value for e in enum_field.type.enum)


CONSULTATION = LedgerSpec(
    entity="consultation",
    label="法律咨询",
    row_type=ConsultationRow,
    draft_type=ConsultationDraft,
    date_field="consulted_on",
    search_text=lambda r: (r.name, r.question, r.answer, r.receiver, r.note),
    kind_label="问题类别",
    kind_values=_values(ConsultationRow.category),
    kind_clause=lambda v: ConsultationRow.category == v,
)

MEDIATION = LedgerSpec(
    entity="mediation_case",
    label="人民调解",
    row_type=MediationCaseRow,
    draft_type=MediationCaseDraft,
    date_field="accepted_on",
    search_text=lambda r: (
        r.case_number,
        r.summary,
        " ".join(r.mediators),
        r.note,
        *(p.name for p in r.parties),
        *(s.notes for s in r.sessions),
    ),
    kind_label="调解结果",
    kind_values=_values(MediationCaseRow.result),
    kind_clause=lambda v: MediationCaseRow.result == v,
    children=(
        ChildSpec("parties", MediationPartyRow, PartyDraft),
        ChildSpec("sessions", MediationSessionRow, SessionDraft),
    ),
)

CONFIRMED, UNCONFIRMED = "已确认", "待确认"

DUTY_LOG = LedgerSpec(
    entity="duty_log",
    label="律师值班",
    row_type=DutyLogRow,
    draft_type=DutyLogDraft,
    date_field="duty_on",
    search_text=lambda r: (
        r.lawyer_name,
        r.law_firm,
        r.note,
        r.confirmed_by,
        *(part for i in r.items for part in (i.served, i.content, i.result)),
    ),
    kind_label="确认状态",
    kind_values=(CONFIRMED, UNCONFIRMED),
    kind_clause=lambda v: (
        DutyLogRow.confirmed_on.is_not(None)
        if v == CONFIRMED
        else DutyLogRow.confirmed_on.is_(None)
    ),
    children=(ChildSpec("items", DutyServiceItemRow, ServiceItemDraft),),
)

PUBLICITY = LedgerSpec(
    entity="publicity_event",
    label="法治宣传",
    row_type=PublicityEventRow,
    draft_type=PublicityEventDraft,
    date_field="held_on",
    search_text=lambda r: (r.topic, r.speaker, r.note),
    kind_label="活动形式",
    kind_values=_values(PublicityEventRow.form),
    kind_clause=lambda v: PublicityEventRow.form == v,
)

LEGAL_AID = LedgerSpec(
    entity="legal_aid_review",
    label="法律援助初审",
    row_type=LegalAidReviewRow,
    draft_type=LegalAidReviewDraft,
    date_field="applied_on",
    search_text=lambda r: (r.name, r.note),
    kind_label="初审意见",
    kind_values=_values(LegalAidReviewRow.opinion),
    kind_clause=lambda v: LegalAidReviewRow.opinion == v,
)

LEDGERS: tuple[LedgerSpec, ...] = (CONSULTATION, MEDIATION, DUTY_LOG, PUBLICITY, LEGAL_AID)
LEDGER_BY_ENTITY = {spec.entity: spec for spec in LEDGERS}
LEDGER_BY_LABEL = {spec.label: spec for spec in LEDGERS}
