"""导入台账 in the window: check first, see counts and problems, import all or nothing."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.storage.ledger_repository import LedgerQuery
from station_app.ui.main_window import MainWindow
from tests.ledger_workbooks import BAD_ID, consultation, duty, publicity, write_workbook


def _table(widget) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [
        [widget.item(r, c).text() for c in range(widget.columnCount())]
        for r in range(widget.rowCount())
    ]


def test_check_then_import_a_clean_workbook(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "旧台账.xlsx",
        {
            "法律咨询": [consultation(), consultation(咨询人姓名="李四")],
            "律师值班": [duty()],
            "法治宣传": [publicity()],
        },
    )
    services = window.app.services
    page = window.ledger_pages["consultation"]
    dialog = window.open_import()
    dialog.set_file(path)
    with qtbot.waitSignal(dialog.finished_step, timeout=20_000):
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert [row[:3] for row in _table(dialog.sheets)] == [
        ["法律咨询", "2", "2"],
        ["律师值班", "1", "1"],
        ["法治宣传", "1", "1"],
    ]
    assert "检查通过" in dialog.status.text()
    assert services.consultations.count() == 0  # a check writes nothing
    assert dialog.import_button.isEnabled()

    # The open ledger refreshes itself when the import lands.
    with (
        qtbot.waitSignal(page.loaded, timeout=20_000),
        qtbot.waitSignal(dialog.finished_step, timeout=20_000),
    ):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert "导入完成：新增 4 条记录" in dialog.status.text()
    assert services.consultations.count() == 2 and page.model.rowCount() == 2
    assert services.consultations.count(LedgerQuery(text="李四")) == 1


def test_a_bad_row_shows_every_problem_and_imports_nothing(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "有错的台账.xlsx",
        {"法律咨询": [consultation(), consultation(**{"身份证号": BAD_ID, "村(居)": "月亮村"})]},
    )
    dialog = window.open_import()
    dialog.set_file(path)
    with qtbot.waitSignal(dialog.finished_step, timeout=20_000):
        dialog.start(dry_run=True)
    problems = _table(dialog.problems)
    assert ["错误", "法律咨询", "3", "身份证号"] in [p[:4] for p in problems]
    assert any(p[3] == "村(居)" and p[2] == "3" for p in problems)
    assert BAD_ID not in " ".join(" ".join(p) for p in problems)  # no personal data echoed
    assert not dialog.import_button.isEnabled() and dialog.report_button.isVisible()
    report = tmp_path / "错误报告.xlsx"
    dialog.save_report(report)
    assert report.exists() and load_workbook(report).sheetnames
    assert window.app.services.consultations.count() == 0
