"""The filled Word documents laid out as A4 PDF pages with reportlab, for printing without an
office suite.

The PDF is drawn from the filled .docx itself (its paragraphs and tables, with their
alignment, size, weight and indent), so a county's edited template prints the same in both
formats and no wording is kept twice. Everything is set in the embedded CJK font the reports
use (AR PL UMing, a 宋体-style Ming face), so the file prints alike on any PC.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
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

_ALIGN: dict[Any, int] = {
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


@dataclass(frozen=True)
class Block:
    """One paragraph, table or page break of a filled document, read once from the docx and
    turned into fresh flowables for each layout pass (the 卷宗 is laid out twice)."""

    markup: str = ""
    size: float = BODY_PT
    align: int = TA_LEFT
    indent: float = 0.0
    rows: tuple[tuple[str, ...], ...] = ()
    page_break: bool = False

    def flowable(self, width: float) -> Flowable:
        if self.page_break:
            return PageBreak()
        if self.rows:
            return _table(self.rows, width)
        if not self.markup:
            return Spacer(1, self.size * 1.2)
        return Paragraph(self.markup, _paragraph_style(self.size, self.align, self.indent))


@lru_cache(maxsize=64)
def _paragraph_style(size: float, align: int, indent: float) -> ParagraphStyle:
    look = style(size, align=align, leading=size * 1.6)
    look.firstLineIndent = indent
    look.spaceAfter = size * 0.3
    return look


def _table(rows: tuple[tuple[str, ...], ...], width: float) -> Table:
    look = style(10.5, leading=15)
    columns = max((len(r) for r in rows), default=1)
    return Table(
        [[Paragraph(cell, look) for cell in row] for row in rows],
        colWidths=[width / columns] * columns,
        style=table_style(
            ("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")
        ),
    )


def paragraph_blocks(paragraph: DocxParagraph) -> Iterator[Block]:
    size = _size(paragraph)
    text = paragraph.text
    breaks = bool(paragraph._p.xpath('./w:r/w:br[@w:type="page"]'))
    if text.strip():
        bold = any(run.font.bold for run in paragraph.runs if run.text.strip())
        indent = paragraph.paragraph_format.first_line_indent
        markup = _markup(text).replace("\n", "<br/>")
        yield Block(
            # The CJK font has no bold face: reportlab draws <b> with the same face.
            markup=f"<b>{markup}</b>" if bold else markup,
            size=size,
            align=_ALIGN.get(paragraph.alignment, TA_LEFT) if paragraph.alignment else TA_LEFT,
            indent=float(indent.pt) if indent is not None else 0.0,
        )
    elif not breaks:
        yield Block(size=size)
    if breaks:
        yield Block(page_break=True)


def document_blocks(document: DocumentObject) -> list[Block]:
    """The body of a filled document, in order."""
    out: list[Block] = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.extend(paragraph_blocks(DocxParagraph(element, document._body)))
        elif tag == "tbl":
            table = DocxTable(element, document._body)
            rows = tuple(tuple(_markup(c.text) for c in row.cells) for row in table.rows)
            out.append(Block(rows=rows))
    return out


def flowables(blocks: Sequence[Block]) -> list[Flowable]:
    width = PAGE[0] - 2 * MARGIN_X
    return [b.flowable(width) for b in blocks]


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


def write_document_pdf(path: Path, document: DocumentObject, *, title: str) -> None:
    PortraitDocument(str(path), title=title, subject=title).build(
        flowables(document_blocks(document))
    )
