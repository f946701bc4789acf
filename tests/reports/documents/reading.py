"""Reading printed documents back (the docx XML, the PDF text) and a store to print from."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from station_app.domain.mediation_case import MediationCaseDraft
from station_app.reports.documents.kinds import DocumentKind
from station_app.services.station_services import StationServices
from tests.conftest import FixedClock, StoreTemplate


def docx_text(path: Path) -> str:
    """The text of word/document.xml, a line per paragraph, read from the XML itself."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.DOTALL)
    lines = ["".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in paragraphs]
    return "\n".join(lines).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def squeezed(text: str) -> str:
    """Without white space: PDF text extraction spaces CJK lines its own way."""
    return re.sub(r"\s+", "", text)


def open_copy(store_template: StoreTemplate, data_dir: Path) -> StationServices:
    store_template.copy_to(data_dir)
    clock = FixedClock()
    clock._tick = store_template.ticks
    services = StationServices.open(data_dir, clock=clock)
    services.ctx.principal = services.accounts.principal("admin")
    return services


@dataclass
class Printed:
    services: StationServices
    out: Path
    ids: dict[str, int]
    cases: dict[str, MediationCaseDraft]  # as stored (clear numbers)
    files: dict[tuple[str, DocumentKind, str], Path]  # (fixture, kind, suffix) -> file
    refused: dict[tuple[str, DocumentKind], str]  # (fixture, kind) -> the reason

    def number(self, fixture: str) -> str:
        number = self.cases[fixture].case_number
        assert number is not None
        return number
