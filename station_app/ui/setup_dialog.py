"""First run: create the station's store without the command line.

The dialog checks what was typed itself (the domain's rules, no store needed), so that on a
fresh PC nothing is written to disk until the clerk presses 创建台账 with a valid form:
``create`` then makes the store, the data key and the station in one go.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.accounts import MAX_PASSWORD, MIN_PASSWORD, check_new_password
from station_app.domain.choices import Role, UnitKind
from station_app.domain.errors import DomainError, FieldError, ValidationError
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.services.organisation_service import OrganisationService, StationInfo
from station_app.ui.field_errors import FieldErrors
from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr
from station_app.ui.password_dialogs import RULE, PasswordFields, error_label
from station_app.ui.window_text import window_text

KINDS = [
    (QT_TRANSLATE_NOOP("", "镇"), UnitKind.TOWN),
    (QT_TRANSLATE_NOOP("", "街道"), UnitKind.STREET),
]

#: Makes the store and the station: (station, head, head's password) -> the station made.
CreateStation = Callable[[StationDraft, UserDraft, str], StationInfo]

#: The dialog's own name for each field the domain may complain about (the domain says 姓名
#: where this form asks for 站长姓名).
FIELD_LABELS = {
    "name": QT_TRANSLATE_NOOP("", "工作站名称"),
    "county": QT_TRANSLATE_NOOP("", "所属区县"),
    "kind": QT_TRANSLATE_NOOP("", "类型"),
    "villages": "",  # the domain's message already names the village field
    "head.display_name": QT_TRANSLATE_NOOP("", "站长姓名"),
    "head.username": QT_TRANSLATE_NOOP("", "登录用户名"),
    "head.password": QT_TRANSLATE_NOOP("", "登录密码"),
}


def _kind_combo(kind: UnitKind) -> QComboBox:
    combo = QComboBox()
    for text, value in KINDS:
        combo.addItem(tr(text), value.value)  # Qt hands a str enum back as plain str
    combo.setCurrentIndex(0 if UnitKind(kind) is UnitKind.TOWN else 1)
    return combo


def _with_error(editor: QWidget) -> tuple[QWidget, QLabel]:
    """The field with its error line under it (hidden until there is an error)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(editor)
    error = error_label()
    layout.addWidget(error)
    return box, error


def _top_label(text: str) -> QWidget:
    """A field's name level with the field, not halfway down to the error under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 3, 0, 0)
    layout.addWidget(QLabel(text))
    layout.addStretch(1)
    return box


class SetupDialog(QDialog):
    """Station name, county, type, villages with their types, and the first station head."""

    def __init__(
        self,
        create: OrganisationService | CreateStation,
        parent: QWidget | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self._create: CreateStation = (
            create.initialize if isinstance(create, OrganisationService) else create
        )
        self._today = today
        self.station: StationInfo | None = None
        self.setObjectName("setupDialog")
        self.setWindowTitle(tr("首次使用：创建本站台账"))
        intro = QLabel(tr("欢迎使用公共法律服务工作站台账。请填写本站信息，完成后即可开始录入。"))
        intro.setWordWrap(True)
        self.errors = FieldErrors()

        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("如：龙兴镇公共法律服务工作站"))
        self.county = QLineEdit()
        self.county.setPlaceholderText(tr("如：渝北区"))
        self.kind = _kind_combo(UnitKind.TOWN)
        form = QFormLayout()
        for key, text, editor in (
            ("name", tr("工作站名称  *"), self.name),
            ("county", tr("所属区县  *"), self.county),
            ("kind", tr("类型  *"), self.kind),
        ):
            box, error = _with_error(editor)
            form.addRow(_top_label(text), box)
            self.errors.add(key, editor, error)

        villages_box = QGroupBox(tr("村(居)公共法律服务工作室（按上报顺序）"))
        self.villages = QTableWidget(0, 2)
        self.villages.setObjectName("villageTable")
        self.villages.setHorizontalHeaderLabels(
            [tr("村(居)名称"), tr("类型（决定律师最低服务时长）")]
        )
        self.villages.horizontalHeader().setStretchLastSection(True)
        self.villages.setColumnWidth(0, 220)
        # Tab leaves the table (arrows move between its cells), on to the next field.
        self.villages.setTabKeyNavigation(False)
        self.village_input = QLineEdit()
        self.village_input.setObjectName("villageInput")
        self.village_input.setPlaceholderText(tr("输入村(居)名称后按回车添加"))
        self.add_village_button = QPushButton(tr("添加"))
        self.remove_village_button = QPushButton(tr("删除选中"))
        row = QHBoxLayout()
        row.addWidget(self.village_input, 1)
        row.addWidget(self.add_village_button)
        row.addWidget(self.remove_village_button)
        box_layout = QVBoxLayout(villages_box)
        box_layout.addLayout(row)
        box_layout.addWidget(self.villages)
        village_error = error_label()
        box_layout.addWidget(village_error)
        self.errors.add("villages", self.village_input, village_error)

        head_box = QGroupBox(tr("站长账号"))
        self.head_name = QLineEdit()
        self.head_name.setObjectName("headName")
        self.head_username = QLineEdit("admin")
        self.head_password = PasswordFields()
        head_form = QFormLayout(head_box)
        for key, text, editor in (
            ("head.display_name", tr("站长姓名  *"), self.head_name),
            ("head.username", tr("登录用户名  *"), self.head_username),
        ):
            box, error = _with_error(editor)
            head_form.addRow(_top_label(text), box)
            self.errors.add(key, editor, error)
        head_form.addRow(tr("登录密码  *"), self.head_password.first)
        box, error = _with_error(self.head_password.second)
        head_form.addRow(_top_label(tr("再次输入密码  *")), box)
        self.errors.add("head.password", self.head_password.second, error)
        self.errors.watch("head.password", self.head_password.first)
        rule = QLabel(tr(RULE).format(MIN_PASSWORD, MAX_PASSWORD))
        rule.setObjectName("placeholder")
        rule.setWordWrap(True)
        head_form.addRow(rule)

        #: What concerns no single field (the store refused, say).
        self.error = error_label()
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            tr("创建台账"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.quit_button = buttons.addButton(tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.create_station)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(villages_box, 1)
        layout.addWidget(head_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.village_input.installEventFilter(self)
        self.add_village_button.clicked.connect(self.add_village_from_input)
        self.remove_village_button.clicked.connect(self._remove_selected)
        self.create_button.setAutoDefault(False)
        self.errors.recheck = self._recheck
        self._order_tabs()
        self.resize(640, 720)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the village field adds the village, and does nothing else (the dialog's
        default button would otherwise create the station)."""
        if (
            watched is self.village_input
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
        ):
            self.add_village_from_input()
            return True
        return super().eventFilter(watched, event)

    def _order_tabs(self) -> None:
        """Reading order: the station, the village field and its buttons, the table and its
        type choosers, then the head's fields (the rows' choosers are made later, so Qt's
        creation order would put them after the buttons)."""
        chain: list[QWidget] = [
            self.name,
            self.county,
            self.kind,
            self.village_input,
            self.add_village_button,
            self.remove_village_button,
            self.villages,
        ]
        for row in range(self.villages.rowCount()):
            combo = self.villages.cellWidget(row, 1)
            if combo is not None:
                chain.append(combo)
        chain += [
            self.head_name,
            self.head_username,
            self.head_password.first,
            self.head_password.second,
            self.create_button,
            self.quit_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def add_village(self, name: str, kind: UnitKind | None = None) -> None:
        row = self.villages.rowCount()
        self.villages.insertRow(row)
        self.villages.setItem(row, 0, QTableWidgetItem(name))
        chosen = kind or UnitKind(self.kind.currentData())
        self.villages.setCellWidget(row, 1, _kind_combo(chosen))
        self._order_tabs()
        self.errors.edited("villages")

    def add_village_from_input(self) -> None:
        name = self.village_input.text().strip()
        if name:
            kind = UnitKind.STREET if name.endswith(tr("社区")) else None
            self.add_village(name, kind)
            self.village_input.clear()
        self.village_input.setFocus()

    def _remove_selected(self) -> None:
        for index in sorted({i.row() for i in self.villages.selectedIndexes()}, reverse=True):
            self.villages.removeRow(index)
        self._order_tabs()
        self.errors.edited("villages")

    def drafts(self) -> tuple[StationDraft, UserDraft]:
        villages = []
        for row in range(self.villages.rowCount()):
            item = self.villages.item(row, 0)
            combo = self.villages.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            villages.append(
                VillageDraft(item.text() if item else "", UnitKind(combo.currentData()))
            )
        station = StationDraft(
            self.name.text(), self.county.text(), UnitKind(self.kind.currentData()), tuple(villages)
        )
        head = UserDraft(self.head_username.text(), self.head_name.text(), Role.STATION_HEAD)
        return station, head

    def password(self) -> str:
        """The head's password as typed (empty until both fields agree)."""
        return self.head_password.value() or ""

    def problems(self) -> list[tuple[str, str]]:
        """(field, message) for everything wrong with the form, in the form's order; checked
        by the domain's own rules, before anything is written."""
        today = self._today or date.today()
        station, head = self.drafts()
        found: list[tuple[str, FieldError]] = []
        for prefix, draft in (("", station), ("head.", head)):
            try:
                draft.validated(today)
            except ValidationError as exc:
                found += [(prefix + e.field, e) for e in exc.errors]
        if self.head_password.value() is None:
            found.append(("head.password", FieldError("password", "", tr("两次输入的密码不一致"))))
        else:
            try:
                check_new_password(self.password(), head.username)
            except ValidationError as exc:
                found += [("head.password", e) for e in exc.errors]
        order = list(FIELD_LABELS)
        found.sort(key=lambda f: order.index(f[0]) if f[0] in order else len(order))
        return [(key, self._say(key, e)) for key, e in found]

    @staticmethod
    def _say(key: str, error: FieldError) -> str:
        label = FIELD_LABELS.get(key)
        if label is None:
            return str(error)
        return f"{tr(label)}：{error.message}" if label else error.message

    def _recheck(self) -> dict[str, list[str]]:
        by_field: dict[str, list[str]] = {}
        for key, message in self.problems():
            by_field.setdefault(key, []).append(message)
        return by_field

    def create_station(self) -> None:
        self.error.hide()
        problems = self.problems()
        if problems:
            self.errors.show(problems, leftover=self.error)
            return
        station, head = self.drafts()
        try:
            self.station = self._create(station, head, self.password())
        except ValidationError as exc:
            self.errors.show(
                [(_head_key(e.field), self._say(_head_key(e.field), e)) for e in exc.errors],
                leftover=self.error,
            )
            return
        except DomainError as exc:
            self.error.setText(window_text(str(exc)))
            self.error.show()
            return
        self.accept()


def _head_key(field: str) -> str:
    return f"head.{field}" if field in ("username", "display_name", "password") else field
