"""设置: what the clerk types is kept, read back as typed settings, and shared with 同步."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.domain.settings_schema import SYNC_SERVER
from station_app.services.station_services import StationServices
from station_app.ui.main_window import MainWindow
from station_app.ui.settings_page import SettingsPage
from tests.ui.conftest import ime_type


def test_saved_settings_show_again_and_reach_the_sync(
    qtbot: QtBot, window: MainWindow, services: StationServices
) -> None:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    assert page.backup_dir.text() == str(services.store.backup_dir)  # nothing chosen yet
    assert page.server_url.text() == ""

    page.backup_dir.clear()
    ime_type(page.backup_dir, "D:/台账备份")
    page.server_url.clear()
    qtbot.keyClicks(page.server_url, "https://gflfw.example.gov.cn/")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.saved_note.text() == "设置已保存"

    again = SettingsPage(window.app)
    qtbot.addWidget(again)
    assert again.backup_dir.text() == "D:/台账备份"
    assert again.server_url.text() == "https://gflfw.example.gov.cn"  # the trailing / dropped
    assert services.replication.setting(SYNC_SERVER) == "https://gflfw.example.gov.cn"
