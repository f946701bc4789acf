"""打印文书 on the mediation form, through the widgets: the menu lists what the case's state
calls for, a click writes the file off the GUI thread and hands it to the viewer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from station_app.reports.documents.kinds import DocumentKind
from station_app.ui.main_window import MainWindow
from tests.reports.documents.cases import closed_without_agreement, store_case
from tests.reports.documents.reading import docx_text, pdf_pages, squeezed
from tests.ui.test_ledger_workflows import _open_page

pytestmark = pytest.mark.usefixtures("qapp")


def test_print_menu_writes_and_opens_the_documents_of_the_case(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    store_case(window.app.services, closed_without_agreement())
    page = _open_page(qtbot, window, "mediation_case")
    page.select_row(0)
    dialog = page.open_selected()
    assert dialog is not None and dialog.documents is not None
    menu = dialog.documents
    menu.folder = tmp_path
    opened: list[Path] = []
    menu.open_file = opened.append
    texts = [a.text() for a in menu.menu.actions() if a.text()]
    assert "人民调解申请书（Word）" in texts and "整本调解卷宗（PDF）" in texts
    assert not any("协议书" in t for t in texts)  # closed without agreement
    assert "打印完整的身份证号和电话号码（记入审计日志）" in texts  # the head may reveal

    with qtbot.waitSignal(menu.printed, timeout=20_000):
        menu.actions[(DocumentKind.APPLICATION, ".docx")].trigger()
    word = tmp_path / "（2026）龙兴调字第0014号" / "人民调解申请书.docx"
    assert opened == [word]
    assert "申请人：吴甲" in docx_text(word)
    assert "已生成" in dialog.general_error.text()

    with qtbot.waitSignal(menu.printed, timeout=20_000):
        menu.actions[(None, ".pdf")].trigger()
    casefile = opened[-1]
    assert casefile.name == "调解卷宗.pdf"
    assert "卷内目录" in squeezed(pdf_pages(casefile)[1])
