"""Choosing a password: typed twice, never echoed, the domain's rules shown as they are broken.

Used for the head's first password, a forced change after the head set a temporary one, a
change the user asks for, and the head resetting someone's password.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.accounts import MAX_PASSWORD, MIN_PASSWORD
from station_app.domain.errors import DomainError
from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr
from station_app.ui.window_text import window_text

RULE = QT_TRANSLATE_NOOP("", "密码须为{0}到{1}个字符，同时包含字母和数字，且不能包含用户名。")


def password_edit(placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(MAX_PASSWORD)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("fieldError")
    label.setWordWrap(True)
    label.hide()
    return label


class PasswordFields:
    """A password typed twice (forms that ask for more than a password); ``value`` is None
    while the two differ."""

    def __init__(self) -> None:
        self.first = password_edit()
        self.second = password_edit()

    def value(self) -> str | None:
        return self.first.text() if self.first.text() == self.second.text() else None


class PasswordDialog(QDialog):
    """New password twice (and the current one, when ``ask_old``); ``attempt(old, new)`` does
    the work and raises DomainError to keep the dialog open with the message shown."""

    def __init__(
        self,
        title: str,
        intro: str,
        attempt: Callable[[str, str], None],
        *,
        ask_old: bool = False,
        reject_text: str | None = None,
        extra_rows: tuple[tuple[str, QWidget], ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle(title)
        self._attempt = attempt
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)
        rule = QLabel(tr(RULE).format(MIN_PASSWORD, MAX_PASSWORD))
        rule.setObjectName("placeholder")
        rule.setWordWrap(True)
        form = QFormLayout()
        for label, widget in extra_rows:
            form.addRow(label, widget)
        self.old_password = password_edit()
        if ask_old:
            form.addRow(tr("原密码"), self.old_password)
        self.new_password = password_edit()
        self.repeat_password = password_edit()
        form.addRow(tr("新密码"), self.new_password)
        form.addRow(tr("再次输入新密码"), self.repeat_password)
        self.error = error_label()
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(tr("确定"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(
            reject_text or tr("取消"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(rule)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        first = extra_rows[0][1] if extra_rows else None
        self._first = first or (self.old_password if ask_old else self.new_password)
        self.resize(460, 0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activateWindow()
        self._first.setFocus()

    def submit(self) -> None:
        new = self.new_password.text()
        if new != self.repeat_password.text():
            self._fail(tr("两次输入的新密码不一致"), self.repeat_password)
            return
        try:
            self._attempt(self.old_password.text(), new)
        except DomainError as exc:
            self._fail(window_text(str(exc)), self.new_password)
            return
        self.accept()

    def _fail(self, message: str, focus: QLineEdit) -> None:
        self.error.setText(message)
        self.error.show()
        focus.selectAll()
        focus.setFocus()
