"""GUI fixtures: the real main window over a real store, driven offscreen with qtbot."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from station_app.services.station_services import StationServices
from station_app.ui.app_context import AppContext
from station_app.ui.i18n import install_translators
from station_app.ui.main_window import MainWindow
from station_app.ui.operations import OperationRunner
from station_app.ui.style import apply_style
from tests.conftest import HEAD_PASSWORD


@pytest.fixture(scope="session")
def styled_app(qapp: QApplication) -> QApplication:
    """The application with the app's translators and style, as ``main`` sets it up: once
    per session, as in the app (installed again per window, the translators piled up and
    every ``tr()`` searched them all; nothing else sets the font or the style sheet)."""
    install_translators(qapp)
    apply_style(qapp)
    return qapp


@pytest.fixture
def window(
    qtbot: QtBot, styled_app: QApplication, services: StationServices
) -> Iterator[MainWindow]:
    runner = OperationRunner()
    services.accounts.sign_in("admin", HEAD_PASSWORD)
    win = MainWindow(AppContext.load(services, runner))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win
    runner.wait()


def ime_type(widget: QWidget, text: str) -> None:
    """Type Chinese the way an input method delivers it: one committed string per phrase.

    (QTest's key clicks only know ASCII, and nobody types 张 key by key anyway.)
    """
    target = widget.lineEdit() if isinstance(widget, QComboBox) and widget.isEditable() else widget
    assert target is not None
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(target, event)


def type_into_focus(qtbot: QtBot, text: str) -> None:
    """Type into whatever has keyboard focus, as the user would after pressing Tab."""
    focused = QApplication.focusWidget()
    assert focused is not None, "no widget has focus"
    if text.isascii():
        qtbot.keyClicks(focused, text)
    else:
        ime_type(focused, text)


def press(qtbot: QtBot, key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        focused = QApplication.focusWidget()
        assert focused is not None, "no widget has focus"
        qtbot.keyClick(focused, key)


def answer_modals(*steps: Callable[[QWidget], None], every_ms: int = 50) -> QTimer:
    """Answer the modal dialogs that start-up opens with exec(), in order: each step gets the
    next new modal dialog. (exec() blocks the test, so a timer does the typing.)"""
    pending = list(steps)
    answered: list[QWidget] = []
    timer = QTimer()

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not pending or any(dialog is seen for seen in answered):
            if not pending:
                timer.stop()
            return
        answered.append(dialog)
        pending.pop(0)(dialog)

    timer.timeout.connect(poll)
    timer.start(every_ms)
    return timer
