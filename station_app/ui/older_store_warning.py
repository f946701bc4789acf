"""A store older than the audit mark kept outside it: someone put an older copy of the data file
in place outside the app (storage/audit_mark.py). The window says so at once, in a message
that does not block the clerk's work, and keeps saying it in the status bar while it is open:
the records entered since that copy may be gone, and only the head can tell whether that was
meant. The app's own restore never leads here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from station_app.ui.i18n import tr

if TYPE_CHECKING:
    from station_app.services.station_services import StationServices


def warn_if_older(window: QMainWindow, services: StationServices) -> QMessageBox | None:
    """The warning for an older store (the message box, left open), or None for a sound one."""
    from station_app.services.store_maintenance import StoreMaintenance

    problem = StoreMaintenance.older_store(services)
    if problem is None:
        return None
    banner = QLabel(tr("⚠ 数据文件比本机记录的旧，可能被换成了旧副本：请站长核实"))
    banner.setObjectName("olderStoreBanner")
    banner.setStyleSheet("color: #b00020; font-weight: bold;")
    window.statusBar().insertWidget(0, banner)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("数据文件比本机记录的旧"),
        tr("本机的台账数据文件比上次使用时旧：{0}").format(problem),
        QMessageBox.StandardButton.Ok,
        window,
    )
    box.setObjectName("olderStoreWarning")
    box.setInformativeText(
        tr(
            "数据文件不是通过本程序的“从备份恢复”换回的，那之后录入的记录和审计日志"
            "可能已经丢失。请站长核实是谁、为什么替换了数据文件；"
            "县中心在下次同步时也会看到这一情况。"
        )
    )
    box.open()  # window-modal, not blocking: the clerk reads it and works on
    return box
