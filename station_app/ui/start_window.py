"""What the clerk sees within a fraction of a second of double-clicking: the app is opening.

Imports only Qt, so it can be shown before the store, SQLAlchemy and the ledgers are loaded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QProgressBar, QVBoxLayout, QWidget

from station_app.ui.i18n import tr


class StartWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("startWindow")
        self.setWindowTitle(tr("公共法律服务台账"))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addStretch(1)
        title = QLabel(tr("公共法律服务工作站台账"))
        title.setObjectName("pageTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(tr("正在打开本机台账…"))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bar = QProgressBar()
        bar.setRange(0, 0)
        bar.setTextVisible(False)
        bar.setMaximumWidth(320)
        layout.addWidget(title)
        layout.addWidget(self.message)
        layout.addWidget(bar, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.setCentralWidget(body)
        self.resize(1280, 720)
