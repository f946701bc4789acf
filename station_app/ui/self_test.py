"""The window half of `station-app --self-test`: what a bundle missing a Qt file gets wrong."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from station_app.services.station_services import StationServices
from station_app.tools.self_test import SelfTestError
from station_app.ui.app_context import AppContext
from station_app.ui.i18n import tr
from station_app.ui.main_window import MainWindow
from station_app.ui.operations import OperationRunner
from station_app.ui.resources import icon

LOAD_TIMEOUT_MS = 60_000


def check_main_window(services: StationServices) -> None:
    """Qt's Chinese catalogue, the SVG icons, and the main window showing the first ledger."""
    if QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel":
        raise SelfTestError(tr("缺少 Qt 中文翻译 / Qt's Chinese catalogue is missing"))
    if icon("app").pixmap(32, 32).isNull():
        raise SelfTestError(tr("图标无法显示 / SVG icons cannot be drawn (a Qt plugin is missing)"))
    runner = OperationRunner()
    # A scratch store's head, taken without a password: the check is of the window, not sign-in.
    head = services.organisation.users()[0].username
    services.ctx.principal = services.accounts.principal(head)
    window = MainWindow(AppContext.load(services, runner))
    first = next(iter(window.ledger_pages.values()))
    loop = QEventLoop()
    first.loaded.connect(lambda _rows: loop.exit(0))
    deadline = QTimer(singleShot=True, interval=LOAD_TIMEOUT_MS)
    deadline.timeout.connect(lambda: loop.exit(1))
    deadline.start()
    window.show()
    timed_out = loop.exec()
    deadline.stop()
    shot = window.grab()
    window.close()
    runner.wait()
    if timed_out:
        raise SelfTestError(tr("台账一分钟内未显示 / the ledger did not load within a minute"))
    if shot.isNull() or first.model.rowCount() == 0:
        raise SelfTestError(tr("主窗口未显示台账记录 / the main window shows no records"))
