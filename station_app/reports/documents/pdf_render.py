"""The filled Word documents laid out as A4 PDF pages with reportlab, for printing without an
office suite.

The PDF is drawn from the filled .docx itself (its paragraphs and tables, with their
alignment, size, weight and indent), so a county's edited template prints the same in both
formats and no wording is kept twice. Everything is set in the embedded CJK font the reports
use (AR PL UMing, a 宋体-style Ming face), so the file prints alike on any PC.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from station_app.reports.pdf_common import cjk_font, style, table_style

PAGE = A4
MARGIN_X = 25 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 22 * mm
BODY_PT = 12.0

_ALIGN = {
    WD_ALIGN_PARAGRAPH.CENTER: TA_CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT: TA_RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY: TA_JUSTIFY,
}


def _markup(text: str) -> str:
    """Text as reportlab markup: escaped, runs of spaces kept (signature lines, 　 gaps)."""
    return escape(text).replace("  ", "&nbsp; ").replace("\t", "&nbsp;&nbsp;&nbsp;&nbsp;")


def _size(paragraph: DocxParagraph) -> float:
    for run in paragraph.runs:
        if run.font.size is not None:
            return float(run.font.size.pt)
    return BODY_PT


def paragraph_flowables(paragraph: DocxParagraph) -> Iterator[Flowable]:
    size = _size(paragraph)
    text = paragraph.text
    if text.strip():
        bold = any(run.font.bold for run in paragraph.runs if run.text.strip())
        look = style(size, align=_ALIGN.get(paragraph.alignment, TA_LEFT), leading=size * 1.6)
        indent = paragraph.paragraph_format.first_line_indent
        if indent is not None:
            look.firstLineIndent = float(indent.pt)
        look.spaceAfter = size * 0.3
        markup = _markup(text).replace("\n", "<br/>")
        # The CJK font has no bold face: bold is drawn as a thin outline stroke.
        yield Paragraph(f"<b>{markup}</b>" if bold else markup, look)
    elif not paragraph.contains_page_break:
        yield Spacer(1, size * 1.2)
    if paragraph.contains_page_break:
        yield PageBreak()


def table_flowable(table: DocxTable, width: float) -> Flowable:
    look = style(10.5, leading=15)
    rows = [[Paragraph(_markup(cell.text), look) for cell in row.cells] for row in table.rows]
    columns = max((len(r) for r in rows), default=1)
    return Table(
        rows,
        colWidths=[width / columns] * columns,
        style=table_style(("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")),
    )


def document_flowables(document: DocumentObject) -> list[Flowable]:
    """The body of a filled document, in order, as reportlab flowables."""
    width = PAGE[0] - 2 * MARGIN_X
    out: list[Flowable] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.extend(paragraph_flowables(DocxParagraph(element, document._body)))
        elif tag == "tbl":
            out.append(table_flowable(DocxTable(element, document._body), width))
    return out


def documents_flowables(documents: Sequence[DocumentObject]) -> list[Flowable]:
    """Several documents, each from a new page."""
    out: list[Flowable] = []
    for i, document in enumerate(documents):
        if i:
            out.append(PageBreak())
        out.extend(document_flowables(document))
    return out


class PortraitDocument(BaseDocTemplate):  # type: ignore[misc]  # reportlab has no type hints
    """A4 portrait pages in the CJK font; ``on_page`` may draw on each page (a page number)."""

    def __init__(self, target: Any, *, title: str, subject: str, **kwargs: Any) -> None:
        super().__init__(
            target,
            pagesize=PAGE,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            subject=subject,
            author="Station Ledger 公共法律服务工作站台账",
            creator="Station Ledger 公共法律服务工作站台账",
            initialFontName=cjk_font(),
            **kwargs,
        )
        frame = Frame(
            self.leftMargin, self.bottomMargin, self.width, self.height, id="body", showBoundary=0
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self.on_page)])

    def on_page(self, canvas: Any, doc: Any) -> None:
        canvas.setFont(cjk_font(), BODY_PT)


def write_documents_pdf(path: Path, documents: Sequence[DocumentObject], *, title: str) -> None:
    PortraitDocument(str(path), title=title, subject=title).build(
        documents_flowables(documents)
    )
