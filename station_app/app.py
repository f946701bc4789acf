"""`station-app`: the desktop application's entry point."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

# Before the first paint only what a bare window needs: QtCore's ``Qt`` namespace (every enum,
# ~35 ms), QMessageBox, logging.handlers and platformdirs load after it, where they are used.
from PySide6.QtWidgets import QApplication, QDialog

from station_app.ui.i18n import install_translators, tr
from station_app.ui.main_window import MainWindow
from station_app.ui.platform_libraries import check_platform_libraries
from station_app.ui.resources import icon
from station_app.ui.style import apply_style

if TYPE_CHECKING:
    # The store, SQLAlchemy and the ledger pages load after the start window is painted.
    from station_app.services.station_services import StationServices
    from station_app.ui.damaged_store_dialog import StartUpCheckWatch
    from station_app.ui.operations import OperationRunner

log = logging.getLogger("station.ui")

#: The daily backup starts when the first screen is done, or this long after the check passed.
FIRST_SCREEN_MS = 10_000


def make_application(argv: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # Fractional scaling (125 %, 150 % on office laptops) without blurry rounding (Qt 6's
    # default; said by the environment, as QGuiApplication's call would need ``Qt``).
    os.environ.setdefault("QT_SCALE_FACTOR_ROUNDING_POLICY", "PassThrough")
    app = QApplication(list(argv))
    app.setApplicationName("StationLedger")
    app.setApplicationDisplayName(tr("公共法律服务台账"))
    app.setWindowIcon(icon("app"))
    install_translators(app)
    apply_style(app)
    return app


def open_window(
    services: StationServices,
    runner: OperationRunner | None = None,
    window: MainWindow | None = None,
    credentials: tuple[str, str] | None = None,
) -> MainWindow | None:
    """The main window for the account that signs in; an empty store: the setup dialog first.

    ``window``: one already shown with its "opening" pane, to fill in. ``credentials``: smoke
    runs and benchmarks sign in with these instead of the dialog.
    """
    from station_app.ui.app_context import AppContext
    from station_app.ui.operations import OperationRunner
    from station_app.ui.session_flow import first_sign_in, sign_in_at_start
    from station_app.ui.setup_dialog import SetupDialog

    if not services.organisation.is_initialized():
        dialog = SetupDialog(services.organisation, window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        first_sign_in(services, dialog, window)
    elif credentials is not None:  # as the `station` command signs in
        if services.accounts.needs_first_password():
            services.accounts.set_first_password(*credentials)
        services.accounts.sign_in_at_start(*credentials)
    elif sign_in_at_start(services, window) is None:
        return None
    context = AppContext.load(services, runner or OperationRunner())
    if window is None:
        return MainWindow(context)
    window.attach(context)
    return window


def install_excepthook(data_dir: Path | None) -> None:
    """A bug shows a Chinese message and lands in a crash log; the window stays usable.
    ``data_dir`` None: the default one (settings.default_data_dir)."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        from PySide6.QtWidgets import QMessageBox

        from station_app.settings import default_data_dir

        crash_dir = (data_dir or default_data_dir()) / "logs"
        crash_dir.mkdir(parents=True, exist_ok=True)
        path = crash_dir / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
        # Types and line numbers only: exception messages may quote personal data.
        frames = "".join(traceback.format_tb(tb))
        path.write_text(f"{kind.__name__}\n{frames}", encoding="utf-8")
        log.error("unhandled %s, see %s", kind.__name__, path.name)
        if QApplication.instance() is not None:
            QMessageBox.critical(
                None,
                tr("程序出错"),
                tr(
                    "程序遇到意外错误，已记录到日志。已保存的记录不受影响。\n"
                    "如问题反复出现，请把此文件发给技术支持：\n{0}"
                ).format(path),
            )

    sys.excepthook = hook


def self_test(qt_args: Sequence[str]) -> int:
    """`--self-test`: store, migrations, report and main window in a scratch folder, offscreen.

    Exit 0, or 1 with one line saying what failed (the build runs this inside the bundle).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from station_app.tools.self_test import (
            prepare_store,
            write_case_documents,
            write_reports,
        )
        from station_app.ui.self_test import check_main_window

        with tempfile.TemporaryDirectory(
            prefix="station-self-test-", ignore_cleanup_errors=True
        ) as tmp:
            make_application([sys.argv[0], *qt_args])
            services = prepare_store(Path(tmp) / "data")
            try:
                write_reports(services, Path(tmp))
                write_case_documents(services, Path(tmp))
                check_main_window(services)
            finally:
                services.close()
    except Exception as exc:  # any failure is the answer, as one line (a missing module too)
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        _say(tr("自检失败 / self-test failed: {0}").format(reason), sys.stderr)
        return 1
    _say(tr("自检通过 / self-test passed"), sys.stdout)
    return 0


def _say(line: str, stream: TextIO | None) -> None:
    if stream is not None:  # None in a windowed Windows exe started without pipes
        print(line, file=stream, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="station-app", description=tr("公共法律服务工作站台账"))
    parser.add_argument("--data-dir", type=Path, default=None, help=tr("数据目录"))
    # Benchmarks and smoke runs: quit as soon as the window shows its first ledger.
    parser.add_argument("--exit-when-shown", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--exit-at-first-paint", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--self-test", action="store_true", help=tr("自检后退出（0 = 通过）"))
    args, qt_args = parser.parse_known_args(argv)
    if args.self_test:
        return self_test(qt_args)
    missing = check_platform_libraries()
    if missing is not None:  # Qt would abort with a plugin error in English
        _say(missing, sys.stderr)
        return 1
    # Smoke runs (--exit-when-shown) sign in as the CLI does, from STATION_USER/_PASSWORD.
    user = os.environ.get("STATION_USER") if args.exit_when_shown else None
    credentials = (user, os.environ.get("STATION_PASSWORD", "")) if user else None
    app = make_application([sys.argv[0], *qt_args])
    install_excepthook(args.data_dir)
    window = MainWindow()  # shown with an "opening" pane before the store is touched
    window.show()
    app.processEvents()  # painted before the heavy imports below (nothing is written before)
    if args.exit_at_first_paint:
        return 0
    from station_app.app_logging import setup_logging
    from station_app.services.store_maintenance import StoreMaintenance
    from station_app.settings import default_data_dir, keep_files_private

    data_dir: Path = args.data_dir or default_data_dir()
    keep_files_private()

    if credentials is not None or StoreMaintenance(data_dir).has_store():
        setup_logging(data_dir)  # a first start's setup dialog writes nothing, the log neither

    services, code = start_up(
        window,
        data_dir,
        credentials,
        when_sound=lambda: after_first_screen(
            window, lambda: back_up_in_background(window, data_dir)
        ),
    )
    if services is None:
        return code
    after_first_screen(window, lambda: _warm_up_in_background(window))
    if args.exit_when_shown:  # the first screenful of the first ledger is on screen
        first = next(iter(window.ledger_pages.values()))
        first.first_rows_shown.connect(lambda _rows: app.quit())
    code = app.exec()
    window.app.services.close()  # the store signed in to last (a damaged one's restore)
    services.close()
    return code


def start_up(
    window: MainWindow,
    data_dir: Path,
    credentials: tuple[str, str] | None = None,
    *,
    when_sound: Callable[[], object] = lambda: None,
) -> tuple[StationServices | None, int]:
    """Open the store and sign in: the services with ``window`` filled in, or None and the
    exit code (1: the store would not open; 0: the user left).

    The store's integrity check runs in the background meanwhile (``open_or_recover``): the
    clerk types the password while it reads the file, and a right password fills the window
    at once, the first rows included, while the check may still run (at 200,000 records it
    reads 222 MB: 0.7 s warm, seconds cold). Every write waits for its verdict, the sign-in's
    own too (held: ``AccountService.sign_in_before_check``), so nothing is written before the
    store passed. A damaged verdict before the sign-in closes the sign-in dialog; one after it
    takes the window off the store (``_damaged_after_sign_in``); both lead to the restore
    dialog, then to signing in to the restored store. ``when_sound`` runs once the store
    passed (the daily backup waits for it: a backup of a damaged file is worth nothing).
    A store older than the audit mark kept outside it (put back outside the app) opens with a
    warning (ui/older_store_warning.py).
    """
    from station_app.services.store_maintenance import StoreMaintenance

    if credentials is None and not StoreMaintenance(data_dir).has_store():
        services, code = set_up_new_store(window, data_dir)
        if services is not None:
            when_sound()  # a new store has nothing to check
        return services, code
    services = open_or_recover(window, data_dir, background_check=True)
    return _sign_in(window, data_dir, services, credentials, when_sound)


def _sign_in(
    window: MainWindow,
    data_dir: Path,
    services: StationServices | None,
    credentials: tuple[str, str] | None,
    when_sound: Callable[[], object],
) -> tuple[StationServices | None, int]:
    """``start_up`` from the open store on: sign in, fill the window, act on the verdict."""
    from PySide6.QtWidgets import QMessageBox

    from station_app.domain.store_errors import DamagedStoreError
    from station_app.services.store_maintenance import StoreMaintenance
    from station_app.ui.damaged_store_dialog import StartUpCheckWatch, recover_damaged_store
    from station_app.ui.older_store_warning import warn_if_older
    from station_app.ui.window_text import window_failure

    while services is not None:
        watch = StartUpCheckWatch(window, services)
        try:
            shown = open_window(services, window=window, credentials=credentials)
        except DamagedStoreError:  # signing in with ``credentials`` wrote: refused
            shown = None
        if shown is not None and not services.store.check.done:
            # Signed in and filled while the check runs: its verdict is acted on when it comes.
            watch.passed.connect(partial(_store_passed, window, when_sound))
            watch.found_damage.connect(
                partial(
                    _damaged_after_sign_in,
                    window,
                    data_dir,
                    services,
                    watch,
                    credentials,
                    when_sound,
                )
            )
            window.statusBar().showMessage(
                tr("正在后台检查数据文件，可以查看记录；检查完成前保存会稍候写入")
            )
            warn_if_older(window, services)
            return services, 0
        watch.stop()
        try:  # the check passed, or the user left before its verdict
            damaged = StoreMaintenance.start_up_verdict(services, wait=False)
        except Exception as exc:  # no verdict: the file could not be read through
            services.close()
            QMessageBox.critical(window, tr("无法打开台账"), window_failure(exc))
            return None, 1
        if damaged is None:
            if shown is None:
                services.close()
                return None, 0
            services.accounts.record_sign_in()  # one made just before the verdict, if held
            warn_if_older(window, services)
            when_sound()
            return services, 0
        services.close()
        services = recover_damaged_store(window, StoreMaintenance(data_dir))
    return None, 1


def _store_passed(window: MainWindow, when_sound: Callable[[], object]) -> None:
    window.statusBar().clearMessage()
    when_sound()


def _damaged_after_sign_in(
    window: MainWindow,
    data_dir: Path,
    services: StationServices,
    watch: StartUpCheckWatch,
    credentials: tuple[str, str] | None,
    when_sound: Callable[[], object],
) -> None:
    """The verdict came after the sign-in and the store is damaged (nothing was written: every
    write waited and is refused). The window leaves the store, then the restore dialog and a
    sign-in to the restored store; quitting there, or a check that found no verdict, closes
    the window."""
    from PySide6.QtWidgets import QMessageBox

    from station_app.services.store_maintenance import StoreMaintenance
    from station_app.ui.damaged_store_dialog import recover_damaged_store
    from station_app.ui.window_text import window_failure

    window.statusBar().clearMessage()
    window.detach()
    services.close()
    if watch.failure is not None:
        QMessageBox.critical(window, tr("无法打开台账"), window_failure(watch.failure))
        window.close()
        return
    restored = recover_damaged_store(window, StoreMaintenance(data_dir))
    if _sign_in(window, data_dir, restored, credentials, when_sound)[0] is None:
        window.close()


def set_up_new_store(window: MainWindow, data_dir: Path) -> tuple[StationServices | None, int]:
    """First start on this PC: the setup dialog, before anything is written. The store and
    its data key are made when the clerk presses 创建台账 with a valid form; leaving the
    dialog leaves the data folder and the key store as they were."""
    from station_app.domain.organisation import StationDraft, UserDraft
    from station_app.services.organisation_service import StationInfo
    from station_app.services.store_maintenance import StoreMaintenance
    from station_app.ui.app_context import AppContext
    from station_app.ui.operations import OperationRunner
    from station_app.ui.session_flow import first_sign_in
    from station_app.ui.setup_dialog import SetupDialog

    made: list[StationServices] = []

    def create(station: StationDraft, head: UserDraft, password: str) -> StationInfo:
        if not made:
            made.append(StoreMaintenance(data_dir).open())
        return made[0].organisation.initialize(station, head, password)

    dialog = SetupDialog(create, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or not made:
        for services in made:
            services.close()
        return None, 0
    services = made[0]
    from station_app.app_logging import setup_logging

    setup_logging(data_dir)
    first_sign_in(services, dialog, window)
    window.attach(AppContext.load(services, OperationRunner()))
    return services, 0


def open_or_recover(
    window: MainWindow, data_dir: Path, *, background_check: bool = False
) -> StationServices | None:
    """The open store; a damaged one leads to restoring the newest good backup, one whose data
    key this PC lacks to the recovery key (or None). ``background_check``: see
    ``StoreMaintenance.open``."""
    from PySide6.QtWidgets import QMessageBox

    from station_app.domain.errors import DomainError
    from station_app.domain.store_errors import DamagedStoreError, DataKeyError
    from station_app.services.store_maintenance import StoreMaintenance
    from station_app.ui.window_text import window_text

    store = StoreMaintenance(data_dir)
    try:
        return store.open(background_check=background_check)
    except DamagedStoreError:
        from station_app.ui.damaged_store_dialog import recover_damaged_store

        return recover_damaged_store(window, store)
    except DataKeyError:
        from station_app.ui.missing_key_dialog import recover_missing_key

        return recover_missing_key(window, store)
    except DomainError as exc:
        QMessageBox.critical(window, tr("无法打开台账"), window_text(str(exc)))
        return None


def after_first_screen(window: MainWindow, then: Callable[[], object]) -> None:
    """``then`` once the window's lanes have done the start-up reads (the first rows, the
    工作台, the counts), or after ``FIRST_SCREEN_MS`` at most (a sync may keep a lane busy):
    the daily backup copies and checks the whole file (222 MB at 200,000 records), which on
    two cores would slow the clerk's first screen."""
    from PySide6.QtCore import QTimer

    runner = window.app.runner
    started: list[bool] = []

    def start(busy: bool = False) -> None:
        if busy or started:
            return
        started.append(True)
        runner.busy_changed.disconnect(start)
        then()

    runner.busy_changed.connect(start)
    QTimer.singleShot(FIRST_SCREEN_MS, window, start)
    if not runner.busy:
        start()


def back_up_in_background(window: MainWindow, data_dir: Path) -> OperationRunner:
    """Today's backup (if not made yet) and the rotation, off the GUI thread.

    On a worker of its own, not the store worker: on a big store the copy and its check take
    seconds, and the clerk's first searches must not queue behind them (WAL lets both read).
    """
    from station_app.services.store_maintenance import StoreMaintenance
    from station_app.ui.operations import OperationRunner
    from station_app.ui.window_text import window_failure

    def failed(exc: BaseException) -> None:
        # A failed backup must not stop the clerk's work; the runner has logged it, and it is
        # tried again at next start.
        message = tr("今日自动备份未成功：{0}").format(window_failure(exc))
        window.statusBar().showMessage(message, 60_000)

    runner = OperationRunner(window)
    runner.submit(
        lambda _p, _c: StoreMaintenance(data_dir).daily_backup(),
        lambda made: log.info("daily backup %s", made.path.name if made else "already made"),
        on_error=failed,
        label="daily backup",
    )
    return runner


def _warm_up_in_background(window: MainWindow) -> None:
    """Load the pinyin dictionary off the GUI thread, so the first type-ahead is instant."""
    from station_app.ui.forms.pinyin_match import warm_up

    window.app.runner.submit(lambda _p, _c: warm_up(), lambda _r: None, label="pinyin warm-up")


if __name__ == "__main__":
    sys.exit(main())
