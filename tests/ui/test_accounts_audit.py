"""The head's 账户 and 审计日志 pages, and the recovery key in 设置."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.domain.choices import Role
from station_app.ui.accounts_page import AccountsPage
from station_app.ui.audit_page import AuditPage
from station_app.ui.main_window import MainWindow
from station_app.ui.recovery_key_dialog import RecoveryKeyDialog
from station_app.ui.settings_page import SettingsPage
from station_app.ui.sign_in_dialog import SignInDialog
from tests.ui.conftest import ime_type

pytestmark = pytest.mark.usefixtures("qapp")


def _table(page: AccountsPage) -> list[list[str]]:
    t = page.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_the_head_adds_an_officer_who_can_then_sign_in(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("accounts")
    assert isinstance(page, AccountsPage)
    assert _table(page) == [["admin", "站长", "站长", "", "正常"]]
    dialog = page.add_account()
    qtbot.keyClicks(dialog.username, "zhou")
    ime_type(dialog.display_name, "周专干")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.VILLAGE_OFFICER.value))
    assert dialog.village.isEnabled()
    dialog.village.setCurrentIndex(dialog.village.findText("滨江社区"))
    qtbot.keyClicks(dialog.password.first, "chushi2026")
    qtbot.keyClicks(dialog.password.second, "chushi2026")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert ["zhou", "周专干", "综治专干", "滨江社区", "正常"] in _table(page)

    services = window.app.services
    signing = SignInDialog(services.accounts)
    qtbot.addWidget(signing)
    signing.show()
    qtbot.keyClicks(signing.username, "zhou")
    qtbot.keyClicks(signing.password, "chushi2026")
    qtbot.keyClick(signing.password, Qt.Key.Key_Return)
    assert signing.signed_in is not None
    assert signing.signed_in.must_change_password  # the head's password is only temporary
    assert signing.signed_in.principal.village_id == window.app.station.villages[1].id


def test_lock_out_unlock_disable_and_reset(qtbot: QtBot, window: MainWindow) -> None:
    services = window.app.services
    page = window.show_page("accounts")
    assert isinstance(page, AccountsPage)
    dialog = page.add_account()
    qtbot.keyClicks(dialog.username, "li")
    ime_type(dialog.display_name, "李干事")
    qtbot.keyClicks(dialog.password.first, "chushi2026")
    qtbot.keyClicks(dialog.password.second, "chushi2027")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "不一致" in dialog.error.text()
    dialog.password.second.clear()
    qtbot.keyClicks(dialog.password.second, "chushi2026")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    head = services.ctx.principal
    for _ in range(services.accounts.policy().max_failed_sign_ins):
        with pytest.raises(Exception, match=r"锁定|错误"):
            services.accounts.sign_in("li", "wrong-pass-1")
    services.ctx.principal = head
    page.refresh()
    page.select_username("li")
    assert page.selected() is not None and _table(page)[1][4] == "已锁定"
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert _table(page)[1][4] == "正常" and "已解锁" in page.message.text()
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert _table(page)[1][4] == "停用" and page.active_button.text() == "启用"

    page.select_username("admin")  # the last head cannot be switched off: said, not crashed
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert "至少保留一个站长账户" in page.message.text()

    page.select_username("li")
    reset = page.reset_password()
    assert reset is not None
    qtbot.keyClicks(reset.new_password, "xinmima2026")
    qtbot.keyClicks(reset.repeat_password, "xinmima2026")
    qtbot.keyClick(reset.repeat_password, Qt.Key.Key_Return)
    assert not reset.isVisible() and "密码已重置" in page.message.text()


def test_the_policy_sets_the_idle_lock(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("accounts")
    assert isinstance(page, AccountsPage)
    page.max_failed.setValue(4)
    page.idle_minutes.setValue(3)
    qtbot.mouseClick(page.save_policy_button, Qt.MouseButton.LeftButton)
    policy = window.app.services.accounts.policy()
    assert (policy.max_failed_sign_ins, policy.idle_lock_minutes) == (4, 3)
    assert window.session.timer.interval() == 3 * 60_000


def test_the_audit_page_lists_newest_first_exports_and_verifies(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    page = window.show_page("audit")
    assert isinstance(page, AuditPage)
    page.refresh()
    model = page.model
    assert model.rowCount() == model.total >= 2
    newest = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert newest[1:3] == ["admin", "登录"]
    oldest = [model.data(model.index(model.rowCount() - 1, c)) for c in range(6)]
    assert oldest[2] == "初始化台账"

    target = tmp_path / "审计日志.xlsx"
    with qtbot.waitSignal(page.finished, timeout=10_000):
        page.export_to(target)
    assert "已导出" in page.result.text()
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert any("登录" in [str(v) for v in row] for row in rows)
    assert page.model.data(page.model.index(0, 2)) == "导出"  # the export joins the trail

    with qtbot.waitSignal(page.finished, timeout=10_000):
        qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert "校验通过" in page.result.text()


def test_the_audit_model_passes_qt_model_tester(qtmodeltester: object, window: MainWindow) -> None:
    page = window.show_page("audit")
    assert isinstance(page, AuditPage)
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]


def test_the_head_sees_the_recovery_key_in_settings(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    dialog = page.show_recovery_key()
    assert isinstance(dialog, RecoveryKeyDialog)
    key = dialog.key_label.text()
    assert len(key.replace("-", "")) >= 32
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    from PySide6.QtGui import QGuiApplication

    assert QGuiApplication.clipboard().text() == key
    QGuiApplication.clipboard().clear()
    out = Path(window.app.services.store.data_dir) / "key.txt"
    dialog.save_to(out)
    assert key in out.read_text(encoding="utf-8")
    newest = window.app.services.audit.page(0, 1)[0]
    assert newest.action == "export_recovery_key"
