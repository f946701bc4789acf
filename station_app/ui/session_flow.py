"""Who is at the keyboard: the dialogs between an open store and the main window.

A store whose head has no password yet asks for one first (and signs the head in with it);
otherwise the sign-in dialog. A temporary password set by the head must be replaced before
the window opens. Each step returns None when the user leaves: the app then closes.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from station_app.domain.choices import Role
from station_app.services.account_service import AccountService, SignedIn
from station_app.services.station_services import StationServices
from station_app.ui.i18n import tr
from station_app.ui.password_dialogs import PasswordDialog
from station_app.ui.setup_dialog import SetupDialog
from station_app.ui.sign_in_dialog import SignInDialog


def sign_in_at_start(services: StationServices, parent: QWidget | None = None) -> SignedIn | None:
    """The signed-in account (password changed if it had to be), or None if the user left."""
    accounts = services.accounts
    station = services.organisation.require_station().name
    if not accounts.has_accounts():
        signed = _first_head(accounts, parent)
    elif accounts.needs_first_password():
        signed = _first_password(services, parent)
    else:
        dialog = SignInDialog(accounts, station, parent=parent)
        signed = dialog.signed_in if dialog.exec() == QDialog.DialogCode.Accepted else None
    if signed is None:
        return None
    if signed.must_change_password and not forced_password_change(accounts, parent).exec():
        accounts.sign_out()
        return None
    return signed


def first_sign_in(services: StationServices, setup: SetupDialog, parent: QWidget | None) -> None:
    """Right after the setup dialog: the head is signed in with the password just chosen,
    and sees the recovery key, once, to write down."""
    from station_app.ui.recovery_key_dialog import RecoveryKeyDialog

    services.accounts.sign_in(setup.head_username.text().strip(), setup.password())
    RecoveryKeyDialog(services.keys.recovery_key(), first_time=True, parent=parent).exec()


def forced_password_change(accounts: AccountService, parent: QWidget | None) -> PasswordDialog:
    """The temporary password the head gave must be replaced before anything else."""
    return PasswordDialog(
        tr("请设置新密码"),
        tr("您的密码是站长设置的临时密码。为保护台账中的个人信息，请先设置只有您知道的新密码。"),
        accounts.change_password,
        ask_old=True,
        reject_text=tr("退出"),
        parent=parent,
    )


def change_password_dialog(accounts: AccountService, parent: QWidget | None) -> PasswordDialog:
    return PasswordDialog(
        tr("修改密码"),
        tr("请输入原密码和新密码。"),
        accounts.change_password,
        ask_old=True,
        parent=parent,
    )


def _first_password(services: StationServices, parent: QWidget | None) -> SignedIn | None:
    """A store created before sign-in existed: the station head chooses a password now."""
    accounts = services.accounts
    head = next(u for u in services.organisation.users() if u.role is Role.STATION_HEAD)
    result: list[SignedIn] = []

    def attempt(_old: str, new: str) -> None:
        accounts.set_first_password(head.username, new)
        result.append(accounts.sign_in(head.username, new))

    dialog = PasswordDialog(
        tr("设置站长密码"),
        tr(
            "本机台账的站长 {0}（用户名 {1}）还没有登录密码。"
            "请先设置密码，以后每次打开台账都要登录。"
        ).format(head.display_name, head.username),
        attempt,
        reject_text=tr("退出"),
        parent=parent,
    )
    dialog.setObjectName("firstPasswordDialog")
    return result[0] if dialog.exec() == QDialog.DialogCode.Accepted and result else None


def _first_head(accounts: AccountService, parent: QWidget | None) -> SignedIn | None:
    """A device enrolled on an empty folder got the station but no accounts: a first head."""
    username, name = QLineEdit("admin"), QLineEdit()
    result: list[SignedIn] = []

    def attempt(_old: str, new: str) -> None:
        accounts.create_first_head(username.text().strip(), name.text().strip(), new)
        result.append(accounts.sign_in(username.text().strip(), new))

    dialog = PasswordDialog(
        tr("创建站长账户"),
        tr("本机还没有任何账户。请创建站长账户，站长登录后可为其他人新增账户。"),
        attempt,
        reject_text=tr("退出"),
        extra_rows=((tr("站长姓名"), name), (tr("登录用户名"), username)),
        parent=parent,
    )
    dialog.setObjectName("firstHeadDialog")
    return result[0] if dialog.exec() == QDialog.DialogCode.Accepted and result else None
