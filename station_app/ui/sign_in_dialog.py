"""登录: user name and password, Enter signs in, the refusal shown in the dialog.

The same dialog unlocks an idle-locked window: the user name is then fixed to the account that
was signed in, and 切换用户 lets someone else sign in instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.access import Principal
from station_app.domain.errors import DomainError
from station_app.services.account_service import AccountService, SignedIn
from station_app.ui.i18n import tr
from station_app.ui.password_dialogs import error_label, password_edit
from station_app.ui.window_text import window_text

#: ``done()`` code when the user chose 切换用户 on the lock screen.
SWITCH_USER = 2


class SignInDialog(QDialog):
    def __init__(
        self,
        accounts: AccountService,
        station_name: str = "",
        *,
        locked: Principal | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.locked = locked
        self.signed_in: SignedIn | None = None
        self.setObjectName("signInDialog")
        self.setWindowTitle(tr("已锁定") if locked else tr("登录"))
        heading = QLabel(station_name or tr("公共法律服务台账"))
        heading.setObjectName("pageTitle")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if locked is None:
            intro = tr("请输入用户名和密码登录。")
        else:
            intro = tr("长时间无操作，台账已锁定。请输入 {0} 的密码继续，或切换用户。").format(
                locked.display_name
            )
        intro_label = QLabel(intro)
        intro_label.setWordWrap(True)

        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(30)
        self.password = password_edit()
        self.password.setObjectName("password")
        if locked is not None:
            self.username.setText(locked.username)
            self.username.setReadOnly(True)
            self.username.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        form = QFormLayout()
        form.addRow(tr("用户名"), self.username)
        form.addRow(tr("密码"), self.password)
        self.error = error_label()

        buttons = QDialogButtonBox()
        self.sign_in_button = buttons.addButton(
            tr("解锁") if locked else tr("登录"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.other_button: QPushButton = buttons.addButton(
            tr("切换用户") if locked else tr("退出"), QDialogButtonBox.ButtonRole.RejectRole
        )
        for button in (self.sign_in_button, self.other_button):
            button.setAutoDefault(False)  # Enter is handled by the fields, below
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self._other)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 14)
        layout.addWidget(heading)
        layout.addWidget(intro_label)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.username.returnPressed.connect(self._username_entered)
        self.password.returnPressed.connect(self.submit)
        self.resize(420, 0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activateWindow()
        (self.password if self.locked or self.username.text() else self.username).setFocus()

    def _username_entered(self) -> None:
        if self.password.text():
            self.submit()
        else:
            self.password.setFocus()

    def submit(self) -> None:
        username = self.username.text().strip()
        if not username:
            self._fail(tr("请输入用户名"), self.username)
            return
        try:
            self.signed_in = self._sign_in(username, self.password.text())
        except DomainError as exc:
            self.password.clear()
            self._fail(window_text(str(exc)), self.password)
            return
        self.password.clear()
        self.accept()

    def _sign_in(self, username: str, password: str) -> SignedIn:
        """At start-up a right password opens the window while the store's check still runs
        (the sign-in's write is held until it passes); a wrong one waits for the check's
        verdict, as every write does, and is counted."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.locked:
                return self.accounts.sign_in(username, password)
            return self.accounts.sign_in_at_start(username, password)
        finally:
            QApplication.restoreOverrideCursor()

    def _fail(self, message: str, focus: QLineEdit) -> None:
        self.error.setText(message)
        self.error.show()
        focus.setFocus()

    def _other(self) -> None:
        self.password.clear()
        if self.locked is not None:
            self.done(SWITCH_USER)
        else:
            self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The fields act on Enter themselves (name → password → sign in); the dialog must not
        # also press a button, or Enter after the user name would try an empty password.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        # Esc and the title bar's close must not lift the lock: only the password or
        # 切换用户 leave the lock screen.
        if self.locked is None:
            super().reject()
