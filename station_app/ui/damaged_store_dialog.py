"""A damaged data file at start-up: offer the newest good backup instead of crashing.

The app opens the store without waiting for its integrity check (services/store_maintenance.
py): the check's verdict comes while the sign-in dialog is up, or after the clerk signed in and
the window shows the first rows. ``StartUpCheckWatch`` waits for it off the GUI thread; a
damaged verdict closes the sign-in dialog (or takes the window off the store) before anything
is written (every write, the held sign-in's too, is refused by then), and start-up goes on to
this dialog.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.i18n import tr
from station_app.ui.window_text import window_text

log = logging.getLogger("station.ui")

if TYPE_CHECKING:
    from station_app.domain.backups import BackupInfo
    from station_app.domain.store_errors import DamagedStoreError
    from station_app.services.station_services import StationServices
    from station_app.services.store_maintenance import StoreMaintenance


class DamagedStoreDialog(QDialog):
    """Says the file is damaged; with a good backup, 恢复此备份 accepts, else only 退出."""

    def __init__(self, damaged: Path, backup: BackupInfo | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("damagedStoreDialog")
        self.setWindowTitle(tr("数据文件已损坏"))
        layout = QVBoxLayout(self)
        heading = QLabel(tr("本机的台账数据文件已损坏，无法打开。"))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        if backup is not None:
            text = tr(
                "可以从最新的完好备份恢复：\n"
                "备份时间：{0}\n"
                "备份文件：{1}\n\n"
                "恢复后，该时间之后录入的记录需要重新录入。\n"
                "损坏的文件不会删除，保留在：{2}"
            ).format(
                backup.local_time().strftime("%Y-%m-%d %H:%M"), backup.path.name, damaged.parent
            )
        else:
            text = tr(
                "备份目录中没有完好的备份可以恢复。\n"
                "损坏的文件位于：{0}\n\n"
                "请不要删除或改动该文件，并联系技术支持。"
            ).format(damaged)
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.restore_button: QPushButton | None = None
        if backup is not None:
            self.restore_button = buttons.addButton(
                tr("恢复此备份"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.restore_button.setDefault(True)
        self.quit_button = buttons.addButton(tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)


def recover_damaged_store(
    parent: QWidget | None, store: StoreMaintenance
) -> StationServices | None:
    """Offer the newest good backup; on 恢复此备份 restore it and open the store.

    None when the user quits, there is no good backup, or the restored store will not open.
    """
    from station_app.domain.errors import DomainError

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        good = store.newest_good_backup()
    finally:
        QApplication.restoreOverrideCursor()
    dialog = DamagedStoreDialog(store.db_path, good, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or good is None:
        return None
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        outcome = store.restore_damaged(good)
        services = store.open()
    except DomainError as exc:
        QApplication.restoreOverrideCursor()
        QMessageBox.critical(parent, tr("恢复失败"), window_text(str(exc)))
        return None
    QApplication.restoreOverrideCursor()
    kept = outcome.kept_aside[0] if outcome.kept_aside else None
    if isinstance(parent, QMainWindow):
        parent.statusBar().showMessage(
            tr("已从 {0} 的备份恢复台账；损坏的文件保留为 {1}").format(
                good.local_time().strftime("%Y-%m-%d %H:%M"), kept.name if kept else "-"
            ),
            120_000,
        )
    return services


class StartUpCheckWatch(QObject):
    """Waits, off the GUI thread, for the verdict of the store check that start-up left
    running. A sound store: the sign-in held meanwhile is written (``AccountService.
    record_sign_in``), then ``passed``. A damaged one (or a check that could not finish):
    the app's modal dialogs close (the sign-in's, a form being filled in), then
    ``found_damage``; ``damaged`` / ``failure`` say which.

    ``stop()`` once start-up has taken the verdict itself: a late one then closes nothing
    and says nothing (the held sign-in is still written).
    """

    passed = Signal()
    found_damage = Signal()

    def __init__(self, parent: QWidget, services: StationServices) -> None:
        from station_app.ui.operations import OperationRunner

        super().__init__(parent)
        self.damaged: DamagedStoreError | None = None
        self.failure: BaseException | None = None
        self._armed = True
        self._services = services
        self._runner = OperationRunner(self)
        self._runner.submit(
            lambda _p, _c: verdict_then_held_sign_in(services),
            self._verdict,
            on_error=self._failed,
            label="store check",
        )

    def stop(self) -> None:
        self._armed = False

    def _verdict(self, damaged: DamagedStoreError | None) -> None:
        self.damaged = damaged
        if not self._armed or self._services.store.check.cancelled:  # stopped, or closed
            return
        if damaged is None:
            self.passed.emit()
            return
        close_modal_dialogs()
        self.found_damage.emit()

    def _failed(self, exc: BaseException) -> None:
        self.failure = exc
        if self._armed and not self._services.store.check.cancelled:  # not merely closed
            close_modal_dialogs()
            self.found_damage.emit()


def verdict_then_held_sign_in(services: StationServices) -> DamagedStoreError | None:
    """The start-up check's verdict (waited for); on a sound store, the sign-in made while it
    ran is written at once, before the clerk's own writes that waited with it as a rule."""
    from station_app.services.store_maintenance import StoreMaintenance

    try:
        damaged = StoreMaintenance.start_up_verdict(services)
    except Exception:
        if services.store.check.cancelled:  # the app closed before the verdict: nothing to do
            return None
        raise
    if damaged is None:
        try:
            services.accounts.record_sign_in()
        except Exception as exc:  # the store closed meanwhile: nobody is signed in any more
            log.warning("held sign-in not recorded: %s", type(exc).__name__)
    return damaged


def close_modal_dialogs() -> None:
    """Leave every modal dialog (sign-in, first password, setup) as if the user had."""
    for _ in range(10):  # a dialog that will not close must not hang start-up
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog) or not dialog.isVisible():
            return
        dialog.done(QDialog.DialogCode.Rejected)
