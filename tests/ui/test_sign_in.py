"""Sign-in, first password, forced change, idle lock, and a window that follows the account."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from station_app.app import open_window
from station_app.domain.accounts import AccountPolicy
from station_app.domain.choices import (
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DutyServiceType,
    Role,
    UnitKind,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyLogDraft, ServiceItemDraft
from station_app.domain.organisation import StationDraft, UserDraft
from station_app.services.station_services import StationServices
from station_app.ui.app_context import AppContext
from station_app.ui.forms.record_dialog import RecordDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.operations import OperationRunner
from station_app.ui.password_dialogs import PasswordDialog
from station_app.ui.session_guard import LockCover
from station_app.ui.sign_in_dialog import SignInDialog
from tests.conftest import HEAD_PASSWORD, FixedClock
from tests.ui.conftest import answer_modals, ime_type

pytestmark = pytest.mark.usefixtures("qapp")

OFFICER_PASSWORD = "qingshi2026"
CLEAR_ID = "11010519491231002X"
CLEAR_PHONE = "13800138000"


def _sign_in_dialog(qtbot: QtBot, services: StationServices) -> SignInDialog:
    dialog = SignInDialog(services.accounts, "龙兴镇公共法律服务工作站")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _type_and_enter(qtbot: QtBot, dialog: SignInDialog, username: str, password: str) -> None:
    """As a user does: the name, Enter (to the password), the password, Enter."""
    dialog.username.setFocus()
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def _add_user(
    services: StationServices,
    username: str,
    name: str,
    role: Role,
    village_id: int | None = None,
    password: str = OFFICER_PASSWORD,
) -> None:
    """An account that has already replaced the head's temporary password with its own."""
    head = services.ctx.principal
    services.accounts.add_account(UserDraft(username, name, role, village_id), "temp" + password)
    services.accounts.sign_in(username, "temp" + password)
    services.accounts.change_password("temp" + password, password)
    services.ctx.principal = head


def _window_for(
    qtbot: QtBot, services: StationServices, username: str, password: str
) -> MainWindow:
    services.accounts.sign_in(username, password)
    window = MainWindow(AppContext.load(services, OperationRunner()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _consultation(village_id: int | None, name: str, **extra: object) -> ConsultationDraft:
    return ConsultationDraft(
        consulted_on=date(2026, 11, 20),
        village_id=village_id,
        channel=ConsultChannel.VISIT,
        name=name,
        category=ConsultCategory.OTHER,
        question="土地承包问题",
        receiver="李专干",
        outcome=ConsultOutcome.ANSWERED,
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def closing() -> Iterator[list[MainWindow]]:
    """Windows opened by open_window: closed (and their workers drained) after the test."""
    opened: list[MainWindow] = []
    yield opened
    for window in opened:
        window.close()
        window.app.runner.wait()


# -- the sign-in dialog ------------------------------------------------------------------------


def test_sign_in_with_the_keyboard(qtbot: QtBot, services: StationServices) -> None:
    dialog = _sign_in_dialog(qtbot, services)
    assert dialog.focusWidget() is dialog.username
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.isHidden()  # Enter moved on, tried nothing
    qtbot.keyClicks(dialog.password, HEAD_PASSWORD)
    assert dialog.password.echoMode() is QLineEdit.EchoMode.Password
    assert HEAD_PASSWORD not in dialog.password.displayText()
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert dialog.signed_in is not None and dialog.signed_in.principal.username == "admin"
    assert services.ctx.principal.username == "admin"
    assert dialog.password.text() == ""  # not kept in the widget


def test_a_wrong_password_is_said_in_the_dialog(qtbot: QtBot, services: StationServices) -> None:
    dialog = _sign_in_dialog(qtbot, services)
    _type_and_enter(qtbot, dialog, "admin", "wrong-pass-1")
    assert dialog.isVisible() and dialog.signed_in is None
    assert "用户名或密码错误" in dialog.error.text()
    assert "wrong-pass-1" not in dialog.error.text()
    assert dialog.password.text() == "" and dialog.focusWidget() is dialog.password
    # An unknown user name gets the very same words (no hint which names exist).
    _type_and_enter(qtbot, dialog, "nobody", "wrong-pass-1")
    assert "用户名或密码错误" in dialog.error.text()


def test_too_many_wrong_passwords_lock_the_account(qtbot: QtBot, services: StationServices) -> None:
    services.accounts.set_policy(AccountPolicy(max_failed_sign_ins=3, lock_minutes=15))
    dialog = _sign_in_dialog(qtbot, services)
    for attempt in range(3):
        _type_and_enter(qtbot, dialog, "admin", f"wrong-pass-{attempt}")
    assert "已锁定" in dialog.error.text() and "15分钟" in dialog.error.text()
    _type_and_enter(qtbot, dialog, "admin", HEAD_PASSWORD)  # even the right one, for now
    assert dialog.isVisible() and dialog.signed_in is None
    assert "已锁定" in dialog.error.text()


# -- start-up flows ----------------------------------------------------------------------------


def test_a_head_without_a_password_sets_one_first(
    qtbot: QtBot, tmp_path: Path, clock: FixedClock, closing: list[MainWindow]
) -> None:
    services = StationServices.open(tmp_path / "old", clock=clock)
    services.organisation.initialize(
        StationDraft("龙兴镇公共法律服务工作站", "渝北区", UnitKind.TOWN, ()),
        UserDraft("admin", "王站长", Role.STATION_HEAD),
    )
    assert services.accounts.needs_first_password()
    seen: list[str] = []

    def choose(dialog: QWidget) -> None:
        assert isinstance(dialog, PasswordDialog)
        seen.append(dialog.objectName())
        qtbot.keyClicks(dialog.new_password, "wangzz2026")
        qtbot.keyClicks(dialog.repeat_password, "wangzz2026")
        qtbot.keyClick(dialog.repeat_password, Qt.Key.Key_Return)

    timer = answer_modals(choose)
    window = open_window(services)
    timer.stop()
    assert isinstance(window, MainWindow)
    closing.append(window)
    assert seen == ["firstPasswordDialog"]
    assert "王站长" in window.user_label.text()
    assert not services.accounts.needs_first_password()
    services.accounts.sign_out()
    assert services.accounts.sign_in("admin", "wangzz2026").principal.display_name == "王站长"
    window.close()
    services.close()


def test_a_temporary_password_must_be_changed_before_the_window_opens(
    qtbot: QtBot, services: StationServices, closing: list[MainWindow]
) -> None:
    village = services.organisation.require_station().villages[0]
    services.accounts.add_account(
        UserDraft("zhou", "周专干", Role.VILLAGE_OFFICER, village.id), "linshi2026"
    )
    seen: list[str] = []

    def sign_in(dialog: QWidget) -> None:
        assert isinstance(dialog, SignInDialog)
        seen.append("sign-in")
        _type_and_enter(qtbot, dialog, "zhou", "linshi2026")

    def change(dialog: QWidget) -> None:
        assert isinstance(dialog, PasswordDialog)
        seen.append("change")
        qtbot.keyClicks(dialog.old_password, "linshi2026")
        qtbot.keyClicks(dialog.new_password, OFFICER_PASSWORD)
        qtbot.keyClicks(dialog.repeat_password, OFFICER_PASSWORD + "x")
        qtbot.keyClick(dialog.repeat_password, Qt.Key.Key_Return)
        assert dialog.isVisible() and "不一致" in dialog.error.text()
        dialog.repeat_password.clear()
        qtbot.keyClicks(dialog.repeat_password, OFFICER_PASSWORD)
        qtbot.keyClick(dialog.repeat_password, Qt.Key.Key_Return)

    timer = answer_modals(sign_in, change)
    window = open_window(services)
    timer.stop()
    assert isinstance(window, MainWindow)
    closing.append(window)
    assert seen == ["sign-in", "change"]
    assert "周专干" in window.user_label.text() and "周专干" in window.windowTitle()
    assert services.accounts.sign_in("zhou", OFFICER_PASSWORD).must_change_password is False


def test_leaving_the_forced_change_opens_nothing(qtbot: QtBot, services: StationServices) -> None:
    services.accounts.add_account(UserDraft("gan", "李干事", Role.STATION_CLERK), "linshi2026")

    def sign_in(dialog: QWidget) -> None:
        assert isinstance(dialog, SignInDialog)
        _type_and_enter(qtbot, dialog, "gan", "linshi2026")

    def leave(dialog: QWidget) -> None:
        assert isinstance(dialog, PasswordDialog)
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)

    timer = answer_modals(sign_in, leave)
    assert open_window(services) is None
    timer.stop()


# -- idle lock ---------------------------------------------------------------------------------


def test_idle_lock_covers_an_open_form_and_the_password_brings_it_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.ledger_pages["consultation"]
    form = page.new_record()
    qtbot.waitExposed(form)
    ime_type(form.editors["name"], "张三丰")
    assert form.editors["name"].value() == "张三丰"

    window.session.set_interval_ms(150)
    qtbot.waitUntil(
        lambda: isinstance(QApplication.activeModalWidget(), SignInDialog), timeout=5000
    )
    window.session.set_interval_ms(60_000)  # no second lock while this test types
    lock = QApplication.activeModalWidget()
    assert isinstance(lock, SignInDialog)
    assert window.session.locked
    assert lock.username.text() == "admin" and lock.username.isReadOnly()
    # Both the window and the form are covered, and the form is still open underneath.
    assert form.isVisible()
    assert form.findChildren(LockCover) and form.findChildren(LockCover)[0].isVisible()
    assert window.findChildren(LockCover)[0].isVisible()

    qtbot.keyClicks(lock.password, "wrong-pass-1")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert window.session.locked and "用户名或密码错误" in lock.error.text()
    qtbot.keyClick(lock.password, Qt.Key.Key_Escape)  # Esc does not lift the lock
    assert lock.isVisible() and window.session.locked

    qtbot.keyClicks(lock.password, HEAD_PASSWORD)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.session.locked, timeout=5000)
    qtbot.waitUntil(lambda: not form.findChildren(LockCover), timeout=5000)
    assert form.isVisible() and form.editors["name"].value() == "张三丰"
    assert window.ledger_pages["consultation"] is page  # the same window, not a rebuilt one


def test_switch_user_from_the_lock_screen_rebuilds_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    services = window.app.services
    village = window.app.station.villages[0]
    _add_user(services, "zhou", "周专干", Role.VILLAGE_OFFICER, village.id)
    window.session.lock()
    lock = QApplication.activeModalWidget()
    assert isinstance(lock, SignInDialog)
    qtbot.mouseClick(lock.other_button, Qt.MouseButton.LeftButton)  # 切换用户
    qtbot.waitUntil(
        lambda: isinstance(d := QApplication.activeModalWidget(), SignInDialog) and not d.locked,
        timeout=5000,
    )
    other = QApplication.activeModalWidget()
    assert isinstance(other, SignInDialog)
    _type_and_enter(qtbot, other, "zhou", OFFICER_PASSWORD)
    qtbot.waitUntil(lambda: not window.session.locked, timeout=5000)
    assert "周专干" in window.user_label.text()
    assert "账户" not in _nav(window) and "设置" not in _nav(window)
    services.ctx.principal = services.accounts.principal("admin")  # to read the trail
    actions = [a.action for a in services.audit.page(0, 5)]
    assert actions[:2] == ["sign_in", "sign_out"]


# -- the window follows the account ------------------------------------------------------------


def _nav(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


def test_a_village_officer_sees_only_their_village(qtbot: QtBot, services: StationServices) -> None:
    qingshi, binjiang = services.organisation.require_station().villages
    services.consultations.create(_consultation(qingshi.id, "青石村民"))
    services.consultations.create(_consultation(binjiang.id, "滨江居民"))
    services.consultations.create(_consultation(None, "本站来访"))
    _add_user(services, "zhou", "周专干", Role.VILLAGE_OFFICER, qingshi.id)

    window = _window_for(qtbot, services, "zhou", OFFICER_PASSWORD)
    page = window.ledger_pages["consultation"]
    qtbot.waitUntil(lambda: page.count_label.text() != "", timeout=10_000)
    assert page.model.rowCount() == 1
    record = page.model.record(0)
    assert record is not None and record.data.name == "青石村民"
    assert [page.village.itemText(i) for i in range(page.village.count())] == ["青石村"]
    form = page.new_record()  # a new record is in their village already, nowhere else offered
    village_field = form.editors["village_id"]
    assert [village_field.itemText(i) for i in range(village_field.count())] == ["青石村"]
    assert village_field.value() == qingshi.id
    form.reject()
    # The five ledgers (their village's volume) and 同步 for a village room's own PC; no
    # 统计报表, 设置, 账户 or 审计日志.
    # (after 工作台, the first page of every account: issue 16)
    assert _nav(window)[0].startswith("工作台")
    ledgers = ["法律咨询", "人民调解", "律师值班", "法治宣传", "法律援助初审"]
    assert _nav(window)[1:] == [*ledgers, "同步"]
    assert not window.import_action.isVisible() and not window.import_action.isEnabled()
    assert "周专干（综治专干 · 青石村）" in window.user_label.text()
    window.app.runner.wait()


def test_a_lawyer_is_not_offered_to_confirm_their_own_log(
    qtbot: QtBot, services: StationServices
) -> None:
    village = services.organisation.require_station().villages[0]
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
    _add_user(services, "sun", "孙律师", Role.DUTY_LAWYER)

    window = _window_for(qtbot, services, "sun", OFFICER_PASSWORD)
    assert _nav(window)[0].startswith("工作台")
    assert _nav(window)[1:] == ["法律咨询", "律师值班", "法治宣传"]
    page = window.ledger_pages["duty_log"]
    window.show_page("duty_log")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.select_row(0)
    assert page.confirm_button.isHidden()
    form = page.open_selected()
    assert form is not None and form.reveal_button.isHidden()  # no Right.REVEAL
    form.close()
    window.close()
    window.app.runner.wait()

    # The head, on the same log, is offered 确认.
    head = _window_for(qtbot, services, "admin", HEAD_PASSWORD)
    head_page = head.ledger_pages["duty_log"]
    head.show_page("duty_log")
    qtbot.waitUntil(lambda: head_page.model.rowCount() == 1, timeout=10_000)
    head_page.select_row(0)
    assert not head_page.confirm_button.isHidden() and head_page.confirm_button.isEnabled()
    head.app.runner.wait()


def test_reveal_fills_the_clear_numbers_and_is_audited(qtbot: QtBot, window: MainWindow) -> None:
    services = window.app.services
    services.consultations.create(
        _consultation(None, "王五", phone=CLEAR_PHONE, id_number=CLEAR_ID)
    )
    page = window.ledger_pages["consultation"]
    page.refresh()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.select_row(0)
    form = page.open_selected()
    assert isinstance(form, RecordDialog)
    assert form.editors["id_number"].value() == "110105********002X"
    assert form.editors["phone"].value() == "138****8000"
    before = services.audit.count()

    qtbot.mouseClick(form.reveal_button, Qt.MouseButton.LeftButton)
    assert form.editors["id_number"].value() == CLEAR_ID
    assert form.editors["phone"].value() == CLEAR_PHONE
    assert "已记入审计日志" in form.general_error.text()
    assert services.audit.count() == before + 1
    newest = services.audit.page(0, 1)[0]
    assert (newest.action, newest.actor, newest.entity) == ("reveal", "admin", "consultation")
    form.close()
