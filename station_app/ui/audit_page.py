"""审计日志 (station head only): the trail newest first, fetched a page at a time as the list
scrolls; 导出 to Excel or CSV, and 校验 of the hash chain."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.audit_record import AuditRecord
from station_app.domain.errors import DomainError
from station_app.services.audit_service import AuditService
from station_app.ui.app_context import AppContext
from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr
from station_app.ui.window_text import window_text

PAGE = 200
HEADERS = (
    QT_TRANSLATE_NOOP("", "时间"),
    QT_TRANSLATE_NOOP("", "账户"),
    QT_TRANSLATE_NOOP("", "操作"),
    QT_TRANSLATE_NOOP("", "台账"),
    QT_TRANSLATE_NOOP("", "记录"),
    QT_TRANSLATE_NOOP("", "详情"),
)
Index = QModelIndex | QPersistentModelIndex


def local_time(record: AuditRecord) -> str:
    """The store keeps UTC; a clerk reads the time on the office clock."""
    return f"{record.at.replace(tzinfo=UTC).astimezone():%Y-%m-%d %H:%M:%S}"


def cells(record: AuditRecord) -> tuple[str, ...]:
    return (
        local_time(record),
        record.actor,
        record.action_label,
        record.entity_label,
        (record.record_uuid or "")[:8],
        record.detail_text(),
    )


class AuditModel(QAbstractTableModel):
    """Holds the entries read so far; Qt asks for more (``fetchMore``) as the view scrolls."""

    def __init__(self, audit: AuditService, parent: Any = None) -> None:
        super().__init__(parent)
        self.audit = audit
        self.records: list[AuditRecord] = []
        self.total = 0

    def reload(self) -> None:
        self.beginResetModel()
        self.total = self.audit.count()
        self.records = self.audit.page(0, PAGE)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's default)
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        return cells(self.records[index.row()])[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(HEADERS[section])
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self.records) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self.audit.page(len(self.records), PAGE)
        if not more:
            self.total = len(self.records)
            return
        start = len(self.records)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self.records.extend(more)
        self.endInsertRows()


class AuditPage(QWidget):
    #: Emitted with a message when an export or a check has finished (tests listen).
    finished = Signal(str)

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setObjectName("page_audit")
        title = QLabel(tr("审计日志"))
        title.setObjectName("pageTitle")
        self.refresh_button = QPushButton(tr("刷新"))
        self.export_button = QPushButton(tr("导出…"))
        self.verify_button = QPushButton(tr("校验"))
        self.verify_button.setToolTip(tr("检查审计日志是否被改动、插入或删除"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        for b in (self.refresh_button, self.export_button, self.verify_button):
            top.addWidget(b)
        self.model = AuditModel(app.services.audit, self)
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((150, 90, 120, 100, 80)):
            self.table.setColumnWidth(col, width)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        self.result = QLabel()
        self.result.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result)
        layout.addWidget(self.count_label)
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button.clicked.connect(self.choose_export)
        self.verify_button.clicked.connect(self.verify)
        self._loaded = False  # read when first shown: counting the trail takes a while at 200k

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        self._loaded = True
        try:
            self.model.reload()
        except DomainError as exc:
            self._show(window_text(str(exc)), ok=False)
            return
        self.count_label.setText(tr("共 {0} 条，最新的在前").format(self.model.total))

    def choose_export(self) -> None:
        name = tr("审计日志") + ".xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self,
            tr("导出审计日志"),
            str(Path.home() / name),
            tr("Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the whole trail off the GUI thread; the export itself joins the trail."""
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".xlsx")
        audit = self.app.services.audit
        self.export_button.setEnabled(False)
        self.app.runner.submit(
            lambda _p, _c: audit.export(path),
            lambda count: self._exported(path, count),
            on_error=self._failed,
            label="audit export",
        )

    def _exported(self, path: Path, count: int) -> None:
        self.export_button.setEnabled(True)
        self.refresh()
        self._show(tr("已导出 {0} 条审计记录到 {1}").format(count, path), ok=True)

    def verify(self) -> None:
        audit = self.app.services.audit
        self.verify_button.setEnabled(False)
        self.result.setText(tr("正在校验…"))
        self.app.runner.submit(
            lambda _p, _c: audit.verify(),
            self._verified,
            on_error=self._failed,
            label="audit verify",
        )

    def _verified(self, faults: list[Any]) -> None:
        self.verify_button.setEnabled(True)
        if not faults:
            self._show(
                tr("校验通过：审计日志完整，共 {0} 条，未发现改动。").format(self.model.total),
                ok=True,
            )
            return
        shown = "\n".join(str(f) for f in faults[:10])
        more = tr("\n……共 {0} 处").format(len(faults)) if len(faults) > 10 else ""
        self._show(tr("校验未通过：审计日志被改动过！\n{0}{1}").format(shown, more), ok=False)

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.verify_button.setEnabled(True)
        message = (
            window_text(str(exc))
            if isinstance(exc, DomainError | OSError)
            else tr("操作失败，请重试")
        )
        self._show(message, ok=False)

    def _show(self, text: str, *, ok: bool) -> None:
        self.result.setObjectName("savedNote" if ok else "fieldError")
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.setText(text)
        self.finished.emit(text)
