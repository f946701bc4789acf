"""恢复密钥: the data key as text the station head writes down, copies or saves.

Without it, ID and phone numbers cannot be read on a new PC (or after Windows is reinstalled):
the key lives in the OS key store, not in the database or its backups.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from station_app.ui.i18n import tr


class RecoveryKeyDialog(QDialog):
    def __init__(self, key: str, *, first_time: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setObjectName("recoveryKeyDialog")
        self.setWindowTitle(tr("恢复密钥"))
        intro = QLabel(
            tr(
                "台账已创建。请立即把下面的恢复密钥抄写在纸上，由站长妥善保管，"
                "放在远离这台电脑的地方。"
            )
            if first_time
            else tr(
                "这是本机台账的恢复密钥。请抄写在纸上，由站长妥善保管，放在远离这台电脑的地方。"
            )
        )
        intro.setWordWrap(True)
        self.key_label = QLabel(key)
        self.key_label.setObjectName("recoveryKey")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(13)
        self.key_label.setFont(font)
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(
            self.key_label.textInteractionFlags().TextSelectableByMouse
        )
        why = QLabel(
            tr(
                "身份证号和电话号码在台账中是加密保存的。换电脑、重装系统或从备份恢复时，"
                "需要输入这个密钥才能读出它们；丢失后无法找回。"
                "不要把密钥和备份文件放在同一个U盘或同一台电脑上。"
            )
        )
        why.setObjectName("placeholder")
        why.setWordWrap(True)
        self.copy_button = QPushButton(tr("复制"))
        self.save_button = QPushButton(tr("保存到文件…"))
        self.close_button = QPushButton(tr("我已抄好") if first_time else tr("关闭"))
        self.close_button.setDefault(True)
        self.note = QLabel()
        self.note.setObjectName("savedNote")
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.addWidget(intro)
        layout.addWidget(self.key_label)
        layout.addWidget(why)
        layout.addLayout(buttons)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.choose_file)
        self.close_button.clicked.connect(self.accept)
        self.resize(620, 300)

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.key)
        self.note.setText(tr("已复制。粘贴保存后请清空剪贴板。"))

    def choose_file(self) -> None:
        path, _f = QFileDialog.getSaveFileName(
            self, tr("保存恢复密钥"), str(Path.home() / (tr("恢复密钥") + ".txt")), "*.txt"
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        text = tr(
            "公共法律服务台账 恢复密钥\n{0}\n请打印或抄写后删除此文件，密钥与备份分开保管。\n"
        )
        try:
            path.write_text(text.format(self.key), encoding="utf-8")
        except OSError as exc:
            self.note.setText(tr("无法保存：{0}").format(exc.strerror or type(exc).__name__))
            return
        self.note.setText(tr("已保存到 {0}").format(path))
