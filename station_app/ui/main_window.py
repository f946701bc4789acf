"""The main window: a navigation list of the ledgers and tools, and a status bar."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from station_app import __version__
from station_app.ui.app_context import AppContext
from station_app.ui.i18n import tr
from station_app.ui.import_dialog import ImportDialog
from station_app.ui.ledger_page import LedgerPage
from station_app.ui.report_page import ReportPage
from station_app.ui.resources import icon
from station_app.ui.settings_page import SettingsPage
from station_app.ui.sync_page import SyncPage


class MainWindow(QMainWindow):
    def __init__(self, app: AppContext) -> None:
        super().__init__()
        self.app = app
        self.setObjectName("mainWindow")
        self.setWindowTitle(tr("{0} · 公共法律服务台账").format(app.station.name))
        self.setWindowIcon(icon("app"))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(168)
        self.stack = QStackedWidget()
        self.ledger_pages: dict[str, LedgerPage] = {}
        for service in app.services.ledgers():
            page = LedgerPage(app, service)
            self.ledger_pages[service.spec.entity] = page
            self._add_page(service.spec.label, service.spec.entity, page)
        self.report_page = ReportPage(app)
        self._add_page(tr("统计报表"), "reports", self.report_page)
        self.sync_page = SyncPage(app)
        self._add_page(tr("同步"), "sync", self.sync_page)
        self.settings_page = SettingsPage(app)
        self._add_page(tr("设置"), "settings", self.settings_page)
        self.nav.currentRowChanged.connect(self._switch)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.station_label = QLabel()
        self.user_label = QLabel()
        self.unsent_label = QLabel()
        self.unsent_label.setObjectName("unsentLabel")
        bar = self.statusBar()
        bar.addWidget(self.station_label)
        bar.addWidget(self.user_label)
        bar.addPermanentWidget(self.unsent_label)
        bar.addPermanentWidget(QLabel(tr("版本 {0}").format(__version__)))
        self._build_menu()
        self.nav.setCurrentRow(0)  # queues the first ledger's query before the status counts
        self._fill_status()
        app.runner.changed.connect(lambda _entity: self.refresh_unsent())
        self.resize(1280, 720)

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(tr("文件(&F)"))
        self.import_action = QAction(tr("导入台账…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.open_import)
        menu.addAction(self.import_action)
        menu.addSeparator()
        quit_action = QAction(tr("退出"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)

    def open_import(self) -> ImportDialog:
        dialog = ImportDialog(self.app, self)
        dialog.open()
        return dialog

    def _add_page(self, text: str, icon_name: str, page: QWidget) -> None:
        item = QListWidgetItem(icon(icon_name), text)
        item.setSizeHint(QSize(150, 38))
        self.nav.addItem(item)
        self.stack.addWidget(page)

    def _switch(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        if isinstance(page, LedgerPage) and page.model.rowCount() == 0:
            page.refresh()

    def show_page(self, entity: str) -> QWidget:
        for row in range(self.stack.count()):
            page = self.stack.widget(row)
            if page is not None and page.objectName() == f"page_{entity}":
                self.nav.setCurrentRow(row)
                return page
        raise KeyError(entity)

    def _fill_status(self) -> None:
        station = self.app.station
        self.station_label.setText(f"{station.name}（{station.county}）")
        user = self.app.user
        if user is None:
            self.user_label.setText(tr("当前用户：未设置"))
        else:
            village = station.village_name(user.village_id) if user.village_id is not None else ""
            role = user.role.label + (f" · {village}" if village else "")
            self.user_label.setText(tr("当前用户：{0}（{1}）").format(user.display_name, role))
        self.refresh_unsent()

    def refresh_unsent(self) -> None:
        services = self.app.services
        self.app.runner.submit(
            lambda _p, _c: services.stats.unsent_count(),
            lambda n: self.unsent_label.setText(tr("待上传县中心：{0} 条").format(n)),
            label="unsent count",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.app.runner.wait()
        super().closeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(1280, 720)
