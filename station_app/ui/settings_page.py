"""设置: where the data lives, where backups go, the county server's address, and the mediation
committee's name on the documents."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.access import Right
from station_app.domain.errors import DomainError
from station_app.domain.settings_schema import (
    BACKUP_DIR,
    COMMITTEE_NAME,
    SYNC_SERVER,
    committee_name_for,
)
from station_app.ui.app_context import AppContext
from station_app.ui.i18n import tr
from station_app.ui.window_text import window_text

COMMITTEE_NAME_MAX = 60


class SettingsPage(QWidget):
    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.setObjectName("page_settings")
        store = app.services.store
        title = QLabel(tr("设置"))
        title.setObjectName("pageTitle")
        form = QFormLayout()
        data_dir = QLabel(str(store.data_dir))
        data_dir.setObjectName("dataDir")
        data_dir.setWordWrap(True)
        form.addRow(tr("数据目录"), data_dir)
        form.addRow(tr("数据库文件"), QLabel(store.path.name))
        settings = app.services.settings
        self.backup_dir = QLineEdit(settings.get(BACKUP_DIR) or str(store.backup_dir))
        # The county server's address is the sync's own setting, shared with 同步 and the CLI.
        self.server_url = QLineEdit(settings.get(SYNC_SERVER) or "")
        self.server_url.setPlaceholderText(tr("如 https://gflfw.example.gov.cn（由县中心提供）"))
        form.addRow(tr("备份目录"), self.backup_dir)
        form.addRow(tr("县中心服务器地址"), self.server_url)
        station = app.station
        form.addRow(
            tr("工作站"), QLabel(f"{station.name}（{station.county}，{station.kind.label}）")
        )
        form.addRow(
            tr("村(居)"), QLabel("、".join(v.name for v in station.villages) or tr("（无）"))
        )
        # Printed on every mediation document; empty means the town's committee.
        self.default_committee = committee_name_for(None, station.name)
        self.committee_name = QLineEdit(settings.get(COMMITTEE_NAME) or "")
        self.committee_name.setObjectName("committeeName")
        self.committee_name.setMaxLength(COMMITTEE_NAME_MAX)
        self.committee_name.setPlaceholderText(self.default_committee)
        self.committee_name.setToolTip(
            tr("调解文书上的委员会名称；留空则为“{0}”").format(self.default_committee)
        )
        form.addRow(tr("人民调解委员会名称"), self.committee_name)
        self.save_button = QPushButton(tr("保存设置"))
        self.saved_note = QLabel()
        self.saved_note.setObjectName("savedNote")
        self.save_button.clicked.connect(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        form_box = QWidget()
        form_box.setLayout(form)
        form_box.setMaximumWidth(760)
        layout.addWidget(form_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved_note)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        if app.may(Right.RECOVERY_KEY):
            key_box = QGroupBox(tr("恢复密钥"))
            key_box.setMaximumWidth(760)
            key_text = QLabel(
                tr(
                    "身份证号和电话号码加密保存，密钥存放在本机系统中。"
                    "换电脑或从备份恢复时需要恢复密钥，请站长抄写在纸上并远离电脑保管。"
                )
            )
            key_text.setWordWrap(True)
            self.recovery_button = QPushButton(tr("查看恢复密钥…"))
            self.recovery_button.clicked.connect(self.show_recovery_key)
            key_layout = QVBoxLayout(key_box)
            key_layout.addWidget(key_text)
            key_layout.addWidget(self.recovery_button, 0, Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(key_box)
        layout.addStretch(1)

    def show_recovery_key(self) -> QDialog | None:
        """The key is read (and the viewing audited) only when the head asks for it."""
        from station_app.ui.recovery_key_dialog import RecoveryKeyDialog

        try:
            key = self.app.services.keys.recovery_key()
        except DomainError as exc:
            QMessageBox.warning(self, tr("无法显示恢复密钥"), window_text(str(exc)))
            return None
        dialog = RecoveryKeyDialog(key, parent=self)
        dialog.open()
        return dialog

    def save(self) -> None:
        settings = self.app.services.settings
        settings.put(BACKUP_DIR, self.backup_dir.text().strip())
        settings.put(SYNC_SERVER, self.server_url.text().strip().rstrip("/"))
        committee = self.committee_name.text().strip()
        # The default is not stored: a renamed town's committee follows the new name.
        settings.put(
            COMMITTEE_NAME, committee if committee and committee != self.default_committee else None
        )
        self.saved_note.setText(tr("设置已保存"))
