"""Every document of every fixture case printed once per module, as .docx and as .pdf."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from station_app.domain.errors import DomainError
from station_app.reports.documents import api
from station_app.reports.documents.kinds import DocumentKind
from tests.conftest import StoreTemplate
from tests.reports.documents.cases import FIXTURES, store_case
from tests.reports.documents.reading import Printed, open_copy


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
