"""A clerk's first start on a fresh PC: what is missing is said in one line, and leaving the
setup dialog leaves nothing behind."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from station_app import app_logging
from station_app.app import start_up
from station_app.ui.main_window import MainWindow
from station_app.ui.platform_libraries import check_platform_libraries
from station_app.ui.recovery_key_dialog import RecoveryKeyDialog
from station_app.ui.setup_dialog import SetupDialog
from tests.ui.conftest import answer_modals, ime_type

DEBIAN_FRESH = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"}


def test_a_desktop_without_qts_x11_libraries_is_told_the_one_command_that_fixes_it() -> None:
    message = check_platform_libraries(
        {"DISPLAY": ":0"}, load=lambda soname: soname not in DEBIAN_FRESH, platform="linux"
    )
    assert message is not None
    assert "缺少" in message
    command = message.splitlines()[-1]
    assert command == ("sudo apt-get install -y libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1")


def test_a_desktop_with_every_library_starts_without_a_word() -> None:
    found = check_platform_libraries({"DISPLAY": ":0"}, load=lambda _s: True, platform="linux")
    assert found is None


@pytest.mark.parametrize(
    ("environ", "platform"),
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),  # tests, smoke runs
        ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "linux"),
        ({}, "win32"),  # the installer carries Qt's libraries
    ],
)
def test_no_x11_check_where_qt_does_not_use_x11(environ: dict[str, str], platform: str) -> None:
    assert check_platform_libraries(environ, load=lambda _s: False, platform=platform) is None


@pytest.fixture
def app_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app's log handler as a first start sets it up, removed again after the test."""
    root = logging.getLogger("station")
    others = [h for h in root.handlers if not isinstance(h, RotatingFileHandler)]
    monkeypatch.setattr(root, "handlers", others)
    monkeypatch.setattr(app_logging, "_log_path", None)
    monkeypatch.setattr(root, "level", root.level)
    yield
    for handler in root.handlers:
        if handler not in others:
            handler.close()


def _key_files() -> list[Path]:
    return sorted(Path(os.environ["STATION_KEY_DIR"]).glob("*.key"))


@pytest.mark.usefixtures("app_log")
def test_quitting_the_setup_dialog_creates_no_store_and_no_key(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data_dir = tmp_path / "StationLedger"
    keys_before = _key_files()
    window = MainWindow()
    qtbot.addWidget(window)
    seen: list[str] = []

    def leave(dialog: QWidget) -> None:
        seen.append(type(dialog).__name__)
        assert isinstance(dialog, SetupDialog)
        ime_type(dialog.name, "龙兴镇公共法律服务工作站")  # half filled in, then 退出
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)

    timer = answer_modals(leave)
    services, code = start_up(window, data_dir)
    timer.stop()
    assert seen == ["SetupDialog"]
    assert (services, code) == (None, 0)
    assert not data_dir.exists()  # no store, no log, not even the folder
    assert _key_files() == keys_before


@pytest.mark.usefixtures("app_log")
def test_finishing_setup_makes_the_store_and_lands_where_ctrl_n_works(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data_dir = tmp_path / "StationLedger"
    keys_before = _key_files()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()

    def fill_in(dialog: QWidget) -> None:
        assert isinstance(dialog, SetupDialog)
        ime_type(dialog.name, "龙兴镇公共法律服务工作站")
        ime_type(dialog.county, "渝北区")
        ime_type(dialog.village_input, "青石村")
        qtbot.keyClick(dialog.village_input, Qt.Key.Key_Return)
        ime_type(dialog.head_name, "王站长")
        qtbot.keyClicks(dialog.head_password.first, "wangzz2026")
        qtbot.keyClicks(dialog.head_password.second, "wangzz2026")
        assert not (data_dir / "station.db").exists()  # not before 创建台账
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    def write_key_down(dialog: QWidget) -> None:
        assert isinstance(dialog, RecoveryKeyDialog)
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    timer = answer_modals(fill_in, write_key_down)
    services, code = start_up(window, data_dir)
    timer.stop()
    assert services is not None and code == 0
    assert (data_dir / "station.db").exists()
    assert (data_dir / "logs" / "station.log").exists()  # logging starts with the store
    assert len(_key_files()) == len(keys_before) + 1
    assert window.app.station.name == "龙兴镇公共法律服务工作站"
    queue = window.home_page.tree  # 工作台 first, the keyboard in its list once active
    assert window.focusWidget() is queue
    window.activateWindow()  # (offscreen, a closed dialog does not hand activation back)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is queue)
    qtbot.keyClick(queue, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    form = QApplication.activeModalWidget()
    assert form is not None and form.objectName() == "form_consultation"
    form.reject()
    window.app.runner.wait()
    services.close()


@pytest.mark.usefixtures("app_log")
def test_station_app_left_at_the_setup_dialog_leaves_not_even_a_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`station-app` itself, in this process: the setup dialog's 退出 ends it with nothing
    written — no store, no key, no log, no data folder."""
    from station_app.app import main

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main installs its own
    umask = os.umask(0o022)
    os.umask(umask)
    data_dir = tmp_path / "StationLedger"
    keys_before = _key_files()

    def leave(dialog: QWidget) -> None:
        assert isinstance(dialog, SetupDialog)
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)

    timer = answer_modals(leave)
    try:
        code = main(["--data-dir", str(data_dir)])
    finally:
        timer.stop()
        os.umask(umask)
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.close()
    assert code == 0
    assert not data_dir.exists()
    assert _key_files() == keys_before
