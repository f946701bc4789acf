"""Which mediation documents there are, and which of them a case's state allows.

A document that does not fit the case (a 协议书 for a case settled orally, a 回访记录 before
any follow-up) is refused with the reason in Chinese, so a clerk knows what to print instead.
"""

from __future__ import annotations

from enum import StrEnum

from station_app.domain.choices import (
    AgreementForm,
    DisputeSource,
    JudicialConfirmation,
    MediationResult,
)
from station_app.domain.errors import DomainError
from station_app.domain.mediation_case import MediationCaseDraft


class DocumentKind(StrEnum):
    """The name a clerk types after ``--kind``; ``form_title`` is the document's printed title."""

    APPLICATION = "申请书"
    REGISTRATION = "登记表"
    NOTICE = "告知书"
    INVESTIGATION = "调查记录"
    SESSION = "调解记录"
    AGREEMENT = "协议书"
    ORAL_AGREEMENT = "口头协议"
    FOLLOW_UP = "回访记录"
    JUDICIAL = "司法确认申请书"
    COVER = "封面"

    @property
    def form_title(self) -> str:
        return TITLES[self]

    @property
    def template(self) -> str:
        """The template's file name, in resources/templates or a station's templates folder."""
        return f"{self.form_title}.docx"


TITLES = {
    DocumentKind.APPLICATION: "人民调解申请书",
    DocumentKind.REGISTRATION: "人民调解受理登记表",
    DocumentKind.NOTICE: "人民调解当事人权利义务告知书",
    DocumentKind.INVESTIGATION: "人民调解调查记录",
    DocumentKind.SESSION: "人民调解记录",
    DocumentKind.AGREEMENT: "人民调解协议书",
    DocumentKind.ORAL_AGREEMENT: "人民调解口头协议登记表",
    DocumentKind.FOLLOW_UP: "人民调解回访记录",
    DocumentKind.JUDICIAL: "司法确认申请书",
    DocumentKind.COVER: "卷宗封面",
}

#: Documents repeated once per item of the case (a session, a follow-up, an investigation).
REPEATED = {
    DocumentKind.INVESTIGATION: "investigations",
    DocumentKind.SESSION: "sessions",
    DocumentKind.FOLLOW_UP: "follow_ups",
}


class DocumentNotApplicableError(DomainError):
    """The case's state does not call for this document; the message says why."""


def refusal(kind: DocumentKind, case: MediationCaseDraft) -> str | None:
    """Why ``kind`` does not apply to ``case`` (None: it applies)."""
    settled = case.result is MediationResult.SUCCESS
    if kind is DocumentKind.APPLICATION and case.source is not DisputeSource.PARTY_REQUEST:
        return f"本案纠纷来源为“{case.source}”，不是当事人申请，请打印人民调解受理登记表"
    if kind is DocumentKind.INVESTIGATION and not case.investigations:
        return "本案没有调查记录，无法打印人民调解调查记录"
    if kind is DocumentKind.SESSION and not case.sessions:
        return "本案还没有调解记录，无法打印人民调解记录"
    if kind in (DocumentKind.AGREEMENT, DocumentKind.ORAL_AGREEMENT):
        wanted = AgreementForm.WRITTEN if kind is DocumentKind.AGREEMENT else AgreementForm.ORAL
        if not settled:
            return f"本案调解结果为“{case.result}”，没有达成调解协议，无法打印{kind.form_title}"
        if case.agreement_form is not wanted:
            other = TITLES[
                DocumentKind.ORAL_AGREEMENT
                if kind is DocumentKind.AGREEMENT
                else DocumentKind.AGREEMENT
            ]
            return f"本案达成的是{case.agreement_form}协议，不是{wanted}协议，请打印{other}"
    if kind is DocumentKind.FOLLOW_UP and not case.follow_ups:
        return "本案还没有回访记录，无法打印人民调解回访记录"
    if kind is DocumentKind.JUDICIAL and case.judicial_confirmation is (
        JudicialConfirmation.NOT_APPLIED
    ):
        return "本案未申请司法确认，无法打印司法确认申请书"
    return None


def check_applies(kind: DocumentKind, case: MediationCaseDraft) -> None:
    reason = refusal(kind, case)
    if reason is not None:
        raise DocumentNotApplicableError(reason)


def applicable(case: MediationCaseDraft) -> list[DocumentKind]:
    """The documents the case's state allows, in the case file's order (the window's menu)."""
    order = [
        DocumentKind.COVER,
        DocumentKind.APPLICATION,
        DocumentKind.REGISTRATION,
        DocumentKind.NOTICE,
        DocumentKind.INVESTIGATION,
        DocumentKind.SESSION,
        DocumentKind.AGREEMENT,
        DocumentKind.ORAL_AGREEMENT,
        DocumentKind.FOLLOW_UP,
        DocumentKind.JUDICIAL,
    ]
    return [k for k in order if refusal(k, case) is None]


def parse_kind(text: str) -> DocumentKind:
    wanted = text.strip()
    for kind in DocumentKind:
        if wanted in (kind.value, kind.form_title, kind.name.lower()):
            return kind
    names = "|".join(k.value for k in DocumentKind)
    raise DomainError(f"文书种类应为 {names} 之一")
