"""The id-holding table model obeys Qt's model contract and pages rows in on demand."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from station_app.domain.choices import (
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    PublicityForm,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.ledger_query import LedgerQuery, QueryCancelled
from station_app.domain.publicity_event import PublicityEventDraft
from station_app.services.station_services import StationServices
from station_app.storage import ledger_repository
from station_app.ui.ledger_columns import COLUMNS
from station_app.ui.ledger_page import FIRST_ROWS, ROW_HEIGHT, LedgerPage
from station_app.ui.ledger_table_model import BLOCK, LedgerTableModel
from station_app.ui.main_window import MainWindow


def _fill(services: StationServices, n: int) -> None:
    services.consultations.create_many(
        ConsultationDraft(
            consulted_on=date(2026, 10, 1 + i % 28),
            channel=ConsultChannel.PHONE,
            name=f"测试{i}",
            category=ConsultCategory.CONTRACT,
            question="合同纠纷咨询",
            receiver="接待员",
            outcome=ConsultOutcome.ANSWERED,
        )
        for i in range(n)
    )


def test_model_passes_qt_model_tester(
    qtmodeltester: ModelTester, services: StationServices
) -> None:
    _fill(services, 250)
    station = services.organisation.require_station()
    model = LedgerTableModel(services.consultations, COLUMNS["consultation"], station, {})
    model.set_ids(services.consultations.ids())
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 250
    assert model.columnCount() == len(COLUMNS["consultation"])


def test_rows_are_fetched_a_block_at_a_time(services: StationServices) -> None:
    _fill(services, 3 * BLOCK)
    station = services.organisation.require_station()
    model = LedgerTableModel(services.consultations, COLUMNS["consultation"], station, {})
    model.set_ids(services.consultations.ids())
    assert len(model._cache) == 0  # nothing read until the view asks
    first = model.data(model.index(0, 0))
    assert first == "2026-10-28"
    assert len(model._cache) == BLOCK
    model.data(model.index(2 * BLOCK + 5, 3))
    assert len(model._cache) == 2 * BLOCK
    assert model.data(model.index(0, 1)) == "本站"


def test_the_rest_of_the_ids_are_appended_after_a_first_screenful(
    qtmodeltester: ModelTester, services: StationServices
) -> None:
    _fill(services, 250)
    station = services.organisation.require_station()
    model = LedgerTableModel(services.consultations, COLUMNS["consultation"], station, {})
    model.set_ids(services.consultations.ids(limit=50))
    qtmodeltester.check(model, force_py=True)
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.extend_ids(services.consultations.ids())
    assert inserted == [(50, 249)] and model.rowCount() == 250
    assert model.data(model.index(200, 1)) == "本站"


def test_a_list_that_moved_meanwhile_starts_over(services: StationServices) -> None:
    _fill(services, 120)
    station = services.organisation.require_station()
    model = LedgerTableModel(services.consultations, COLUMNS["consultation"], station, {})
    model.set_ids(services.consultations.ids(limit=20))
    newer = services.consultations.get(services.consultations.ids(limit=1)[0]).data
    # Another window saves a newer record between the two steps: it sorts first.
    services.consultations.create(replace(newer, consulted_on=date(2026, 11, 20)))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.extend_ids(services.consultations.ids())
    assert resets == [True] and model.rowCount() == 121
    assert model.data(model.index(0, 0)) == "2026-11-20"


def test_a_ledger_page_shown_for_the_first_time_reads_its_records_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Opening a ledger paints its first screenful from records read on the store lane with
    the ids: the GUI thread reads no record (a block of 100 with their sealed numbers) for
    rows about to be replaced, nor for the rows shown."""
    services = window.app.services
    _fill(services, 2 * BLOCK)
    page = window.ledger_pages["consultation"]
    readers = _threads_reading_records(page)
    with qtbot.waitSignal(page.first_rows_shown, timeout=10_000):
        window.show_page("consultation")
        page.refresh()
    page.table.viewport().repaint()
    assert page.model.rowCount() == 2 * BLOCK
    assert readers and threading.main_thread().name not in readers
    window.app.runner.wait()


def test_voided_rows_are_grey_and_counts_right_aligned(services: StationServices) -> None:
    """What each painted cell looks like: a voided record (listed when asked for) in grey,
    numbers right-aligned, text left-aligned."""
    station = services.organisation.require_station()
    _fill(services, 2)
    voided = services.consultations.ids()[0]
    services.consultations.void(voided, "重复录入")
    model = LedgerTableModel(services.consultations, COLUMNS["consultation"], station, {})
    model.set_ids(services.consultations.ids(LedgerQuery(include_voided=True)))
    row = model.row_of(voided)
    assert row is not None
    colour = Qt.ItemDataRole.ForegroundRole
    grey, live = (model.data(model.index(r, 3), colour) for r in (row, 1 - row))
    assert isinstance(grey, QBrush) and grey.color().name() == "#8a8f98" and live is None
    services.publicity.create(
        PublicityEventDraft(
            held_on=date(2026, 11, 4), form=PublicityForm.LECTURE, topic="法治讲座", attendees=30
        )
    )
    events = LedgerTableModel(services.publicity, COLUMNS["publicity_event"], station, {})
    events.set_ids(services.publicity.ids())
    attendees = [c.header for c in COLUMNS["publicity_event"]].index("参加人数")
    assert events.data(events.index(0, attendees)) == "30"
    align = Qt.ItemDataRole.TextAlignmentRole
    assert events.data(events.index(0, attendees), align) & Qt.AlignmentFlag.AlignRight
    assert events.data(events.index(0, 0), align) & Qt.AlignmentFlag.AlignLeft


def test_a_search_after_scrolling_down_shows_its_first_rows_from_the_top(
    qtbot: QtBot, window: MainWindow
) -> None:
    """A clerk scrolled far down a ledger, then searches: the hits show from the first one,
    painted from the records read with them off the GUI thread, and the count follows."""
    services = window.app.services
    _fill(services, FIRST_ROWS + 100)
    page = window.ledger_pages["consultation"]
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        window.show_page("consultation")
        page.refresh()
    page.table.scrollToBottom()
    qtbot.wait(10)
    readers = _threads_reading_records(page)
    with qtbot.waitSignal(page.first_rows_shown, timeout=10_000):
        page.search.setText("合同")
        page.refresh()
    page.table.viewport().repaint()
    assert page.table.rowAt(0) == 0
    assert page.table.model().data(page.model.index(0, 0)) == "2026-10-28"
    assert readers and threading.main_thread().name not in readers
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        pass
    assert page.model.rowCount() == FIRST_ROWS + 100
    assert page.count_label.text() == f"共 {FIRST_ROWS + 100} 条"
    window.app.runner.wait()


def test_ledger_pages_are_laid_out_and_painted_once_the_start_up_reads_are_done(
    qtbot: QtBot, window: MainWindow
) -> None:
    """While the clerk looks at the 工作台, each ledger page is made ready off screen at the
    window's page size (the first ledger with the rows read at start-up), reading nothing on
    the GUI thread: a first click on a ledger only swaps it in."""
    services = window.app.services
    _fill(services, 2 * BLOCK)
    spies = [_threads_reading_records(page) for page in window.ledger_pages.values()]
    window.reload()  # the pages again, over the filled store, as after a sign-in
    first = window.ledger_pages["consultation"]
    qtbot.waitUntil(
        lambda: all(p.size() == window.stack.size() for p in window.ledger_pages.values()),
        timeout=10_000,
    )
    assert not any(p.isVisible() for p in window.ledger_pages.values())
    assert first.model.rowCount() == 2 * BLOCK
    assert first.model._cells  # its first screenful painted
    readers = [name for spy in spies for name in spy]
    assert readers and threading.main_thread().name not in readers
    window.app.runner.wait()


def test_the_rest_of_a_long_list_is_read_after_its_first_screenful_is_painted(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The first screenful is painted before the long read of every id starts, so the two
    do not compete for the CPU; the whole list and its count still follow."""
    services = window.app.services
    _fill(services, FIRST_ROWS + 100)
    page = window.ledger_pages["consultation"]
    window.show_page("consultation")
    window.app.runner.wait()
    qtbot.wait(50)
    happened: list[str] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                time.sleep(0.05)  # a slow paint: a read started meanwhile would come first
                happened.append("painted")
            return False

    paints = Paints()
    page.table.viewport().installEventFilter(paints)
    real = page.service.ids

    def ids(query: Any = None, *, limit: int | None = None, **more: Any) -> list[int]:
        happened.append("first ids" if limit else "all ids")
        return real(query, limit=limit, **more)

    page.service.ids = ids  # type: ignore[method-assign]  # a spy: the real read
    page.first_rows_shown.connect(lambda _n: happened.append("first rows shown"))
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.search.setText("合同")
        page.refresh()
    shown = happened.index("first rows shown")
    assert happened.index("painted", shown) < happened.index("all ids")
    assert page.model.rowCount() == FIRST_ROWS + 100
    assert page.count_label.text() == f"共 {FIRST_ROWS + 100} 条"
    window.app.runner.wait()


def test_a_superseded_read_of_a_long_list_stops_part_way(
    services: StationServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new search or a click on another ledger while a long list's ids are read: the old
    read stops at its next chunk instead of holding the store lane (and the clerk's new
    query behind it) until the end; unasked, a read returns every id."""
    monkeypatch.setattr(ledger_repository, "ID_CHUNK", 10)
    _fill(services, 45)
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2

    with pytest.raises(QueryCancelled):
        services.consultations.ids(cancelled=cancelled)
    assert len(asked) == 3  # stopped after its third chunk of ten, not the fifth
    assert services.consultations.ids(cancelled=lambda: False) == services.consultations.ids()
    assert len(services.consultations.ids()) == 45


def test_a_first_screenful_reads_as_many_records_as_the_table_shows(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Each record read costs (its sealed numbers opened, masked): opening a ledger reads
    the rows its table shows, not a fixed number, and painting them reads nothing more."""
    services = window.app.services
    _fill(services, BLOCK)
    page = window.ledger_pages["mediation_case"]
    consultations = window.ledger_pages["consultation"]
    qtbot.waitUntil(lambda: consultations.size() == window.stack.size(), timeout=10_000)
    sizes: list[tuple[int, str]] = []
    real = consultations.service.get_many

    def get_many(ids: list[int]) -> list[Any]:
        sizes.append((len(ids), threading.current_thread().name))
        return real(ids)

    consultations.service.get_many = get_many  # type: ignore[method-assign]  # a spy
    with qtbot.waitSignal(consultations.first_rows_shown, timeout=10_000):
        window.show_page("consultation")
        consultations.refresh()
    consultations.table.viewport().repaint()
    shown = consultations.table.viewport().height() / ROW_HEIGHT
    assert [n for n, _ in sizes] == [int(shown) + 1] and shown < window.height() / ROW_HEIGHT
    assert threading.main_thread().name not in [reader for _, reader in sizes]
    assert page.first_screen() == consultations.first_screen()  # prepared the same way
    window.app.runner.wait()


def _threads_reading_records(page: LedgerPage) -> list[str]:
    """The names of the threads that read the page's records from now on (a spy on the
    service's real read)."""
    readers: list[str] = []
    real = page.service.get_many

    def get_many(ids: list[int]) -> list[Any]:
        readers.append(threading.current_thread().name)
        return real(ids)

    page.service.get_many = get_many  # type: ignore[method-assign]  # a spy: the real read
    return readers
