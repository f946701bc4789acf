"""A PC without the store's data key: the app asks for the recovery key instead of failing,
refuses a wrong one in the dialog, and opens the store with the right one."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from station_app.app import open_or_recover
from station_app.security.key_store import KEY_DIR_ENV
from station_app.services.station_services import StationServices
from station_app.ui.main_window import MainWindow
from station_app.ui.missing_key_dialog import MissingKeyDialog
from tests.drafts import consultation, resident_id


def test_the_recovery_key_opens_the_store_on_a_new_pc(
    qtbot: QtBot,
    services: StationServices,
    data_dir: Path,
    tmp_path: Path,
) -> None:
    person = resident_id(3)
    services.consultations.create(consultation(id_number=person))
    recovery = services.keys.recovery_key()
    services.close()
    # The new PC: its key store has never seen this store.
    os.environ[KEY_DIR_ENV], before = str(tmp_path / "new-pc"), os.environ[KEY_DIR_ENV]
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, MissingKeyDialog)
        try:
            dialog.key_edit.setText("AAAA-" * 12 + "AAAA")  # well-formed, another store's
            qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
            seen.append(dialog.error.text() if dialog.error.isVisible() else "")
            dialog.key_edit.setText(recovery.lower())
            dialog.grab().save(str(tmp_path / "missing-key-dialog.png"))
            qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Return)
        finally:
            if dialog.isVisible():  # never leave a test waiting on a modal dialog
                dialog.reject()

    try:
        QTimer.singleShot(200, answer)
        opened = open_or_recover(window, data_dir)
        assert opened is not None
        try:
            record_id = opened.consultations.ids()[0]
            assert opened.consultations.reveal(record_id).data.id_number == person
        finally:
            opened.close()
    finally:
        os.environ[KEY_DIR_ENV] = before
    assert seen and "不符" in seen[0]
    assert (tmp_path / "missing-key-dialog.png").stat().st_size > 0
