"""A damaged data file at start-up: the app offers the newest good backup instead of crashing,
and after 恢复此备份 opens the restored store; the daily backup runs in the background."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from station_app.app import back_up_in_background, open_or_recover
from station_app.services.station_services import StationServices
from station_app.storage import backup
from station_app.storage.backup import BackupReason
from station_app.storage.store import BACKUP_DIRNAME, DB_FILENAME
from station_app.tools.demo_data import fill_demo
from station_app.ui.damaged_store_dialog import DamagedStoreDialog
from station_app.ui.main_window import MainWindow
from tests.damaged_store import damage_table
from tests.storage.test_backup import snapshot


def answer_dialog(qtbot: QtBot, act: Callable[[DamagedStoreDialog], None]) -> list[str]:
    """When the modal dialog is up, record its text and let ``act`` press a button."""
    seen: list[str] = []

    def respond() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, DamagedStoreDialog)
        seen.append(dialog.windowTitle() + "\n" + dialog.message.text())
        act(dialog)

    QTimer.singleShot(200, respond)
    return seen


def test_damaged_store_offers_the_newest_good_backup_and_opens_it(
    qtbot: QtBot, services: StationServices, data_dir: Path, tmp_path: Path
) -> None:
    fill_demo(services, 200, seed=11)
    good = backup.manual_backup(data_dir, now=datetime(2026, 11, 24, 9, 15, tzinfo=UTC))
    held = snapshot(services)
    services.close()
    damage_table(data_dir / DB_FILENAME)
    window = MainWindow()  # as at start-up: the "opening" pane, no store yet
    qtbot.addWidget(window)
    window.show()

    def restore(dialog: DamagedStoreDialog) -> None:
        dialog.grab().save(str(tmp_path / "damaged-store-dialog.png"))
        assert dialog.restore_button is not None
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    seen = answer_dialog(qtbot, restore)
    reopened = open_or_recover(window, data_dir)

    assert len(seen) == 1
    assert "数据文件已损坏" in seen[0]
    assert good.local_time().strftime("%Y-%m-%d %H:%M") in seen[0]
    assert good.path.name in seen[0]
    assert (tmp_path / "damaged-store-dialog.png").stat().st_size > 0
    assert reopened is not None
    try:
        assert snapshot(reopened) == held
        assert reopened.store.integrity_problems() == []
    finally:
        reopened.close()
    (aside,) = [p for p in data_dir.iterdir() if p.name.startswith("station.db.before-restore-")]
    assert aside.name in window.statusBar().currentMessage()


def test_without_a_good_backup_the_dialog_says_where_the_damaged_file_is(
    qtbot: QtBot, services: StationServices, data_dir: Path
) -> None:
    fill_demo(services, 200, seed=12)
    services.close()
    db = data_dir / DB_FILENAME
    damage_table(db)
    damaged_bytes = db.read_bytes()
    window = MainWindow()
    qtbot.addWidget(window)

    def leave(dialog: DamagedStoreDialog) -> None:
        assert dialog.restore_button is None
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)

    seen = answer_dialog(qtbot, leave)
    assert open_or_recover(window, data_dir) is None
    assert "没有完好的备份" in seen[0] and str(db) in seen[0]
    assert db.read_bytes() == damaged_bytes  # left exactly as it was, for the technician


def test_the_daily_backup_is_made_in_the_background(
    window: MainWindow, data_dir: Path, qtbot: QtBot
) -> None:
    runner = back_up_in_background(window, data_dir)
    assert runner is not window.app.runner  # the clerk's work does not queue behind it
    qtbot.waitUntil(lambda: not runner.busy, timeout=30_000)
    (made,) = backup.list_backups(data_dir / BACKUP_DIRNAME)
    assert made.reason is BackupReason.DAILY
    assert backup.newest_good_backup(data_dir / BACKUP_DIRNAME) == made
    # Started again the same day: nothing more.
    runner = back_up_in_background(window, data_dir)
    qtbot.waitUntil(lambda: not runner.busy, timeout=30_000)
    assert backup.list_backups(data_dir / BACKUP_DIRNAME) == [made]
