"""The id-holding table model obeys Qt's model contract and pages rows in on demand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from pytestqt.modeltest import ModelTester

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome
from station_app.domain.consultation import ConsultationDraft
from station_app.services.station_services import StationServices
from station_app.ui.ledger_columns import COLUMNS
from station_app.ui.ledger_table_model import BLOCK, LedgerTableModel


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
