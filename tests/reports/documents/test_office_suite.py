"""A real office suite reads every generated .docx: LibreOffice converts them all to PDF (in one
start-up, the slow part) and each converted file has its pages and its text. Our own PDFs
embed their font, so they print alike on a PC without Chinese fonts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.reports.documents.reading import Printed, pdf_pages, squeezed

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (libreoffice-writer-nogui) missing")
def test_libreoffice_converts_every_generated_docx(printed: Printed, tmp_path: Path) -> None:
    assert SOFFICE is not None
    words = sorted(p for (_, _, suffix), p in printed.files.items() if suffix == ".docx")
    assert len(words) == 25  # every document that applies to the four fixture cases
    converted = tmp_path / "converted"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(converted),
            *map(str, words),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for word in words:
        pdf = converted / f"{word.stem}.pdf"
        assert pdf.is_file(), word.name
        pages = pdf_pages(pdf)
        assert pages, word.name
        # the title LibreOffice laid out is the title our own PDF starts with
        ours = squeezed(pdf_pages(printed.files[(*_key(printed, word), ".pdf")])[0])
        assert squeezed(pages[0])[:6] == ours[:6], word.name


def _key(printed: Printed, word: Path) -> tuple[str, object]:
    return next((f, k) for (f, k, s), p in printed.files.items() if p == word)


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) missing")
def test_our_pdfs_embed_their_one_font(printed: Printed) -> None:
    for (_, _, suffix), path in printed.files.items():
        if suffix != ".pdf":
            continue
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
        fonts = out.stdout.splitlines()[2:]  # subsets of 256 glyphs each
        assert fonts and all("+UMingCN" in f.split()[0] for f in fonts), path.name
        assert all(f.split()[-5] == "yes" for f in fonts), path.name  # emb
