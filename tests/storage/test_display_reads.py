"""Lists and table rows are read with Core for speed (``read_rows``, ``read_by_ids``): they
must show exactly the records the ORM would, children and confirmations included."""

from __future__ import annotations

from station_app.domain.ledger_query import LedgerQuery
from station_app.services.station_services import StationServices
from station_app.storage.ledger_repository import LedgerRepository
from station_app.tools.demo_data import fill_demo


def test_display_reads_match_the_orm(services: StationServices) -> None:
    fill_demo(services, 300, seed=5)
    confirmed = 0
    for ledger in services.ledgers():
        with services.store.read() as session:
            repo = LedgerRepository(session, ledger.spec)
            for query in (LedgerQuery(), LedgerQuery(descending=True)):
                orm = [repo.to_stored(r) for r in repo.rows(query, 5, 40)]
                core = [repo.to_stored(r) for r in repo.read_rows(query, 5, 40)]
                assert core == orm, ledger.spec.entity
                assert orm, ledger.spec.entity
                ids = [*(s.meta.id for s in reversed(orm)), 10**9]  # the last is not there
                by_ids = [repo.to_stored(r) for r in repo.read_by_ids(ids)]
                assert by_ids == orm[::-1]
                confirmed += sum(1 for s in core if s.confirmation)
    assert confirmed  # the demo confirms visits: confirmations are read too
    cases = services.mediation.page(LedgerQuery(), limit=10).items
    assert any(p.id_number for case in cases for p in case.data.parties)  # masked, present
