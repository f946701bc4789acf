"""A 200,000-record demo store shared by the benchmarks, built once per machine and reused."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from station_app.domain.choices import Role, UnitKind
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.services.station_services import StationServices
from station_app.storage.migrate import head_revision
from station_app.tools.demo_data import fill_demo

RECORDS = 200_000
VILLAGES = ("青石", "双凤", "七星", "石坪", "团结", "长河", "大湾", "新华", "玉峰", "龙井")


def big_store_dir(records: int = RECORDS) -> Path:
    """A data folder holding ``records`` demo records (all five ledgers), at the current schema."""
    target = Path(tempfile.gettempdir()) / f"station-bench-{records}-{head_revision()}"
    if (target / "ready").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    services = StationServices.open(target)
    services.organisation.initialize(
        StationDraft(
            "龙兴镇公共法律服务工作站",
            "渝北区",
            UnitKind.TOWN,
            (
                *(VillageDraft(f"{n}村", UnitKind.TOWN) for n in VILLAGES),
                VillageDraft("滨江社区", UnitKind.STREET),
            ),
        ),
        UserDraft("admin", "王站长", Role.STATION_HEAD),
    )
    start = time.perf_counter()
    fill_demo(services, records, batch=5000)
    print(f"\n(built the {records:,}-record store in {time.perf_counter() - start:.0f} s)")
    services.close()
    (target / "ready").write_text("ok")
    return target
