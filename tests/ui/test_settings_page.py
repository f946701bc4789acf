"""设置: what the clerk types is kept, read back as typed settings, and shared with 同步."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.domain.settings_schema import COMMITTEE_NAME, SYNC_SERVER
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


def test_the_committee_name_defaults_to_the_towns_and_a_typed_one_is_kept(
    qtbot: QtBot, window: MainWindow, services: StationServices
) -> None:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    town = window.app.station.name
    default = f"{town}人民调解委员会"
    assert page.committee_name.text() == ""  # nothing set: the documents print the default
    assert page.committee_name.placeholderText() == default
    assert services.settings.committee_name(town) == default

    ime_type(page.committee_name, "青石片区联合人民调解委员会")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert services.settings.committee_name(town) == "青石片区联合人民调解委员会"
    again = SettingsPage(window.app)
    qtbot.addWidget(again)
    assert again.committee_name.text() == "青石片区联合人民调解委员会"

    again.committee_name.clear()  # cleared: back to the town's committee
    qtbot.mouseClick(again.save_button, Qt.MouseButton.LeftButton)
    assert services.settings.committee_name(town) == default
    assert services.settings.get(COMMITTEE_NAME) is None
