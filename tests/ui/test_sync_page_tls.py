"""同步 page enrollment with the county's own CA file, against a real HTTPS county server."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome
from station_app.domain.consultation import ConsultationDraft
from station_app.sync_client.county_ca import CA_FILENAME
from station_app.ui.main_window import MainWindow
from tests.sync_support import (
    CountyServer,
    county,
    county_init,
    enrollment_code,
    needs_scripts,
    sqlite_url,
)
from tests.ui.conftest import ime_type

pytestmark = needs_scripts


def test_enroll_with_the_countys_ca_file_then_sync_over_https(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    services = window.app.services
    services.consultations.create(
        ConsultationDraft(
            consulted_on=date(2026, 11, 20),
            channel=ConsultChannel.VISIT,
            name="甲",
            category=ConsultCategory.CONTRACT,
            question="合同纠纷",
            receiver="李专干",
            outcome=ConsultOutcome.ANSWERED,
        )
    )
    tls = tmp_path / "tls"
    made = county("sqlite://", "tls-cert", "--host", "127.0.0.1", "--out", str(tls))
    assert made.returncode == 0, made.stderr
    db = sqlite_url(tmp_path)
    county_init(db)
    server = CountyServer(db, tmp_path, tls=(tls / "server.pem", tls / "server-key.pem")).start()
    try:
        page = window.show_page("sync")

        # Plain HTTP to another machine: refused on the page, nothing connects.
        page.server_input.setText("http://10.20.30.40:8765")
        ime_type(page.code_input, "ABCD-EFGH-JKLM")
        qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "https://" in page.message.text(), timeout=30_000)
        assert "必须以 https:// 开头" in page.message.text()

        # Without the county's CA file: its certificate cannot be verified.
        page.server_input.setText(server.url)
        page.code_input.clear()
        ime_type(page.code_input, enrollment_code(db, window.app.station.name))
        qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "证书" in page.message.text(), timeout=60_000)
        assert "无法验证县中心服务器的证书" in page.message.text()
        assert page.enroll_box.isVisible()

        page.ca_input.setText(str(tls / "ca.pem"))
        page.code_input.clear()
        ime_type(page.code_input, enrollment_code(db, window.app.station.name))
        with qtbot.waitSignal(window.app.runner.changed, timeout=60_000):
            qtbot.mouseClick(page.enroll_button, Qt.MouseButton.LeftButton)
        assert "登记成功" in page.message.text(), page.message.text()
        assert (services.store.data_dir / CA_FILENAME).read_bytes() == (tls / "ca.pem").read_bytes()

        with qtbot.waitSignal(page.synced, timeout=120_000) as done:
            qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
        assert done.args[0].clean, done.args[0].summary()
        assert page.pending_label.text() == "0 条"
    finally:
        server.stop()
