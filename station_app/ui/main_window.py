"""The main window: a navigation list of the ledgers and tools, and a status bar.

It is shown before the store is opened (only Qt is imported by then), with an "opening" pane;
``attach`` then fills in the pages. A clerk sees the window at once, even on a slow disk.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore
from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr
from station_app.ui.resources import icon

if TYPE_CHECKING:
    from station_app.domain.access import Principal, Right
    from station_app.ui.accounts_page import AccountsPage
    from station_app.ui.app_context import AppContext
    from station_app.ui.audit_page import AuditPage
    from station_app.ui.home_page import HomePage
    from station_app.ui.import_dialog import ImportDialog
    from station_app.ui.ledger_page import LedgerPage
    from station_app.ui.report_page import ReportPage
    from station_app.ui.session_guard import SessionGuard
    from station_app.ui.settings_page import SettingsPage
    from station_app.ui.sync_page import SyncPage

#: The navigation, in order: the five ledgers (as ``storage.ledger_specs.LEDGERS``; a test
#: keeps the two in step), then the tools. Known before the store is open.
NAV_ITEMS: tuple[tuple[str, str], ...] = (
    ("consultation", QT_TRANSLATE_NOOP("", "法律咨询")),
    ("mediation_case", QT_TRANSLATE_NOOP("", "人民调解")),
    ("duty_log", QT_TRANSLATE_NOOP("", "律师值班")),
    ("publicity_event", QT_TRANSLATE_NOOP("", "法治宣传")),
    ("legal_aid_review", QT_TRANSLATE_NOOP("", "法律援助初审")),
    ("reports", QT_TRANSLATE_NOOP("", "统计报表")),
    ("sync", QT_TRANSLATE_NOOP("", "同步")),
    ("settings", QT_TRANSLATE_NOOP("", "设置")),
    ("accounts", QT_TRANSLATE_NOOP("", "账户")),
    ("audit", QT_TRANSLATE_NOOP("", "审计日志")),
)


def tool_rights() -> dict[str, Right]:
    """The right each tool page needs (the ledgers follow ``Principal.uses_ledger``); the
    domain's access rules are imported once the store is open, not before the first paint."""
    from station_app.domain.access import Right

    return {
        "reports": Right.REPORT,
        "sync": Right.SYNC,
        "settings": Right.SETTINGS,
        "accounts": Right.MANAGE_ACCOUNTS,
        "audit": Right.VIEW_AUDIT,
    }


def shown_to(principal: Principal, key: str) -> bool:
    right = tool_rights().get(key)
    return principal.uses_ledger(key) if right is None else principal.has(right)


def _opening_pane() -> QWidget:
    """Centred by stretches, not alignment flags: QtCore's ``Qt`` namespace (every enum of
    Qt, ~35 ms to load) is not needed before the first paint."""
    pane = QWidget()
    pane.setObjectName("openingPane")
    layout = QVBoxLayout(pane)
    layout.addStretch(1)
    message = QLabel(tr("正在打开本机台账…"))
    message.setObjectName("placeholder")
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setFixedWidth(320)
    for widget in (message, bar):
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
    layout.addStretch(2)
    return pane


class MainWindow(QMainWindow):
    app: AppContext
    home_page: HomePage
    ledger_pages: dict[str, LedgerPage]
    report_page: ReportPage
    sync_page: SyncPage
    settings_page: SettingsPage
    accounts_page: AccountsPage
    audit_page: AuditPage
    session: SessionGuard

    def __init__(self, app: AppContext | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(tr("公共法律服务台账"))
        self.setWindowIcon(icon("app"))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(168)
        for entity, label in NAV_ITEMS:
            item = QListWidgetItem(icon(entity), tr(label))
            item.setSizeHint(QSize(150, 38))
            self.nav.addItem(item)
        self.nav.setEnabled(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(_opening_pane())

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
        self.unsent_label.setToolTip(
            tr("本机录入或修改、尚未送到县中心的台账记录（同步页另列本站设置的变更）")
        )
        bar = self.statusBar()
        bar.addWidget(self.station_label)
        bar.addWidget(self.user_label)
        self.todo_label = QLabel()
        self.todo_label.setObjectName("todoLabel")
        bar.addPermanentWidget(self.todo_label)
        bar.addPermanentWidget(self.unsent_label)
        self.version_label = QLabel()  # filled in by attach, after the first paint
        bar.addPermanentWidget(self.version_label)
        self.nav.currentRowChanged.connect(self._switch)
        self.resize(1280, 720)
        if app is not None:
            self.attach(app)

    def attach(self, app: AppContext) -> None:
        """The store is open and someone signed in: build the pages that account may use, in
        the order of the navigation."""
        from station_app.ui.session_guard import SessionGuard

        before: AppContext | None = getattr(self, "app", None)
        self.app = app
        self._build_pages()
        self.nav.setEnabled(True)
        if before is None:
            from station_app import __version__

            self.version_label.setText(tr("版本 {0}").format(__version__))
            self._build_menu()
        if before is None or before.runner is not app.runner:
            app.runner.changed.connect(lambda _entity: self.refresh_unsent())
        if before is None or before.services is not app.services:  # a restored store
            self.session = SessionGuard(self, app.services, lambda: self.app.station.name)
            self.session.closing.connect(self.close)
            self.session.account_changed.connect(self.reload)
        from station_app.domain.access import Right

        self.import_action.setEnabled(app.may(Right.IMPORT))
        self.import_action.setVisible(app.may(Right.IMPORT))
        self.nav.setCurrentRow(0)  # 工作台, the first page after sign-in
        if self.ledger_pages:  # the first ledger's rows (a quick read) are ready behind it
            next(iter(self.ledger_pages.values())).refresh()
        self.home_page.refresh()
        self._fill_status()
        self._focus_first_page()
        self._prepare_pages_after_first_screen()

    def _prepare_pages_after_first_screen(self) -> None:
        """Once the 工作台 and the first ledger's first rows are shown (or both lanes are
        idle, should either read fail): lay out and paint each ledger page off screen, so
        the clerk's first click on a ledger only swaps it in. Its first show would otherwise
        style, lay out and paint it then: ~40 ms for the first ledger's rows (read behind
        the 工作台 at start-up), 5-10 ms for an empty one. All at once, ~60-80 ms at 200,000
        records, in one turn of the event loop, while the store lane reads the rest of the
        first ledger's ids: done before the clerk can reach a ledger."""
        pages = list(self.ledger_pages.values())
        if not pages:
            return
        runner, home, first = self.app.runner, self.home_page, pages[0]
        waiting = {"home", "first rows"}

        def prepare() -> None:
            for page in pages:
                if page in self.ledger_pages.values():  # not replaced by another sign-in
                    page.prepare(self.stack.size())

        def arrived(what: str) -> None:
            if not waiting:  # prepared already (a signal queued before the disconnect)
                return
            waiting.discard(what)
            if waiting and what != "idle":
                return
            for signal, slot in connections:
                with contextlib.suppress(RuntimeError):  # a page already gone
                    signal.disconnect(slot)
            waiting.clear()
            QTimer.singleShot(0, self, prepare)

        def on_home(_count: int) -> None:
            arrived("home")

        def on_rows(_rows: int) -> None:
            arrived("first rows")

        def on_idle(busy: bool) -> None:
            if not busy:
                arrived("idle")

        connections = [
            (home.counted, on_home),
            (first.first_rows_shown, on_rows),
            (runner.busy_changed, on_idle),
        ]
        for signal, slot in connections:
            signal.connect(slot)

    def detach(self) -> None:
        """The store under the window was found damaged after sign-in: off it before it is
        closed. No lock screen; the lanes' queued work is dropped and what runs finishes
        (writes are refused by then); the pages go, the "opening" pane is back until the
        restored store is signed in to (``attach``)."""
        from station_app.ui.operations import Lane

        self.session.stop()
        for lane in Lane:
            self.app.runner.cancel_all(lane)
        self.app.runner.wait(lane=Lane.STORE)
        self.nav.setEnabled(False)
        while (old := self.stack.widget(0)) is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.ledger_pages = {}
        self.stack.addWidget(_opening_pane())

    def _focus_first_page(self) -> None:
        """The cursor where the keyboard acts: the 工作台's list (Enter opens a line, Ctrl+N a
        new record of the first ledger) or a ledger's table (Ctrl+N, Ctrl+F, Enter)."""
        from station_app.ui.ledger_page import LedgerPage

        page = self.stack.currentWidget()
        if isinstance(page, LedgerPage):
            page.table.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
        elif page is self.home_page:
            self.home_page.tree.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)

    def new_record_from_home(self) -> None:
        """Ctrl+N on the 工作台: the first ledger this account keeps (法律咨询 for most), as if
        the clerk had gone to it and pressed Ctrl+N there."""
        from station_app.ui.ledger_page import LedgerPage

        for key, page in self.ledger_pages.items():
            if page.new_button.isEnabled():
                shown = self.show_page(key)
                if isinstance(shown, LedgerPage):
                    shown.new_record()
                return

    def reload(self) -> None:
        """Another account signed in: the pages again, for its rights and its village."""
        from station_app.ui.app_context import AppContext
        from station_app.ui.operations import Lane

        # The old account's sync ends with its session; the store lane finishes its work.
        self.app.runner.cancel_all(Lane.NETWORK)
        self.app.runner.wait(lane=Lane.STORE)
        self.attach(AppContext.load(self.app.services, self.app.runner))

    def _build_pages(self) -> None:
        from station_app.ui.accounts_page import AccountsPage
        from station_app.ui.audit_page import AuditPage
        from station_app.ui.home_page import HomePage
        from station_app.ui.ledger_page import LedgerPage
        from station_app.ui.report_page import ReportPage
        from station_app.ui.settings_page import SettingsPage
        from station_app.ui.sync_page import SyncPage

        app, principal = self.app, self.app.principal
        self.nav.blockSignals(True)
        self.nav.clear()
        while (old := self.stack.widget(0)) is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.ledger_pages = {}
        services = {s.spec.entity: s for s in app.services.ledgers()}
        tools: dict[str, tuple[str, Callable[[AppContext], QWidget]]] = {
            "reports": ("report_page", ReportPage),
            "sync": ("sync_page", SyncPage),
            "settings": ("settings_page", SettingsPage),
            "accounts": ("accounts_page", AccountsPage),
            "audit": ("audit_page", AuditPage),
        }
        self.home_page = HomePage(app)
        self.home_page.counted.connect(self.show_todo_count)
        self.home_page.page_requested.connect(self._show_requested)
        self.home_page.new_requested.connect(self.new_record_from_home)
        self.stack.addWidget(self.home_page)
        home = QListWidgetItem(icon("home"), tr("工作台"))
        home.setData(QtCore.Qt.ItemDataRole.UserRole, "home")
        home.setSizeHint(QSize(150, 38))
        self.nav.addItem(home)
        for key, label in NAV_ITEMS:
            if not shown_to(principal, key):
                continue
            page: QWidget
            if key in services:
                page = self.ledger_pages[key] = LedgerPage(app, services[key])
            else:
                attribute, kind = tools[key]
                page = kind(app)
                setattr(self, attribute, page)
            self.stack.addWidget(page)
            item = QListWidgetItem(icon(key), tr(label))
            item.setData(QtCore.Qt.ItemDataRole.UserRole, key)
            item.setSizeHint(QSize(150, 38))
            self.nav.addItem(item)
        self.nav.blockSignals(False)

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu(tr("文件(&F)"))
        self.import_action = QAction(tr("导入台账…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.open_import)
        menu.addAction(self.import_action)
        menu.addSeparator()
        self.password_action = QAction(tr("修改密码…"), self)
        self.password_action.triggered.connect(self.change_password)
        menu.addAction(self.password_action)
        self.switch_action = QAction(tr("退出登录/切换用户"), self)
        self.switch_action.setShortcut(QKeySequence("Ctrl+L"))
        self.switch_action.triggered.connect(lambda: self.session.switch_user())
        menu.addAction(self.switch_action)
        menu.addSeparator()
        quit_action = QAction(tr("退出"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        menu.addAction(quit_action)

    def change_password(self) -> QDialog:
        from station_app.ui.session_flow import change_password_dialog

        dialog = change_password_dialog(self.app.services.accounts, self)
        dialog.open()
        return dialog

    def open_import(self) -> ImportDialog:
        from station_app.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self.app, self)
        dialog.open()
        return dialog

    def _switch(self, row: int) -> None:
        from station_app.ui.ledger_page import LedgerPage

        if row < 0:
            return
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

    def _show_requested(self, key: str) -> None:
        """A 工作台 line asks for a page this account may not have: nothing to show."""
        with contextlib.suppress(KeyError):
            self.show_page(key)

    def show_todo_count(self, count: int) -> None:
        """The work queue's count, in the navigation and the status bar."""
        home = self.nav.item(0)
        if home is not None and home.data(QtCore.Qt.ItemDataRole.UserRole) == "home":
            home.setText(tr("工作台（{0}）").format(count) if count else tr("工作台"))
        self.todo_label.setText(tr("待办：{0} 项").format(count))

    def _fill_status(self) -> None:
        station = self.app.station
        self.station_label.setText(f"{station.name}（{station.county}）")
        user = self.app.principal
        village = station.village_name(user.village_id) if user.village_id is not None else ""
        role = (user.role.label if user.role else "") + (f" · {village}" if village else "")
        self.user_label.setText(tr("当前用户：{0}（{1}）").format(user.display_name, role))
        # Qt adds the application's name (公共法律服务台账) after the title itself.
        self.setWindowTitle(tr("{0} — {1}").format(station.name, user.display_name))
        self.refresh_unsent()

    def refresh_unsent(self) -> None:
        """The status bar's 待上传 count, on the network lane with the sync it is about: on a
        store never synced it counts every record (2 s at 200,000 on a busy machine), and
        the clerk's first search must not queue behind it on the store lane."""
        from station_app.ui.operations import Lane

        services = self.app.services
        self.app.runner.submit(
            lambda _p, _c: services.stats.unsent_count(ledger_records_only=True),
            lambda n: self.unsent_label.setText(tr("待上传县中心：{0} 条").format(n)),
            label="unsent count",
            lane=Lane.NETWORK,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if hasattr(self, "app"):
            from station_app.ui.operations import Lane

            self.session.stop()
            # Writes finish; a sync stuck on a dead line is abandoned (each of its steps
            # is its own transaction, so nothing is left half-applied).
            self.app.runner.cancel_all(Lane.NETWORK)
            self.app.runner.wait(lane=Lane.STORE)
        super().closeEvent(event)
