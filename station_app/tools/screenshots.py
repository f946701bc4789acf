"""Render every window and form offscreen at 1366×768 to PNG, to look at them as a clerk would.

    python -m station_app.tools.screenshots OUTDIR [--records N]

Builds a demo station in a temporary folder (never touches the real data folder).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from station_app.app import make_application
from station_app.domain.choices import Role, UnitKind
from station_app.domain.ledger_query import LedgerQuery
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.security.key_store import KeyStore
from station_app.services.station_services import StationServices
from station_app.tools.demo_data import fill_demo
from station_app.ui.app_context import AppContext
from station_app.ui.ledger_page import LedgerPage
from station_app.ui.main_window import MainWindow
from station_app.ui.operations import OperationRunner
from station_app.ui.setup_dialog import SetupDialog
from station_app.ui.sign_in_dialog import SignInDialog

SCREEN = (1366, 768)
DEMO_PASSWORD = "demo2026pass"  # a throw-away store's, in a temporary folder


def _settle(app: QApplication, runner: OperationRunner) -> None:
    for _ in range(3):
        runner.wait()
        app.processEvents()


def _save(widget: QWidget, out: Path, name: str) -> Path:
    path = out / f"{name}.png"
    widget.grab().save(str(path))
    return path


def _first_open_row(page: LedgerPage) -> int:
    """The first row whose record may still be edited (not confirmed, not voided)."""
    for row in range(page.model.rowCount()):
        record = page.model.record(row)
        if record is not None and not record.locked:
            return row
    return 0


def build_demo_store(data_dir: Path, records: int) -> StationServices:
    services = StationServices.open(data_dir, keys=KeyStore.throwaway(data_dir))
    villages = (
        VillageDraft("青石村", UnitKind.TOWN),
        VillageDraft("双凤村", UnitKind.TOWN),
        VillageDraft("七星村", UnitKind.TOWN),
        VillageDraft("滨江社区", UnitKind.STREET),
    )
    services.organisation.initialize(
        StationDraft("龙兴镇公共法律服务工作站", "渝北区", UnitKind.TOWN, villages),
        UserDraft("admin", "王站长", Role.STATION_HEAD),
        DEMO_PASSWORD,
    )
    services.accounts.sign_in("admin", DEMO_PASSWORD)
    fill_demo(services, records)
    return services


def take_all(out: Path, records: int = 3000) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    app = make_application([sys.argv[0]])
    shots: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        setup_services = StationServices.open(
            Path(tmp) / "empty", keys=KeyStore.throwaway(Path(tmp) / "empty")
        )
        setup = SetupDialog(setup_services.organisation)
        for name in ("青石村", "双凤村", "滨江社区"):
            setup.add_village(name, UnitKind.STREET if name.endswith("社区") else None)
        setup.name.setText("龙兴镇公共法律服务工作站")
        setup.county.setText("渝北区")
        setup.show()
        app.processEvents()
        shots.append(_save(setup, out, "00-setup-dialog"))
        setup.close()
        setup_services.close()

        services = build_demo_store(Path(tmp) / "demo", records)
        sign_in = SignInDialog(services.accounts, "龙兴镇公共法律服务工作站")
        sign_in.username.setText("admin")
        sign_in.show()
        app.processEvents()
        shots.append(_save(sign_in, out, "00-sign-in"))
        sign_in.password.setText("wrong-pass-1")
        sign_in.submit()
        app.processEvents()
        shots.append(_save(sign_in, out, "00-sign-in-wrong"))
        sign_in.close()
        services.accounts.sign_in("admin", DEMO_PASSWORD)
        runner = OperationRunner()
        window = MainWindow(AppContext.load(services, runner))
        window.resize(*SCREEN)
        window.show()
        _settle(app, runner)
        shots.append(_save(window, out, "00-home-head"))  # 工作台, the first page
        for i, (entity, page) in enumerate(window.ledger_pages.items(), start=1):
            window.show_page(entity)
            _settle(app, runner)
            shots.append(_save(window, out, f"{i:02d}-main-{entity}"))
            dialog = page.new_record()
            _settle(app, runner)
            shots.append(_save(dialog, out, f"{i:02d}-form-new-{entity}"))
            dialog.save(again=False)  # empty: shows every required-field error
            app.processEvents()
            shots.append(_save(dialog, out, f"{i:02d}-form-errors-{entity}"))
            dialog.close()
            page.select_row(_first_open_row(page))  # editable: the locked duty log comes later
            opened = page.open_selected()
            _settle(app, runner)
            if opened is not None:
                shots.append(_save(opened, out, f"{i:02d}-form-open-{entity}"))
                opened.close()
        duty = window.ledger_pages["duty_log"]
        window.show_page("duty_log")
        _settle(app, runner)
        for row in range(duty.model.rowCount()):
            record = duty.model.record(row)
            if record is not None and record.confirmation is not None:
                duty.select_row(row)
                locked = duty.open_selected()
                if locked is not None:
                    app.processEvents()
                    shots.append(_save(locked, out, "03-form-locked-duty_log"))
                    locked.close()
                break
        confirm = duty.confirm_selected()
        if confirm is not None:
            app.processEvents()
            shots.append(_save(confirm, out, "03-confirm-dialog"))
            confirm.close()
        void = duty.void_selected()
        if void is not None:
            app.processEvents()
            shots.append(_save(void, out, "03-void-dialog"))
            void.close()
        consult = window.ledger_pages["consultation"]
        window.show_page("consultation")
        consult.search.setText("工资")
        consult.refresh()
        _settle(app, runner)
        shots.append(_save(window, out, "01-main-consultation-search"))
        window.show_page("reports")
        window.report_page.compute()
        _settle(app, runner)
        shots.append(_save(window, out, "06-reports-table"))
        window.report_page.tabs.setCurrentIndex(1)
        app.processEvents()
        shots.append(_save(window, out, "06-reports-compliance"))
        from datetime import date

        from station_app.reports.api import LedgerSelection, export_ledger

        workbook = Path(tmp) / "法律咨询台账.xlsx"
        export_ledger(
            services, LedgerSelection("法律咨询", date(2026, 1, 1), date(2026, 11, 25)), workbook
        )
        importer = window.open_import()
        importer.set_file(workbook)
        importer.start(dry_run=True)
        _settle(app, runner)
        shots.append(_save(importer, out, "07-import-check"))
        importer.close()
        for name in ("sync", "settings", "accounts", "audit"):
            window.show_page(name)
            _settle(app, runner)
            shots.append(_save(window, out, f"09-{name}"))
        key = window.settings_page.show_recovery_key()
        if key is not None:
            app.processEvents()
            shots.append(_save(key, out, "09-recovery-key"))
            key.close()
        shots += _home_pages_of_others(app, services, window, out)
        window.session.lock()
        app.processEvents()
        _save(window, out, "10-idle-locked")  # a plain cover: on disk, not in the checked list
        lock = window.session.dialog
        if lock is not None:
            shots.append(_save(lock, out, "10-unlock-dialog"))
        window.close()
        services.close()
    return shots


def _home_pages_of_others(
    app: QApplication, services: StationServices, window: MainWindow, out: Path
) -> list[Path]:
    """The 工作台 of a village officer (青石村) and of a duty lawyer of the demo's ledgers, each
    signed in on the same window as a clerk would switch users."""
    station = services.organisation.require_station()
    qingshi = next(v.id for v in station.villages if v.name == "青石村")
    visits = services.duty_logs.ids(LedgerQuery(), limit=1)
    lawyer = services.duty_logs.get(visits[0]).data.lawyer_name if visits else None
    accounts: list[tuple[str, str, Role, int | None, str]] = [
        ("zhou", "周专干", Role.VILLAGE_OFFICER, qingshi, "00-home-officer")
    ]
    if lawyer:
        accounts.append(("lvshi", lawyer, Role.DUTY_LAWYER, None, "00-home-lawyer"))
    shots = []
    for username, name, role, village, shot in accounts:
        services.accounts.sign_in("admin", DEMO_PASSWORD)
        services.accounts.add_account(UserDraft(username, name, role, village), DEMO_PASSWORD)
        services.accounts.sign_in(username, DEMO_PASSWORD)
        window.reload()
        window.show_page("home")
        _settle(app, window.app.runner)
        shots.append(_save(window, out, shot))
    services.accounts.sign_in("admin", DEMO_PASSWORD)
    window.reload()
    _settle(app, window.app.runner)
    return shots


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--records", type=int, default=3000)
    args = parser.parse_args(argv)
    for path in take_all(args.outdir, args.records):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
