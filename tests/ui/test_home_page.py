"""工作台, driven offscreen as a user would: the first page after sign-in lists the queue, a
line opens its record, an officer confirms a visit from it, and the progress panel shows what
the `达标情况` sheet shows on the same day."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from station_app.domain.choices import Role
from station_app.domain.quarter import Quarter
from station_app.reports import api as reports
from station_app.services.station_services import StationServices
from station_app.ui.app_context import AppContext
from station_app.ui.confirm_dialog import ConfirmDialog
from station_app.ui.forms.record_dialog import RecordDialog
from station_app.ui.home_page import HomePage
from station_app.ui.main_window import MainWindow
from station_app.ui.operations import OperationRunner
from tests.conftest import HEAD_PASSWORD
from tests.report_fixtures import QINGSHI
from tests.ui.conftest import ime_type
from tests.work_queue_fixtures import OFFICER, PASSWORD, add_account, build

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def ids(services: StationServices) -> dict[str, Any]:
    made = build(services)
    add_account(services, OFFICER, "周专干", Role.VILLAGE_OFFICER, QINGSHI)
    return made


def open_window(qtbot: QtBot, services: StationServices, user: str, password: str) -> MainWindow:
    """Signed in as ``user``, the window shown and its 工作台 filled in."""
    services.accounts.sign_in(user, password)
    window = MainWindow(AppContext.load(services, OperationRunner()))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.home_page.queue is not None, timeout=10_000)
    return window


def texts(home: HomePage) -> list[str]:
    return [line.text(2) for line in home.lines()]


def groups(home: HomePage) -> list[str]:
    return [home.tree.topLevelItem(i).text(0) for i in range(home.tree.topLevelItemCount())]


@pytest.fixture
def head(qtbot: QtBot, services: StationServices, ids: dict[str, Any]) -> Iterator[MainWindow]:
    window = open_window(qtbot, services, "admin", HEAD_PASSWORD)
    yield window
    window.app.runner.wait()


def test_the_home_page_comes_first_and_lists_the_queue_grouped_overdue_first(
    head: MainWindow, services: StationServices
) -> None:
    home = head.home_page
    assert head.stack.currentWidget() is home
    expected = services.work_queue.items()
    assert texts(home) == [i.text for i in expected] and len(expected) == 11
    assert groups(home) == [
        "统计表逾期未上报（1）",
        "调解超期（2）",
        "法援待反馈（1）",
        "待确认值班（1）",
        "待回访（1）",
        "不满意待核实（2）",
        "本周值班不足（1）",
        "本月值班不足（1）",
        "本季度未开展宣传（1）",
    ]
    assert head.nav.item(0).text() == "工作台（11）"
    assert head.todo_label.text() == "待办：11 项"
    assert "其中已超期 8 项" in home.summary.text()
    # The head may confirm; the button waits for a visit line to be selected.
    assert home.confirm_button.isVisibleTo(head) and not home.confirm_button.isEnabled()


def test_opening_a_line_opens_its_record_or_its_page(
    qtbot: QtBot, head: MainWindow, ids: dict[str, Any]
) -> None:
    home = head.home_page
    case = next(line for line in home.lines() if ids["m2"] in line.text(2))
    home.select(case)
    home.tree.setFocus()
    with qtbot.waitSignal(home.opened, timeout=10_000) as opened:
        qtbot.keyClick(home.tree, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert isinstance(dialog, RecordDialog) and dialog.isVisible()
    assert dialog.objectName() == "form_mediation_case"
    assert dialog.record is not None and dialog.record.data.case_number == ids["m2"]
    dialog.reject()
    report = home.lines()[0]
    assert "统计表逾期未上报" in report.text(2)
    home.select(report)
    qtbot.mouseClick(home.open_button, Qt.MouseButton.LeftButton)
    assert head.stack.currentWidget() is head.report_page


def test_an_officer_confirms_a_visit_from_the_home_page(
    qtbot: QtBot, services: StationServices, ids: dict[str, Any]
) -> None:
    window = open_window(qtbot, services, OFFICER, PASSWORD)
    home = window.home_page
    assert groups(home) == ["调解超期（1）", "待确认值班（1）", "不满意待核实（2）"]
    assert window.nav.item(0).text() == "工作台（4）"
    visit = next(line for line in home.lines() if "待确认值班" in line.text(2))
    home.select(visit)
    assert home.confirm_button.isEnabled()
    qtbot.mouseClick(home.confirm_button, Qt.MouseButton.LeftButton)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ConfirmDialog) and dialog.name.text() == "周专干"
    dialog.name.clear()
    ime_type(dialog.name, "周专干")
    with qtbot.waitSignal(home.counted, timeout=10_000) as counted:
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert counted.args == [3]
    assert "待确认值班" not in " ".join(texts(home))
    assert window.nav.item(0).text() == "工作台（3）"
    assert window.todo_label.text() == "待办：3 项"
    stored = services.duty_logs.get(ids["d1"])
    assert stored.confirmation is not None and stored.confirmation.confirmed_by == "周专干"
    window.app.runner.wait()


def test_the_progress_panel_shows_the_compliance_sheet_of_the_same_day(
    head: MainWindow, services: StationServices, tmp_path: Path
) -> None:
    table = reports.quarterly_table(services, Quarter(2026, 4))
    out = tmp_path / "q4.xlsx"
    reports.write_quarterly_report(table, out)
    book = load_workbook(out)
    sheet = book["达标情况"]
    header = [c.value for c in sheet[3]]
    sheet_rows = {
        row[0]: dict(zip(header, row, strict=True))
        for row in sheet.iter_rows(min_row=4, values_only=True)
        if row[0] in ("青石村", "滨江社区")
    }
    main = book.worksheets[0]
    publicity = {r.unit: r.publicity_compliance for r in table.rows}

    panel = head.home_page.progress
    panel_header = [panel.horizontalHeaderItem(c).text() for c in range(panel.columnCount())]
    assert panel_header[3:6] == ["10月", "11月", "12月"]
    assert panel.rowCount() == 2
    for row in range(panel.rowCount()):
        cells = [panel.item(row, c) for c in range(panel.columnCount())]
        village = cells[0].text()
        expected = sheet_rows[village]
        assert cells[1].text() == expected["类型"]
        for month, cell in zip(("10月", "11月", "12月"), cells[3:6], strict=True):
            shown = cell.text()
            hours = 0.0 if shown == "未开始" else float(shown.split(" ")[0])
            assert hours == expected[month], (village, month)
        assert cells[-2].text() == expected["值班达标"]
        weeks = cells[-3].toolTip().splitlines() if cells[-3].toolTip() else []
        week_headers = [h for h in header if h and str(h).startswith("第")]
        if village == "滨江社区":
            assert len(weeks) == len(week_headers)
            for line, week in zip(weeks, week_headers, strict=True):
                assert line.startswith(week.replace("\n", " "))
                assert float(line.split("：")[1].split(" ")[0]) == expected[week]
        held = cells[-1].text() != "尚未开展"
        assert (publicity[village] == "达标") is held
    assert main.title == "统计表"
