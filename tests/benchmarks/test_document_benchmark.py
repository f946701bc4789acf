"""The 卷宗 of a big case: 10 parties, 12 sessions, a follow-up and a written agreement.

Target (issue 17): <= 2 s for the whole file — fill every template, lay the PDF out twice
(the 目录's page numbers), write it. Printed and recorded; asserted with headroom only, as
the machine is shared and noisy.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from station_app.reports.documents import api
from station_app.services.station_services import StationServices
from tests.benchmarks.figures import record
from tests.conftest import StoreTemplate
from tests.reports.documents.cases import big_case, store_case
from tests.reports.documents.reading import open_copy, pdf_pages

TARGET_S = 2.0


def test_casefile_of_ten_parties_and_twelve_sessions(
    store_template: StoreTemplate, tmp_path: Path
) -> None:
    services: StationServices = open_copy(store_template, tmp_path / "data")
    try:
        case_id = store_case(services, big_case(parties=10, sessions=12))
        times = []
        for n in range(5):
            start = time.perf_counter()
            out = api.write_casefile(services, case_id, tmp_path / f"卷宗{n}.pdf")
            times.append(time.perf_counter() - start)
    finally:
        services.close()
    pages = len(pdf_pages(out))
    print(
        f"\n卷宗 (10 parties, 12 sessions, {pages} pages): first {times[0]:.2f} s, "
        f"median {statistics.median(times):.2f} s, best {min(times):.2f} s"
    )
    record("卷宗 PDF, 10 parties, 12 sessions (first run)", times[0], "s", TARGET_S)
    record(
        "卷宗 PDF, 10 parties, 12 sessions (median of 5)", statistics.median(times), "s", TARGET_S
    )
    assert pages >= 20
    assert min(times) <= TARGET_S * 2
