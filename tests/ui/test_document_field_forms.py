"""The case form's fields for the printed documents (issue 17), typed through the widgets: the
applicant's requests and the agreement's terms one a line, a party's 民族 and 职业, a session's
事由/参加人/记录, an investigation record, and the closing of the file (立卷)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from station_app.domain.choices import RetentionPeriod
from station_app.ui.main_window import MainWindow
from tests.ui.conftest import ime_type
from tests.ui.test_follow_up_forms import _settled_case
from tests.ui.test_ledger_workflows import _open_page

pytestmark = pytest.mark.usefixtures("qapp")


def _type_lines(qtbot: QtBot, editor: object, lines: list[str]) -> None:
    """One item a line, Enter between them, as a clerk types a list."""
    for n, line in enumerate(lines):
        if n:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        ime_type(editor, line)  # type: ignore[arg-type]


def test_the_documents_fields_are_typed_saved_and_shown_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    services = window.app.services
    case_id = _settled_case(window)
    page = _open_page(qtbot, window, "mediation_case")
    page.select_row(0)
    dialog = page.open_selected()
    assert dialog is not None
    editors = dialog.editors
    editors["requests"].setFocus()
    _type_lines(qtbot, editors["requests"], ["1. 请求疏通排水沟", "2、赔偿损失500元"])
    ime_type(editors["dispute_facts"], "钱二堵塞排水沟致赵一房屋进水")
    _type_lines(qtbot, editors["agreement_terms"], ["钱二于11月30日前疏通排水沟", "赔偿300元"])
    ime_type(editors["performance_method"], "现金支付")
    ime_type(editors["performance_due"], "2026年11月30日前")
    qtbot.keyClicks(editors["copies"], "3")
    ime_type(editors["recorder"], "孙记录")
    ime_type(editors["filed_by"], "周调解")
    editors["filed_on"].set_value(date(2026, 11, 2))
    editors["retention"].set_value(RetentionPeriod.LONG)

    applicant = dialog.child_rows["parties"].rows[0][0]
    ime_type(applicant["ethnicity"], "土家族")
    ime_type(applicant["occupation"], "个体户")
    sessions = dialog.child_rows["sessions"]
    qtbot.mouseClick(sessions.add_button, Qt.MouseButton.LeftButton)
    session = sessions.rows[0][0]
    session["held_on"].setDate(QDate(2026, 10, 15))
    ime_type(session["subject"], "排水沟纠纷")
    ime_type(session["attendees"], "村民组长孙五")
    ime_type(session["record"], "双方同意疏通并赔偿")
    probes = dialog.child_rows["investigations"]
    qtbot.mouseClick(probes.add_button, Qt.MouseButton.LeftButton)
    probe = probes.rows[0][0]
    probe["investigated_on"].setDate(QDate(2026, 10, 10))
    ime_type(probe["interviewee"], "邻居李四")
    ime_type(probe["record"], "排水沟去年由钱二填平")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    case = services.mediation.get(case_id).data
    assert case.requests == ("请求疏通排水沟", "赔偿损失500元")  # typed numbers dropped
    assert case.agreement_terms == ("钱二于11月30日前疏通排水沟", "赔偿300元")
    assert case.dispute_facts == "钱二堵塞排水沟致赵一房屋进水"
    assert (case.performance_method, case.performance_due, case.copies) == (
        "现金支付",
        "2026年11月30日前",
        3,
    )
    assert (case.recorder, case.filed_by, case.filed_on, case.retention) == (
        "孙记录",
        "周调解",
        date(2026, 11, 2),
        RetentionPeriod.LONG,
    )
    assert (case.parties[0].ethnicity, case.parties[0].occupation) == ("土家族", "个体户")
    (held,) = case.sessions
    assert (held.subject, held.attendees, held.record) == (
        "排水沟纠纷",
        "村民组长孙五",
        "双方同意疏通并赔偿",
    )
    (investigation,) = case.investigations
    assert (investigation.investigated_on, investigation.interviewee) == (
        date(2026, 10, 10),
        "邻居李四",
    )

    page.select_row(0)
    again = page.open_selected()
    assert again is not None
    assert again.editors["agreement_terms"].toPlainText() == "钱二于11月30日前疏通排水沟\n赔偿300元"
    assert again.child_rows["investigations"].rows[0][0]["interviewee"].value() == "邻居李四"
    again.reject()


def test_a_file_closed_before_the_case_is_refused_in_chinese(
    qtbot: QtBot, window: MainWindow
) -> None:
    case_id = _settled_case(window)  # closed on 2026-10-20
    page = _open_page(qtbot, window, "mediation_case")
    page.select_row(0)
    dialog = page.open_selected()
    assert dialog is not None
    ime_type(dialog.editors["filed_by"], "周调解")
    dialog.editors["filed_on"].set_value(date(2026, 10, 19))
    with qtbot.waitSignal(dialog.refused, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error_labels["filed_on"].text().endswith("不能早于结案日期")
    assert "立卷时必填" in dialog.error_labels["retention"].text()
    assert window.app.services.mediation.get(case_id).data.filed_on is None
    dialog.reject()
