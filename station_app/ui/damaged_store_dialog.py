"""A damaged data file at start-up: offer the newest good backup instead of crashing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
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

if TYPE_CHECKING:
    from station_app.domain.backups import BackupInfo
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
        QMessageBox.critical(parent, tr("恢复失败"), str(exc))
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
