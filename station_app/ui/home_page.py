"""工作台: the first page after sign-in — what is due for whoever is signed in, and this quarter's
progress per village.

The queue comes from ``services.work_queue`` on the store lane (the same items `station todo`
prints), grouped by kind with the overdue kinds first; a line opens its record (or the report
or sync page), and a visit can be confirmed from its line through the duty-log service. The
progress panel shows the `达标情况` sheet's own figures for today. The page refreshes itself
after every save, import and sync (the runner's "changed" notice) and says how many items
there are (``counted``), for the navigation and the status bar.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.access import Right
from station_app.domain.choices import UnitKind
from station_app.domain.duty_compliance import MET, NOT_MET, PeriodHours
from station_app.domain.quarter import Quarter
from station_app.domain.work_queue import REPORTS, SYNC, ItemKind, VillageProgress, WorkItem
from station_app.services.work_queue_service import LINES_PER_KIND, WorkQueue
from station_app.ui.app_context import AppContext
from station_app.ui.confirm_dialog import ConfirmDialog
from station_app.ui.forms.ledger_forms import FORMS
from station_app.ui.forms.record_dialog import RecordDialog
from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr
from station_app.ui.operations import Ticket
from station_app.ui.window_text import window_failure

WEEKDAYS = (
    QT_TRANSLATE_NOOP("", "星期一"),
    QT_TRANSLATE_NOOP("", "星期二"),
    QT_TRANSLATE_NOOP("", "星期三"),
    QT_TRANSLATE_NOOP("", "星期四"),
    QT_TRANSLATE_NOOP("", "星期五"),
    QT_TRANSLATE_NOOP("", "星期六"),
    QT_TRANSLATE_NOOP("", "星期日"),
)
OVERDUE_COLOUR = QColor("#b3261e")
UPCOMING_COLOUR = QColor("#8a5a00")
MET_COLOUR = QColor("#1f7a3d")
MUTED_COLOUR = QColor("#6b7480")
#: Villages the progress panel shows before it scrolls.
PROGRESS_ROWS = 8
#: A line's item in the queue tree (its position in the queue's items).
ITEM_ROLE = Qt.ItemDataRole.UserRole


class HomePage(QWidget):
    #: The queue was refreshed: how many items the signed-in account has.
    counted = Signal(int)
    #: A line asks for a page (reports, sync, or a ledger): the window shows it.
    page_requested = Signal(str)
    #: Ctrl+N while the 工作台 is shown: a new record of the first ledger (the window decides).
    new_requested = Signal()
    #: A line's record is open in its form (tests and screenshots listen).
    opened = Signal(object)

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setObjectName("page_home")
        self.queue: WorkQueue | None = None
        self._ticket: Ticket | None = None

        title = QLabel(tr("工作台"))
        title.setObjectName("pageTitle")
        self.day_label = QLabel()
        self.day_label.setObjectName("countLabel")
        self.open_button = QPushButton(tr("打开"))
        self.open_button.setToolTip(tr("打开选中的待办事项 (Enter)"))
        self.confirm_button = QPushButton(tr("确认值班"))
        self.confirm_button.setToolTip(tr("综治专干签字确认选中的值班：确认后锁定"))
        self.refresh_button = QPushButton(tr("刷新"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.day_label)
        top.addStretch(1)
        for button in (self.open_button, self.confirm_button, self.refresh_button):
            top.addWidget(button)

        self.summary = QLabel()
        self.summary.setObjectName("queueSummary")
        self.tree = QTreeWidget()
        self.tree.setObjectName("workQueue")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([tr("日期"), tr("村(居)"), tr("事项")])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(14)
        self.tree.setStyleSheet("QTreeView::item { padding: 3px 0px; }")
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.resizeSection(0, 150)
        header.resizeSection(1, 96)
        new_action = QAction(self)
        new_action.setShortcut(QKeySequence.StandardKey.New)
        # Anywhere in the window while the 工作台 is shown, as on a ledger page.
        new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        new_action.triggered.connect(self.new_requested.emit)
        self.addAction(new_action)
        self.tree.setToolTip(tr("回车打开所选事项；Ctrl+N 新建记录"))
        queue_box = QWidget()
        queue_layout = QVBoxLayout(queue_box)
        queue_layout.setContentsMargins(0, 0, 0, 0)
        queue_layout.addWidget(self.summary)
        queue_layout.addWidget(self.tree, 1)

        self.progress_title = QLabel()
        self.progress_title.setObjectName("progressTitle")
        self.progress_note = QLabel(
            tr(
                "只计已确认的值班。月、周结束后才评判达标与否；进行中的月、周显示目前已确认的小时数。"
                "与统计报表的“达标情况”为同一算法。"
            )
        )
        self.progress_note.setObjectName("countLabel")
        self.progress_note.setWordWrap(True)
        self.progress = QTableWidget()
        self.progress.setObjectName("progressTable")
        self.progress.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.progress.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.progress.verticalHeader().hide()
        self.progress.setWordWrap(False)
        progress_box = QWidget()
        progress_layout = QVBoxLayout(progress_box)
        progress_layout.setContentsMargins(0, 4, 0, 0)
        progress_layout.addWidget(self.progress_title)
        progress_layout.addWidget(self.progress, 1)
        progress_layout.addWidget(self.progress_note)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(queue_box, 1)  # the queue takes what the progress panel leaves
        layout.addWidget(progress_box)

        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.open_selected)
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.tree.itemActivated.connect(lambda item, _col: self.open_item(item))
        self.tree.itemSelectionChanged.connect(self.update_actions)
        app.runner.changed.connect(self._on_changed)
        self.update_actions()

    # -- the queue ------------------------------------------------------------------------------

    def today(self) -> date:
        return self.app.services.ctx.clock.today()

    def refresh(self) -> None:
        """Recompute the queue on the store lane; a newer request supersedes an older one."""
        if self._ticket is not None:
            self._ticket.cancel()
        service, day = self.app.services.work_queue, self.today()
        self._ticket = self.app.runner.submit(
            lambda _p, _c: service.queue(day, lines_per_kind=LINES_PER_KIND),
            self._show,
            on_error=self._failed,
            label="work queue",
        )

    def _on_changed(self, _entity: str) -> None:
        """A save, void, confirm, import or sync: the queue may have changed."""
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self._ticket = None
        self.summary.setText(tr("待办读取失败：{0}").format(window_failure(exc)))

    def _show(self, queue: WorkQueue) -> None:
        self._ticket = None
        self.queue = queue
        day = queue.today
        self.day_label.setText(
            tr("{0}年{1}月{2}日 {3}").format(
                day.year, day.month, day.day, tr(WEEKDAYS[day.weekday()])
            )
        )
        self._fill_tree(queue)
        overdue = sum(n for kind, n in queue.counts.items() if kind.overdue)
        self.summary.setText(
            tr("待办 {0} 项，其中已超期 {1} 项").format(queue.count, overdue)
            if queue.items
            else tr("今天没有待办事项。")
        )
        self._fill_progress(Quarter.of(day), queue.progress)
        self.update_actions()
        self.counted.emit(queue.count)

    def _fill_tree(self, queue: WorkQueue) -> None:
        items = queue.items
        self.tree.clear()
        groups: dict[ItemKind, QTreeWidgetItem] = {}
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for index, item in enumerate(items):
            group = groups.get(item.kind)
            if group is None:
                group = groups[item.kind] = QTreeWidgetItem(self.tree)
                group.setFirstColumnSpanned(True)
                group.setFont(0, bold)
                colour = OVERDUE_COLOUR if item.kind.overdue else UPCOMING_COLOUR
                group.setForeground(0, QBrush(colour))
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            line = QTreeWidgetItem(group, [item.date.isoformat(), item.village, item.text])
            line.setData(0, ITEM_ROLE, index)
            line.setToolTip(2, item.text)
        for kind, group in groups.items():
            group.setText(0, tr("{0}（{1}）").format(kind.label, queue.counts.get(kind, 0)))
            more = queue.more(kind)
            if more > 0:
                rest = QTreeWidgetItem(
                    group,
                    [
                        "",
                        "",
                        tr(
                            "…… 另有 {0} 项未列出（此处列出最早的 {1} 项；station todo 列出全部）"
                        ).format(more, group.childCount()),
                    ],
                )
                rest.setFlags(Qt.ItemFlag.ItemIsEnabled)
                rest.setForeground(2, QBrush(MUTED_COLOUR))
        self.tree.expandAll()

    def item_of(self, line: QTreeWidgetItem | None) -> WorkItem | None:
        if line is None or self.queue is None:
            return None
        index = line.data(0, ITEM_ROLE)
        return self.queue.items[index] if isinstance(index, int) else None

    def selected_item(self) -> WorkItem | None:
        lines = self.tree.selectedItems()
        return self.item_of(lines[0]) if lines else None

    def lines(self) -> list[QTreeWidgetItem]:
        """Every line of the queue, in the order shown (groups left out)."""
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is not None:
                children = (group.child(i) for i in range(group.childCount()))
                out += [c for c in children if c is not None and c.data(0, ITEM_ROLE) is not None]
        return out

    def select(self, line: QTreeWidgetItem) -> None:
        self.tree.setCurrentItem(line)

    def _may_confirm(self, item: WorkItem | None) -> bool:
        return (
            item is not None
            and item.kind is ItemKind.VISIT_UNCONFIRMED
            and self.app.principal.may_confirm(item.village_id)
        )

    def update_actions(self) -> None:
        item = self.selected_item()
        self.open_button.setEnabled(item is not None)
        self.confirm_button.setVisible(self.app.may(Right.CONFIRM_DUTY))
        self.confirm_button.setEnabled(self._may_confirm(item))

    # -- opening and confirming -----------------------------------------------------------------

    def open_selected(self) -> None:
        lines = self.tree.selectedItems()
        if lines:
            self.open_item(lines[0])

    def open_item(self, line: QTreeWidgetItem) -> None:
        item = self.item_of(line)
        if item is None:
            return
        if item.opens in (REPORTS, SYNC) or item.record_id is None:
            self.page_requested.emit(item.opens)
            return
        service = self.app.services.ledger(item.opens)
        record_id = item.record_id
        entity = item.opens

        def refused(exc: BaseException) -> None:
            QMessageBox.warning(self, tr("无法打开"), window_failure(exc))

        self.app.runner.submit(
            lambda _p, _c: service.get(record_id),
            lambda record: self.opened.emit(self._open_record(entity, record)),
            on_error=refused,
            label=f"open {entity}",
        )

    def _open_record(self, entity: str, record: Any) -> RecordDialog:
        dialog = RecordDialog(
            FORMS[entity],
            self.app.form_context(),
            self.app.services.ledger(entity),
            record,
            self,
            runner=self.app.runner,
        )
        dialog.saved.connect(lambda _stored: self.app.runner.changed.emit(entity))
        dialog.open()
        return dialog

    def confirm_selected(self) -> ConfirmDialog | None:
        """综治专干签字确认 of the selected visit (every entry of it), as on 律师值班."""
        item = self.selected_item()
        if item is None or not self._may_confirm(item):
            return None
        dialog = ConfirmDialog(self.today(), self.app.principal.display_name, self)
        duty_logs = self.app.services.duty_logs
        record_ids = item.record_ids
        in_flight: list[Ticket] = []

        def confirm_all(name: str, day: date | None) -> None:
            for record_id in record_ids:
                duty_logs.confirm(record_id, name, day)

        def confirmed(_result: object) -> None:
            in_flight.clear()
            dialog.accept()
            self.app.runner.changed.emit("duty_log")

        def refused(exc: BaseException) -> None:
            in_flight.clear()
            dialog.show_error(window_failure(exc))

        def attempt() -> bool:
            if not in_flight:
                name, day = dialog.name.text(), dialog.day.value()
                in_flight.append(
                    self.app.runner.submit(
                        lambda _p, _c: confirm_all(name, day),
                        confirmed,
                        on_error=refused,
                        label="confirm duty log",
                    )
                )
            return False

        dialog.attempt = attempt
        dialog.open()
        return dialog

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.tree.hasFocus():
            self.open_selected()
            return
        super().keyPressEvent(event)

    # -- this quarter's progress ----------------------------------------------------------------

    def _fill_progress(self, quarter: Quarter, progress: tuple[VillageProgress, ...]) -> None:
        self.progress_title.setText(tr("本季度进度（{0}）").format(quarter.label))
        months = progress[0].compliance.months if progress else ()
        headers = [
            tr("村(居)"),
            tr("类型"),
            tr("每月最低(小时)"),
            *(p.period.label for p in months),
            tr("每周（街道社区）"),
            tr("值班达标"),
            tr("法治宣传（本季度）"),
        ]
        table = self.progress
        table.clear()
        table.setColumnCount(len(headers))
        table.setRowCount(len(progress))
        table.setHorizontalHeaderLabels(headers)
        for row, village in enumerate(progress):
            c = village.compliance
            cells: list[QTableWidgetItem] = [
                QTableWidgetItem(c.village),
                QTableWidgetItem(tr("镇") if c.kind is UnitKind.TOWN else tr("街道")),
                QTableWidgetItem(f"{float(c.month_minimum):g}" if c.month_minimum else "—"),
                *(self._period_cell(p) for p in c.months),
                self._weeks_cell(c.weeks, c.week_minimum),
                self._verdict_cell(c.verdict),
                self._publicity_cell(village.publicity_events),
            ]
            for col, cell in enumerate(cells):
                if col > 0:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, col, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers) - 3, QHeaderView.ResizeMode.Stretch)
        # As tall as its rows (up to PROGRESS_ROWS; a big station scrolls): the queue below
        # the fold matters more than empty rows.
        table.resizeRowsToContents()
        shown = min(len(progress), PROGRESS_ROWS) or 1
        row_height = table.rowHeight(0) if progress else table.verticalHeader().defaultSectionSize()
        frame = 2 * table.frameWidth()
        table.setFixedHeight(header.sizeHint().height() + shown * row_height + frame + 4)

    def _period_cell(self, period: PeriodHours) -> QTableWidgetItem:
        today = self.queue.today if self.queue is not None else self.today()
        if period.period.start > today:
            cell = QTableWidgetItem(tr("未开始"))
            cell.setForeground(QBrush(MUTED_COLOUR))
            return cell
        state = period.met
        if state is None:
            text, colour = tr("{0} 小时 · 进行中").format(period.hours), MUTED_COLOUR
        elif state:
            text, colour = tr("{0} 小时 · 达标").format(period.hours), MET_COLOUR
        else:
            text, colour = tr("{0} 小时 · 不足").format(period.hours), OVERDUE_COLOUR
        cell = QTableWidgetItem(text)
        cell.setForeground(QBrush(colour))
        return cell

    def _weeks_cell(self, weeks: tuple[PeriodHours, ...], minimum: Any) -> QTableWidgetItem:
        if minimum is None:
            cell = QTableWidgetItem("—")
            cell.setForeground(QBrush(MUTED_COLOUR))
            return cell
        judged = [w for w in weeks if w.met is not None]
        short = [w for w in judged if w.met is False]
        today = self.queue.today if self.queue is not None else self.today()
        running = next((w for w in weeks if w.period.start <= today <= w.period.end), None)
        parts = [tr("已满 {0}/{1} 周").format(len(judged) - len(short), len(judged))]
        if running is not None:
            parts.append(tr("本周 {0} 小时").format(running.hours))
        cell = QTableWidgetItem(tr("，").join(parts))
        cell.setForeground(QBrush(OVERDUE_COLOUR if short else MET_COLOUR))
        lines = [
            tr("{0} {1}：{2} 小时（{3}）").format(
                w.period.label,
                w.period.span,
                w.hours,
                tr("进行中")
                if w.met is None and w.period.start <= today
                else tr("未开始")
                if w.met is None
                else tr("达标")
                if w.met
                else tr("不足"),
            )
            for w in weeks
        ]
        cell.setToolTip("\n".join(lines))
        return cell

    def _verdict_cell(self, verdict: str) -> QTableWidgetItem:
        cell = QTableWidgetItem(verdict)
        colour = MET_COLOUR if verdict == MET else OVERDUE_COLOUR if verdict == NOT_MET else None
        cell.setForeground(QBrush(colour or MUTED_COLOUR))
        return cell

    def _publicity_cell(self, events: int) -> QTableWidgetItem:
        if events:
            cell = QTableWidgetItem(tr("已开展 {0} 次").format(events))
            cell.setForeground(QBrush(MET_COLOUR))
        else:
            cell = QTableWidgetItem(tr("尚未开展"))
            cell.setForeground(QBrush(OVERDUE_COLOUR))
        return cell
