"""Fill 200,000 records through the service layer; time paged lists and Chinese search.

Targets: a ledger's filters (type/status, village, date range; first page) <= 50 ms and the
fill rates of issue 14; other lists and searches <= 150 ms (issue 2). Figures are printed and
recorded; the only assertions are sanity checks that the queries found something, never timings.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from station_app.domain.choices import UnitKind
from station_app.domain.ledger_query import LedgerQuery
from station_app.domain.organisation import StationDraft, VillageDraft
from station_app.services.station_services import StationServices
from station_app.tools.demo_data import _Maker, fill_demo
from tests.benchmarks.big_store import VILLAGES
from tests.benchmarks.figures import record

RECORDS = 200_000
TARGET_MS = 150.0
FILTER_TARGET_MS = 50.0


def _timed(fn: Callable[[], object], repeat: int = 7) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> StationServices:
    data_dir: Path = tmp_path_factory.mktemp("bench") / "store"
    services = StationServices.open(data_dir)
    services.organisation.initialize(
        StationDraft(
            "龙兴镇公共法律服务工作站",
            "渝北区",
            UnitKind.TOWN,
            (
                *(VillageDraft(f"{n}村", UnitKind.TOWN) for n in VILLAGES),
                VillageDraft("滨江社区", UnitKind.STREET),
            ),
        )
    )
    making = _time_the_making(services)
    start = time.perf_counter()
    fill_demo(services, RECORDS, batch=5000)
    elapsed = time.perf_counter() - start
    size = (data_dir / "station.db").stat().st_size / 2**20
    print(
        f"\nfill: {RECORDS} records (all five ledgers) through the service layer in {elapsed:.1f} s"
        f" = {RECORDS / elapsed:,.0f} records/s, of which {making[0]:.1f} s making the demo"
        f" records; store {size:.0f} MiB"
    )
    record(
        "fill 200k, all five ledgers, through the services",
        RECORDS / elapsed,
        "records/s",
        5_000,
        "higher",
    )
    # Context for the figure above, which (as before issue 7) includes the demo maker's draws.
    record("fill 200k: making the demo records (random draws), share", making[0] / elapsed, "x")
    record("fill 200k: the services' writing alone", RECORDS / (elapsed - making[0]), "records/s")
    return services


def _time_the_making(services: StationServices) -> list[float]:
    """Seconds the fill spends making its demo records (the maker's random draws), summed
    into the list returned: each ledger's create_many takes its records made first, and the
    making is timed apart from the writing."""
    spent = [0.0]
    for service in services.ledgers():
        write = service.create_many

        def made_first(drafts: Iterable[object], write: Callable[..., Any] = write) -> Any:
            start = time.perf_counter()
            made = list(drafts)
            spent[0] += time.perf_counter() - start
            return write(made)

        service.create_many = made_first  # type: ignore[method-assign,assignment]
    return spent


#: Fresh stores the one-transaction batch is written into. Its figure is the fastest of them,
#: as ``timeit`` takes the best of its repeats: on this shared 2-core machine (a third of the
#: CPU time stolen by neighbours at busy moments) adjacent runs of the same code differ by up
#: to 40%, and a slower run measures the neighbours, not the code. The median is recorded
#: beside it, without a target.
BATCH_RUNS = 3


def _one_village_station(path: Path) -> StationServices:
    services = StationServices.open(path)
    services.organisation.initialize(
        StationDraft(
            "龙兴镇公共法律服务工作站",
            "渝北区",
            UnitKind.TOWN,
            (VillageDraft("青石村", UnitKind.TOWN),),
        )
    )
    return services


def test_consultation_ledger_only_fill_rate(tmp_path: Path) -> None:
    """The rate for one ledger alone, without the duty-log confirmations of the mixed fill:
    the same 20,000 records in one transaction into each of three fresh stores."""
    import random

    rates = []
    for run in range(BATCH_RUNS):
        services = _one_village_station(tmp_path / f"run{run}")
        station = services.organisation.require_station()
        maker = _Maker(
            random.Random(1),
            date.today(),
            date(date.today().year - 1, 1, 1),
            [v.id for v in station.villages] + [None],
            ["甲"],
            ["乙"],
            [("丙", "丁所")],
            ["01"],
        )
        n = 20_000
        drafts = [maker.consultation() for _ in range(n)]
        start = time.perf_counter()
        services.consultations.create_many(drafts)
        rates.append(n / (time.perf_counter() - start))
        if run < BATCH_RUNS - 1:
            services.close()  # the last store goes on to the sealing and single-save figures
    batch_rate = max(rates)
    print("\nconsultations in one transaction, each run:", ", ".join(f"{r:,.0f}" for r in rates))
    # The cost of sealing: the same records without any ID or phone number, in the same store
    # as the last batch, against that batch.
    bare = [replace(d, id_number=None, phone=None) for d in drafts]
    start = time.perf_counter()
    services.consultations.create_many(bare)
    bare_rate = n / (time.perf_counter() - start)
    sealed = sum(1 for d in drafts for v in (d.id_number, d.phone) if v)
    start = time.perf_counter()
    for _ in range(200):
        services.consultations.create(maker.consultation())
    single_ms = (time.perf_counter() - start) / 200 * 1000
    print(
        f"\nconsultations: {batch_rate:,.0f} records/s in one transaction (fastest run);"
        f" {single_ms:.1f} ms per record saved alone (one fsync'd transaction each)"
        f"\nsealing {sealed:,} ID/phone numbers: {bare_rate:,.0f} records/s without them,"
        f" ratio {bare_rate / rates[-1]:.2f}"
    )
    record(
        "consultations through the services, one transaction",
        batch_rate,
        "records/s",
        10_000,
        "higher",
    )
    record(
        "consultations through the services, one transaction: median of the runs",
        statistics.median(rates),
        "records/s",
    )
    record("one consultation saved alone", single_ms, "ms", 5.0)
    record("sealing: rate without numbers / with them", bare_rate / rates[-1], "x")
    services.close()


def test_list_and_search_at_200k(big_store: StationServices) -> None:
    svc = big_store
    villages = svc.organisation.require_station().villages
    total = sum(s.count() for s in svc.ledgers())
    assert total >= RECORDS * 0.99
    consult = svc.consultations
    today = date.today()
    cases: list[tuple[str, Callable[[], object]]] = [
        ("法律咨询 first page, no filter", lambda: consult.page(LedgerQuery(), limit=100)),
        (
            "法律咨询 page 300 (offset 30,000)",
            lambda: consult.page(LedgerQuery(), offset=30_000, limit=100),
        ),
        (
            "法律咨询 village + date range",
            lambda: consult.page(
                LedgerQuery(
                    villages=frozenset({villages[3].id}),
                    date_from=date(today.year, 1, 1),
                    date_to=today,
                ),
                limit=100,
            ),
        ),
        (
            "法律咨询 kind filter (劳动争议)",
            lambda: consult.page(LedgerQuery(kind="劳动争议"), limit=100),
        ),
        ("法律咨询 all ids in order (table model)", lambda: consult.ids(LedgerQuery())),
        ("search 1 char 张", lambda: consult.page(LedgerQuery(text="张"), limit=100)),
        ("search 2 chars 工资 (common)", lambda: consult.page(LedgerQuery(text="工资"), limit=100)),
        (
            "search 3 chars 王秀 + prefix (a name)",
            lambda: consult.page(LedgerQuery(text="王秀"), limit=100),
        ),
        (
            "search phrase 微信转账记录",
            lambda: consult.page(LedgerQuery(text="微信转账记录"), limit=100),
        ),
        (
            "search 2 terms 继承 老房子 + village",
            lambda: consult.page(
                LedgerQuery(text="继承 老房子", villages=frozenset({villages[0].id})), limit=100
            ),
        ),
        (
            "人民调解 search 排水 (parties, summary)",
            lambda: svc.mediation.page(LedgerQuery(text="排水"), limit=100),
        ),
        (
            "律师值班 unconfirmed, first page",
            lambda: svc.duty_logs.page(LedgerQuery(kind="待确认"), limit=100),
        ),
    ]
    # A whole resident ID typed in the search box: the keyed lookup, not the text index.
    with_id = next(
        i for i in consult.ids(LedgerQuery(), limit=500) if consult.get(i).data.id_number
    )
    person = consult.reveal(with_id).data.id_number
    case_id = next(
        i
        for i in svc.mediation.ids(LedgerQuery(), limit=200)
        if any(p.id_number for p in svc.mediation.get(i).data.parties)
    )
    party = next(p.id_number for p in svc.mediation.reveal(case_id).data.parties if p.id_number)
    cases += [
        (
            "法律咨询 exact resident ID (keyed lookup)",
            lambda: consult.page(LedgerQuery(text=person)),
        ),
        (
            "人民调解 exact party ID (keyed lookup)",
            lambda: svc.mediation.page(LedgerQuery(text=party)),
        ),
        ("法律咨询 reveal one record (audited)", lambda: [consult.reveal(with_id)]),
    ]
    filters = {"法律咨询 kind filter (劳动争议)", "律师值班 unconfirmed, first page"}
    print(f"\n{total:,} records in the store; {consult.count():,} consultations")
    print(f"{'query':45} {'median ms':>10} {'rows':>8}  vs target")
    for name, fn in cases:
        ms, result = _timed(fn)
        rows = result.total if hasattr(result, "total") else len(result)  # type: ignore[arg-type]
        assert rows > 0, name
        target = FILTER_TARGET_MS if name in filters else TARGET_MS
        print(f"{name:45} {ms:10.1f} {rows:8}  {ms / target:.2f}x of {target:.0f} ms")
        record(f"{name} at 200k", ms, "ms", target)


def test_every_filter_of_every_ledger_page_at_200k(big_store: StationServices) -> None:
    """What each ledger page's filter row asks for, first page of 100 as the window loads it:
    every value of the type/status filter (the slowest one recorded), one village, the
    station itself, this year's date range, and a village with a date range together."""
    svc = big_store
    villages = svc.organisation.require_station().villages
    today = date.today()
    new_year = date(today.year, 1, 1)
    print(f"\n{'ledger filter, first page':45} {'median ms':>10} {'rows':>8}")
    for ledger in svc.ledgers():
        label, spec = ledger.spec.label, ledger.spec
        cases: list[tuple[str, LedgerQuery]] = [
            (f"{label} no filter", LedgerQuery()),
            (
                f"{label} village {villages[3].name}",
                LedgerQuery(villages=frozenset({villages[3].id})),
            ),
            (f"{label} the station itself", LedgerQuery(villages=frozenset({None}))),
            (f"{label} this year", LedgerQuery(date_from=new_year, date_to=today)),
            (
                f"{label} village + this year",
                LedgerQuery(
                    villages=frozenset({villages[0].id}), date_from=new_year, date_to=today
                ),
            ),
        ]
        found = 0
        for name, query in cases:
            ms, result = _timed(partial(ledger.page, query, limit=100), repeat=5)
            found += result.total  # type: ignore[attr-defined]
            print(f"{name:45} {ms:10.1f} {result.total:8}")  # type: ignore[attr-defined]
            record(f"{name}, first page at 200k", ms, "ms", FILTER_TARGET_MS)
        assert found > 0, label
        slowest, slowest_value, slowest_rows = 0.0, "", 0
        for value in spec.kind_values:
            ms, result = _timed(partial(ledger.page, LedgerQuery(kind=value), limit=100), 5)
            if ms >= slowest:
                slowest, slowest_value = ms, value
                slowest_rows = result.total  # type: ignore[attr-defined]
        name = f"{label} {spec.kind_label} filter, slowest ({slowest_value})"
        print(f"{name:45} {slowest:10.1f} {slowest_rows:8}  of {len(spec.kind_values)} values")
        record(
            f"{label} {spec.kind_label} filter, slowest value, first page at 200k",
            slowest,
            "ms",
            FILTER_TARGET_MS,
        )
