"""Every document of every fixture case printed once per module, as .docx and as .pdf."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from station_app.domain.errors import DomainError
from station_app.domain.mediation_case import MediationCaseDraft
from station_app.reports.documents import api
from station_app.reports.documents.kinds import DocumentKind
from station_app.services.station_services import StationServices
from tests.conftest import FixedClock, StoreTemplate
from tests.reports.documents.cases import FIXTURES, store_case


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


@pytest.fixture(scope="module")
def printed(
    store_template: StoreTemplate, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Printed]:
    root = tmp_path_factory.mktemp("documents")
    services = open_copy(store_template, root / "data")
    ids = {name: store_case(services, make()) for name, make in FIXTURES.items()}
    cases = {name: services.mediation.reveal(i).data for name, i in ids.items()}
    out = root / "out"
    files: dict[tuple[str, DocumentKind, str], Path] = {}
    refused: dict[tuple[str, DocumentKind], str] = {}
    for name, case_id in ids.items():
        for kind in DocumentKind:
            for suffix in (".docx", ".pdf"):
                path = out / f"{name}-{kind.value}{suffix}"
                try:
                    api.write_document(services, case_id, kind, path)
                except DomainError as exc:
                    refused[(name, kind)] = str(exc)
                    assert not path.exists()
                else:
                    files[(name, kind, suffix)] = path
    try:
        yield Printed(services, out, ids, cases, files, refused)
    finally:
        services.close()
