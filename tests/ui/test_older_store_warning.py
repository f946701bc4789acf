"""Hostile, in the window: an older copy of the data file put in place outside the app opens
with a warning the clerk sees at once and a banner that stays; a sound store opens without."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from station_app.app import start_up
from station_app.services.station_services import StationServices
from station_app.storage.store import DB_FILENAME
from station_app.ui.main_window import MainWindow
from tests.conftest import HEAD_PASSWORD, FixedClock
from tests.drafts import consultation


def opened_window(qtbot: QtBot, data_dir: Path) -> tuple[MainWindow, StationServices]:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    services, code = start_up(window, data_dir, ("admin", HEAD_PASSWORD))
    assert services is not None and code == 0
    return window, services


def close(window: MainWindow, services: StationServices) -> None:
    window.app.runner.wait()
    services.close()


def test_an_older_store_opens_with_a_warning(
    qtbot: QtBot, services: StationServices, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    services.consultations.create(consultation())
    services.close()
    older = shutil.copyfile(data_dir / DB_FILENAME, tmp_path / "older.db")

    window, opened = opened_window(qtbot, data_dir)  # a sound store: no warning
    assert window.findChild(QMessageBox, "olderStoreWarning") is None
    opened.consultations.create(consultation(question="之后录入的"))
    close(window, opened)

    shutil.copyfile(older, data_dir / DB_FILENAME)  # behind the app's back
    window, opened = opened_window(qtbot, data_dir)
    try:
        box = window.findChild(QMessageBox, "olderStoreWarning")
        assert isinstance(box, QMessageBox) and box.isVisible()
        assert "数据文件比本机记录的旧" in box.text()
        banner = window.statusBar().findChild(QLabel, "olderStoreBanner")
        assert isinstance(banner, QLabel) and "请站长核实" in banner.text()
        assert window.ledger_pages  # the clerk can still work
        box.accept()
    finally:
        close(window, opened)
