"""First run: a new user creates the store in the setup dialog, never on the command line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from station_app.domain.choices import UnitKind
from station_app.services.station_services import StationServices
from station_app.ui.setup_dialog import SetupDialog
from tests.ui.conftest import ime_type


def test_setup_dialog_creates_the_station(qtbot: QtBot, tmp_path: Path) -> None:
    services = StationServices.open(tmp_path / "fresh")
    assert not services.organisation.is_initialized()
    dialog = SetupDialog(services.organisation)
    qtbot.addWidget(dialog)
    dialog.show()
    ime_type(dialog.name, "龙兴镇公共法律服务工作站")
    ime_type(dialog.county, "渝北区")
    for name in ("青石村", "双凤村", "滨江社区"):
        ime_type(dialog.village_input, name)
        qtbot.keyClick(dialog.village_input, Qt.Key.Key_Return)
    ime_type(dialog.head_name, "王站长")
    qtbot.keyClicks(dialog.head_password.first, "wangzz2026")
    qtbot.keyClicks(dialog.head_password.second, "wangzz2026")
    assert dialog.head_password.first.text() == "wangzz2026"
    assert dialog.head_password.first.displayText() != "wangzz2026"  # never shown in clear
    assert dialog.villages.rowCount() == 3
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == SetupDialog.DialogCode.Accepted
    station = services.organisation.require_station()
    assert station.name == "龙兴镇公共法律服务工作站"
    assert [(v.name, v.kind) for v in station.villages] == [
        ("青石村", UnitKind.TOWN),
        ("双凤村", UnitKind.TOWN),
        ("滨江社区", UnitKind.STREET),  # a 社区 is taken to be a community of a street
    ]
    assert [u.display_name for u in services.organisation.users()] == ["王站长"]
    assert not services.accounts.needs_first_password()
    assert services.accounts.sign_in("admin", "wangzz2026").principal.display_name == "王站长"
    services.close()


def test_setup_dialog_wants_the_same_password_twice(qtbot: QtBot, tmp_path: Path) -> None:
    services = StationServices.open(tmp_path / "fresh")
    dialog = SetupDialog(services.organisation)
    qtbot.addWidget(dialog)
    dialog.show()
    ime_type(dialog.name, "龙兴镇公共法律服务工作站")
    ime_type(dialog.county, "渝北区")
    ime_type(dialog.head_name, "王站长")
    qtbot.keyClicks(dialog.head_password.first, "wangzz2026")
    qtbot.keyClicks(dialog.head_password.second, "wangzz2062")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "两次输入的密码不一致" in dialog.errors.label("head.password").text()
    dialog.head_password.second.clear()
    qtbot.keyClicks(dialog.head_password.second, "wangzz2026")
    dialog.head_password.first.clear()
    dialog.head_password.second.clear()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)  # no password at all
    assert "密码" in dialog.errors.label("head.password").text() and dialog.isVisible()
    assert not services.organisation.is_initialized()
    services.close()


def test_setup_dialog_shows_what_is_missing(qtbot: QtBot, tmp_path: Path) -> None:
    services = StationServices.open(tmp_path / "fresh")
    dialog = SetupDialog(services.organisation)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "工作站名称：必填" in dialog.errors.label("name").text()
    assert not services.organisation.is_initialized()
    services.close()


def _filled_in(qtbot: QtBot, services: StationServices) -> SetupDialog:
    dialog = SetupDialog(services.organisation)
    qtbot.addWidget(dialog)
    dialog.show()
    ime_type(dialog.name, "龙兴镇公共法律服务工作站")
    ime_type(dialog.county, "渝北区")
    ime_type(dialog.head_name, "王站长")
    qtbot.keyClicks(dialog.head_password.first, "wangzz2026")
    qtbot.keyClicks(dialog.head_password.second, "wangzz2026")
    return dialog


def test_enter_in_the_village_field_adds_the_village_and_nothing_else(
    qtbot: QtBot, tmp_path: Path
) -> None:
    services = StationServices.open(tmp_path / "fresh")
    dialog = _filled_in(qtbot, services)  # everything the station needs is there
    dialog.village_input.setFocus()
    ime_type(dialog.village_input, "青石村")
    qtbot.keyClick(dialog.village_input, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.village_input, Qt.Key.Key_Enter)  # the keypad's Enter, empty field
    assert dialog.villages.rowCount() == 1
    assert dialog.isVisible() and dialog.result() != SetupDialog.DialogCode.Accepted
    assert not services.organisation.is_initialized()
    services.close()


def test_tab_after_the_last_village_reaches_the_head_name(qtbot: QtBot, tmp_path: Path) -> None:
    services = StationServices.open(tmp_path / "fresh")
    dialog = SetupDialog(services.organisation)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for name in ("青石村", "滨江社区"):
        ime_type(dialog.village_input, name)
        qtbot.keyClick(dialog.village_input, Qt.Key.Key_Return)
    dialog.villages.setFocus()
    dialog.villages.setCurrentCell(1, 0)  # on the last village
    stops = []
    for _ in range(6):
        focused = dialog.focusWidget()  # the widget the keyboard goes to
        assert focused is not None
        if focused is dialog.head_name:
            break
        stops.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.head_name
    assert stops.count(dialog.villages) == 1  # Tab does not walk the table's cells
    qtbot.keyClick(dialog.head_name, Qt.Key.Key_Backtab)
    assert dialog.focusWidget() is not dialog.head_name
    services.close()


def test_an_error_stands_under_its_field_names_it_and_goes_once_fixed(
    qtbot: QtBot, tmp_path: Path
) -> None:
    services = StationServices.open(tmp_path / "fresh")
    dialog = _filled_in(qtbot, services)
    dialog.head_name.clear()
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    error = dialog.errors.label("head.display_name")
    assert error.isVisible() and error.text() == "站长姓名：必填"
    assert dialog.error.isHidden()  # nothing above the buttons
    # under the field: just below it, within the field's column
    below = error.mapTo(dialog, QPoint(0, 0))
    field = dialog.head_name.mapTo(dialog, QPoint(0, 0))
    assert below.x() == field.x() and 0 < below.y() - field.y() <= dialog.head_name.height() + 8
    assert dialog.focusWidget() is dialog.head_name
    ime_type(dialog.head_name, "王站长")
    assert error.isHidden()
    assert not services.organisation.is_initialized()
    services.close()
