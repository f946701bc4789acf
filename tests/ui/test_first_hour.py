"""A clerk's first hour in the main window and the forms (issue 15): what they see and type."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from station_app.domain.accounts import AccountPolicy
from station_app.domain.choices import DutyServiceType
from station_app.domain.duty_compliance import Period, PeriodHours
from station_app.domain.duty_log import DutyLogDraft, ServiceItemDraft
from station_app.services.station_services import StationServices
from station_app.ui.compliance_cells import period_cell
from station_app.ui.forms.record_dialog import RecordDialog
from station_app.ui.ledger_page import LedgerPage
from station_app.ui.main_window import MainWindow
from station_app.ui.session_guard import LockCover
from station_app.ui.sign_in_dialog import SignInDialog
from station_app.ui.window_text import window_text
from tests.conftest import HEAD_PASSWORD
from tests.ui.conftest import ime_type

pytestmark = pytest.mark.usefixtures("qapp")
CTRL = Qt.KeyboardModifier.ControlModifier


def _page(qtbot: QtBot, window: MainWindow, entity: str) -> LedgerPage:
    page = window.ledger_pages[entity]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        if window.show_page(entity) is page and page.model.rowCount() == 0:
            page.refresh()
    return page


def _form(qtbot: QtBot, page: LedgerPage) -> RecordDialog:
    form = page.new_record()
    qtbot.waitExposed(form)
    return form


def _focus(window: QWidget, widget: QWidget, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitActive(window)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


# -- the main window ---------------------------------------------------------------------------


def test_the_title_names_the_app_once(window: MainWindow) -> None:
    assert window.windowTitle() == "龙兴镇公共法律服务工作站 — 站长"
    # Qt adds the application's display name itself; the title no longer repeats it.
    assert "公共法律服务台账" not in window.windowTitle()


def test_the_status_bar_counts_records_not_the_stations_setup(
    qtbot: QtBot, window: MainWindow
) -> None:
    services = window.app.services
    assert services.stats.unsent_count() > 0  # the station and its villages wait to be sent
    qtbot.waitUntil(lambda: window.unsent_label.text() == "待上传县中心：0 条", timeout=10_000)
    page = _page(qtbot, window, "consultation")
    form = _form(qtbot, page)
    ime_type(form.editors["channel"], "来访")
    ime_type(form.editors["name"], "孙某")
    ime_type(form.editors["category"], "继承")
    ime_type(form.editors["question"], "遗产如何分配")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save(again=False)
    qtbot.waitUntil(lambda: window.unsent_label.text() == "待上传县中心：1 条", timeout=10_000)


def test_ctrl_n_opens_a_new_record_from_anywhere_on_a_ledger_page(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _page(qtbot, window, "publicity_event")
    assert "Ctrl+N" in page.new_button.toolTip()
    for where in (window.nav, page.search, page.table):
        _focus(window, where, qtbot)
        qtbot.keyClick(where, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RecordDialog))
        form = QApplication.activeModalWidget()
        assert isinstance(form, RecordDialog) and form.objectName() == "form_publicity_event"
        form.reject()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_tab_leaves_the_ledger_table_for_the_buttons_and_filters(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _page(qtbot, window, "consultation")
    _focus(window, page.table, qtbot)
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not page.table
    _focus(window, page.table, qtbot)
    qtbot.keyClick(page.table, Qt.Key.Key_Backtab)
    left_to = QApplication.focusWidget()
    assert left_to is not page.table and left_to is not None
    assert page.isAncestorOf(left_to)  # back to the page's filters, not out of the window


def test_focus_is_drawn_on_a_button(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window, "consultation")
    plain = page.reset_button.grab().toImage()
    _focus(window, page.reset_button, qtbot)
    focused = page.reset_button.grab().toImage()
    assert plain != focused  # the focused button looks different (a blue frame)
    blue = QColor("#1d5bd6")
    edge = focused.pixelColor(focused.width() // 2, 1)
    assert abs(edge.blue() - blue.blue()) < 40 and edge.red() < 90


def _widths(page: LedgerPage) -> dict[str, int]:
    model = page.model
    return {
        str(model.headerData(i, Qt.Orientation.Horizontal)): page.table.columnWidth(i)
        for i in range(model.columnCount())
    }


@pytest.mark.parametrize(
    ("entity", "short", "content"),
    [
        ("consultation", ["日期", "接待人", "村(居)", "咨询人"], "咨询内容"),
        ("mediation_case", ["受理日期", "结案日期"], "被申请人"),
        ("publicity_event", ["参加人数", "主讲人"], "主题"),
        ("legal_aid_review", ["转送日期", "申请人"], "经济困难依据"),
    ],
)
def test_short_columns_are_narrow_and_the_content_column_gets_the_rest(
    qtbot: QtBot, window: MainWindow, entity: str, short: list[str], content: str
) -> None:
    page = _page(qtbot, window, entity)
    widths = _widths(page)
    for header in short:
        assert widths[header] <= 150, (header, widths[header])
    assert widths[content] >= max(widths.values()) - 1  # (two may share the rest)
    assert widths[content] >= 200
    # Every short column shows its header and a date in full.
    metrics = page.table.fontMetrics()
    assert widths[short[0]] >= metrics.horizontalAdvance("2026-11-28") + 8


def _arrow_points_down(image: QImage, area: QRect) -> bool:
    """The sort arrow's dark pixels: a ▼ is wider at its top row than at its bottom."""
    rows: list[int] = []
    for y in range(area.top(), area.bottom()):
        dark = [
            x for x in range(area.left(), area.right()) if image.pixelColor(x, y).lightness() < 150
        ]
        if dark:
            rows.append(len(dark))
    assert len(rows) >= 3, "no sort arrow drawn"
    return rows[0] > rows[-1]


def test_the_date_column_shows_newest_first_with_a_downward_arrow(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _page(qtbot, window, "consultation")
    header = page.table.horizontalHeader()
    assert header.sortIndicatorSection() == 0
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    image = header.grab().toImage()
    width = header.sectionSize(0)
    text = header.fontMetrics().horizontalAdvance("日期")
    # The arrow sits right of the centred title.
    arrow = QRect(width // 2 + text // 2 + 2, 0, width // 2 - text // 2 - 2, header.height())
    assert _arrow_points_down(image, arrow)


def test_the_party_id_field_shows_all_18_digits(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window, "mediation_case")
    form = _form(qtbot, page)
    field = form.child_rows["parties"].rows[0][0]["id_number"]
    field.setText("11010519491231002X")
    needed = field.fontMetrics().horizontalAdvance("11010519491231002X")
    assert field.cursorRect().right() >= needed - 4  # the cursor after the last digit...
    assert field.width() >= needed + 8  # ...inside a field wide enough to show them all


# -- the forms ---------------------------------------------------------------------------------


def test_receiver_is_the_signed_in_clerk_and_the_village_the_last_one_used(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _page(qtbot, window, "consultation")
    second = window.app.station.villages[1]
    form = _form(qtbot, page)
    assert form.editors["receiver"].value() == "站长"
    form.editors["village_id"].set_value(second.id)
    ime_type(form.editors["channel"], "来访")
    ime_type(form.editors["name"], "孙某")
    ime_type(form.editors["category"], "继承")
    ime_type(form.editors["question"], "遗产如何分配")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save(again=False)
    again = _form(qtbot, page)  # the next visitor, a while later
    assert again.editors["village_id"].value() == second.id
    assert again.editors["receiver"].value() == "站长"
    again.reject()
    publicity = _form(qtbot, _page(qtbot, window, "publicity_event"))
    assert publicity.editors["village_id"].value() == second.id


def test_a_required_error_goes_as_soon_as_the_field_is_filled(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _page(qtbot, window, "consultation")
    form = _form(qtbot, page)
    with qtbot.waitSignal(form.refused, timeout=10_000):
        form.save(again=False)
    name_error, question_error = form.error_labels["name"], form.error_labels["question"]
    assert name_error.isVisible() and name_error.text() == "咨询人姓名：必填"
    assert question_error.isVisible()
    ime_type(form.editors["name"], "孙某")
    assert name_error.isHidden()
    assert form.editors["name"].property("invalid") is False
    assert question_error.isVisible()  # still empty: still said
    ime_type(form.editors["question"], "遗产如何分配")
    assert question_error.isHidden()


def test_a_service_item_error_names_its_field_once(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window, "duty_log")
    form = _form(qtbot, page)
    ime_type(form.editors["lawyer_name"], "孙律师")
    ime_type(form.editors["law_firm"], "重庆渝北律师事务所")
    with qtbot.waitSignal(form.refused, timeout=10_000):
        form.save(again=False)
    items = form.child_rows["items"]
    text = items.errors.text()
    assert "第1项服务的服务对象：必填" in text
    assert "服务服务" not in text
    ime_type(items.rows[0][0]["served"], "村民")
    assert "服务对象" not in items.errors.text()
    assert "服务内容" in items.errors.text()  # the other cell is still empty


def test_ctrl_enter_says_saved_in_green_in_line_with_the_fields(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = _page(qtbot, window, "publicity_event")
    form = _form(qtbot, page)
    ime_type(form.editors["form"], "讲座")
    ime_type(form.editors["topic"], "民法典进村")
    ime_type(form.editors["attendees"], "30")
    with qtbot.waitSignal(form.saved, timeout=10_000):
        qtbot.keyClick(
            form.editors["topic"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    note = form.general_error
    assert note.isVisible() and note.text().startswith("已保存")
    colour = note.palette().color(note.foregroundRole())
    assert colour.green() > colour.red()  # green, not the error red
    left = note.mapTo(form, QPoint(0, 0)).x() + note.contentsMargins().left()
    field_left = form.buttons.mapTo(form, QPoint(0, 0)).x()
    assert left >= 12 and abs(left - field_left) <= 8  # in line with the buttons


def test_a_confirmation_is_signed_with_a_name_not_a_role(qtbot: QtBot, window: MainWindow) -> None:
    services = window.app.services
    services.duty_logs.create(
        DutyLogDraft(
            duty_on=date(2026, 11, 18),
            village_id=window.app.station.villages[0].id,
            lawyer_name="孙律师",
            law_firm="重庆渝北律师事务所",
            start_time=time(9, 0),
            end_time=time(12, 0),
            items=(ServiceItemDraft(DutyServiceType.CONSULTATION, "村民", "继承咨询"),),
        )
    )
    page = _page(qtbot, window, "duty_log")
    page.select_row(0)
    dialog = page.confirm_selected()
    assert dialog is not None
    dialog.name.clear()
    ime_type(dialog.name, "综治专干")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and "姓名" in dialog.error.text()
    dialog.name.clear()
    ime_type(dialog.name, "周专干")
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert page.model.data(page.model.index(0, 7)) == "已确认（周专干）"
    opened = page.open_selected()
    assert opened is not None
    today = services.ctx.clock.today()
    assert opened.banner.text().startswith(f"该值班记录已由 周专干 于 {today:%Y-%m-%d} 确认")


# -- words in the window -----------------------------------------------------------------------


def test_window_messages_drop_the_english_gloss() -> None:
    assert window_text("用户名或密码错误 / wrong user name or password") == "用户名或密码错误"
    assert window_text("…请15分钟后再试或请站长解锁 / account locked").endswith("请站长解锁")
    assert window_text("日期 / 时间：必填") == "日期 / 时间：必填"  # Chinese on both sides


def test_the_sign_in_dialog_speaks_chinese_only(qtbot: QtBot, services: StationServices) -> None:
    services.accounts.set_policy(AccountPolicy(max_failed_sign_ins=3, lock_minutes=15))
    dialog = SignInDialog(services.accounts, "龙兴镇公共法律服务工作站")
    qtbot.addWidget(dialog)
    dialog.show()
    for attempt in range(4):
        dialog.username.setText("admin")
        dialog.password.setText(f"wrong-pass-{attempt}")
        dialog.submit()
        text = dialog.error.text()
        assert text and text.isascii() is False
        assert not any("a" <= ch.lower() <= "z" for ch in text), text
    assert "已锁定" in dialog.error.text()


def test_the_idle_lock_says_how_to_unlock(qtbot: QtBot, window: MainWindow) -> None:
    window.session.lock()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), SignInDialog))
    cover = window.findChildren(LockCover)[0]
    assert cover.isVisible()
    assert "输入密码" in cover.hint.text() and "回车" in cover.hint.text()
    lock = QApplication.activeModalWidget()
    assert isinstance(lock, SignInDialog)
    lock.hide()  # lost behind another program
    qtbot.mouseClick(cover, Qt.MouseButton.LeftButton)
    assert lock.isVisible()  # a click on the cover brings it back
    qtbot.keyClicks(lock.password, HEAD_PASSWORD)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.session.locked, timeout=5000)


# -- the compliance view -----------------------------------------------------------------------


def _hours(start: date, days: int, seconds: int, today: date) -> PeriodHours:
    end = start + timedelta(days=days - 1)
    return PeriodHours(Period("11月", start, end), seconds, Decimal(8), end < today)


def test_a_period_not_over_is_in_progress_not_a_failure() -> None:
    today = date(2026, 11, 30)
    assert period_cell(_hours(date(2026, 11, 1), 30, 0, today), today) == "进行中"
    assert period_cell(_hours(date(2026, 11, 1), 30, 3 * 3600, today), today) == "3.0（进行中）"
    assert period_cell(_hours(date(2026, 12, 1), 31, 0, today), today) == ""  # not begun
    assert period_cell(_hours(date(2026, 10, 1), 31, 0, today), today) == "0.0 未达标"
    assert period_cell(_hours(date(2026, 10, 1), 31, 9 * 3600, today), today) == "9.0"
