"""A clerk's work, driven through the real widgets offscreen: keys, clicks, dialogs."""

from __future__ import annotations

import random
from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit
from pytestqt.qtbot import QtBot

from station_app.domain.choices import (
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DutyServiceType,
    Gender,
    PartyRole,
    SpecialGroup,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyLogDraft, ServiceItemDraft
from station_app.domain.errors import LockedError
from station_app.storage.ledger_repository import LedgerQuery
from station_app.ui.forms.record_dialog import RecordDialog
from station_app.ui.ledger_page import LedgerPage
from station_app.ui.main_window import MainWindow
from tests.ui.conftest import ime_type, press, type_into_focus

pytestmark = pytest.mark.usefixtures("qapp")


def _open_page(qtbot: QtBot, window: MainWindow, entity: str) -> LedgerPage:
    page = window.ledger_pages[entity]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        if window.show_page(entity) is page and page.model.rowCount() == 0:
            page.refresh()
    return page


def _dialog(page: LedgerPage) -> RecordDialog:
    dialogs = [d for d in page.findChildren(RecordDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_consultation_entered_with_the_keyboard_only(qtbot: QtBot, window: MainWindow) -> None:
    services = window.app.services
    page = _open_page(qtbot, window, "consultation")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(page)
    # The date field gets the focus and already says today.
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QDateEdit), timeout=5000)
    assert dialog.editors["consulted_on"].value() == services.ctx.clock.today()
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "bjsq")  # pinyin initials of 滨江社区
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "来访")
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "张三丰")
    press(qtbot, Qt.Key.Key_Tab)  # gender: skip
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "67")
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "13800138000")
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "11010519491231002x")
    press(qtbot, Qt.Key.Key_Tab, 2)  # past "declined identity", onto 老年人
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab, 8)  # past the other seven groups, onto 问题类别
    type_into_focus(qtbot, "借贷")
    press(qtbot, Qt.Key.Key_Tab, 2)  # 处理结果 keeps 当场解答
    type_into_focus(qtbot, "借款到期对方不还，只有微信转账记录")
    press(qtbot, Qt.Key.Key_Tab, 2)  # past 解答内容
    type_into_focus(qtbot, "李专干")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        press(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    # In the store, exactly as typed and normalised by the domain …
    stored = services.consultations.page(LedgerQuery(text="张三丰")).items
    assert len(stored) == 1
    assert stored[0].data.id_number == "110105********002X"  # what lists and forms show
    data = services.consultations.reveal(stored[0].id).data
    village = services.organisation.village_by_name("滨江社区")
    assert village is not None and data.village_id == village.id
    assert (data.channel, data.category, data.outcome) == (
        ConsultChannel.VISIT,
        ConsultCategory.LENDING,
        ConsultOutcome.ANSWERED,
    )
    assert (data.age, data.id_number, data.special_groups) == (
        67,
        "11010519491231002X",
        (SpecialGroup.ELDERLY,),
    )
    # … and in the table, selected.
    row = page.selected_row()
    assert row is not None
    assert page.model.data(page.model.index(row, 3)) == "张三丰"
    assert page.model.data(page.model.index(row, 1)) == "滨江社区"


def test_save_and_new_keeps_date_and_village_for_rapid_entry(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _open_page(qtbot, window, "publicity_event")
    dialog = page.new_record()
    dialog.editors["village_id"].set_value(window.app.station.villages[1].id)
    dialog.editors["form"].set_value(dialog.editors["form"]._values[1])
    ime_type(dialog.editors["topic"], "民法典进农村")
    qtbot.keyClicks(dialog.editors["attendees"], "80")
    with qtbot.waitSignal(dialog.saved):
        qtbot.mouseClick(dialog.save_new_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.editors["village_id"].value() == window.app.station.villages[1].id
    assert dialog.editors["topic"].value() is None
    assert window.app.services.publicity.count() == 1


def test_mediation_case_with_two_parties_and_a_session(qtbot: QtBot, window: MainWindow) -> None:
    services = window.app.services
    page = _open_page(qtbot, window, "mediation_case")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(page)
    e = dialog.editors
    e["village_id"].set_value(window.app.station.villages[0].id)
    ime_type(e["source"], "当事人申请")
    ime_type(e["dispute_type"], "邻里")
    ime_type(e["mediators"], "周调解、吴调解")
    ime_type(e["summary"], "两户因排水沟堵塞发生争吵")
    parties = dialog.child_rows["parties"]
    assert [row[0]["role"].value() for row in parties.rows] == [
        PartyRole.APPLICANT,
        PartyRole.RESPONDENT,
    ]
    ime_type(parties.rows[0][0]["name"], "赵一")
    parties.rows[0][0]["gender"].set_value(Gender.MALE)
    ime_type(parties.rows[1][0]["name"], "钱二")
    qtbot.keyClicks(parties.rows[1][0]["phone"], "023-67891234")
    sessions = dialog.child_rows["sessions"]
    qtbot.mouseClick(sessions.add_button, Qt.MouseButton.LeftButton)
    ime_type(sessions.rows[0][0]["place"], "村委会调解室")
    ime_type(sessions.rows[0][0]["notes"], "双方同意疏通排水沟")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    [case] = services.mediation.page().items
    assert case.data.case_number == "（2026）龙兴调字第0001号"
    assert [(p.role, p.name) for p in case.data.parties] == [
        (PartyRole.APPLICANT, "赵一"),
        (PartyRole.RESPONDENT, "钱二"),
    ]
    assert case.data.parties[1].phone == "023-****1234"  # shown masked, kept in full:
    assert services.mediation.reveal(case.id).data.parties[1].phone == "023-67891234"
    assert len(case.data.sessions) == 1 and case.data.sessions[0].place == "村委会调解室"
    assert case.data.mediators == ("周调解", "吴调解")
    assert case.data.dispute_type == "02"
    assert page.model.data(page.model.index(0, 4)) == "赵一"
    assert page.model.data(page.model.index(0, 3)) == "邻里"


def test_wrong_id_check_digit_is_shown_next_to_the_field(qtbot: QtBot, window: MainWindow) -> None:
    services = window.app.services
    page = _open_page(qtbot, window, "consultation")
    dialog = page.new_record()
    e = dialog.editors
    ime_type(e["channel"], "电话")
    ime_type(e["name"], "孙某")
    qtbot.keyClicks(e["id_number"], "110105194912310021")  # last digit should be X
    ime_type(e["category"], "继承")
    ime_type(e["question"], "遗产如何分配")
    ime_type(e["receiver"], "李专干")
    with qtbot.waitSignal(dialog.refused, timeout=10_000):  # the store lane answers
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    label = dialog.error_labels["id_number"]
    assert label.isVisible()
    assert "校验位不正确" in label.text()
    assert "110105194912310021" not in label.text()
    assert e["id_number"].property("invalid") is True
    assert dialog.focusWidget() is e["id_number"]  # the cursor waits in the wrong field
    assert services.consultations.count() == 0
    # Fixing the digit saves it.
    e["id_number"].setText("11010519491231002X")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert services.consultations.count() == 1


def test_confirmed_duty_log_is_locked_in_the_window(qtbot: QtBot, window: MainWindow) -> None:
    services = window.app.services
    village = window.app.station.villages[0]
    services.duty_logs.create(
        DutyLogDraft(
            duty_on=date(2026, 11, 18),
            village_id=village.id,
            lawyer_name="孙律师",
            law_firm="重庆渝北律师事务所",
            start_time=time(9, 0),
            end_time=time(12, 0),
            items=(ServiceItemDraft(DutyServiceType.CONSULTATION, "村民", "继承咨询"),),
        )
    )
    page = _open_page(qtbot, window, "duty_log")
    assert page.confirm_button.isVisible()
    page.select_row(0)
    assert page.model.data(page.model.index(0, 7)) == "待确认"
    dialog = page.confirm_selected()
    assert dialog is not None
    dialog.name.clear()
    ime_type(dialog.name, "周专干")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert page.model.data(page.model.index(0, 7)) == "已确认（周专干）"

    record_dialog = page.open_selected()
    assert record_dialog is not None
    assert record_dialog.banner.isVisible() and "已锁定" in record_dialog.banner.text()
    assert not record_dialog.save_button.isVisible()
    assert not record_dialog.editors["lawyer_name"].isEnabled()
    assert not record_dialog.child_rows["items"].add_button.isEnabled()
    record_dialog.save(again=False)  # even if forced, nothing is written
    stored = services.duty_logs.get(page.selected_id() or 0)
    assert stored.meta.revision == 2 and stored.confirmation is not None
    with pytest.raises(LockedError):
        services.duty_logs.update(stored.id, stored.data, expected_revision=stored.meta.revision)


def test_void_asks_for_a_reason_and_keeps_a_tombstone(qtbot: QtBot, window: MainWindow) -> None:
    services = window.app.services
    draft = ConsultationDraft(
        consulted_on=date(2026, 11, 20),
        channel=ConsultChannel.VISIT,
        name="重复录入",
        category=ConsultCategory.OTHER,
        question="重复的一条",
        receiver="李专干",
        outcome=ConsultOutcome.ANSWERED,
    )
    keep = services.consultations.create(draft)
    services.consultations.create(draft)
    page = _open_page(qtbot, window, "consultation")
    assert page.model.rowCount() == 2
    page.select_row(0)
    victim = page.selected_id()
    dialog = page.void_selected()
    assert dialog is not None
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.isVisible()  # no reason, no void
    ime_type(dialog.reason, "重复录入")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 1
    assert page.model.record_id(0) == keep.id != victim
    voided = services.consultations.get(victim or 0)
    assert voided.meta.voided and voided.meta.void_reason == "重复录入"
    assert services.consultations.count(LedgerQuery(include_voided=True)) == 2


def _fill_5000(window: MainWindow) -> None:
    rng = random.Random(5)
    villages = [v.id for v in window.app.station.villages] + [None]
    names = ["王秀英", "李建国", "张桂兰", "刘志强", "陈红梅"]
    window.app.services.consultations.create_many(
        ConsultationDraft(
            consulted_on=date(2026, 1 + i % 10, 1 + i % 28),
            village_id=villages[i % 3],
            channel=rng.choice(list(ConsultChannel)),
            name=names[i % 5] + ("" if i % 7 else "甲"),
            category=list(ConsultCategory)[i % 16],
            question=("拖欠工资怎么办" if i % 4 == 0 else "宅基地界址纠纷"),
            receiver="李专干",
            outcome=ConsultOutcome.ANSWERED,
        )
        for i in range(5000)
    )


def test_filter_and_search_a_5000_row_ledger(qtbot: QtBot, window: MainWindow) -> None:
    _fill_5000(window)
    services = window.app.services
    page = _open_page(qtbot, window, "consultation")
    assert page.model.rowCount() == 5000
    assert page.count_label.text() == "共 5000 条"

    village = window.app.station.villages[1]
    with qtbot.waitSignal(page.loaded, timeout=10_000) as blocker:
        page.village.setCurrentIndex(page.village.findText(village.name))
    expected = services.consultations.count(LedgerQuery(villages=frozenset({village.id})))
    assert blocker.args == [expected] and 0 < expected < 5000

    with qtbot.waitSignal(page.loaded, timeout=10_000) as blocker:
        ime_type(page.search, "工资")
    both = LedgerQuery(villages=frozenset({village.id}), text="工资")
    assert blocker.args == [services.consultations.count(both)]
    assert all(
        "工资" in (page.model.record(r).data.question or "") for r in range(page.model.rowCount())
    )

    with qtbot.waitSignal(page.loaded, timeout=10_000) as blocker:
        page.kind.setCurrentIndex(page.kind.findText("婚姻家庭"))
    assert blocker.args == [
        services.consultations.count(
            both.__class__(villages=both.villages, text="工资", kind="婚姻家庭")
        )
    ]

    with qtbot.waitSignal(page.loaded, timeout=10_000) as blocker:
        page.reset_filters()
    assert blocker.args == [5000]

    with qtbot.waitSignal(page.loaded, timeout=10_000) as blocker:
        page.search.setText("秀英甲")
    assert blocker.args == [services.consultations.count(LedgerQuery(text="秀英甲"))] != [0]
    # Newest first; clicking the date header flips the order.
    first = page.model.record(0).data.consulted_on
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.table.horizontalHeader().sectionClicked.emit(0)
        page.model.sort(0, Qt.SortOrder.AscendingOrder)
    assert page.model.record(0).data.consulted_on <= first


def test_village_type_ahead_accepts_pinyin(qtbot: QtBot, window: MainWindow) -> None:
    page = _open_page(qtbot, window, "consultation")
    dialog = page.new_record()
    combo = dialog.editors["village_id"]
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QDateEdit), timeout=5000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is combo
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo, "binjiang")
    qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert combo.currentText() == "滨江社区"
    assert combo.value() == window.app.station.villages[1].id
