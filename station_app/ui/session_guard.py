"""Idle lock and 切换用户 for the main window.

An application-wide event filter restarts a timer on every key press, click, mouse move and
wheel turn; when it runs out, every open window of the app (the main window and any form
dialog being filled in) is covered by an opaque pane and the lock screen asks for the same
account's password. The forms stay open under their covers, holding what was typed. Another
person may instead 切换用户: the previous account is signed out and, once someone else has
signed in, the window is rebuilt for them (their rights, their village).

The guard knows the window only as a widget: it says what happened by signal (``closing``:
nobody signed in, the app ends; ``account_changed``: rebuild for the new account) and the
main window connects them, so neither module imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from station_app.domain.access import Principal
from station_app.ui.i18n import tr
from station_app.ui.session_flow import forced_password_change
from station_app.ui.sign_in_dialog import SWITCH_USER, SignInDialog

if TYPE_CHECKING:
    from station_app.services.station_services import StationServices

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class LockCover(QWidget):
    """An opaque pane over one window while the app is locked; follows the window's size."""

    def __init__(self, window: QWidget, wake: Callable[[], None] = lambda: None) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAutoFillBackground(True)
        self._wake = wake
        title = QLabel(tr("台账已锁定"))
        title.setObjectName("lockTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(
            tr(
                "为保护台账中的个人信息，长时间无操作后自动锁定。\n"
                "请在弹出的登录窗口中输入密码后按回车继续；正在填写的内容不会丢失。\n"
                "看不到登录窗口时，请点击此处。"
            )
        )
        self.hint.setObjectName("lockHint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on the cover brings the sign-in window back to the front."""
        self._wake()
        event.accept()


class SessionGuard(QObject):
    locked_changed = Signal(bool)
    #: 退出 at the sign-in prompt: nobody is signed in, the window should close.
    closing = Signal()
    #: Another account signed in: the window should rebuild itself for it.
    account_changed = Signal()

    def __init__(
        self, window: QWidget, services: StationServices, station_name: Callable[[], str]
    ) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.station_name = station_name
        self.covers: list[LockCover] = []
        self.dialog: QDialog | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.set_minutes(services.accounts.policy().idle_lock_minutes)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    # -- the idle timer -------------------------------------------------------------------

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(minutes * 60_000)

    def set_interval_ms(self, ms: int) -> None:
        """The idle time before the lock (the policy's minutes; tests use a fraction of a
        second)."""
        self.timer.setInterval(ms)
        if not self.locked:
            self.timer.start()

    def stop(self) -> None:
        """The window is closing: no lock screen over nothing."""
        self.timer.stop()
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
        if self.covers:
            self._uncover()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and not self.covers and self.window.isVisible():
            self.timer.start()
        return False

    # -- locking and unlocking ------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return bool(self.covers)

    @property
    def principal(self) -> Principal:
        return self.services.ctx.principal

    def lock(self) -> None:
        """Cover every window and ask for the same account's password."""
        if self.locked or not self.window.isVisible():
            return
        self.timer.stop()
        self._cover()
        self._ask(locked=self.principal)

    def switch_user(self) -> None:
        """退出登录 / 切换用户: sign out and ask who comes next."""
        self.timer.stop()
        if not self.locked:
            self._cover()
        self.services.accounts.sign_out()
        self._ask(locked=None)

    def _cover(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and not isinstance(widget, LockCover):
                self.covers.append(LockCover(widget, self._show_dialog))
        self.locked_changed.emit(True)

    def _show_dialog(self) -> None:
        if self.dialog is not None and isValid(self.dialog):
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()

    def _ask(self, locked: Principal | None) -> None:
        dialog = SignInDialog(
            self.services.accounts, self.station_name(), locked=locked, parent=self.window
        )
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        before = self.principal.uuid
        dialog.finished.connect(lambda code: self._answered(dialog, code, before))
        self.dialog = dialog
        dialog.open()

    def _answered(self, dialog: SignInDialog, code: int, before: str | None) -> None:
        self.dialog = None
        dialog.deleteLater()
        if code == SWITCH_USER:
            self.switch_user()
        elif code != QDialog.DialogCode.Accepted or dialog.signed_in is None:
            self._uncover()
            self.closing.emit()  # 退出 on the sign-in dialog: nobody signed in, the app ends
        elif dialog.signed_in.must_change_password:
            change = forced_password_change(self.services.accounts, self.window)
            change.setWindowModality(Qt.WindowModality.ApplicationModal)
            change.finished.connect(lambda ok: self._changed(ok, before))
            self.dialog = change
            change.open()
        else:
            self._resume(before)

    def _changed(self, ok: int, before: str | None) -> None:
        self.dialog = None
        if ok == QDialog.DialogCode.Accepted:
            self._resume(before)
        else:
            self.switch_user()

    def _resume(self, before: str | None) -> None:
        """Back to work: the same account finds its windows as it left them; another
        account gets a window rebuilt for it, and the previous account's forms close."""
        if self.principal.uuid != before:
            for cover in self.covers:
                owner = cover.parentWidget() if isValid(cover) else None
                if owner is not None and owner is not self.window:
                    owner.close()
            self._uncover()
            self.account_changed.emit()
        else:
            self._uncover()
        self.timer.start()

    def _uncover(self) -> None:
        for cover in self.covers:
            if isValid(cover):  # a cover goes with its window if that was closed meanwhile
                cover.hide()
                cover.deleteLater()
        self.covers = []
        self.locked_changed.emit(False)
