"""Typography and spacing: legible Chinese on an ordinary office PC, one stylesheet."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from station_app.ui.resources import resources_dir

#: Fonts a Chinese Windows, macOS or Linux desktop has; the first present wins.
FONT_FAMILIES = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
]

STYLESHEET = """
QWidget { font-size: 10pt; }
QListWidget#navigation { background: #f3f5f8; border: none; border-right: 1px solid #dde2e8; padding-top: 8px; }
QListWidget#navigation::item { padding: 8px 10px; border-radius: 4px; margin: 1px 6px; color: #2b3440; }
QListWidget#navigation::item:selected { background: #dce8fb; color: #14428f; font-weight: bold; }
QLabel#pageTitle { font-size: 14pt; font-weight: bold; color: #1f2a37; padding-right: 12px; }
QLabel#fieldLabel { color: #3b4552; padding-top: 5px; }
QLabel#childHeader { color: #5b6470; }
QLabel#fieldError { color: #c62828; }
QLabel#savedNote { color: #1f7a3d; }
QLabel#lockTitle { font-size: 14pt; font-weight: bold; color: #1f2a37; }
QLabel#lockHint { color: #3b4552; }
QLabel#countLabel { color: #5b6470; }
QLabel#lockedBanner { background: #fff4d6; border: 1px solid #f0c75e; padding: 8px; color: #6b4b00; }
QLabel#placeholder { color: #5b6470; font-size: 11pt; }
*[invalid="true"] { border: 1px solid #c62828; background: #fff5f5; }
QPushButton { padding: 4px 14px; min-height: 22px; background: #fbfcfd; color: #1f2a37;
              border: 1px solid #b8c0cc; border-radius: 3px; }
QPushButton:hover { background: #eef3fb; }
QPushButton:pressed { background: #dce8fb; }
QPushButton:disabled { color: #9aa3ad; border-color: #dde2e8; background: #f6f7f9; }
QPushButton#primary { background: #2f6fde; color: white; border: 1px solid #2a62c4; border-radius: 3px; }
QPushButton#primary:hover { background: #2a62c4; }
QPushButton#primary:disabled { background: #a9bfe8; border-color: #a9bfe8; color: #eef3fb; }
QPushButton:focus { border: 2px solid #1d5bd6; padding: 3px 13px; }
QPushButton#primary:focus { border: 2px solid #0d2f6e; }
QLineEdit:focus, QPlainTextEdit:focus { border: 2px solid #1d5bd6; border-radius: 2px; }
QTableView:focus, QListWidget:focus, QTableWidget:focus { border: 2px solid #1d5bd6; }
QListWidget#navigation:focus { border: 2px solid #1d5bd6; }
QCheckBox:focus, QRadioButton:focus { color: #14428f; text-decoration: underline; }
QTableView { gridline-color: #e3e7ec; selection-background-color: #cfe0fb; selection-color: #111; }
QHeaderView::section { background: #f3f5f8; padding: 4px 6px; border: none;
                       border-right: 1px solid #e3e7ec; border-bottom: 1px solid #dde2e8; }
QStatusBar QLabel { padding: 0 8px; color: #3b4552; }
QGroupBox { font-weight: bold; margin-top: 14px; }
QGroupBox::title { subcontrol-origin: margin; left: 6px; padding: 0 4px; }
"""


def sort_arrows() -> str:
    """Header sort arrows drawn as clerks read them: ▼ for a column sorted descending (the
    ledgers open newest first), ▲ ascending. Qt's own Fusion arrow for a descending sort is
    a ▲, which reads as oldest first. (``tests/ui`` renders the header to keep this true.)
    """
    icons = resources_dir() / "icons"
    down = (icons / "sort-descending.svg").as_posix()
    up = (icons / "sort-ascending.svg").as_posix()
    return (
        f'QHeaderView::down-arrow {{ image: url("{down}"); width: 10px; height: 6px; }}\n'
        f'QHeaderView::up-arrow {{ image: url("{up}"); width: 10px; height: 6px; }}\n'
    )


def apply_style(app: QApplication) -> None:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET + sort_arrows())
