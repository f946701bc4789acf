"""First run: create the station's store without the command line."""

from __future__ import annotations

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

from station_app.domain.accounts import MAX_PASSWORD, MIN_PASSWORD
from station_app.domain.choices import Role, UnitKind
from station_app.domain.errors import DomainError
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.services.organisation_service import OrganisationService, StationInfo
from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr
from station_app.ui.password_dialogs import RULE, PasswordFields

KINDS = [
    (QT_TRANSLATE_NOOP("", "镇"), UnitKind.TOWN),
    (QT_TRANSLATE_NOOP("", "街道"), UnitKind.STREET),
]


def _kind_combo(kind: UnitKind) -> QComboBox:
    combo = QComboBox()
    for text, value in KINDS:
        combo.addItem(tr(text), value.value)  # Qt hands a str enum back as plain str
    combo.setCurrentIndex(0 if UnitKind(kind) is UnitKind.TOWN else 1)
    return combo


class SetupDialog(QDialog):
    """Station name, county, type, villages with their types, and the first station head."""

    def __init__(self, organisation: OrganisationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.organisation = organisation
        self.station: StationInfo | None = None
        self.setObjectName("setupDialog")
        self.setWindowTitle(tr("首次使用：创建本站台账"))
        intro = QLabel(tr("欢迎使用公共法律服务工作站台账。请填写本站信息，完成后即可开始录入。"))
        intro.setWordWrap(True)

        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("如：龙兴镇公共法律服务工作站"))
        self.county = QLineEdit()
        self.county.setPlaceholderText(tr("如：渝北区"))
        self.kind = _kind_combo(UnitKind.TOWN)
        form = QFormLayout()
        form.addRow(tr("工作站名称  *"), self.name)
        form.addRow(tr("所属区县  *"), self.county)
        form.addRow(tr("类型  *"), self.kind)

        villages_box = QGroupBox(tr("村(居)公共法律服务工作室（按上报顺序）"))
        self.villages = QTableWidget(0, 2)
        self.villages.setObjectName("villageTable")
        self.villages.setHorizontalHeaderLabels(
            [tr("村(居)名称"), tr("类型（决定律师最低服务时长）")]
        )
        self.villages.horizontalHeader().setStretchLastSection(True)
        self.villages.setColumnWidth(0, 220)
        self.village_input = QLineEdit()
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

        head_box = QGroupBox(tr("站长账号"))
        self.head_name = QLineEdit()
        self.head_username = QLineEdit("admin")
        head_form = QFormLayout(head_box)
        head_form.addRow(tr("站长姓名  *"), self.head_name)
        head_form.addRow(tr("登录用户名  *"), self.head_username)
        self.head_password = PasswordFields()
        head_form.addRow(tr("登录密码  *"), self.head_password.first)
        head_form.addRow(tr("再次输入密码  *"), self.head_password.second)
        rule = QLabel(tr(RULE).format(MIN_PASSWORD, MAX_PASSWORD))
        rule.setObjectName("placeholder")
        rule.setWordWrap(True)
        head_form.addRow(rule)

        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(
            tr("创建台账"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.create_station)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(villages_box, 1)
        layout.addWidget(head_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.village_input.returnPressed.connect(self.add_village_from_input)
        self.add_village_button.clicked.connect(self.add_village_from_input)
        self.remove_village_button.clicked.connect(self._remove_selected)
        self.create_button.setAutoDefault(False)
        self.resize(640, 680)

    def add_village(self, name: str, kind: UnitKind | None = None) -> None:
        row = self.villages.rowCount()
        self.villages.insertRow(row)
        self.villages.setItem(row, 0, QTableWidgetItem(name))
        chosen = kind or UnitKind(self.kind.currentData())
        self.villages.setCellWidget(row, 1, _kind_combo(chosen))

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

    def create_station(self) -> None:
        station, head = self.drafts()
        if self.head_password.value() is None:
            self.error.setText(tr("登录密码：两次输入的密码不一致"))
            self.error.show()
            self.head_password.second.setFocus()
            return
        try:
            self.station = self.organisation.initialize(station, head, self.password())
        except DomainError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()
