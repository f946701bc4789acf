"""统计报表: pick a quarter and a village, see the table on screen, save it as Excel or PDF.

The numbers on screen and in both files come from one computed table (reports.api), worked
out and written off the GUI thread with a progress bar and a 取消 button.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.errors import DomainError
from station_app.domain.quarter import Quarter
from station_app.reports.columns import COLUMNS, ValueKind, format_value
from station_app.reports.quarterly_table import QuarterlyTable
from station_app.ui.app_context import AppContext
from station_app.ui.compliance_cells import period_cell
from station_app.ui.i18n import tr
from station_app.ui.operations import Ticket
from station_app.ui.window_text import window_failure

WHOLE_STATION = "__station__"


class ReportPage(QWidget):
    #: The table shown on screen changed (tests and screenshots listen).
    table_shown = Signal(object)
    #: A file was written: its path.
    saved = Signal(object)

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setObjectName("page_reports")
        self.table: QuarterlyTable | None = None
        self._ticket: Ticket | None = None
        today = app.services.ctx.clock.today()
        current = Quarter.of(today)

        title = QLabel(tr("统计报表"))
        title.setObjectName("pageTitle")
        self.year = QSpinBox()
        self.year.setRange(2000, today.year)
        self.year.setValue(current.year)
        self.quarter = QComboBox()
        for n in range(1, 5):
            self.quarter.addItem(tr("第{0}季度").format(n), n)
        self.quarter.setCurrentIndex(current.number - 1)
        self.scope = QComboBox()
        self.scope.addItem(tr("全站（各村(居)及工作站本级）"), WHOLE_STATION)
        for v in app.station.villages:
            self.scope.addItem(v.name, v.name)
        self.show_button = QPushButton(tr("生成统计表"))
        self.show_button.setObjectName("primary")
        self.xlsx_button = QPushButton(tr("导出 Excel…"))
        self.pdf_button = QPushButton(tr("导出 PDF…"))
        self.submit_button = QPushButton(tr("标记为已上报"))
        self.submit_button.setToolTip(
            tr("上报后再补录或修改的记录，会在下次生成时列为补录/修改清单")
        )
        controls = QHBoxLayout()
        controls.addWidget(title)
        controls.addSpacing(12)
        for label, widget in (
            (tr("年份"), self.year),
            (tr("季度"), self.quarter),
            (tr("范围"), self.scope),
        ):
            controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addWidget(self.show_button)
        controls.addStretch(1)

        # The title, then its lines side by side as the PDF prints them: each a label of its
        # own, so a narrow window never wraps one inside a date (2026年11月/25日).
        self.heading = QLabel()
        self.heading.setObjectName("reportHeading")
        self.heading.setWordWrap(True)
        bold = self.heading.font()
        bold.setBold(True)
        self.heading.setFont(bold)
        self.heading_lines = [QLabel() for _ in range(4)]  # 填报单位, 统计期间, 制表日期, 已上报
        heading_row = QHBoxLayout()
        heading_row.setSpacing(24)
        for line_label in self.heading_lines:
            heading_row.addWidget(line_label)
        heading_row.addStretch(1)
        self.grid = QTableWidget()
        self.grid.setObjectName("reportTable")
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setAlternatingRowColors(True)
        self.grid.verticalHeader().hide()
        self.compliance = QTableWidget()
        self.compliance.setObjectName("complianceTable")
        self.compliance.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compliance.verticalHeader().hide()
        self.amendments = QTableWidget()
        self.amendments.setObjectName("amendmentTable")
        self.amendments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.amendments.verticalHeader().hide()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.grid, tr("统计表"))
        self.tabs.addTab(self.compliance, tr("达标情况"))
        self.tabs.addTab(self.amendments, tr("补录/修改清单"))

        self.status = QLabel()
        self.status.setObjectName("countLabel")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.cancel_button = QPushButton(tr("取消"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        # What to do with the table on screen, below it: the row above holds what to show,
        # and both in one row do not fit a 1280 px screen once the words grow a little.
        bottom.addSpacing(12)
        bottom.addWidget(self.xlsx_button)
        bottom.addWidget(self.pdf_button)
        bottom.addWidget(self.submit_button)
        self._busy(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(controls)
        layout.addWidget(self.heading)
        layout.addLayout(heading_row)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self.show_button.clicked.connect(self.compute)
        self.xlsx_button.clicked.connect(lambda: self.choose_file(".xlsx"))
        self.pdf_button.clicked.connect(lambda: self.choose_file(".pdf"))
        self.submit_button.clicked.connect(self.mark_submitted)
        self.cancel_button.clicked.connect(self.cancel)
        self._enable_outputs()

    # -- computing ----------------------------------------------------------------------------

    def selected_quarter(self) -> Quarter:
        return Quarter(self.year.value(), int(self.quarter.currentData()))

    def selected_village(self) -> str | None:
        chosen = self.scope.currentData()
        return None if chosen == WHOLE_STATION else str(chosen)

    def compute(self) -> None:
        from station_app.reports import api as reports  # openpyxl and reportlab: not at start-up

        services, quarter, village = (
            self.app.services,
            self.selected_quarter(),
            self.selected_village(),
        )
        self.status.setText(tr("正在统计{0}…").format(quarter.label))
        self._busy(True, determinate=False)
        self._ticket = self.app.runner.submit(
            lambda _p, _c: reports.quarterly_table(services, quarter, village),
            self._show,
            on_error=self._failed,
            label="quarterly table",
        )

    def _show(self, table: QuarterlyTable) -> None:
        self._busy(False)
        self.table = table
        submitted = (
            tr("已于 {0:%Y-%m-%d} 标记为已上报").format(table.submitted_on)
            if table.submitted_on is not None
            else ""
        )
        self.heading.setText(table.title)
        lines = (table.unit_line, table.period_line, table.produced_line, submitted)
        for label, line in zip(self.heading_lines, lines, strict=True):
            label.setText(line)
            label.setVisible(bool(line))
        self._fill_grid(table)
        self._fill_compliance(table)
        self._fill_amendments(table)
        self.status.setText(
            tr("统计完成：{0} 个单位").format(len(table.rows) - 1)
            + (
                tr("；上报后有 {0} 条补录/修改").format(len(table.late_amendments))
                if table.late_amendments
                else ""
            )
        )
        self._enable_outputs()
        self.table_shown.emit(table)

    def _fill_grid(self, table: QuarterlyTable) -> None:
        grid = self.grid
        grid.clear()
        grid.setColumnCount(len(COLUMNS))
        grid.setRowCount(len(table.rows))
        grid.setHorizontalHeaderLabels([c.header for c in COLUMNS])
        for r, row in enumerate(table.rows):
            for c, column in enumerate(COLUMNS):
                item = QTableWidgetItem(format_value(row.value(column.key), column.kind))
                if column.kind is not ValueKind.TEXT:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row.kind.value == "total":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                grid.setItem(r, c, item)
        header = grid.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        grid.setColumnWidth(0, 120)

    def _fill_compliance(self, table: QuarterlyTable) -> None:
        periods = [*table.months, *table.weeks]
        self.compliance.clear()
        self.compliance.setColumnCount(2 + len(periods))
        self.compliance.setHorizontalHeaderLabels(
            [tr("村(居)"), tr("类型")] + [f"{p.label}\n{p.span}" for p in periods]
        )
        self.compliance.setRowCount(len(table.compliance))
        for r, village in enumerate(table.compliance):
            self.compliance.setItem(r, 0, QTableWidgetItem(village.village))
            self.compliance.setItem(r, 1, QTableWidgetItem(village.kind.label))
            for c, hours in enumerate([*village.months, *village.weeks], start=2):
                item = QTableWidgetItem(period_cell(hours, table.produced_on))
                if hours.met is False:
                    item.setForeground(Qt.GlobalColor.red)
                self.compliance.setItem(r, c, item)
        self.compliance.resizeColumnsToContents()

    def _fill_amendments(self, table: QuarterlyTable) -> None:
        rows = table.late_amendments
        self.amendments.clear()
        self.amendments.setColumnCount(5)
        self.amendments.setHorizontalHeaderLabels(
            [tr("台账"), tr("日期"), tr("单位"), tr("变动"), tr("内容")]
        )
        self.amendments.setRowCount(len(rows))
        for r, a in enumerate(rows):
            for c, value in enumerate(
                (a.ledger, a.record_date.isoformat(), a.unit, a.change, a.detail)
            ):
                self.amendments.setItem(r, c, QTableWidgetItem(value))
        self.amendments.horizontalHeader().setStretchLastSection(True)
        self.tabs.setTabText(2, tr("补录/修改清单（{0}）").format(len(rows)))

    # -- saving -------------------------------------------------------------------------------

    def default_path(self, suffix: str) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        table = self.table
        assert table is not None
        unit = table.village_name or table.station_name
        return Path(folder or ".") / (tr("{0}统计表-{1}").format(unit, table.quarter) + suffix)

    def choose_file(self, suffix: str) -> None:
        if self.table is None:
            return
        kind = "Excel (*.xlsx)" if suffix == ".xlsx" else "PDF (*.pdf)"
        chosen, _ = QFileDialog.getSaveFileName(
            self, tr("保存统计表"), str(self.default_path(suffix)), kind
        )
        if chosen:
            path = Path(chosen)
            self.save_to(path if path.suffix.lower() == suffix else path.with_suffix(suffix))

    def save_to(self, path: Path) -> Ticket | None:
        """Write the table shown on screen to ``path`` off the GUI thread."""
        table = self.table
        if table is None:
            return None
        from station_app.reports import api as reports

        self.status.setText(tr("正在保存 {0}…").format(path.name))
        self._busy(True, determinate=True)
        self._ticket = self.app.runner.submit(
            lambda progress, cancelled: reports.write_quarterly_report(
                table, path, progress=progress, cancelled=cancelled
            ),
            self._saved,
            on_error=self._failed,
            on_progress=self._progress,
            label="write report",
        )
        return self._ticket

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _saved(self, path: Any) -> None:
        self._busy(False)
        self._ticket = None
        if path is None or not Path(path).exists():
            self.status.setText(tr("已取消，未保存文件"))
            return
        self.status.setText(tr("已保存：{0}").format(path))
        self.saved.emit(Path(path))
        if self.isVisible() and not _offscreen():
            answer = QMessageBox.question(self, tr("已保存"), tr("统计表已保存。现在打开文件吗？"))
            if answer == QMessageBox.StandardButton.Yes:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def cancel(self) -> None:
        if self._ticket is not None:
            self._ticket.cancel()
            self._ticket = None
        self._busy(False)
        self.status.setText(tr("已取消"))

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self._ticket = None
        self.status.setText(window_failure(exc))

    def mark_submitted(self) -> None:
        table = self.table
        if table is None or table.village_name is not None:
            self.status.setText(tr("请先生成全站的统计表，再标记为已上报"))
            return
        from station_app.reports import api as reports

        try:
            reports.mark_submitted(self.app.services, table.quarter, table)
        except DomainError as exc:
            self.status.setText(str(exc))
            return
        self.compute()

    def _busy(self, busy: bool, *, determinate: bool = False) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 100 if determinate else 0)
            self.progress.setValue(0)
        for b in (self.show_button, self.xlsx_button, self.pdf_button, self.submit_button):
            b.setEnabled(not busy and (b is self.show_button or self.table is not None))

    def _enable_outputs(self) -> None:
        has = self.table is not None
        for b in (self.xlsx_button, self.pdf_button, self.submit_button):
            b.setEnabled(has)


def _offscreen() -> bool:
    """No modal question boxes in offscreen test and screenshot runs."""
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() == "offscreen"
