"""统计报表 page: the table on screen is the one saved to Excel and PDF, off the GUI thread."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome, SpecialGroup
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.quarter import Quarter
from station_app.reports import api as reports
from station_app.reports.columns import COLUMNS, format_value
from station_app.ui.main_window import MainWindow


def _consult(
    day: date, village_id: int | None, *, special: bool, referred: bool
) -> ConsultationDraft:
    return ConsultationDraft(
        consulted_on=day,
        village_id=village_id,
        channel=ConsultChannel.PHONE,
        name="咨询人",
        special_groups=(SpecialGroup.ELDERLY,) if special else (),
        category=ConsultCategory.LABOUR,
        question="工资",
        receiver="李专干",
        outcome=ConsultOutcome.TO_LAWYER if referred else ConsultOutcome.ANSWERED,
    )


def _fill(window: MainWindow) -> None:
    services = window.app.services
    qingshi, binjiang = window.app.station.villages
    services.consultations.create_many(
        [
            _consult(date(2026, 10, 9), qingshi.id, special=True, referred=False),
            _consult(date(2026, 11, 2), qingshi.id, special=False, referred=True),
            _consult(date(2026, 11, 20), binjiang.id, special=True, referred=True),
            _consult(date(2026, 11, 21), None, special=False, referred=False),
            _consult(date(2026, 9, 30), qingshi.id, special=True, referred=True),  # Q3: not counted
        ]
    )


def _screen_rows(window: MainWindow) -> list[list[str]]:
    grid = window.report_page.grid
    return [
        [grid.item(r, c).text() for c in range(grid.columnCount())] for r in range(grid.rowCount())
    ]


def test_the_quarter_on_screen(qtbot: QtBot, window: MainWindow) -> None:
    _fill(window)
    page = window.show_page("reports")
    assert page is window.report_page
    assert (page.year.value(), page.quarter.currentData()) == (2026, 4)  # today is 2026-11-25
    with qtbot.waitSignal(page.table_shown, timeout=10_000):
        qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    rows = _screen_rows(window)
    assert [r[0] for r in rows] == ["青石村", "滨江社区", "工作站本级", "合计"]
    headers = [page.grid.horizontalHeaderItem(c).text() for c in range(page.grid.columnCount())]
    consult, special, referred = (
        headers.index(h) for h in ("法律咨询(人次)", "其中特殊群体(人次)", "转介(件)")
    )
    assert [(r[consult], r[special], r[referred]) for r in rows] == [
        ("2", "1", "1"),
        ("1", "1", "1"),
        ("1", "0", "0"),
        ("4", "2", "2"),
    ]
    # The same object the files are written from.
    expected = reports.quarterly_table(window.app.services, Quarter(2026, 4))
    assert rows == [
        [format_value(row.value(c.key), c.kind) for c in COLUMNS] for row in expected.rows
    ]


def test_one_village_and_another_quarter(qtbot: QtBot, window: MainWindow) -> None:
    _fill(window)
    page = window.report_page
    page.quarter.setCurrentIndex(2)  # 第3季度
    page.scope.setCurrentIndex(page.scope.findText("青石村"))
    with qtbot.waitSignal(page.table_shown, timeout=10_000):
        page.compute()
    rows = _screen_rows(window)
    assert rows[0][0] == "青石村" and rows[0][1] == "1"
    assert "2026年第3季度" in page.heading.text()


def test_saved_excel_and_pdf_hold_the_numbers_on_screen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _fill(window)
    page = window.report_page
    with qtbot.waitSignal(page.table_shown, timeout=10_000):
        page.compute()
    total_on_screen = _screen_rows(window)[-1]
    with qtbot.waitSignal(page.saved, timeout=30_000) as saved:
        page.save_to(tmp_path / "统计表.xlsx")
    path = saved.args[0]
    assert path.exists() and "已保存" in page.status.text()
    sheet = openpyxl.load_workbook(path, data_only=True)["统计表"]
    total_row = next(row for row in sheet.iter_rows(values_only=True) if row and row[0] == "合计")
    assert str(total_row[1]) == total_on_screen[1]  # 法律咨询(人次)
    with qtbot.waitSignal(page.saved, timeout=30_000) as saved:
        page.save_to(tmp_path / "统计表.pdf")
    assert saved.args[0].read_bytes()[:4] == b"%PDF"


def test_cancelled_save_leaves_no_file(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = window.show_page("reports")
    assert page is window.report_page
    with qtbot.waitSignal(page.table_shown, timeout=10_000):
        page.compute()
    release = threading.Event()
    window.app.runner.submit(
        lambda _p, _c: release.wait(10), lambda _r: None
    )  # keep the worker busy
    target = tmp_path / "cancelled.pdf"
    page.save_to(target)
    assert page.cancel_button.isVisible()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not window.app.runner.busy, timeout=10_000)
    assert not target.exists()
    assert "已取消" in page.status.text()
    assert page.show_button.isEnabled()


def test_heading_lines_are_never_cut_at_1280_px(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1280, 720)
    page = window.show_page("reports")
    with qtbot.waitSignal(page.table_shown, timeout=10_000):
        page.compute()
    qtbot.wait(10)  # laid out at the window's width
    shown = [label for label in page.heading_lines if label.isVisible()]
    assert [label.text() for label in shown] == [
        "填报单位：龙兴镇公共法律服务工作站",
        "统计期间：2026年10月1日至2026年12月31日",
        "制表日期：2026年11月25日",
    ]
    for label in shown:  # each on one line, whole: no wrap inside a date, nothing cut off
        assert not label.wordWrap()
        text_width = label.fontMetrics().horizontalAdvance(label.text())
        assert text_width <= label.contentsRect().width(), label.text()
    assert page.heading.text() == "龙兴镇公共法律服务工作站 公共法律服务工作统计表（2026年第4季度）"
