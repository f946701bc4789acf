"""账户 (station head only): who may sign in, with which role and village; the sign-in policy.

Each action goes through ``services.accounts``, which checks the head's right again and writes
the audit trail; a refusal is shown on the page, never a crash.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.accounts import AccountPolicy
from station_app.domain.choices import Role
from station_app.domain.errors import DomainError
from station_app.domain.organisation import UserDraft
from station_app.services.account_service import AccountInfo
from station_app.ui.app_context import AppContext
from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr
from station_app.ui.password_dialogs import PasswordDialog, PasswordFields, error_label
from station_app.ui.window_text import window_text

HEADERS = (
    QT_TRANSLATE_NOOP("", "用户名"),
    QT_TRANSLATE_NOOP("", "姓名"),
    QT_TRANSLATE_NOOP("", "角色"),
    QT_TRANSLATE_NOOP("", "所属村(居)"),
    QT_TRANSLATE_NOOP("", "状态"),
)
ROLE_NAMES = {
    Role.STATION_HEAD: QT_TRANSLATE_NOOP("", "站长"),
    Role.STATION_CLERK: QT_TRANSLATE_NOOP("", "工作站工作人员"),
    Role.VILLAGE_OFFICER: QT_TRANSLATE_NOOP("", "综治专干"),
    Role.DUTY_LAWYER: QT_TRANSLATE_NOOP("", "值班律师"),
}


class AccountsPage(QWidget):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.accounts = app.services.accounts
        self.setObjectName("page_accounts")
        self.shown: list[AccountInfo] = []
        title = QLabel(tr("账户"))
        title.setObjectName("pageTitle")
        self.add_button = QPushButton(tr("新增账户…"))
        self.add_button.setObjectName("primary")
        self.reset_button = QPushButton(tr("重置密码…"))
        self.unlock_button = QPushButton(tr("解锁"))
        self.active_button = QPushButton(tr("停用"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        for b in (self.add_button, self.reset_button, self.unlock_button, self.active_button):
            top.addWidget(b)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("accountTable")
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setWordWrap(True)

        policy_box = QGroupBox(tr("登录策略"))
        self.max_failed = QSpinBox()
        self.max_failed.setRange(3, 20)
        self.max_failed.setSuffix(tr(" 次"))
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(1, 24 * 60)
        self.lock_minutes.setSuffix(tr(" 分钟"))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(1, 240)
        self.idle_minutes.setSuffix(tr(" 分钟"))
        self.save_policy_button = QPushButton(tr("保存登录策略"))
        self.policy_note = QLabel()
        policy_form = QFormLayout(policy_box)
        policy_form.addRow(tr("连续输错密码锁定账户"), self.max_failed)
        policy_form.addRow(tr("锁定时长"), self.lock_minutes)
        policy_form.addRow(tr("无操作自动锁定"), self.idle_minutes)
        policy_form.addRow(self.save_policy_button, self.policy_note)
        policy_box.setMaximumWidth(520)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(policy_box)

        self.add_button.clicked.connect(self.add_account)
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock)
        self.active_button.clicked.connect(self.toggle_active)
        self.save_policy_button.clicked.connect(self.save_policy)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    # -- the list -------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            self.shown = self.accounts.accounts(include_inactive=True)
            policy = self.accounts.policy()
        except DomainError as exc:
            self._say(window_text(str(exc)), error=True)
            return
        now = self.app.services.ctx.clock.now()
        self.table.setRowCount(len(self.shown))
        for row, info in enumerate(self.shown):
            village = (
                self.app.station.village_name(info.village_id)
                if info.village_id is not None
                else ""
            )
            if not info.active:
                state = tr("停用")
            elif info.locked_until is not None and info.locked_until > now:
                state = tr("已锁定")
            else:
                state = tr("正常")
            values = (info.username, info.display_name, tr(ROLE_NAMES[info.role]), village, state)
            for col, text in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.max_failed.setValue(policy.max_failed_sign_ins)
        self.lock_minutes.setValue(policy.lock_minutes)
        self.idle_minutes.setValue(policy.idle_lock_minutes)
        self._update_buttons()

    def selected(self) -> AccountInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.shown[rows[0].row()] if rows else None

    def select_username(self, username: str) -> None:
        for row, info in enumerate(self.shown):
            if info.username == username:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        info = self.selected()
        for b in (self.reset_button, self.unlock_button, self.active_button):
            b.setEnabled(info is not None)
        inactive = info is not None and not info.active
        self.active_button.setText(tr("启用") if inactive else tr("停用"))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setObjectName("fieldError" if error else "savedNote")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    # -- actions --------------------------------------------------------------------------

    def add_account(self) -> AddAccountDialog:
        dialog = AddAccountDialog(self.app, self)
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.open()
        return dialog

    def _added(self, dialog: AddAccountDialog) -> None:
        self.refresh()
        self.select_username(dialog.username.text().strip())
        self._say(tr("已新增账户。首次登录时，本人须把初始密码改为自己的密码。"))

    def reset_password(self) -> PasswordDialog | None:
        info = self.selected()
        if info is None:
            return None
        dialog = PasswordDialog(
            tr("重置密码"),
            tr("为 {0}（{1}）设置临时密码。对方登录后须立即改为自己的密码。").format(
                info.display_name, info.username
            ),
            lambda _old, new: self.accounts.reset_password(info.id, new),
            parent=self,
        )
        dialog.accepted.connect(lambda: self._done(tr("密码已重置，账户已解锁。"), info))
        dialog.open()
        return dialog

    def unlock(self) -> None:
        info = self.selected()
        if info is not None:
            self._act(lambda: self.accounts.unlock(info.id), tr("账户已解锁。"), info)

    def toggle_active(self) -> None:
        info = self.selected()
        if info is not None:
            done = tr("账户已启用。") if not info.active else tr("账户已停用。")
            self._act(lambda: self.accounts.set_active(info.id, not info.active), done, info)

    def save_policy(self) -> None:
        policy = AccountPolicy(
            self.max_failed.value(), self.lock_minutes.value(), self.idle_minutes.value()
        )
        try:
            self.accounts.set_policy(policy)
        except DomainError as exc:
            self.policy_note.setText(window_text(str(exc)))
            return
        self.policy_note.setText(tr("已保存"))
        window = self.window()
        session = getattr(window, "session", None)
        if session is not None:
            session.set_minutes(policy.idle_lock_minutes)

    def _act(self, action: object, done: str, info: AccountInfo) -> None:
        try:
            action()  # type: ignore[operator]
        except DomainError as exc:
            self._say(window_text(str(exc)), error=True)
            return
        self._done(done, info)

    def _done(self, text: str, info: AccountInfo) -> None:
        self.refresh()
        self.select_username(info.username)
        self._say(text)


class AddAccountDialog(QDialog):
    """新增账户: user name, name, role, the village of an officer, an initial password."""

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setObjectName("addAccountDialog")
        self.setWindowTitle(tr("新增账户"))
        self.username = QLineEdit()
        self.username.setMaxLength(30)
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for role in (Role.STATION_CLERK, Role.VILLAGE_OFFICER, Role.DUTY_LAWYER, Role.STATION_HEAD):
            self.role.addItem(tr(ROLE_NAMES[role]), role.value)
        self.village = QComboBox()
        for v in app.station.villages:
            self.village.addItem(v.name, v.id)
        self.password = PasswordFields()
        form = QFormLayout()
        form.addRow(tr("登录用户名  *"), self.username)
        form.addRow(tr("姓名  *"), self.display_name)
        form.addRow(tr("角色  *"), self.role)
        form.addRow(tr("所属村(居)"), self.village)
        form.addRow(tr("初始密码  *"), self.password.first)
        form.addRow(tr("再次输入密码  *"), self.password.second)
        hint = QLabel(
            tr("值班律师的姓名须与律师值班日志中的律师姓名一致；综治专干只能看到所属村(居)的台账。")
        )
        hint.setObjectName("placeholder")
        hint.setWordWrap(True)
        self.error = error_label()
        self.ok_button = QPushButton(tr("新增"))
        self.ok_button.setDefault(True)
        cancel = QPushButton(tr("取消"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.ok_button.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.username.setFocus()
        self.resize(460, 0)

    def _role_changed(self) -> None:
        officer = Role(self.role.currentData()) is Role.VILLAGE_OFFICER
        self.village.setEnabled(officer)

    def draft(self) -> UserDraft:
        role = Role(self.role.currentData())
        village = self.village.currentData() if role is Role.VILLAGE_OFFICER else None
        return UserDraft(self.username.text(), self.display_name.text(), role, village)

    def submit(self) -> None:
        password = self.password.value()
        if password is None:
            self._fail(tr("两次输入的密码不一致"))
            return
        try:
            self.app.services.accounts.add_account(self.draft(), password)
        except DomainError as exc:
            self._fail(window_text(str(exc)))
            return
        self.accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
