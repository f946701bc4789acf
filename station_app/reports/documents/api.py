"""What the CLI and the window call: find a case, print one document or the whole 卷宗.

Reads go through the mediation service, so the acting account sees only what it may: numbers
masked, or in clear only through ``reveal`` (which checks the right and audits the reveal).
Files are written through ``atomic_output``: a failed print leaves no half-written file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from station_app.domain.case_number import CaseNumber
from station_app.domain.choices import DisputeSource, MediationResult
from station_app.domain.errors import DomainError, NotFoundError
from station_app.domain.ledger_query import LedgerQuery
from station_app.domain.mediation_case import MediationCaseDraft
from station_app.domain.records import Stored
from station_app.reports.documents.case_context import Station, case_context, town_of
from station_app.reports.documents.casefile import (
    ATTACHED_NOTE,
    CONTENTS,
    BackCover,
    Entry,
    write_casefile_pdf,
)
from station_app.reports.documents.docx_render import filled_document, save_docx
from station_app.reports.documents.kinds import (
    REPEATED,
    DocumentKind,
    applicable,
    check_applies,
    refusal,
)
from station_app.reports.documents.pdf_render import Block, document_blocks, write_document_pdf
from station_app.reports.file_output import atomic_output
from station_app.services.station_services import StationServices

__all__ = [
    "DocumentKind",
    "applicable",
    "find_case_id",
    "load_case",
    "write_casefile",
    "write_document",
]

DOCUMENT_FORMATS = (".docx", ".pdf")


class DocumentFormatError(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "输出文件：扩展名应为 .docx 或 .pdf / output file must end in .docx or .pdf"
        )


def find_case_id(services: StationServices, ref: str | int) -> int:
    """The record id of a case given by its number (（2026）青石调字第0001号) or its id."""
    text = str(ref).strip()
    if text.isdigit():
        return int(text)
    try:
        number = str(CaseNumber.parse(text))
    except ValueError as exc:
        raise DomainError(f"案号：{exc}") from exc
    ids = services.mediation.ids(LedgerQuery(text=number))
    for stored in services.mediation.get_many(ids):
        if stored.data.case_number == number:
            return stored.id
    raise NotFoundError(f"找不到案号为{number}的调解案件")


def load_case(
    services: StationServices, ref: str | int, *, reveal: bool = False
) -> Stored[MediationCaseDraft]:
    """The case as the account may see it; ``reveal``: numbers in clear, audited."""
    case_id = find_case_id(services, ref)
    stored: Stored[MediationCaseDraft] = (
        services.mediation.reveal(case_id) if reveal else services.mediation.get(case_id)
    )
    return stored


def station_of(services: StationServices, case: MediationCaseDraft) -> Station:
    info = services.organisation.require_station()
    names = dict(services.organisation.dispute_types())
    return Station(
        committee=services.settings.committee_name(town_of(info.name)),
        village=info.village_name(case.village_id),
        dispute_name=names.get(case.dispute_type or "", case.dispute_type or ""),
    )


def document_context(
    services: StationServices, case: MediationCaseDraft, today: date
) -> dict[str, Any]:
    return case_context(case, station_of(services, case), today)


def _format(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in DOCUMENT_FORMATS:
        raise DocumentFormatError()
    return suffix


def _data_dir(services: StationServices) -> Path:
    return services.store.data_dir


def write_document(
    services: StationServices,
    ref: str | int,
    kind: DocumentKind,
    out: Path,
    *,
    reveal: bool = False,
    today: date | None = None,
) -> Path:
    """One document of the case as .docx or .pdf; refused if the case's state has no use for it."""
    suffix = _format(out)
    stored = load_case(services, ref, reveal=False)
    check_applies(kind, stored.data)  # refused before any reveal is audited
    if reveal:
        stored = load_case(services, stored.id, reveal=True)
    context = document_context(services, stored.data, today or services.ctx.clock.today())
    document = filled_document(kind, context, _data_dir(services))
    with atomic_output(out) as temp:
        if suffix == ".docx":
            save_docx(document, temp)
        else:
            write_document_pdf(temp, document, title=f"{kind.form_title} {context['case_number']}")
    return out


def opening_kind(case: MediationCaseDraft) -> DocumentKind:
    """The file's first paper: the 申请书 when a party applied, else the 受理登记表."""
    if case.source is DisputeSource.PARTY_REQUEST:
        return DocumentKind.APPLICATION
    return DocumentKind.REGISTRATION


def casefile_kinds(case: MediationCaseDraft) -> list[DocumentKind]:
    """The documents the 卷宗 prints for the case (the cover aside)."""
    first = opening_kind(case)
    skip = {DocumentKind.COVER, DocumentKind.APPLICATION, DocumentKind.REGISTRATION} - {first}
    return [k for k in applicable(case) if k not in skip]


def casefile_entries(
    kind_docs: dict[DocumentKind, list[Block]],
    case: MediationCaseDraft,
    counts: dict[DocumentKind, int],
) -> list[Entry]:
    """The 目录's thirteen rows, each with what the app prints for it."""
    settled = case.result is MediationResult.SUCCESS
    first = opening_kind(case)
    agreement = (
        DocumentKind.ORAL_AGREEMENT
        if refusal(DocumentKind.ORAL_AGREEMENT, case) is None
        else DocumentKind.AGREEMENT
    )
    entries: list[Entry] = []
    for number, title, need in CONTENTS:
        entry = Entry(number, title, need)
        if number == 1:
            entry = Entry(number, first.form_title, need, kind_docs[first])
        elif number == 2:
            entry = Entry(number, title, need, kind_docs[DocumentKind.NOTICE])
        elif number in (3, 6) or (number == 9 and settled):
            entry = Entry(number, title, ATTACHED_NOTE, placeholder=title)
        elif number == 5 and kind_docs.get(DocumentKind.INVESTIGATION):
            count = counts[DocumentKind.INVESTIGATION]
            entry = Entry(number, title, f"共{count}份", kind_docs[DocumentKind.INVESTIGATION])
        elif number == 7 and kind_docs.get(DocumentKind.SESSION):
            count = counts[DocumentKind.SESSION]
            entry = Entry(number, title, f"共{count}份", kind_docs[DocumentKind.SESSION])
        elif number == 8 and kind_docs.get(agreement):
            entry = Entry(number, agreement.form_title, need, kind_docs[agreement])
        elif number == 8 and not case.is_closed:
            entry = Entry(number, title, "调解中，尚未达成协议")
        elif number == 8 and not settled:
            entry = Entry(number, title, f"未达成协议（{case.result}）")
        elif number == 10 and kind_docs.get(DocumentKind.FOLLOW_UP):
            count = counts[DocumentKind.FOLLOW_UP]
            entry = Entry(number, title, f"共{count}份", kind_docs[DocumentKind.FOLLOW_UP])
        elif number == 11 and kind_docs.get(DocumentKind.JUDICIAL):
            entry = Entry(
                number, DocumentKind.JUDICIAL.form_title, need, kind_docs[DocumentKind.JUDICIAL]
            )
        elif number == 13:
            entry = Entry(number, title, need, back_cover=True)
        entries.append(entry)
    return entries


def write_casefile(
    services: StationServices,
    ref: str | int,
    out: Path,
    *,
    reveal: bool = False,
    today: date | None = None,
) -> Path:
    """The whole 卷宗 as one A4 PDF."""
    if out.suffix.lower() != ".pdf":
        raise DomainError("输出文件：卷宗只能生成 .pdf 文件 / the case file is written as .pdf")
    stored = load_case(services, ref, reveal=reveal)
    case = stored.data
    context = document_context(services, case, today or services.ctx.clock.today())
    data_dir = _data_dir(services)
    kind_docs = {
        kind: document_blocks(filled_document(kind, context, data_dir))
        for kind in casefile_kinds(case)
    }
    counts = {kind: len(context[key]) for kind, key in REPEATED.items()}
    cover = document_blocks(filled_document(DocumentKind.COVER, context, data_dir))
    entries = casefile_entries(kind_docs, case, counts)
    back = BackCover(filed_by=context["filed_by"], filed_on=context["filed_on"])
    with atomic_output(out) as temp:
        write_casefile_pdf(temp, cover, entries, back, title=f"调解卷宗 {context['case_number']}")
    return out
