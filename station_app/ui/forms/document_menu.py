"""打印文书 on the mediation form: each document the case's state calls for, and the 卷宗.

A click writes the file on the store lane (the window never waits on reportlab), into the
user's documents folder under 调解文书/<案号>/, then opens it with the system's viewer (WPS,
Word, a PDF reader). 打印完整号码 is offered only to an account with the reveal right; each
such printout is audited by the service as a reveal.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMenu, QPushButton, QWidget

from station_app.domain.mediation_case import MediationCaseDraft
from station_app.domain.records import Stored
from station_app.reports.documents.kinds import DocumentKind, applicable
from station_app.services.station_services import StationServices
from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr
from station_app.ui.operations import OperationRunner, Ticket
from station_app.ui.window_text import window_failure

#: Names of the files and their folder, as Chinese as the documents (marked for Linguist).
FOLDER = QT_TRANSLATE_NOOP("DocumentMenu", "调解文书")
CASE_FILE = QT_TRANSLATE_NOOP("DocumentMenu", "调解卷宗")
#: Characters Windows refuses in a file or folder name.
_UNSAFE = str.maketrans({c: "_" for c in '\\/:*?"<>|'})


def default_folder() -> Path:
    documents_dir = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    )
    return Path(documents_dir or Path.home()) / FOLDER


def open_with_system_viewer(path: Path) -> None:
    if QGuiApplication.platformName() != "offscreen":  # tests and screenshot runs open nothing
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class DocumentMenu(QObject):
    """The 打印文书 button and its menu for one stored case."""

    printed = Signal(object)  # the Path written
    failed = Signal(str)  # what went wrong, for the form's message line

    def __init__(
        self,
        services: StationServices,
        runner: OperationRunner,
        record: Stored[MediationCaseDraft],
        *,
        may_reveal: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.runner, self.record = services, runner, record
        self.folder: Path = default_folder()
        self.open_file: Callable[[Path], None] = open_with_system_viewer
        self._ticket: Ticket | None = None
        self.button = QPushButton(tr("打印文书"), parent)
        self.button.setObjectName("printDocuments")
        self.button.setAutoDefault(False)
        self.button.setToolTip(tr("由本案记录生成调解文书（Word 可修改，PDF 可直接打印）"))
        self.menu = QMenu(parent)
        self.actions: dict[tuple[DocumentKind | None, str], QAction] = {}
        for kind in applicable(record.data):
            for suffix, label in ((".docx", "Word"), (".pdf", "PDF")):
                self._add(kind, suffix, f"{tr(kind.form_title)}（{label}）")
        self.menu.addSeparator()
        self._add(None, ".pdf", tr("整本调解卷宗（PDF）"))
        self.reveal = QAction(tr("打印完整的身份证号和电话号码（记入审计日志）"), self.menu)
        self.reveal.setCheckable(True)
        if may_reveal:
            self.menu.addSeparator()
            self.menu.addAction(self.reveal)
        self.button.setMenu(self.menu)

    def _add(self, kind: DocumentKind | None, suffix: str, text: str) -> None:
        action = self.menu.addAction(text)
        action.triggered.connect(lambda _checked=False: self.print(kind, suffix))
        self.actions[(kind, suffix)] = action

    def target(self, kind: DocumentKind | None, suffix: str) -> Path:
        number = (self.record.data.case_number or str(self.record.id)).translate(_UNSAFE)
        name = kind.form_title if kind is not None else CASE_FILE
        return self.folder / number / f"{name}{suffix}"

    def print(self, kind: DocumentKind | None, suffix: str) -> Ticket | None:
        """Write the file on the store lane; one printout at a time."""
        if self._ticket is not None:
            return None
        path = self.target(kind, suffix)
        services, case_id, reveal = self.services, self.record.id, self.reveal.isChecked()

        def write(_progress: Any, _cancelled: Any) -> Path:
            # docx, docxtpl and reportlab load here, on the lane, at the first printout: the
            # window's start-up does not pay for them (~1 s on a busy machine).
            from station_app.reports.documents import api as documents

            if kind is None:
                return documents.write_casefile(services, case_id, path, reveal=reveal)
            return documents.write_document(services, case_id, kind, path, reveal=reveal)

        self.button.setEnabled(False)
        self._ticket = self.runner.submit(
            write, self._done, on_error=self._failed, label="print document"
        )
        return self._ticket

    def _done(self, path: Path) -> None:
        self._ticket = None
        self.button.setEnabled(True)
        self.printed.emit(path)
        self.open_file(path)

    def _failed(self, exc: BaseException) -> None:
        self._ticket = None
        self.button.setEnabled(True)
        self.failed.emit(window_failure(exc))
