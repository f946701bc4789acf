"""What every PDF shares: the embedded CJK font, A4 landscape pages, `第 n 页 共 m 页`.

The font is AR PL UMing CN, a Ming (宋体) style serif as official tables are printed in, the
same style the workbooks name (宋体). It is shipped in ``resources/fonts`` (Arphic Public
License, see the README there) and found beside the source tree or in a PyInstaller bundle as
the UI finds its resources. Its outlines are TrueType, so reportlab can embed the subset of
glyphs a document uses and the PDF prints the same on a PC without any Chinese font or Adobe
font pack. Debian's ``fonts-arphic-uming`` copy is the fallback.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, TableStyle

from station_app.domain.errors import DomainError

FONT_NAME = "ARPLUMingCN"
FONT_FILE = "uming.ttc"
FONT_FACE = 0  # the collection's faces: 0 UMing CN (simplified), 1 HK, 2 TW, 3 TW MBE
SHIPPED_FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / FONT_FILE
SYSTEM_FONTS = (Path("/usr/share/fonts/truetype/arphic") / FONT_FILE,)

PAGE_SIZE = landscape(A4)
MARGIN = 10 * mm
FRAME_WIDTH = PAGE_SIZE[0] - 2 * MARGIN

HEADER_FILL = colors.HexColor("#E8EEF7")
TOTAL_FILL = colors.HexColor("#F2F2F2")
FAIL_FILL = colors.HexColor("#FFC7CE")  # 浅红底, as the workbook and the legend say
MUTED = colors.HexColor("#808080")

_lock = threading.Lock()


class FontMissingError(DomainError):
    pass


def shipped_fonts() -> list[Path]:
    """The copy shipped with the app: in a PyInstaller bundle, or beside the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    found = [Path(bundle) / "resources" / "fonts" / FONT_FILE] if bundle else []
    return [*found, SHIPPED_FONT]


def font_path() -> Path:
    for candidate in (*shipped_fonts(), *SYSTEM_FONTS):
        if candidate.is_file():
            return candidate
    raise FontMissingError(f"找不到中文字体文件（{FONT_FILE}），无法生成PDF，请重新安装本程序")


def cjk_font() -> str:
    """Register the CJK font once (thread-safe: reports run off the GUI thread)."""
    with _lock:
        if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), subfontIndex=FONT_FACE))
    return FONT_NAME


def style(
    size: float, *, align: int = TA_LEFT, leading: float | None = None, color: Any = None
) -> ParagraphStyle:
    return ParagraphStyle(
        f"cjk-{size}-{align}",
        fontName=cjk_font(),
        fontSize=size,
        leading=leading or size * 1.25,
        alignment=align,
        wordWrap="CJK",  # break Chinese text anywhere, as Chinese typesetting does
        textColor=color or colors.black,
    )


def table_style(*commands: Any) -> TableStyle:
    """Every table cell in the CJK font, even empty or Paragraph ones: a cell left at the
    default would pull an unembedded Helvetica into the file."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), cjk_font()), *commands])


def title_style() -> ParagraphStyle:
    return style(15, align=TA_CENTER, leading=20)


class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Holds pages until the end so each footer can say how many pages there are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The CJK font from the first operator on, so no unembedded Helvetica is referenced.
        if not kwargs.get("initialFontName"):  # platypus passes None explicitly
            kwargs["initialFontName"] = cjk_font()
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self.setFont(cjk_font(), 8)
            self.drawCentredString(PAGE_SIZE[0] / 2, MARGIN / 2, f"第 {number} 页 共 {total} 页")
            super().showPage()
        super().save()


def build_pdf(path: Path, story: Sequence[Any], *, title: str, author: str, subject: str) -> None:
    """Lay ``story`` out on A4 landscape pages numbered `第 n 页 共 m 页`."""
    doc = SimpleDocTemplate(
        str(path),
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN * 1.4,
        title=title,
        author=author,
        subject=subject,
        creator="Station Ledger 公共法律服务工作站台账",
    )
    doc.build(list(story), canvasmaker=NumberedCanvas)
