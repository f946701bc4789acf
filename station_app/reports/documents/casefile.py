"""The whole 卷宗 as one PDF: cover, 卷内目录 with page numbers, the documents in the spec's
order, a placeholder page for what is attached by hand, and the 封底 with the page count.

Pages are numbered through the whole file from the cover (页号 1), the number printed at the
foot of each page after the cover, so the 目录's 页号 and 本卷共 n 页 are what a reader finds
by leafing through. The layout is built twice: the first pass finds on which page each entry
starts and how many pages there are, the second prints those numbers (the 目录 has the same
rows either way, so the pages do not move; a third pass runs should they ever).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from station_app.reports.documents.pdf_render import (
    BODY_PT,
    PAGE,
    Block,
    PortraitDocument,
    flowables,
)
from station_app.reports.pdf_common import cjk_font, style, table_style

#: (序号, 文书名称 when none is printed, 必须 or 按需) as the spec's 卷内目录 lists them.
CONTENTS = (
    (1, "人民调解申请书或人民调解受理登记表", "必须"),
    (2, "人民调解当事人权利义务告知书", "必须"),
    (3, "当事人身份证明", "必须"),
    (4, "授权委托书", "按需"),
    (5, "人民调解调查记录", "按需"),
    (6, "人民调解证据材料", "按需"),
    (7, "人民调解记录", "必须"),
    (8, "人民调解协议书（或人民调解口头协议登记表）", "必须"),
    (9, "收条或汇款单等履行凭证", "按需"),
    (10, "人民调解回访记录", "按需"),
    (11, "司法确认有关材料", "按需"),
    (12, "卷宗情况说明", "按需"),
    (13, "封底", "必须"),
)
ATTACHED_NOTE = "附后，手工装订"


@dataclass
class Entry:
    """One row of the 目录 and what it prints (nothing: the row is listed without 页号)."""

    number: int
    title: str
    note: str = ""
    blocks: Sequence[Block] = ()  # the filled document(s) this row prints
    placeholder: str | None = None  # a page saying what is attached by hand here
    back_cover: bool = False

    @property
    def printed(self) -> bool:
        return bool(self.blocks) or self.placeholder is not None or self.back_cover


@dataclass(frozen=True)
class BackCover:
    filed_by: str
    filed_on: str


@dataclass
class _Marks:
    pages: dict[int, int] = field(default_factory=dict)
    total: int = 0


class _PageMark(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """Takes no room; notes the page it lands on for its 目录 row."""

    def __init__(self, number: int, marks: _Marks) -> None:
        super().__init__()
        self.number, self.marks = number, marks

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        self.marks.pages[self.number] = self.canv.getPageNumber()


class _CaseFileDocument(PortraitDocument):
    def __init__(self, target: Any, marks: _Marks, **kwargs: Any) -> None:
        self.marks = marks
        super().__init__(target, **kwargs)

    def on_page(self, canvas: Any, doc: Any) -> None:
        number = canvas.getPageNumber()
        self.marks.total = max(self.marks.total, number)
        if number > 1:  # the cover carries no number
            canvas.setFont(cjk_font(), 10.5)
            canvas.drawCentredString(PAGE[0] / 2, 12 * mm, f"— {number} —")


def _title(text: str) -> Paragraph:
    return Paragraph(text, style(18, align=TA_CENTER, leading=30))


def _contents_table(entries: Sequence[Entry], pages: dict[int, int]) -> Table:
    look = style(BODY_PT, leading=18)
    centred = style(BODY_PT, align=TA_CENTER, leading=18)
    rows: list[list[Any]] = [[Paragraph(h, centred) for h in ("序号", "文书名称", "页号", "备注")]]
    for e in entries:
        page = str(pages[e.number]) if e.printed and e.number in pages else ""
        rows.append(
            [
                Paragraph(str(e.number), centred),
                Paragraph(e.title, look),
                Paragraph(page, centred),
                Paragraph(e.note, look),
            ]
        )
    width = PAGE[0] - 50 * mm
    return Table(
        rows,
        colWidths=[width * 0.1, width * 0.5, width * 0.1, width * 0.3],
        repeatRows=1,
        style=table_style(
            ("GRID", (0, 0), (-1, -1), 0.6, "black"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ),
    )


def _placeholder(title: str) -> list[Flowable]:
    body = style(BODY_PT, align=TA_CENTER, leading=22)
    return [
        Spacer(1, 60 * mm),
        _title(title),
        Spacer(1, 12 * mm),
        Paragraph(f"（此处装订{title}，由人民调解委员会手工附入）", body),
    ]


def _back_cover(back: BackCover, total: int) -> list[Flowable]:
    line = style(14, leading=30)
    return [
        Spacer(1, 40 * mm),
        _title("封　底"),
        Spacer(1, 30 * mm),
        Paragraph(f"本卷共 {total} 页" if total else "本卷共 &nbsp;&nbsp;&nbsp; 页", line),
        Paragraph(f"立卷人：{back.filed_by}", line),
        Paragraph(f"立卷日期：{back.filed_on}", line),
        Paragraph("检查人：________________", line),
    ]


def _story(
    cover: Sequence[Block],
    entries: Sequence[Entry],
    back: BackCover,
    known: _Marks,
    marks: _Marks,
) -> list[Flowable]:
    story: list[Flowable] = [*flowables(cover), PageBreak()]
    story += [_title("卷 内 目 录"), Spacer(1, 8 * mm), _contents_table(entries, known.pages)]
    for e in entries:
        if not e.printed:
            continue
        story += [PageBreak(), _PageMark(e.number, marks)]
        if e.blocks:
            story += flowables(e.blocks)
        elif e.placeholder is not None:
            story += _placeholder(e.placeholder)
        else:
            story += _back_cover(back, known.total)
    return story


def write_casefile_pdf(
    path: Path,
    cover: Sequence[Block],
    entries: Sequence[Entry],
    back: BackCover,
    *,
    title: str,
    checkpoint: Callable[[], None] = lambda: None,
) -> _Marks:
    """Lay the file out until its page numbers stand still, then write it to ``path``."""
    known = _Marks()
    for _ in range(3):
        marks = _Marks()
        buffer = BytesIO()
        _CaseFileDocument(buffer, marks, title=title, subject="人民调解卷宗").build(
            _story(cover, entries, back, known, marks)
        )
        checkpoint()
        if marks.pages == known.pages and marks.total == known.total:
            break
        known = marks
    path.write_bytes(buffer.getvalue())
    return known
