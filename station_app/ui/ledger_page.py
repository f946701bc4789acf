"""One ledger on screen: filters, a search box, the table, and the record actions.

Queries, saves, 作废 and 确认 all run on the runner's store lane; the window never waits."""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.access import Right
from station_app.domain.ledger_query import STATION, LedgerQuery
from station_app.domain.organisation import STATION_ITSELF
from station_app.services.ledger_service import LedgerService
from station_app.ui.app_context import AppContext
from station_app.ui.confirm_dialog import ConfirmDialog
from station_app.ui.forms.editors import DateEditor
from station_app.ui.forms.ledger_forms import FORMS
from station_app.ui.forms.record_dialog import RecordDialog
from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr
from station_app.ui.ledger_columns import COLUMNS, CONTENT, WIDTHS
from station_app.ui.ledger_table_model import LedgerTableModel
from station_app.ui.operations import Ticket
from station_app.ui.void_dialog import VoidDialog
from station_app.ui.window_text import window_failure

#: Searches that take longer than this show a progress bar with a cancel button.
BUSY_AFTER_MS = 200
SEARCH_DEBOUNCE_MS = 300
#: The rest of the ids are read once the first screenful is painted, or after this at most.
PAINT_WAIT_S = 0.5
#: Ids fetched before anything else: a few screens' worth.
FIRST_ROWS = 300
#: Records read with them at most: more than a screenful at 1080 px (28 px a row). Fewer in a
#: smaller window: as many rows as its height holds (``first_screen``).
FIRST_SCREEN = 60
ROW_HEIGHT = 28
ALL = QT_TRANSLATE_NOOP("", "全部")


class LedgerPage(QWidget):
    #: Emitted with the number of rows after every query (tests and the status bar listen).
    loaded = Signal(int)
    #: The count and the first screenful are on screen (the rest of the ids may follow).
    first_rows_shown = Signal(int)

    def __init__(
        self, app: AppContext, service: LedgerService[Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.app, self.service = app, service
        self.spec = service.spec
        self.form_spec = FORMS[self.spec.entity]
        self.setObjectName(f"page_{self.spec.entity}")
        self._ticket: Ticket | None = None
        self._sort: tuple[str | None, bool] = (None, True)
        self._keep_selection: int | None = None
        self._painted: list[threading.Event] = []
        #: The page has had a size of its own (``first_screen`` measures the table then).
        self._laid_out = False

        title = QLabel(
            self.spec.label + (tr("台账") if not self.spec.label.endswith(tr("台账")) else "")
        )
        title.setObjectName("pageTitle")
        self.new_button = QPushButton(tr("新建"))
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip(tr("新建记录 (Ctrl+N)"))
        self.edit_button = QPushButton(tr("打开"))
        self.edit_button.setToolTip(tr("查看或编辑选中的记录 (Enter)"))
        self.void_button = QPushButton(tr("作废"))
        self.confirm_button = QPushButton(tr("确认"))
        self.confirm_button.setToolTip(tr("综治专干签字确认：确认后锁定"))
        # The services refuse what an account may not do; the page does not offer it.
        self.confirm_button.setVisible(
            self.spec.entity == "duty_log" and app.may(Right.CONFIRM_DUTY)
        )
        actions = QHBoxLayout()
        actions.addWidget(title)
        actions.addStretch(1)
        for b in (self.new_button, self.edit_button, self.confirm_button, self.void_button):
            actions.addWidget(b)

        today = app.services.ctx.clock.today()
        self.date_from = DateEditor(optional=True, today=today)
        self.date_to = DateEditor(optional=True, today=today)
        self.village = QComboBox()
        self.kind = QComboBox()
        self.kind.addItem(tr(ALL), None)
        for value in self.spec.kind_values:
            self.kind.addItem(value, value)
        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(tr("搜索姓名、内容、案号…（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.reset_button = QPushButton(tr("清除筛选"))
        filters = QHBoxLayout()
        for text, w in (
            (tr("日期"), self.date_from),
            (tr("至"), self.date_to),
            (tr("村(居)"), self.village),
            (self.spec.kind_label, self.kind),
        ):
            filters.addWidget(QLabel(text))
            filters.addWidget(w)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.reset_button)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(False)
        self.cancel_button = QPushButton(tr("取消"))
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        status = QHBoxLayout()
        status.addWidget(self.count_label)
        status.addStretch(1)
        status.addWidget(self.busy)
        status.addWidget(self.cancel_button)
        self.busy.hide()
        self.cancel_button.hide()

        self.model = LedgerTableModel(
            service, COLUMNS[self.spec.entity], app.station, app.dispute_names, self
        )
        self.table = QTableView()
        self.table.setObjectName("ledgerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Tab and Shift+Tab leave the table for the filters and buttons; arrows move in it.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self._size_columns()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(status)

        self._debounce = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh)
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_AFTER_MS)
        self._busy_timer.timeout.connect(self._show_busy)

        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.refresh)
        for combo in (self.village, self.kind):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(lambda _d: self._debounce.start())
        self.reset_button.clicked.connect(self.reset_filters)
        self.cancel_button.clicked.connect(self.cancel_query)
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.open_selected)
        self.void_button.clicked.connect(self.void_selected)
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.model.sort_requested.connect(self._sort_by)
        app.runner.changed.connect(self._on_changed)
        for keys, slot in (
            (QKeySequence.StandardKey.New, self.new_record),
            (QKeySequence.StandardKey.Find, self.search.setFocus),
        ):
            action = QAction(self)
            action.setShortcut(keys)
            # Anywhere in the window while this page is the one shown (hidden pages' actions
            # are inactive), the navigation list included.
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self.table.installEventFilter(self)
        self._viewport = self.table.viewport()
        self._viewport.installEventFilter(self)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_actions())
        self.model.modelReset.connect(self.update_actions)
        self.fill_villages()
        self.update_actions()

    # -- filters and the query ----------------------------------------------------------------

    def fill_villages(self) -> None:
        self.village.blockSignals(True)
        self.village.clear()
        scope = self.app.principal.village_scope()  # a village officer: their village only
        if scope is None:
            self.village.addItem(tr(ALL), "all")
        for v in self.app.station.villages:
            if scope is None or v.id in scope:
                self.village.addItem(v.name, v.id)
        if scope is None:
            self.village.addItem(STATION_ITSELF, "station")
        self.village.blockSignals(False)

    def query(self) -> LedgerQuery:
        chosen = self.village.currentData()
        villages: frozenset[int | None] | None = None
        if chosen == "station":
            villages = frozenset({STATION})
        elif isinstance(chosen, int):
            villages = frozenset({chosen})
        sort, descending = self._sort
        return LedgerQuery(
            date_from=self.date_from.value(),
            date_to=self.date_to.value(),
            villages=villages,
            kind=self.kind.currentData(),
            text=self.search.text().strip() or None,
            sort=sort,
            descending=descending,
        )

    def reset_filters(self) -> None:
        for w in (self.date_from, self.date_to, self.village, self.kind, self.search):
            w.blockSignals(True)
        self.date_from.set_value(None)
        self.date_to.set_value(None)
        self.village.setCurrentIndex(0)
        self.kind.setCurrentIndex(0)
        self.search.clear()
        for w in (self.date_from, self.date_to, self.village, self.kind, self.search):
            w.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Re-run the query off the GUI thread; a newer query supersedes an older one."""
        self._debounce.stop()
        if self._ticket is not None:
            self._ticket.cancel()
            self._wake_waiting()
        query = self.query()
        service = self.service
        screen = self.first_screen()

        def first_rows(_progress: Any, _cancelled: Any) -> tuple[list[int], list[Any]]:
            ids = service.ids(query, limit=FIRST_ROWS + 1)
            return ids, service.get_many(ids[:screen])

        # Two steps: the count and a first screenful show at once (its records read here,
        # off the GUI thread), then the full id list (90,000 ids take a tenth of a second)
        # arrives behind it.
        self.model.hold_reads()
        self._ticket = self.app.runner.submit(
            first_rows,
            lambda first: self._show_first(query, *first),
            on_error=self._query_failed,
            label=f"first rows {self.spec.entity}",
        )
        self._busy_timer.start()

    def first_screen(self) -> int:
        """Rows the table can show at once, each read costing (with its sealed numbers; rows
        further down are read when scrolled to). Once the page has been laid out (prepared
        or shown): what the page area holds below and above the table, 21 rows at 768 px;
        before: no more than the window is tall (the table is shorter), 28 at 768 px."""
        rows = self.window().height() // ROW_HEIGHT + 1
        area = self.parentWidget()
        if self._laid_out and area is not None:
            around = self.height() - self.table.viewport().height()  # filters, header, …
            rows = min(rows, (area.height() - around) // ROW_HEIGHT + 1)
        return max(1, min(FIRST_SCREEN, rows))

    def cancel_query(self) -> None:
        if self._ticket is not None:
            self._ticket.cancel()
            self._wake_waiting()
            self._ticket = None
        self.model.hold_reads(False)
        self._hide_busy()
        self.count_label.setText(tr("已取消查询"))

    def _show_busy(self) -> None:
        if self._ticket is not None:
            self.busy.show()
            self.cancel_button.show()

    def _hide_busy(self) -> None:
        self._busy_timer.stop()
        self.busy.hide()
        self.cancel_button.hide()

    def _show_first(self, query: LedgerQuery, ids: list[int], records: list[Any]) -> None:
        # A new list shows from its first row, where its records were read (not wherever the
        # last one was scrolled to); a record kept selected is scrolled to with all the ids.
        if len(ids) <= FIRST_ROWS:  # that was all of them
            self.model.set_ids(ids, records)
            self.table.scrollToTop()
            self.first_rows_shown.emit(len(ids))
            self._show_ids(ids)
            return
        self.model.set_ids(ids[:FIRST_ROWS], records)
        self.table.scrollToTop()
        self.count_label.setText(tr("{0} 条以上，正在读取其余记录…").format(FIRST_ROWS))
        self.first_rows_shown.emit(FIRST_ROWS)
        service = self.service
        painted = self._after_paint()

        def the_rest(_progress: Any, cancelled: Any) -> list[int]:
            # After the first screenful is painted: not competing with it for the CPU.
            painted.wait(PAINT_WAIT_S)
            return [] if cancelled() else service.ids(query, cancelled=cancelled)

        self._ticket = self.app.runner.submit(
            the_rest,
            self._show_ids,
            on_error=self._query_failed,
            label=f"query {self.spec.entity}",
        )

    def _after_paint(self) -> threading.Event:
        """Set once the table has painted the rows just handed to it (at once if it is not
        on screen: no paint will come), or when the query is superseded."""
        painted = threading.Event()
        self._painted.append(painted)
        if not self.table.viewport().isVisible():
            self._wake_waiting()
        return painted

    def _wake_waiting(self) -> None:
        for painted in self._painted:
            painted.set()
        self._painted.clear()

    def _show_ids(self, ids: list[int]) -> None:
        self._ticket = None
        self._hide_busy()
        self.model.extend_ids(ids)
        self.count_label.setText(tr("共 {0} 条").format(len(ids)))
        keep = self._keep_selection
        self._keep_selection = None
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.select_row(row)
        self.loaded.emit(len(ids))

    def _query_failed(self, exc: BaseException) -> None:
        self._ticket = None
        self.model.hold_reads(False)
        self._hide_busy()
        self.count_label.setText(tr("查询失败：{0}").format(window_failure(exc)))

    def _sort_by(self, field: str, descending: bool) -> None:
        self._sort = (field, descending)
        self.refresh()

    def _on_changed(self, entity: str) -> None:
        if entity == self.spec.entity:
            if self._keep_selection is None:
                self._keep_selection = self.selected_id()
            self.refresh()
        elif entity == "organisation":
            self.model.set_station(self.app.station)
            self.fill_villages()

    # -- record actions -----------------------------------------------------------------------

    def update_actions(self) -> None:
        """Open, 作废 and 确认 only where they apply to the selected record and the account:
        a confirmed visit is voided by the head alone, and confirmed by the officer of the
        village visited (or the head)."""
        row = self.selected_row()
        record = self.model.record(row) if row is not None else None
        principal = self.app.principal
        self.edit_button.setEnabled(record is not None)
        may_void = record is not None and not record.meta.voided
        if record is not None and record.confirmation is not None:
            may_void = may_void and principal.has(Right.VOID_CONFIRMED)
        self.void_button.setEnabled(may_void)
        self.confirm_button.setEnabled(
            record is not None
            and not record.locked
            and principal.may_confirm(getattr(record.data, "village_id", None))
        )

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return self.model.record_id(row) if row is not None else None

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def new_record(self) -> RecordDialog:
        dialog = RecordDialog(
            self.form_spec,
            self.app.form_context(),
            self.service,
            None,
            self,
            runner=self.app.runner,
        )
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def open_selected(self) -> RecordDialog | None:
        row = self.selected_row()
        return self.open_row(row) if row is not None else None

    def open_row(self, row: int) -> RecordDialog | None:
        record = self.model.record(row)
        if record is None:
            return None
        dialog = RecordDialog(
            self.form_spec,
            self.app.form_context(),
            self.service,
            record,
            self,
            runner=self.app.runner,
        )
        dialog.saved.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self, stored: Any) -> None:
        self._keep_selection = stored.id
        self.app.remember(stored.data)
        self.app.runner.changed.emit(self.spec.entity)

    def void_selected(self) -> VoidDialog | None:
        record_id = self.selected_id()
        if record_id is None:
            return None
        dialog = VoidDialog(self.spec.label + tr("记录"), self)

        service = self.service

        def refused(exc: BaseException) -> None:
            QMessageBox.warning(self, tr("无法作废"), window_failure(exc))

        def void() -> None:
            reason = dialog.value()
            self.app.runner.submit(
                lambda _p, _c: service.void(record_id, reason),
                lambda _r: self.app.runner.changed.emit(self.spec.entity),
                on_error=refused,
                label=f"void {self.spec.entity}",
            )

        dialog.accepted.connect(void)
        dialog.open()
        return dialog

    def confirm_selected(self) -> ConfirmDialog | None:
        record_id = self.selected_id()
        if record_id is None or self.spec.entity != "duty_log":
            return None
        dialog = ConfirmDialog(self.today(), self.app.principal.display_name, self)

        duty_logs = self.app.services.duty_logs
        in_flight: list[Ticket] = []

        def confirmed(_result: object) -> None:
            in_flight.clear()
            dialog.accept()
            self._keep_selection = record_id
            self.app.runner.changed.emit(self.spec.entity)

        def refused(exc: BaseException) -> None:
            in_flight.clear()
            dialog.show_error(window_failure(exc))

        def confirm() -> bool:
            """On the store lane; the dialog stays open until it answers (once)."""
            if not in_flight:
                name, day = dialog.name.text(), dialog.day.value()
                in_flight.append(
                    self.app.runner.submit(
                        lambda _p, _c: duty_logs.confirm(record_id, name, day),
                        confirmed,
                        on_error=refused,
                        label="confirm duty log",
                    )
                )
            return False

        dialog.attempt = confirm
        dialog.open()
        return dialog

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self._viewport and event.type() == QEvent.Type.Paint and self._painted:
            QTimer.singleShot(0, self, self._wake_waiting)  # once this paint is done
            return False
        if (
            watched is self.table
            and event.type() == event.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_selected()
            return True
        return super().eventFilter(watched, event)

    def _size_columns(self) -> None:
        """Short columns (dates, names, choices, numbers) as wide as what they hold; free
        text (咨询内容, 主题, …) shares the rest of the table's width."""
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        em = self.table.fontMetrics().horizontalAdvance(chr(0x4E2D))  # 中: one CJK character
        head = header.fontMetrics()
        for i, col in enumerate(COLUMNS[self.spec.entity]):
            if col.kind == CONTENT:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
                continue
            title = head.horizontalAdvance(tr(col.header)) + 34  # padding and the sort arrow
            self.table.setColumnWidth(i, max(title, int(WIDTHS[col.kind] * em) + 16))

    def prepare(self, size: QSize) -> None:
        """A hidden page laid out and painted once off screen at ``size`` (the window's page
        area), with the rows it holds: showing it later only swaps it in. Nothing is read
        for it, on the GUI thread or off it."""
        if self.isVisible():
            return
        self.resize(size)
        with self.model.cached_only():
            self.grab()
        self._laid_out = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._laid_out = True

    def today(self) -> date:
        return self.app.services.ctx.clock.today()
