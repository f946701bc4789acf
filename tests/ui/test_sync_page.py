"""同步 page against a real county server on loopback: enroll, sync, see what is left."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.settings_schema import SYNC_SERVER
from station_app.sync_client.messages import OFFLINE
from station_app.ui.main_window import MainWindow
from tests.sync_support import enrollment_code, free_port, needs_scripts, running_county, sqlite_url
from tests.ui.conftest import ime_type

pytestmark = needs_scripts


def _consultation(name: str) -> ConsultationDraft:
    return ConsultationDraft(
        consulted_on=date(2026, 11, 20),
        channel=ConsultChannel.VISIT,
        name=name,
        category=ConsultCategory.CONTRACT,
        question="合同纠纷",
        receiver="李专干",
        outcome=ConsultOutcome.ANSWERED,
    )


def test_enroll_and_sync_from_the_window(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    services = window.app.services
    services.consultations.create(_consultation("甲"))
    page = window.show_page("sync")
    assert page is window.sync_page
    assert page.enroll_box.isVisible() and "尚未登记" in page.server_label.text()
    db = sqlite_url(tmp_path)
    with running_county(db, tmp_path) as county:
        code = enrollment_code(db, window.app.station.name)
        page.server_input.setText(county.url)
        ime_type(page.code_input, code)
        with qtbot.waitSignal(window.app.runner.changed, timeout=60_000):
            qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
        assert "登记成功" in page.message.text(), page.message.text()
        assert not page.enroll_box.isVisible() and page.server_label.text() == county.url

        services.consultations.create(_consultation("乙"))
        with qtbot.waitSignal(page.synced, timeout=120_000) as done:
            qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
        report = done.args[0]
        assert report.clean, report.summary()
        assert "同步完成" in page.message.text()
        assert page.pending_label.text() == "0 条"
        assert page.last_label.text() not in ("", "从未")
        qtbot.waitUntil(lambda: "待上传县中心：0 条" in window.unsent_label.text(), timeout=10_000)


def test_an_unreachable_county_keeps_records_and_says_so(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    from station_app.sync_client.token_store import TokenStore

    services = window.app.services
    services.consultations.create(_consultation("丙"))
    page = window.sync_page
    # Enrolled once, but the county is down (nothing listens on this port).
    page._access().set_settings({SYNC_SERVER: f"http://127.0.0.1:{free_port()}"})
    TokenStore(services.store.data_dir).save("not-a-real-token")
    page.refresh_state()
    from station_app.sync_client.engine import SyncConfig
    from station_app.sync_client.retry import RetryPolicy

    page.config = SyncConfig(retry=RetryPolicy(base=0.05, cap=0.2, max_attempts=3, deadline=10))
    with qtbot.waitSignal(page.synced, timeout=60_000) as done:
        page.sync_now()
    assert not done.args[0].clean
    assert OFFLINE in page.message.text()
    assert page.pending_label.text() != "0 条"
    assert services.consultations.count() == 1
