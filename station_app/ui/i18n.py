"""Translations: the UI's source strings are Simplified Chinese (the shipped language), marked
with ``tr()`` so Qt Linguist can extract them for other locales, and Qt's own strings (dialog
buttons, context menus) come from Qt's shipped Chinese catalogue."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from station_app.ui.resources import resources_dir

log = logging.getLogger("station.ui")

#: Qt Linguist files plain ``tr("…")`` calls (and ``QT_TRANSLATE_NOOP("", …)``) under the empty
#: context, so the runtime looks them up there too.
CONTEXT = ""


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def install_translators(app: QCoreApplication, locale: str = "zh_CN") -> list[QTranslator]:
    installed = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in (
        (f"qtbase_{locale}", qt_dir),
        (f"station_{locale}", str(resources_dir() / "translations")),
    ):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            installed.append(translator)
        elif not name.startswith("station_zh"):  # Chinese source strings need no catalogue
            log.warning("translation %s not found", name)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return installed


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks a module-level string for extraction; it is translated where shown, with tr()."""
    return text
