"""`station-app` starts on its local store; an empty store opens the setup dialog first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from station_app.app import open_window
from station_app.services.station_services import StationServices
from station_app.ui.main_window import MainWindow
from station_app.ui.recovery_key_dialog import RecoveryKeyDialog
from station_app.ui.setup_dialog import SetupDialog
from tests.conftest import HEAD_PASSWORD
from tests.ui.conftest import answer_modals, ime_type

#: The app run by this interpreter, so it is this checkout's code and never skipped.
STATION_APP = [sys.executable, "-m", "station_app.app"]


def test_station_app_opens_the_main_window_on_an_initialised_store(
    services: StationServices, data_dir: Path
) -> None:
    services.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    timed = [sys.executable, "-X", "importtime", *STATION_APP[1:]]  # lists what loads
    out = subprocess.run(
        [*timed, "--data-dir", str(data_dir), "--exit-when-shown"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    assert (data_dir / "logs" / "station.log").exists()
    # What only printing, importing a workbook or syncing needs is not loaded before the
    # first rows show (requests alone costs a start ~0.2 s).
    loaded = {line.split("|")[-1].strip() for line in out.stderr.splitlines() if "|" in line}
    assert not {"requests", "reportlab", "docx", "openpyxl", "pypinyin"} & loaded


def test_empty_store_shows_the_setup_dialog_then_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    services = StationServices.open(tmp_path / "empty")
    seen: list[str] = []
    key_shown: list[str] = []

    def fill_in(dialog: QWidget) -> None:
        seen.append(type(dialog).__name__)
        assert isinstance(dialog, SetupDialog)
        ime_type(dialog.name, "滨江街道公共法律服务工作站")
        ime_type(dialog.county, "渝北区")
        ime_type(dialog.head_name, "李站长")
        qtbot.keyClicks(dialog.head_password.first, "binjiang2026")
        qtbot.keyClicks(dialog.head_password.second, "binjiang2026")
        dialog.create_station()

    def write_key_down(dialog: QWidget) -> None:
        seen.append(type(dialog).__name__)
        assert isinstance(dialog, RecoveryKeyDialog)
        key_shown.append(dialog.key_label.text())
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    timer = answer_modals(fill_in, write_key_down)
    window = open_window(services)
    timer.stop()
    assert seen == ["SetupDialog", "RecoveryKeyDialog"]
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.app.station.name == "滨江街道公共法律服务工作站"
    assert "李站长" in window.user_label.text()
    # The head was signed in with the password chosen in the setup dialog, and the key shown
    # is the one that unlocks this store's personal data.
    assert services.ctx.principal.display_name == "李站长"
    assert not services.accounts.needs_first_password()
    assert key_shown == [services.keys.recovery_key()]
    window.app.runner.wait()
    services.close()


def test_leaving_the_setup_dialog_opens_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    services = StationServices.open(tmp_path / "empty")

    def leave(dialog: QWidget) -> None:
        assert isinstance(dialog, SetupDialog)
        dialog.reject()

    timer = answer_modals(leave)
    assert open_window(services) is None
    timer.stop()
    assert not services.organisation.is_initialized()
    services.close()


def test_the_window_shows_before_the_store_opens_and_fills_in_after(
    qtbot: QtBot, services: StationServices
) -> None:
    from station_app.storage.ledger_specs import LEDGERS
    from station_app.ui.app_context import AppContext
    from station_app.ui.main_window import NAV_ITEMS
    from station_app.ui.operations import OperationRunner

    # The navigation known before the store is open is the ledgers' own list.
    assert [label for _e, label in NAV_ITEMS[:5]] == [spec.label for spec in LEDGERS]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert not window.nav.isEnabled()
    assert window.stack.currentWidget().objectName() == "openingPane"
    runner = OperationRunner()
    page = None
    services.accounts.sign_in("admin", HEAD_PASSWORD)
    window.attach(AppContext.load(services, runner))
    page = window.ledger_pages["consultation"]
    qtbot.waitUntil(lambda: page.count_label.text() != "", timeout=10_000)
    # The 工作台 comes first (issue 16); the first ledger's rows are ready behind it.
    assert window.nav.isEnabled() and window.stack.currentWidget() is window.home_page
    assert [window.nav.item(i).text() for i in range(window.nav.count())][-5:] == [
        "统计报表",
        "同步",
        "设置",
        "账户",
        "审计日志",
    ]
    assert window.stack.count() == window.nav.count()
    runner.wait()
