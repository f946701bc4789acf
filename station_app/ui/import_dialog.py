"""导入台账: check an old Excel/WPS workbook, see what it holds and every problem, then import
it all or nothing. Both steps run off the GUI thread with a progress bar and 取消."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.app_context import AppContext
from station_app.ui.i18n import tr
from station_app.ui.operations import Ticket
from station_app.ui.window_text import window_failure, window_text

#: Ledgers an import may touch: the pages refresh themselves from this notice.
LEDGER_ENTITIES = (
    "consultation",
    "mediation_case",
    "duty_log",
    "publicity_event",
    "legal_aid_review",
)


class ImportDialog(QDialog):
    #: The check or the import finished: its ImportResult.
    finished_step = Signal(object)

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setObjectName("importDialog")
        self.setWindowTitle(tr("导入旧台账（Excel/WPS 工作簿）"))
        self.path: Path | None = None
        self.result: Any = None
        self._ticket: Ticket | None = None

        intro = QLabel(
            tr(
                "选择按《台账工作簿》格式整理的 .xlsx 文件。先检查：列出每张表的行数和全部问题；"
                "没有错误才能导入，且要么全部导入、要么一条也不写入。重复导入同一文件不会产生重复记录。"
            )
        )
        intro.setWordWrap(True)
        self.file_label = QLabel(tr("尚未选择文件"))
        self.choose_button = QPushButton(tr("选择文件…"))
        self.check_button = QPushButton(tr("检查"))
        self.import_button = QPushButton(tr("导入"))
        self.import_button.setObjectName("primary")
        self.report_button = QPushButton(tr("保存错误报告…"))
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        for b in (self.choose_button, self.check_button, self.import_button):
            top.addWidget(b)

        self.sheets = QTableWidget(0, 5)
        self.sheets.setObjectName("importSheets")
        self.sheets.setHorizontalHeaderLabels(
            [
                tr("工作表"),
                tr("数据行"),
                tr("可导入/已导入记录"),
                tr("已存在（跳过）"),
                tr("有错误的行"),
            ]
        )
        self.sheets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sheets.verticalHeader().hide()
        self.sheets.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.sheets.setMaximumHeight(190)
        self.problems = QTableWidget(0, 5)
        self.problems.setObjectName("importProblems")
        self.problems.setHorizontalHeaderLabels(
            [tr("类别"), tr("工作表"), tr("行"), tr("列"), tr("问题")]
        )
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.verticalHeader().hide()
        self.problems.horizontalHeader().setStretchLastSection(True)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.cancel_button = QPushButton(tr("取消"))
        self.close_button = QPushButton(tr("关闭"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.report_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(QLabel(tr("各工作表")))
        layout.addWidget(self.sheets)
        layout.addWidget(QLabel(tr("问题清单（工作表，行，列：问题）")))
        layout.addWidget(self.problems, 1)
        layout.addLayout(bottom)

        self.choose_button.clicked.connect(self.choose_file)
        self.check_button.clicked.connect(lambda: self.start(dry_run=True))
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        self.report_button.clicked.connect(self.choose_report_file)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        self._busy(False)
        self.resize(900, 600)

    # -- steps --------------------------------------------------------------------------------

    def choose_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        chosen, _ = QFileDialog.getOpenFileName(
            self, tr("选择台账工作簿"), folder, "Excel (*.xlsx)"
        )
        if chosen:
            self.set_file(Path(chosen))
            self.start(dry_run=True)

    def set_file(self, path: Path) -> None:
        self.path = path
        self.result = None
        self.file_label.setText(str(path))
        self._busy(False)

    def start(self, *, dry_run: bool) -> Ticket | None:
        path = self.path
        if path is None:
            return None
        from station_app.importer.workbook_import import WorkbookImporter  # openpyxl: on use

        importer = WorkbookImporter(self.app.services)
        self.status.setText(tr("正在检查…") if dry_run else tr("正在导入…"))
        self._busy(True)
        self._ticket = self.app.runner.submit(
            lambda progress, cancelled: importer.run(path, progress, cancelled, dry_run=dry_run),
            self._done,
            on_error=self._failed,
            on_progress=self._progress,
            label="import check" if dry_run else "import",
        )
        return self._ticket

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _done(self, result: Any) -> None:
        self._ticket = None
        self.result = result
        self._show(result)
        self._busy(False)
        if result.written:
            for entity in LEDGER_ENTITIES:
                self.app.runner.changed.emit(entity)
        self.finished_step.emit(result)

    def _show(self, result: Any) -> None:
        self.sheets.setRowCount(len(result.sheets))
        for r, s in enumerate(result.sheets):
            for c, value in enumerate(
                (s.sheet, s.rows, s.added_records, s.present_rows, s.error_rows)
            ):
                self.sheets.setItem(r, c, QTableWidgetItem(str(value)))
        self.problems.setRowCount(len(result.problems))
        for r, p in enumerate(result.problems):
            row = "" if p.row is None else str(p.row)
            message = window_text(p.message)  # the command line's English gloss dropped
            for c, value in enumerate((p.severity.value, p.sheet, row, p.column or "", message)):
                self.problems.setItem(r, c, QTableWidgetItem(value))
        if result.cancelled:
            self.status.setText(tr("已取消，台账未作任何改动"))
        elif result.errors:
            text = tr("发现 {0} 个错误，未导入任何记录。请按清单修改工作簿后重新检查。").format(
                len(result.errors)
            )
            if result.stopped_early:
                text += tr("错误太多，已停止检查其余的行。")
            self.status.setText(text)
        elif result.dry_run:
            self.status.setText(
                tr("检查通过：可导入 {0} 条记录，{1} 行已存在将跳过。").format(
                    result.added_records, result.present_rows
                )
            )
        else:
            self.status.setText(
                tr("导入完成：新增 {0} 条记录，{1} 行已存在已跳过。").format(
                    result.added_records, result.present_rows
                )
            )

    def _failed(self, exc: BaseException) -> None:
        self._ticket = None
        self._busy(False)
        self.status.setText(window_failure(exc))

    def cancel(self) -> None:
        if self._ticket is not None:
            self._ticket.cancel()  # the importer sees it and rolls back
        self.status.setText(tr("正在取消…"))

    def choose_report_file(self) -> None:
        if self.result is None or self.path is None:
            return
        suggested = self.path.with_name(self.path.stem + tr("-错误报告") + ".xlsx")
        chosen, _ = QFileDialog.getSaveFileName(
            self, tr("保存错误报告"), str(suggested), "Excel (*.xlsx)"
        )
        if chosen:
            self.save_report(Path(chosen))

    def save_report(self, path: Path) -> None:
        from station_app.importer.error_report import write_error_report

        write_error_report(self.result, path)
        self.status.setText(tr("错误报告已保存：{0}（有问题的单元格已标红）").format(path))

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        has_file = self.path is not None
        result = self.result
        checked_ok = (
            result is not None and result.dry_run and result.ok and result.added_records > 0
        )
        self.choose_button.setEnabled(not busy)
        self.check_button.setEnabled(not busy and has_file)
        self.import_button.setEnabled(not busy and checked_ok)
        self.report_button.setVisible(result is not None and bool(result.errors))
        if busy:
            self.progress.setRange(0, 0)
