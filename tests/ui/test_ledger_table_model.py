"""The id-holding table model obeys Qt's model contract and pages rows in on demand."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from typing import Any

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome
from station_app.domain.consultation import ConsultationDraft
from station_app.services.station_services import StationServices
from station_app.ui.ledger_columns import COLUMNS
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
    readers: list[str] = []
    real = page.service.get_many

    def get_many(ids: list[int]) -> list[Any]:
        readers.append(threading.current_thread().name)
        return real(ids)

    page.service.get_many = get_many  # type: ignore[method-assign]  # a spy: the real read
    with qtbot.waitSignal(page.first_rows_shown, timeout=10_000):
        window.show_page("consultation")
        page.refresh()
    page.table.viewport().repaint()
    assert page.model.rowCount() == 2 * BLOCK
    assert readers and threading.main_thread().name not in readers
    window.app.runner.wait()
