"""One failure path: a background job that fails is in the log, traceback and all but without
the values it was handling, before any page tells the clerk where that log is."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from station_app import app_logging
from station_app.failure_text import describe_failure
from station_app.ui.main_window import MainWindow
from station_app.ui.operations import OperationRunner

PERSONAL = ("王秀英", "110105194912310021", "13800138000")


@pytest.fixture
def app_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's own log (data folder/logs/station.log), as `station-app` sets it up."""
    root = logging.getLogger("station")
    others = [h for h in root.handlers if not isinstance(h, RotatingFileHandler)]
    monkeypatch.setattr(root, "handlers", others)
    monkeypatch.setattr(app_logging, "_log_path", None)
    monkeypatch.setattr(root, "level", root.level)
    path = app_logging.setup_logging(tmp_path / "data")
    yield path
    for handler in root.handlers:
        if handler not in others:
            handler.close()


def _parse_the_form(_progress: object, _cancelled: object) -> None:
    values = {"name": PERSONAL[0], "id": PERSONAL[1], "phone": PERSONAL[2]}
    raise ValueError(f"cannot read {values}")  # a bug, quoting what it was given


def test_a_failed_job_is_logged_with_its_traceback_before_the_page_hears(
    qtbot: QtBot, app_log: Path
) -> None:
    runner = OperationRunner()
    seen: list[tuple[str, str]] = []

    def on_error(exc: BaseException) -> None:
        seen.append((app_log.read_text(encoding="utf-8"), describe_failure(exc)))

    runner.submit(_parse_the_form, lambda _r: None, on_error=on_error, label="parse form")
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    logged, message = seen[0]
    assert "parse form" in logged and "Traceback (most recent call last)" in logged
    assert "_parse_the_form" in logged and "ValueError" in logged  # the frame and the type
    for value in PERSONAL:
        assert value not in logged
        assert value not in message
    assert str(app_log) in message  # the clerk is told where the log is


def test_a_report_that_cannot_be_written_says_why_and_names_no_one(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, app_log: Path
) -> None:
    page = window.show_page("reports")
    assert page is window.report_page
    with qtbot.waitSignal(page.table_shown, timeout=10_000):
        page.compute()
    not_a_folder = tmp_path / f"{PERSONAL[0]}的资料.txt"
    not_a_folder.write_text("", encoding="utf-8")
    page.save_to(not_a_folder / "统计表.xlsx")  # a file where a folder should be
    qtbot.waitUntil(lambda: not page.progress.isVisible(), timeout=30_000)
    status = page.status.text()
    assert "无法写入" in status and "路径中有一段不是文件夹" in status  # the reason, not a bug
    assert "详情见日志" not in status and PERSONAL[0] not in status
    logged = app_log.read_text(encoding="utf-8")
    assert "OutputFileError" in logged and "Traceback" not in logged  # a refusal: one line
    assert PERSONAL[0] not in logged
