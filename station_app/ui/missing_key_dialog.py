"""The store's data key is not on this PC (a new PC, Windows reinstalled): ask for the
recovery key the station head wrote down, instead of failing to start."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.i18n import tr
from station_app.ui.window_text import window_text

if TYPE_CHECKING:
    from station_app.services.station_services import StationServices
    from station_app.services.store_maintenance import StoreMaintenance


class MissingKeyDialog(QDialog):
    """Takes the recovery key; 恢复 checks it against the store and keeps it in this PC's key
    store. A wrong key is said under the field and the dialog stays open."""

    def __init__(self, store: StoreMaintenance, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.store = store
        self.setObjectName("missingKeyDialog")
        self.setWindowTitle(tr("需要恢复密钥"))
        layout = QVBoxLayout(self)
        heading = QLabel(tr("本机找不到这份台账的数据密钥。"))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        self.message = QLabel(
            tr(
                "身份证号和电话号码用数据密钥加密保存；换了电脑或重装系统后，本机没有这把密钥。\n"
                "请输入站长保存的恢复密钥（形如 ABCD-EFGH-…，共13组），大小写和空格不限。\n"
                "数据目录：{0}"
            ).format(store.data_dir)
        )
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("recoveryKeyEdit")
        self.key_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key_edit.setPlaceholderText(tr("恢复密钥"))
        self.key_edit.returnPressed.connect(self._restore)
        layout.addWidget(self.key_edit)
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.key_edit.textEdited.connect(lambda _text: self.error.hide())
        buttons = QDialogButtonBox()
        self.restore_button: QPushButton = buttons.addButton(
            tr("恢复"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setDefault(True)
        self.quit_button = buttons.addButton(tr("退出"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._restore)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _restore(self) -> None:
        from station_app.domain.store_errors import DataKeyError
        from station_app.security.key_store import RecoveryKeyError

        try:
            self.store.restore_key(self.key_edit.text())
        except (RecoveryKeyError, DataKeyError) as exc:
            self.error.setText(window_text(str(exc)))
            self.error.show()
            self.key_edit.setFocus()
            self.key_edit.selectAll()
            return
        self.accept()


def recover_missing_key(parent: QWidget | None, store: StoreMaintenance) -> StationServices | None:
    """Ask for the recovery key and open the store with it; None when the user quits."""
    dialog = MissingKeyDialog(store, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return store.open()
