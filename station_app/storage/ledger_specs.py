"""How each ledger (``domain.ledgers``) maps onto its tables, its filters and its search text.

Column names equal draft field names, so the mapping is generic; what differs per ledger is
declared here once and used by the repository, the search index and the statistics. The
ledger's name, label, draft class, date and child lists are the domain's, not repeated here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.orm import InstrumentedAttribute

from station_app.domain import ledgers
from station_app.domain.ledgers import Ledger
from station_app.storage.base import Base, SyncedRecord
from station_app.storage.ledger_tables import (
    ConsultationRow,
    DutyLogRow,
    DutyServiceItemRow,
    LegalAidReviewRow,
    MediationCaseRow,
    MediationFollowUpRow,
    MediationInvestigationRow,
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
    ledger: Ledger
    row_type: type[SyncedRecord]
    search_text: Callable[[Any], Sequence[str | None]]
    kind_label: str  # what the type/status filter is called on screen
    kind_values: tuple[str, ...]
    kind_clause: Callable[[str], ColumnElement[bool]]
    children: tuple[ChildSpec, ...] = field(default=())

    def __post_init__(self) -> None:
        tables = tuple((c.field, c.draft_type) for c in self.children)
        assert tables == tuple((c.field, c.draft_type) for c in self.ledger.children), (
            f"{self.ledger.entity}: every child list of the draft needs its table"
        )

    @property
    def entity(self) -> str:  # table name; also the outbox entity and the FTS table prefix
        return self.ledger.entity

    @property
    def label(self) -> str:
        return self.ledger.label

    @property
    def draft_type(self) -> type[Any]:
        return self.ledger.draft_type

    @property
    def date_field(self) -> str:
        return self.ledger.date_field

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


def _child(ledger: Ledger, name: str, row_type: type[Base]) -> ChildSpec:
    (child,) = (c for c in ledger.children if c.field == name)
    return ChildSpec(name, row_type, child.draft_type)


CONSULTATION = LedgerSpec(
    ledger=ledgers.CONSULTATION,
    row_type=ConsultationRow,
    search_text=lambda r: (r.name, r.question, r.answer, r.receiver, r.verification, r.note),
    kind_label="问题类别",
    kind_values=_values(ConsultationRow.category),
    kind_clause=lambda v: ConsultationRow.category == v,
)

MEDIATION = LedgerSpec(
    ledger=ledgers.MEDIATION,
    row_type=MediationCaseRow,
    search_text=lambda r: (
        r.case_number,
        r.summary,
        r.dispute_facts,
        " ".join(r.mediators),
        r.note,
        *(p.name for p in r.parties),
        *(s.notes for s in r.sessions),
        *(i.interviewee for i in r.investigations),
        *(part for f in r.follow_ups for part in (f.followed_up_by, f.verification)),
    ),
    kind_label="调解结果",
    kind_values=_values(MediationCaseRow.result),
    kind_clause=lambda v: MediationCaseRow.result == v,
    children=(
        _child(ledgers.MEDIATION, "parties", MediationPartyRow),
        _child(ledgers.MEDIATION, "sessions", MediationSessionRow),
        _child(ledgers.MEDIATION, "follow_ups", MediationFollowUpRow),
        _child(ledgers.MEDIATION, "investigations", MediationInvestigationRow),
    ),
)

CONFIRMED, UNCONFIRMED = "已确认", "待确认"

DUTY_LOG = LedgerSpec(
    ledger=ledgers.DUTY_LOG,
    row_type=DutyLogRow,
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
    children=(_child(ledgers.DUTY_LOG, "items", DutyServiceItemRow),),
)

PUBLICITY = LedgerSpec(
    ledger=ledgers.PUBLICITY,
    row_type=PublicityEventRow,
    search_text=lambda r: (r.topic, r.speaker, r.note),
    kind_label="活动形式",
    kind_values=_values(PublicityEventRow.form),
    kind_clause=lambda v: PublicityEventRow.form == v,
)

LEGAL_AID = LedgerSpec(
    ledger=ledgers.LEGAL_AID,
    row_type=LegalAidReviewRow,
    search_text=lambda r: (r.name, r.note),
    kind_label="初审意见",
    kind_values=_values(LegalAidReviewRow.opinion),
    kind_clause=lambda v: LegalAidReviewRow.opinion == v,
)

LEDGERS: tuple[LedgerSpec, ...] = (CONSULTATION, MEDIATION, DUTY_LOG, PUBLICITY, LEGAL_AID)
LEDGER_BY_ENTITY = {spec.entity: spec for spec in LEDGERS}
LEDGER_BY_LABEL = {spec.label: spec for spec in LEDGERS}
