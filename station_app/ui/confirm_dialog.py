"""综治专干签字确认 of a duty visit: who confirms and on which day; locks the visit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from station_app.domain.choices import Role
from station_app.ui.forms.editors import DateEditor
from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr

#: What a confirmation must not be signed with: the ledger keeps who confirmed, by name.
ROLE_WORDS = frozenset(
    {r.label for r in Role}
    | {tr(QT_TRANSLATE_NOOP("", "工作人员")), tr(QT_TRANSLATE_NOOP("", "律师"))}
)


class ConfirmDialog(QDialog):
    def __init__(self, today: date, default_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmDialog")
        self.setWindowTitle(tr("确认值班记录"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("确认后该值班记录将被锁定，不能再修改。")))
        self.name = QLineEdit(default_name)
        self.name.setPlaceholderText(tr("综治专干或站长姓名"))
        self.day = DateEditor(optional=False, today=today)
        form.addRow(tr("确认人  *"), self.name)
        form.addRow(tr("确认日期  *"), self.day)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(tr("确认并锁定"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        ok.setDefault(True)
        buttons.accepted.connect(self._try)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(420, 200)

    #: Set by the page: performs the confirmation, False (with an error shown) if refused.
    attempt: Callable[[], bool] = staticmethod(lambda: True)

    def _try(self) -> None:
        if self.name.text().strip() in ROLE_WORDS:
            self.show_error(tr("确认人：请填写确认人的姓名，而不是职务"))
            self.name.setFocus()
            return
        self.error.hide()
        if self.attempt():
            self.accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
