"""A damaged data file at start-up: the app offers the newest good backup instead of crashing,
and after 恢复此备份 opens the restored store; the daily backup runs in the background.

The app checks the store in the background while the clerk signs in: a store damaged while
the app was closed still leads to the restore dialog before anything is written to it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from station_app.app import back_up_in_background, open_or_recover, start_up
from station_app.domain.store_errors import DamagedStoreError
from station_app.services.station_services import StationServices
from station_app.storage import backup
from station_app.storage.backup import BackupReason
from station_app.storage.store import BACKUP_DIRNAME, DB_FILENAME
from station_app.tools.demo_data import fill_demo
from station_app.ui.damaged_store_dialog import DamagedStoreDialog
from station_app.ui.main_window import MainWindow
from station_app.ui.sign_in_dialog import SignInDialog
from station_app.ui.window_text import window_failure
from tests.conftest import HEAD_PASSWORD
from tests.damaged_store import damage_table
from tests.drafts import consultation
from tests.storage.test_backup import snapshot
from tests.storage.test_start_up_check import held_check
from tests.ui.conftest import answer_modals

__all__ = ["held_check"]  # the fixture, shared with the store's own tests


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


def sign_in(qtbot: QtBot, dialog: QWidget) -> None:
    assert isinstance(dialog, SignInDialog)
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, HEAD_PASSWORD)
    dialog.submit()


def save_on_the_store_lane(window: MainWindow) -> tuple[list[Any], list[BaseException]]:
    """A consultation saved as the record form saves it: on the window's store lane. What
    the save did is noted on the lane itself (a window leaving a damaged store drops the
    answers of the work it had queued)."""
    saved: list[Any] = []
    refused: list[BaseException] = []
    services = window.app.services

    def save(_p: object, _c: object) -> None:
        try:
            saved.append(services.consultations.create(consultation()))
        except Exception as exc:
            refused.append(exc)

    window.app.runner.submit(save, lambda _r: None, label="save consultation")
    return saved, refused


def first_rows_shown(qtbot: QtBot, window: MainWindow) -> None:
    first = next(iter(window.ledger_pages.values()))
    qtbot.waitUntil(lambda: first.model.rowCount() > 0, timeout=10_000)


def test_a_store_damaged_while_the_app_was_closed_leads_to_the_restore_dialog_before_any_write(
    qtbot: QtBot,
    services: StationServices,
    data_dir: Path,
    held_check: threading.Event,
) -> None:
    """The clerk signs in and sees the first rows while the check runs; a save tried then
    waits; the damaged verdict refuses it, takes the window off the store and leads to the
    restore dialog; nothing was written to the damaged file, the sign-in neither."""
    fill_demo(services, 200, seed=13)
    held_check.set()  # the good backup's own check runs at once; the start-up's is held below
    good = backup.manual_backup(data_dir, now=datetime(2026, 11, 24, 9, 15, tzinfo=UTC))
    held_check.clear()
    held = snapshot(services)
    services.close()
    damage_table(data_dir / DB_FILENAME, "mediation_party")  # not the rows shown first
    damaged = (data_dir / DB_FILENAME).read_bytes()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    seen: list[str] = []

    def sign_in_during_the_check(dialog: QWidget) -> None:
        seen.append(type(dialog).__name__)
        assert window.isVisible() and window.stack.currentWidget().objectName() == "openingPane"
        sign_in(qtbot, dialog)

    def restore(dialog: QWidget) -> None:
        assert isinstance(dialog, DamagedStoreDialog) and dialog.restore_button is not None
        seen.append("DamagedStoreDialog\n" + dialog.message.text())
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    def sign_in_again(dialog: QWidget) -> None:
        seen.append(type(dialog).__name__)
        sign_in(qtbot, dialog)

    timer = answer_modals(sign_in_during_the_check, restore, sign_in_again)
    opened, code = start_up(window, data_dir)
    assert opened is not None and code == 0
    first_rows_shown(qtbot, window)
    assert not held_check.is_set()  # signed in, the first rows shown: before the verdict
    assert "站长" in window.user_label.text() and seen == ["SignInDialog"]
    saved, refused = save_on_the_store_lane(window)
    qtbot.wait(300)
    assert saved == [] and refused == []  # the save waits for the verdict

    held_check.set()
    qtbot.waitUntil(lambda: len(seen) == 3 and window.nav.isEnabled(), timeout=30_000)
    timer.stop()
    assert saved == [] and isinstance(refused[0], DamagedStoreError)
    assert "数据文件已损坏" in window_failure(refused[0])
    assert seen[1].startswith("DamagedStoreDialog") and good.path.name in seen[1]
    assert seen[2] == "SignInDialog"
    reopened = window.app.services
    assert reopened is not opened
    try:
        assert snapshot(reopened) == held
        assert window.ledger_pages and "站长" in window.user_label.text()
        assert reopened.audit.page(limit=1)[0].action == "sign_in"  # to the restored store
    finally:
        window.app.runner.wait()
        reopened.close()
    (aside,) = [p for p in data_dir.iterdir() if p.name.startswith("station.db.before-restore-")]
    assert aside.read_bytes() == damaged  # nothing was written to the damaged store


def test_a_sound_store_shows_the_first_rows_before_its_check_ends_and_writes_after_it(
    qtbot: QtBot, services: StationServices, data_dir: Path, held_check: threading.Event
) -> None:
    fill_demo(services, 200, seed=15)
    services.close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    passed: list[bool] = []  # the daily backup waits for the verdict

    timer = answer_modals(lambda dialog: sign_in(qtbot, dialog))
    opened, code = start_up(window, data_dir, when_sound=lambda: passed.append(True))
    timer.stop()
    assert opened is not None and code == 0
    try:
        first_rows_shown(qtbot, window)
        assert not held_check.is_set() and not opened.store.check.done
        assert "站长" in window.user_label.text()
        assert "正在后台检查数据文件" in window.statusBar().currentMessage()
        before = opened.audit.count()  # the sign-in's own entry is held too
        saved, refused = save_on_the_store_lane(window)
        qtbot.wait(300)
        assert saved == [] and refused == [] and passed == []

        held_check.set()
        qtbot.waitUntil(lambda: bool(saved) and bool(passed), timeout=30_000)
        window.app.runner.wait()
        assert refused == []
        actions = [entry.action for entry in opened.audit.page(limit=3)]
        # newest first: the held sign-in is in the trail before the save, whichever was written
        assert actions[:2] == ["create", "sign_in"] and opened.audit.count() == before + 2
        assert opened.audit.verify() == []
        assert window.statusBar().currentMessage() == ""
    finally:
        window.app.runner.wait()
        opened.close()


def test_a_wrong_password_during_the_check_waits_for_it_and_is_counted(
    qtbot: QtBot, services: StationServices, data_dir: Path, held_check: threading.Event
) -> None:
    """Only a right password goes ahead of the check: a wrong one is counted (lock-out) and
    audited as before, once writes may go."""
    services.close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    errors: list[str] = []

    def wrong_then_right(dialog: QWidget) -> None:
        assert isinstance(dialog, SignInDialog)
        threading.Timer(0.3, held_check.set).start()
        qtbot.keyClicks(dialog.username, "admin")
        qtbot.keyClicks(dialog.password, "not-the-password")
        dialog.submit()  # waits for the verdict, then is refused
        errors.append(dialog.error.text())
        qtbot.keyClicks(dialog.password, HEAD_PASSWORD)
        dialog.submit()

    timer = answer_modals(wrong_then_right)
    opened, code = start_up(window, data_dir)
    timer.stop()
    assert opened is not None and code == 0
    try:
        assert "用户名或密码错误" in errors[0]
        actions = [entry.action for entry in opened.audit.page(limit=2)]
        assert actions == ["sign_in", "sign_in_failed"]
    finally:
        window.app.runner.wait()
        opened.close()


def test_signing_in_as_the_smoke_runs_do_on_a_damaged_store_leads_to_the_restore_dialog(
    qtbot: QtBot, services: StationServices, data_dir: Path
) -> None:
    fill_demo(services, 200, seed=14)
    backup.manual_backup(data_dir, now=datetime(2026, 11, 24, 9, 15, tzinfo=UTC))
    held = snapshot(services)
    services.close()
    damage_table(data_dir / DB_FILENAME)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()

    seen: list[str] = []

    def restore(dialog: QWidget) -> None:
        assert isinstance(dialog, DamagedStoreDialog) and dialog.restore_button is not None
        seen.append(dialog.windowTitle())
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    timer = answer_modals(restore)
    opened, code = start_up(window, data_dir, ("admin", HEAD_PASSWORD))
    # The verdict may come before the window is filled or after: the restore dialog either way.
    qtbot.waitUntil(lambda: seen == ["数据文件已损坏"] and window.nav.isEnabled(), timeout=30_000)
    timer.stop()
    assert opened is not None and code == 0
    reopened = window.app.services
    try:
        assert snapshot(reopened) == held
        assert window.ledger_pages
    finally:
        window.app.runner.wait()
        reopened.close()
