"""Where the shipped resources (icons, fonts, translations) are, in a source tree or a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon


def resources_dir() -> Path:
    bundled = getattr(sys, "_MEIPASS", None)  # a PyInstaller one-folder bundle
    if bundled:
        return Path(bundled) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))
