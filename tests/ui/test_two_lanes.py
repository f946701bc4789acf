"""Offline must never freeze the window: a sync waiting on a dead county leaves the ledgers
answering, 取消 ends it at once, and the timer knocks ever more rarely while the county is down."""

from __future__ import annotations

import time
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.settings_schema import SYNC_SERVER
from station_app.sync_client.auto_sync import AutoSyncSchedule
from station_app.sync_client.engine import SyncConfig
from station_app.sync_client.messages import OFFLINE
from station_app.sync_client.retry import RetryPolicy
from station_app.sync_client.token_store import TokenStore
from station_app.ui.ledger_page import LedgerPage
from station_app.ui.main_window import MainWindow
from station_app.ui.operations import Lane
from tests.dead_county import DeadCounty
from tests.ui.conftest import ime_type

pytestmark = pytest.mark.usefixtures("qapp")

NAMES = ["王秀英", "李建国", "张桂兰", "刘志强", "陈红梅"]


def _fill(window: MainWindow, n: int = 400) -> None:
    window.app.services.consultations.create_many(
        ConsultationDraft(
            consulted_on=date(2026, 1 + i % 10, 1 + i % 28),
            channel=ConsultChannel.VISIT,
            name=NAMES[i % len(NAMES)],
            category=ConsultCategory.LENDING,
            question=f"借款纠纷第{i}号",
            receiver="李专干",
            outcome=ConsultOutcome.ANSWERED,
        )
        for i in range(n)
    )


def enroll_at(window: MainWindow, url: str) -> None:
    """Enrolled once, to ``url``: what a station has after `station enroll`."""
    page = window.sync_page
    page._access().set_settings({SYNC_SERVER: url})
    TokenStore(window.app.services.store.data_dir).save("not-a-real-token")
    page.refresh_state()


def open_and_search(qtbot: QtBot, window: MainWindow, text: str) -> tuple[float, float]:
    """Seconds to open the consultation ledger (its rows shown) and to apply a search."""
    page = window.ledger_pages["consultation"]
    window.show_page("reports")
    started = time.monotonic()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        assert isinstance(window.show_page("consultation"), LedgerPage)
        page.refresh()
    opened = time.monotonic() - started
    page.search.clear()
    started = time.monotonic()
    with qtbot.waitSignal(page.loaded, timeout=10_000) as found:
        ime_type(page.search, text)
        page.search.returnPressed.emit()
    searched = time.monotonic() - started
    assert 0 < found.args[0] < page.model.rowCount() + found.args[0]
    return opened, searched


def test_a_sync_stuck_on_a_dead_county_leaves_the_ledgers_answering(
    qtbot: QtBot, window: MainWindow
) -> None:
    _fill(window)
    idle_open, idle_search = open_and_search(qtbot, window, "王秀英")
    with DeadCounty("hang") as county:
        enroll_at(window, county.url)
        sync = window.sync_page
        window.show_page("sync")
        qtbot.mouseClick(sync.sync_button, Qt.MouseButton.LeftButton)  # 立即同步: the ladder
        qtbot.waitUntil(lambda: county.accepted >= 1, timeout=10_000)
        busy_open, busy_search = open_and_search(qtbot, window, "李建国")
        assert sync.running, "the sync should still be waiting on the county"
        # One lane would have the search wait behind the sync's minute-long read.
        assert busy_open < max(3.0, 10 * idle_open)
        assert busy_search < max(3.0, 10 * idle_search)
        assert window.ledger_pages["consultation"].count_label.text() == "共 80 条"

        window.show_page("sync")
        assert sync.cancel_button.isVisible()
        qtbot.mouseClick(sync.cancel_button, Qt.MouseButton.LeftButton)
        assert not sync.running and sync.sync_button.isEnabled()  # idle at once
        assert "已取消" in sync.message.text()
        # … and the sync itself has let go of the network lane within about a second.
        assert window.app.runner.wait(1500, lane=Lane.NETWORK)
    assert window.app.services.consultations.count() == 400


def test_auto_sync_while_the_county_is_down_backs_off_across_runs(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.sync_page
    page._network = None  # the probe alone decides, whatever this PC's network says
    now = [0.0]
    page.schedule = AutoSyncSchedule(clock=lambda: now[0])

    def tick_at(minutes: float) -> None:
        now[0] = minutes * 60
        page.auto_sync_tick()
        qtbot.waitUntil(lambda: not page.running, timeout=10_000)

    with DeadCounty("drop") as county:
        enroll_at(window, county.url)
        tick_at(5)
        assert county.accepted == 0  # not due yet
        tick_at(10)
        assert county.accepted == 1  # one quick knock, no retry ladder
        assert OFFLINE in page.message.text() and "20 分钟后自动再试" in page.message.text()
        tick_at(29)
        assert county.accepted == 1
        tick_at(30)
        assert county.accepted == 2
        assert "40 分钟后自动再试" in page.message.text()
        tick_at(69)
        assert county.accepted == 2
        tick_at(70)
        assert county.accepted == 3
        for _ in range(5):  # the waits stop growing at two hours
            tick_at(now[0] / 60 + page.schedule.wait() / 60)
        assert page.schedule.wait() == 2 * 60 * 60 and county.accepted == 8

        page.network_back()  # Qt says the PC is online again: try now
        qtbot.waitUntil(lambda: not page.running, timeout=10_000)
        assert county.accepted == 9 and "20 分钟后自动再试" in page.message.text()

        # The clerk's 立即同步 still runs the retry ladder.
        page.config = SyncConfig(retry=RetryPolicy(base=0.01, cap=0.05, max_attempts=3))
        with qtbot.waitSignal(page.synced, timeout=30_000) as done:
            qtbot.mouseClick(page.sync_button, Qt.MouseButton.LeftButton)
        assert county.accepted == 12
        assert not done.args[0].clean and OFFLINE in page.message.text()


def test_a_record_save_waits_for_the_store_lane_not_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    import threading

    page = window.ledger_pages["publicity_event"]
    dialog = page.new_record()
    dialog.editors["village_id"].set_value(window.app.station.villages[0].id)
    dialog.editors["form"].set_value(dialog.editors["form"]._values[1])
    ime_type(dialog.editors["topic"], "民法典宣传")
    qtbot.keyClicks(dialog.editors["attendees"], "30")
    release = threading.Event()
    window.app.runner.submit(lambda _p, _c: release.wait(10), lambda _r: None)  # lane busy
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    # The click returned at once: the form is still open, its buttons off until the answer.
    assert dialog.isVisible() and not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # Esc waits for the save in flight
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)
    assert window.app.services.publicity.count() == 1
