"""The one entry/edit dialog every ledger uses, built from a declarative FormSpec.

Keyboard-first: fields in reading order for Tab, Enter saves, Esc cancels, Ctrl+Enter saves and
starts a new entry keeping the date and village. The domain validates; its errors appear under
the fields they name, and nothing is saved until the draft is valid. The save itself runs on the
runner's store lane: the form stays open (its buttons off) until the store answers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.errors import (
    ConflictError,
    DomainError,
    FieldError,
    LockedError,
    ValidationError,
)
from station_app.domain.masks import MASKS, masked, personal_fields
from station_app.domain.records import Stored
from station_app.services.ledger_service import LedgerService
from station_app.services.organisation_service import LawyerInfo, StationInfo
from station_app.services.station_services import StationServices
from station_app.ui.field_errors import mark, on_change
from station_app.ui.forms.document_menu import DocumentMenu
from station_app.ui.i18n import tr
from station_app.ui.operations import OperationRunner, Ticket
from station_app.ui.window_text import window_failure, window_text


class Editor(Protocol):
    def value(self) -> Any: ...
    def set_value(self, value: Any) -> None: ...
    def setEnabled(self, enabled: bool) -> None: ...
    def setFocus(self) -> None: ...
    def setProperty(self, name: str, value: Any) -> bool: ...


@dataclass(frozen=True)
class FormContext:
    today: date
    station: StationInfo
    dispute_types: list[tuple[str, str]]
    lawyers: list[LawyerInfo] = field(default_factory=list)
    may_reveal: bool = False  # the account has Right.REVEAL: the form offers 显示完整号码
    #: The villages (None: 本站) the account may write into; None for all of them.
    villages: frozenset[int | None] | None = None
    #: What a new record starts with, by field (接待人: the clerk signed in; 村(居): the
    #: account's village or the last one used). A field absent here starts blank.
    defaults: dict[str, Any] = field(default_factory=dict)
    #: The station's services, for what a form prints (the mediation form's 打印文书).
    services: StationServices | None = None


@dataclass(frozen=True)
class FieldSpec:
    name: str
    make: Callable[[FormContext], Any]
    required: bool = False
    wide: bool = False
    hint: str = ""


@dataclass(frozen=True)
class ChildSpec:
    name: str
    title: str
    draft_type: type[Any]
    labels: dict[str, str]
    fields: tuple[FieldSpec, ...]
    add_text: str
    new_row: Callable[[int], Any] = lambda _i: None  # a draft to prefill row i, or None

    def __post_init__(self) -> None:
        _refuse_unknown_fields(self.draft_type, [f.name for f in self.fields])


@dataclass(frozen=True)
class FormSpec:
    entity: str
    title: str
    draft_type: type[Any]
    labels: dict[str, str]
    fields: tuple[FieldSpec, ...]
    children: tuple[ChildSpec, ...] = ()
    keep_on_new: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        names = [f.name for f in self.fields] + [c.name for c in self.children]
        _refuse_unknown_fields(self.draft_type, [*names, *self.keep_on_new])


def _refuse_unknown_fields(draft_type: type[Any], names: list[str]) -> None:
    """A form naming a field its draft lacks is a programming error: refused when the form
    is declared, rather than the value dropped silently at every save."""
    unknown = sorted(set(names) - {f.name for f in dataclasses.fields(draft_type)})
    if unknown:
        raise TypeError(f"{draft_type.__name__} has no field(s) {unknown}")


class _ChildRows(QGroupBox):
    """A small grid of child rows (parties, sessions, service items) edited in place."""

    def __init__(self, spec: ChildSpec, ctx: FormContext, parent: QWidget | None = None) -> None:
        super().__init__(tr(spec.title), parent)
        self.spec, self.ctx = spec, ctx
        self.rows: list[tuple[dict[str, Any], QPushButton]] = []
        #: Called when a cell changes (the form checks again what it showed wrong).
        self.edited: Callable[[], None] = lambda: None
        self._shown: set[str] = set()  # the error paths on screen
        outer = QVBoxLayout(self)
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(6)
        for col, f in enumerate(spec.fields):
            label = QLabel(spec.labels[f.name] + (" *" if f.required else ""))
            label.setObjectName("childHeader")
            self._grid.addWidget(label, 0, col)
            # Free text (住址, 调解情况, 服务内容) takes the spare width; short cells keep theirs.
            self._grid.setColumnStretch(col, 1 if f.wide else 0)
        outer.addLayout(self._grid)
        self.errors = QLabel()
        self.errors.setObjectName("fieldError")
        self.errors.setWordWrap(True)
        self.errors.hide()
        outer.addWidget(self.errors)
        self.add_button = QPushButton(tr(spec.add_text))
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        outer.addLayout(row)

    def add_row(self, value: Any = None, *, focus: bool = False) -> None:
        index = len(self.rows) + 1
        editors = {f.name: f.make(self.ctx) for f in self.spec.fields}
        for col, f in enumerate(self.spec.fields):
            self._grid.addWidget(editors[f.name], index, col)
        remove = QPushButton(tr("删除"))
        remove.setObjectName("rowRemove")
        remove.setToolTip(tr("删除这一行"))
        self._grid.addWidget(remove, index, len(self.spec.fields))
        entry = (editors, remove)
        remove.clicked.connect(lambda: self._remove(entry))
        self.rows.append(entry)
        prefill = value if value is not None else self.spec.new_row(len(self.rows) - 1)
        if prefill is not None:
            for f in self.spec.fields:
                editors[f.name].set_value(getattr(prefill, f.name))
        for editor in editors.values():
            on_change(editor, lambda: self.edited())
        if focus:
            editors[self.spec.fields[0].name].setFocus()

    def _remove(self, entry: tuple[dict[str, Any], QPushButton]) -> None:
        editors, remove = entry
        for w in [*editors.values(), remove]:
            self._grid.removeWidget(w)
            w.deleteLater()
        self.rows.remove(entry)
        self.edited()

    def reset(self) -> None:
        """The rows a new record starts with (e.g. one applicant and one respondent)."""
        self.set_values(())
        while self.spec.new_row(len(self.rows)) is not None:
            self.add_row()

    def set_values(self, values: tuple[Any, ...]) -> None:
        for entry in list(self.rows):
            self._remove(entry)
        for v in values:
            self.add_row(v)
        self.show_errors([])

    def values(self) -> tuple[Any, ...]:
        return tuple(
            self.spec.draft_type(**{name: ed.value() for name, ed in editors.items()})
            for editors, _ in self.rows
        )

    def set_enabled(self, enabled: bool) -> None:
        self.add_button.setEnabled(enabled)
        for editors, remove in self.rows:
            remove.setEnabled(enabled)
            for ed in editors.values():
                ed.setEnabled(enabled)

    def show_errors(self, errors: list[FieldError]) -> list[Any]:
        """Mark the offending cells; returns the editors marked, first one first."""
        marked = []
        for editors, _ in self.rows:
            for ed in editors.values():
                _mark(ed, False)
        for e in errors:
            parts = e.field.split(".")
            if len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(self.rows):
                ed = self.rows[int(parts[1])][0].get(parts[2])
                if ed is not None:
                    _mark(ed, True)
                    marked.append(ed)
        self._shown = {e.field for e in errors}
        self.errors.setText("\n".join(str(e) for e in errors))
        self.errors.setVisible(bool(errors))
        return marked

    def recheck(self, errors: list[FieldError]) -> None:
        """The form changed: of the errors on screen, keep those that still hold."""
        if self._shown:
            self.show_errors([e for e in errors if e.field in self._shown])


def _mark(editor: Any, bad: bool) -> None:
    mark(editor, bad)


class RecordDialog(QDialog):
    saved = Signal(object)  # the Stored record just written
    #: A save came back refused (the errors are on the form) or failed.
    refused = Signal()

    def __init__(
        self,
        spec: FormSpec,
        ctx: FormContext,
        service: LedgerService[Any],
        record: Stored[Any] | None = None,
        parent: QWidget | None = None,
        *,
        runner: OperationRunner,
    ) -> None:
        super().__init__(parent)
        self.spec, self.ctx, self.service = spec, ctx, service
        self.record = record
        self.runner = runner
        self._saving: Ticket | None = None
        self.setObjectName(f"form_{spec.entity}")
        self.setWindowTitle((tr("编辑") if record else tr("新建")) + tr(spec.title))
        self.editors: dict[str, Any] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.child_rows: dict[str, _ChildRows] = {}

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 12, 16, 12)
        self.banner = QLabel()
        self.banner.setObjectName("lockedBanner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        row, col = 0, 0
        for f in spec.fields:
            editor = f.make(ctx)
            self.editors[f.name] = editor
            label = QLabel(spec.labels[f.name] + ("  *" if f.required else ""))
            label.setBuddy(editor)
            label.setObjectName("fieldLabel")
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            self.error_labels[f.name] = error
            on_change(editor, partial(self._edited, f.name))
            if f.hint:
                editor.setToolTip(tr(f.hint))
                if hasattr(editor, "setPlaceholderText"):
                    editor.setPlaceholderText(tr(f.hint))
            if col >= 4 or (f.wide and col > 0):
                row += 2
                col = 0
            span = 3 if f.wide else 1
            grid.addWidget(label, row, col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor, row, col + 1, 1, span)
            grid.addWidget(error, row + 1, col + 1, 1, span)
            if f.wide:
                row += 2
                col = 0
            else:
                col += 2
        layout.addLayout(grid)
        for child in spec.children:
            rows = _ChildRows(child, ctx)
            rows.edited = partial(self._edited, child.name)
            self.child_rows[child.name] = rows
            self.error_labels[child.name] = rows.errors
            layout.addWidget(rows)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.general_error = QLabel()
        self.general_error.setObjectName("fieldError")
        self.general_error.setWordWrap(True)
        self.general_error.setContentsMargins(16, 6, 16, 2)  # in line with the fields
        self.general_error.hide()

        self.buttons = QDialogButtonBox()
        self.reveal_button = self.buttons.addButton(
            tr("显示完整号码"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.reveal_button.setToolTip(tr("查看完整的身份证号和电话号码（每次查看都记入审计日志）"))
        self.reveal_button.setAutoDefault(False)
        self.reveal_button.clicked.connect(self.reveal)
        self.reveal_button.setVisible(
            record is not None and ctx.may_reveal and bool(personal_fields(record.data))
        )
        self.documents: DocumentMenu | None = None
        if spec.entity == "mediation_case" and record is not None and ctx.services is not None:
            self.documents = DocumentMenu(
                ctx.services, runner, record, may_reveal=ctx.may_reveal, parent=self
            )
            self.buttons.addButton(self.documents.button, QDialogButtonBox.ButtonRole.ActionRole)
            self.documents.printed.connect(self._printed)
            self.documents.failed.connect(self._print_failed)
        self.save_button = self.buttons.addButton(
            tr("保存"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_new_button = self.buttons.addButton(
            tr("保存并新建 (Ctrl+Enter)"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.cancel_button = self.buttons.addButton(
            tr("取消"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda: self.save(again=False))
        self.save_new_button.clicked.connect(lambda: self.save(again=True))
        self.cancel_button.clicked.connect(self.reject)
        self.save_new_button.setVisible(record is None)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(lambda: self.save(again=record is None))

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 10)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.general_error)
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 0, 16, 0)
        bar.addWidget(self.buttons)
        outer.addLayout(bar)

        if record is not None:
            self._load(record.data)
            if record.locked:
                self._lock(record)
        else:
            for rows in self.child_rows.values():
                rows.reset()
            self._fill_defaults(keep=())
        self.resize(980, 640)

    def _fill_defaults(self, keep: tuple[str, ...]) -> None:
        """A new record's starting values (``keep``: fields carried over from the last one)."""
        for name, value in self.ctx.defaults.items():
            if name in self.editors and name not in keep:
                self.editors[name].set_value(value)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activateWindow()
        if self.record is None or not self.record.locked:
            self.editors[self.spec.fields[0].name].setFocus()

    # -- data in and out ----------------------------------------------------------------------

    def _load(self, data: Any) -> None:
        for name, editor in self.editors.items():
            editor.set_value(getattr(data, name))
        for name, rows in self.child_rows.items():
            rows.set_values(getattr(data, name))

    def draft(self) -> Any:
        values = {name: editor.value() for name, editor in self.editors.items()}
        values |= {name: rows.values() for name, rows in self.child_rows.items()}
        return self.spec.draft_type(**values)

    def _lock(self, record: Stored[Any]) -> None:
        if record.meta.voided:
            why = tr("该记录已作废（原因：{0}），只能查看。").format(record.meta.void_reason or "")
        else:
            assert record.confirmation is not None
            why = tr("该值班记录已由 {0} 于 {1:%Y-%m-%d} 确认，已锁定，不能修改。").format(
                record.confirmation.confirmed_by, record.confirmation.confirmed_on
            )
        self.banner.setText(why)
        self.banner.show()
        for editor in self.editors.values():
            editor.setEnabled(False)
        for rows in self.child_rows.values():
            rows.set_enabled(False)
        self.save_button.hide()
        self.save_new_button.hide()
        self.cancel_button.setText(tr("关闭"))

    def reveal(self) -> None:
        """Fill the ID and phone fields with the clear numbers; the service audits the view.
        Only fields still showing the masked number change: what the user typed stays."""
        assert self.record is not None
        try:
            clear = self.service.reveal(self.record.id).data
        except DomainError as exc:
            self.general_error.setText(window_text(str(exc)))
            self.general_error.show()
            return
        hidden = masked(clear)
        for name in MASKS:
            editor = self.editors.get(name)
            if editor is not None and editor.value() == getattr(hidden, name, None):
                editor.set_value(getattr(clear, name))
        for name, rows in self.child_rows.items():
            for (editors, _remove), shown, full in zip(
                rows.rows, getattr(hidden, name), getattr(clear, name), strict=False
            ):
                for field_name in MASKS:
                    editor = editors.get(field_name)
                    if editor is not None and editor.value() == getattr(shown, field_name, None):
                        editor.set_value(getattr(full, field_name))
        self.reveal_button.setEnabled(False)
        self.general_error.setObjectName("savedNote")
        self.general_error.setText(tr("已显示完整号码。本次查看已记入审计日志。"))
        self.general_error.show()
        self._repolish(self.general_error)

    def _printed(self, path: Any) -> None:
        self.general_error.setObjectName("savedNote")
        self.general_error.setText(tr("已生成：{0}").format(path))
        self.general_error.show()
        self._repolish(self.general_error)

    def _print_failed(self, message: str) -> None:
        self.general_error.setObjectName("fieldError")
        self.general_error.setText(message)
        self.general_error.show()
        self._repolish(self.general_error)

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    # -- saving -------------------------------------------------------------------------------

    def save(self, *, again: bool) -> Ticket | None:
        """Hand the draft to the store lane; the answer comes back to ``_saved`` or
        ``_refused``. One save at a time."""
        if (self.record is not None and self.record.locked) or self._saving is not None:
            return None
        self._clear_errors()
        try:
            draft = self.draft()
        except DomainError as exc:
            self._refused(exc)
            return None
        service, record = self.service, self.record

        def write(_progress: Any, _cancelled: Any) -> Stored[Any]:
            if record is None:
                return service.create(draft)
            return service.update(record.id, draft, expected_revision=record.meta.revision)

        self._set_saving(True)
        self._saving = self.runner.submit(
            write,
            lambda stored: self._saved(stored, again=again),
            on_error=self._refused,
            label=f"save {self.spec.entity}",
        )
        return self._saving

    def _saved(self, stored: Stored[Any], *, again: bool) -> None:
        self._set_saving(False)
        self.saved.emit(stored)
        if again:
            self._start_next()
        else:
            self.accept()

    def _refused(self, exc: BaseException) -> None:
        self._set_saving(False)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, ConflictError | LockedError):
            QMessageBox.warning(self, tr("无法保存"), window_text(str(exc)))
        else:
            self.general_error.setText(window_failure(exc))
            self.general_error.show()
        self.refused.emit()

    def _set_saving(self, saving: bool) -> None:
        if not saving:
            self._saving = None
        for button in (self.save_button, self.save_new_button, self.cancel_button):
            button.setEnabled(not saving)

    def reject(self) -> None:
        if self._saving is None:  # a save in flight finishes first; Esc waits for it
            super().reject()

    def _start_next(self) -> None:
        """Rapid entry: a fresh form that keeps the date and village just used."""
        kept = {
            name: self.editors[name].value()
            for name in self.spec.keep_on_new
            if name in self.editors
        }
        self._load(self.spec.draft_type(**kept))
        self._fill_defaults(keep=tuple(kept))
        for rows in self.child_rows.values():
            rows.reset()
        first = next(f.name for f in self.spec.fields if f.name not in self.spec.keep_on_new)
        self.editors[first].setFocus()
        self.general_error.setText(tr("已保存。继续录入下一条{0}。").format(tr(self.spec.title)))
        self.general_error.setObjectName("savedNote")  # green, not the error red
        self._repolish(self.general_error)
        self.general_error.show()

    def _clear_errors(self) -> None:
        self.general_error.hide()
        self.general_error.setObjectName("fieldError")
        self._repolish(self.general_error)
        for name, label in self.error_labels.items():
            label.hide()
            if name in self.editors:
                _mark(self.editors[name], False)
        for rows in self.child_rows.values():
            rows.show_errors([])

    def _edited(self, name: str) -> None:
        """``name`` changed: if it shows an error, check the form again (the domain's rules,
        nothing saved) and keep that field's error only while it still holds."""
        rows = self.child_rows.get(name)
        if rows is not None:
            if rows.errors.isHidden():
                return
        elif self.error_labels[name].isHidden():
            return
        try:
            self.draft().validated(self.ctx.today)
            errors: list[FieldError] = []
        except ValidationError as exc:
            errors = exc.errors
        except DomainError:
            return
        mine = [e for e in errors if e.field.split(".")[0] == name]
        if rows is not None:
            rows.recheck(mine)
            return
        label = self.error_labels[name]
        if mine:
            label.setText(self._say(name, mine))
        else:
            label.hide()
            _mark(self.editors[name], False)

    def _say(self, name: str, errors: list[FieldError]) -> str:
        """What stands under a field: its name and what is wrong (咨询人姓名：必填)."""
        return tr("{0}：{1}").format(
            self.spec.labels.get(name, ""), "；".join(e.message for e in errors)
        )

    def show_errors(self, errors: list[FieldError]) -> None:
        first: Any = None
        leftovers = []
        by_field: dict[str, list[FieldError]] = {}
        for e in errors:
            by_field.setdefault(e.field.split(".")[0], []).append(e)
        # Walk the fields in the order they stand on the form, so the cursor goes to the
        # topmost problem, whatever order the domain found them in.
        order = [f.name for f in self.spec.fields] + [c.name for c in self.spec.children]
        for top, errs in sorted(by_field.items(), key=lambda kv: _position(order, kv[0])):
            if top in self.child_rows:
                marked = self.child_rows[top].show_errors(errs)
                first = first or (marked[0] if marked else self.child_rows[top].add_button)
            elif top in self.editors:
                label = self.error_labels[top]
                label.setText(self._say(top, errs))
                label.show()
                _mark(self.editors[top], True)
                first = first or self.editors[top]
            else:
                leftovers.extend(errs)
        if leftovers:
            self.general_error.setText("\n".join(str(e) for e in leftovers))
            self.general_error.show()
        if first is not None:
            first.setFocus()


def _position(order: list[str], name: str) -> int:
    return order.index(name) if name in order else len(order)
