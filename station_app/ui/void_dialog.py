"""作废: asks for the reason that the tombstone keeps."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from station_app.ui.i18n import tr


class VoidDialog(QDialog):
    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voidDialog")
        self.setWindowTitle(tr("作废记录"))
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(tr("作废后，这条{0}不再计入台账和统计，但会保留记录并上报县中心。").format(what))
        )
        layout.addWidget(QLabel(tr("作废原因  *")))
        self.reason = QLineEdit()
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(tr("如：重复录入、录入错误"))
        layout.addWidget(self.reason)
        self.error = QLabel(tr("请填写作废原因"))
        self.error.setObjectName("fieldError")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(tr("作废"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(440, 180)

    def _accept(self) -> None:
        if not self.reason.text().strip():
            self.error.show()
            self.reason.setFocus()
            return
        self.accept()

    def value(self) -> str:
        return self.reason.text().strip()
