"""The five ledgers. Column names match the domain drafts' field names one to one."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, Time, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from station_app.domain.choices import (
    AgreementForm,
    AidDecision,
    AidMatter,
    AidOpinion,
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DisputeSource,
    DutyServiceType,
    FollowUpMethod,
    Gender,
    HardshipBasis,
    JudicialConfirmation,
    MediationResult,
    PartyRole,
    Performance,
    PublicityForm,
    RetentionPeriod,
    Satisfaction,
    SpecialGroup,
)
from station_app.storage.base import Base, SyncedRecord
from station_app.storage.column_types import (
    PHONE,
    RESIDENT_ID,
    Choice,
    ChoiceSet,
    Money,
    NameList,
    Sealed,
    TextLines,
    lookup_of,
)

#: The condition of the "live" indexes: lists show records that are not voided.
LIVE = text("voided_at IS NULL")
#: The duty visits by confirmation (律师值班 待确认 / 已确认): officers look them up every day.
UNCONFIRMED_LIVE = text("voided_at IS NULL AND confirmed_on IS NULL")
CONFIRMED_LIVE = text("voided_at IS NULL AND confirmed_on IS NOT NULL")
#: 不满意 with no 核实情况 yet: the work queue's 不满意待核实 reads these every day.
UNVERIFIED = text("satisfaction = '不满意' AND verification IS NULL")
UNVERIFIED_LIVE = text("voided_at IS NULL AND satisfaction = '不满意' AND verification IS NULL")
#: Settled cases not yet followed up (待回访) and forwarded reviews the center has not answered
#: (法援待反馈): the queue's other two daily look-ups.
NOT_FOLLOWED_UP_LIVE = text("voided_at IS NULL AND result = '调解成功' AND follow_up_on IS NULL")
AWAITING_DECISION_LIVE = text(
    "voided_at IS NULL AND opinion = '符合条件转送' AND aid_decision IS NULL"
)


class ConsultationRow(SyncedRecord, Base):
    __tablename__ = "consultation"
    __table_args__ = (
        Index("ix_consultation_date", "consulted_on", "id"),
        Index("ix_consultation_live", "consulted_on", "id", sqlite_where=LIVE),
        Index("ix_consultation_kind_live", "category", "consulted_on", "id", sqlite_where=LIVE),
        Index("ix_consultation_village_date", "village_id", "consulted_on"),
        Index("ix_consultation_village_live", "village_id", "consulted_on", sqlite_where=LIVE),
        Index("ix_consultation_unverified", "consulted_on", "id", sqlite_where=UNVERIFIED_LIVE),
    )
    consulted_on: Mapped[date] = mapped_column(Date)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    channel: Mapped[ConsultChannel] = mapped_column(Choice(ConsultChannel))
    name: Mapped[str | None] = mapped_column(String(100))
    gender: Mapped[Gender | None] = mapped_column(Choice(Gender))
    age: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(Sealed(PHONE))
    id_number: Mapped[str | None] = mapped_column(Sealed(RESIDENT_ID))
    declined_identity: Mapped[bool] = mapped_column(Boolean, default=False)
    special_groups: Mapped[tuple[SpecialGroup, ...]] = mapped_column(ChoiceSet(SpecialGroup))
    category: Mapped[ConsultCategory] = mapped_column(Choice(ConsultCategory))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str | None] = mapped_column(Text)
    receiver: Mapped[str] = mapped_column(String(100))
    outcome: Mapped[ConsultOutcome] = mapped_column(Choice(ConsultOutcome))
    satisfaction: Mapped[Satisfaction | None] = mapped_column(Choice(Satisfaction))
    verification: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


class MediationCaseRow(SyncedRecord, Base):
    __tablename__ = "mediation_case"
    __table_args__ = (
        Index("ix_mediation_case_date", "accepted_on", "id"),
        Index("ix_mediation_case_live", "accepted_on", "id", sqlite_where=LIVE),
        Index("ix_mediation_case_kind_live", "result", "accepted_on", "id", sqlite_where=LIVE),
        Index("ix_mediation_case_village_date", "village_id", "accepted_on"),
        Index("ix_mediation_case_village_live", "village_id", "accepted_on", sqlite_where=LIVE),
        Index("ix_mediation_case_closed", "closed_on"),
        Index(
            "ix_mediation_case_not_followed_up",
            "closed_on",
            "id",
            sqlite_where=NOT_FOLLOWED_UP_LIVE,
        ),
    )
    case_number: Mapped[str] = mapped_column(String(40), unique=True)
    accepted_on: Mapped[date] = mapped_column(Date)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    source: Mapped[DisputeSource] = mapped_column(Choice(DisputeSource))
    dispute_type: Mapped[str] = mapped_column(ForeignKey("dispute_type.code"))
    summary: Mapped[str] = mapped_column(Text)
    requests: Mapped[tuple[str, ...]] = mapped_column(TextLines, nullable=True)
    dispute_facts: Mapped[str | None] = mapped_column(Text)
    mediators: Mapped[tuple[str, ...]] = mapped_column(NameList)
    result: Mapped[MediationResult] = mapped_column(Choice(MediationResult))
    closed_on: Mapped[date | None] = mapped_column(Date)
    agreement_form: Mapped[AgreementForm | None] = mapped_column(Choice(AgreementForm))
    agreement_terms: Mapped[tuple[str, ...]] = mapped_column(TextLines, nullable=True)
    performance_method: Mapped[str | None] = mapped_column(String(100))
    performance_place: Mapped[str | None] = mapped_column(String(100))
    performance_due: Mapped[str | None] = mapped_column(String(100))
    copies: Mapped[int | None] = mapped_column(Integer)
    recorder: Mapped[str | None] = mapped_column(String(100))
    amount: Mapped[Decimal | None] = mapped_column(Money)
    persons_involved: Mapped[int | None] = mapped_column(Integer)
    performance: Mapped[Performance | None] = mapped_column(Choice(Performance))
    #: The latest follow-up's date, derived from ``follow_ups`` when the case is saved.
    follow_up_on: Mapped[date | None] = mapped_column(Date)
    judicial_confirmation: Mapped[JudicialConfirmation] = mapped_column(
        Choice(JudicialConfirmation)
    )
    filed_by: Mapped[str | None] = mapped_column(String(100))
    filed_on: Mapped[date | None] = mapped_column(Date)
    retention: Mapped[RetentionPeriod | None] = mapped_column(Choice(RetentionPeriod))
    note: Mapped[str | None] = mapped_column(Text)

    parties: Mapped[list[MediationPartyRow]] = relationship(
        order_by="MediationPartyRow.position", cascade="all, delete-orphan", lazy="selectin"
    )
    sessions: Mapped[list[MediationSessionRow]] = relationship(
        order_by="MediationSessionRow.position", cascade="all, delete-orphan", lazy="selectin"
    )
    follow_ups: Mapped[list[MediationFollowUpRow]] = relationship(
        order_by="MediationFollowUpRow.position", cascade="all, delete-orphan", lazy="selectin"
    )
    investigations: Mapped[list[MediationInvestigationRow]] = relationship(
        order_by="MediationInvestigationRow.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class MediationPartyRow(Base):
    """Part of its case: edited, versioned and synced with it."""

    __tablename__ = "mediation_party"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    role: Mapped[PartyRole] = mapped_column(Choice(PartyRole))
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[Gender | None] = mapped_column(Choice(Gender))
    ethnicity: Mapped[str | None] = mapped_column(String(20))
    age: Mapped[int | None] = mapped_column(Integer)
    occupation: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(Sealed(PHONE))
    id_number: Mapped[str | None] = mapped_column(Sealed(RESIDENT_ID))
    address: Mapped[str | None] = mapped_column(String(200))


class MediationSessionRow(Base):
    __tablename__ = "mediation_session"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(100))
    mediators: Mapped[str | None] = mapped_column(String(100))
    subject: Mapped[str | None] = mapped_column(String(200))
    attendees: Mapped[str | None] = mapped_column(String(200))
    record: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)


class MediationInvestigationRow(Base):
    """An investigation record (调查记录) of its case: edited, versioned and synced with it."""

    __tablename__ = "mediation_investigation"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    investigated_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str | None] = mapped_column(String(100))
    attendees: Mapped[str | None] = mapped_column(String(200))
    interviewee: Mapped[str] = mapped_column(String(100))
    record: Mapped[str | None] = mapped_column(Text)


class MediationFollowUpRow(Base):
    """A follow-up (回访) of its case; an unknown satisfaction is NULL (not rated)."""

    __tablename__ = "mediation_follow_up"
    __table_args__ = (
        Index("ix_mediation_follow_up_unverified", "case_id", sqlite_where=UNVERIFIED),
        Index("ix_mediation_follow_up_date", "followed_up_on"),  # the quarter's 满意度
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    followed_up_on: Mapped[date] = mapped_column(Date)
    method: Mapped[FollowUpMethod] = mapped_column(Choice(FollowUpMethod))
    followed_up_by: Mapped[str | None] = mapped_column(String(100))
    performance: Mapped[Performance | None] = mapped_column(Choice(Performance))
    satisfaction: Mapped[Satisfaction | None] = mapped_column(Choice(Satisfaction))
    verification: Mapped[str | None] = mapped_column(Text)


class DutyLogRow(SyncedRecord, Base):
    __tablename__ = "duty_log"
    __table_args__ = (
        Index("ix_duty_log_date", "duty_on", "id"),
        Index("ix_duty_log_live", "duty_on", "id", sqlite_where=LIVE),
        Index("ix_duty_log_unconfirmed", "duty_on", "id", sqlite_where=UNCONFIRMED_LIVE),
        Index("ix_duty_log_confirmed", "duty_on", "id", sqlite_where=CONFIRMED_LIVE),
        Index("ix_duty_log_village_date", "village_id", "duty_on"),
        # The 工作台's 待确认值班 groups unconfirmed entries into visits (日期, 村, 律师):
        # covering, so the grouping never reads the table.
        Index(
            "ix_duty_log_unconfirmed_visits",
            "duty_on",
            "village_id",
            "lawyer_name",
            sqlite_where=UNCONFIRMED_LIVE,
        ),
    )
    duty_on: Mapped[date] = mapped_column(Date)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    lawyer_name: Mapped[str] = mapped_column(String(100))
    law_firm: Mapped[str] = mapped_column(String(100))
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    note: Mapped[str | None] = mapped_column(Text)
    confirmed_by: Mapped[str | None] = mapped_column(String(100))
    confirmed_on: Mapped[date | None] = mapped_column(Date)
    confirmed_by_user: Mapped[str | None] = mapped_column(String(36))

    items: Mapped[list[DutyServiceItemRow]] = relationship(
        order_by="DutyServiceItemRow.position", cascade="all, delete-orphan", lazy="selectin"
    )


class DutyServiceItemRow(Base):
    __tablename__ = "duty_service_item"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    duty_log_id: Mapped[int] = mapped_column(
        ForeignKey("duty_log.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    service_type: Mapped[DutyServiceType] = mapped_column(Choice(DutyServiceType))
    served: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)


class PublicityEventRow(SyncedRecord, Base):
    __tablename__ = "publicity_event"
    __table_args__ = (
        Index("ix_publicity_event_date", "held_on", "id"),
        Index("ix_publicity_event_live", "held_on", "id", sqlite_where=LIVE),
        Index("ix_publicity_event_kind_live", "form", "held_on", "id", sqlite_where=LIVE),
        Index("ix_publicity_event_village_date", "village_id", "held_on"),
        Index("ix_publicity_event_village_live", "village_id", "held_on", sqlite_where=LIVE),
    )
    held_on: Mapped[date] = mapped_column(Date)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    form: Mapped[PublicityForm] = mapped_column(Choice(PublicityForm))
    topic: Mapped[str] = mapped_column(String(200))
    speaker: Mapped[str | None] = mapped_column(String(100))
    attendees: Mapped[int] = mapped_column(Integer)
    materials: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)


class LegalAidReviewRow(SyncedRecord, Base):
    __tablename__ = "legal_aid_review"
    __table_args__ = (
        Index("ix_legal_aid_review_date", "applied_on", "id"),
        Index("ix_legal_aid_review_live", "applied_on", "id", sqlite_where=LIVE),
        Index("ix_legal_aid_review_kind_live", "opinion", "applied_on", "id", sqlite_where=LIVE),
        Index("ix_legal_aid_review_village_date", "village_id", "applied_on"),
        Index("ix_legal_aid_review_village_live", "village_id", "applied_on", sqlite_where=LIVE),
        Index(
            "ix_legal_aid_review_awaiting_decision",
            "forwarded_on",
            "id",
            sqlite_where=AWAITING_DECISION_LIVE,
        ),
    )
    applied_on: Mapped[date] = mapped_column(Date)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("village.id"))
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[Gender | None] = mapped_column(Choice(Gender))
    age: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str | None] = mapped_column(Sealed(PHONE))
    id_number: Mapped[str | None] = mapped_column(Sealed(RESIDENT_ID))
    special_groups: Mapped[tuple[SpecialGroup, ...]] = mapped_column(ChoiceSet(SpecialGroup))
    matter: Mapped[AidMatter] = mapped_column(Choice(AidMatter))
    hardship_basis: Mapped[HardshipBasis] = mapped_column(Choice(HardshipBasis))
    opinion: Mapped[AidOpinion] = mapped_column(Choice(AidOpinion))
    forwarded_on: Mapped[date | None] = mapped_column(Date)
    aid_decision: Mapped[AidDecision | None] = mapped_column(Choice(AidDecision))
    decided_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)


# Exact search by resident ID goes through the sealed value's keyed lookup (column_types).
Index("ix_consultation_id_lookup", lookup_of(ConsultationRow.id_number))
Index("ix_mediation_party_id_lookup", lookup_of(MediationPartyRow.id_number))
Index("ix_legal_aid_review_id_lookup", lookup_of(LegalAidReviewRow.id_number))
