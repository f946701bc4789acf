"""The store half of `station-app --self-test`, the smoke test every installer build runs.

Inside the bundle it proves what a packaging mistake would break on a clerk's first start: the
migration scripts are shipped and run, the reference data and demo records go through the real
services (ID check digits, case numbers, pinyin and search index), and a report is written to
a file. Qt-free, so the suite can run it without a window too.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from station_app.domain.choices import Role, UnitKind
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.domain.quarter import Quarter
from station_app.services.demo_data import fill_demo
from station_app.services.station_services import StationServices
from station_app.storage.migrate import current_revision, head_revision

DEMO_RECORDS = 60


class SelfTestError(Exception):
    """One line saying which step failed."""


def prepare_store(folder: Path) -> StationServices:
    """A new store in ``folder`` built by the migrations, with a station and demo records."""
    services = StationServices.open(folder)
    try:
        revision = current_revision(services.store.engine)
        if revision != head_revision() or services.store.migration.from_revision is not None:
            raise SelfTestError(f"数据库迁移未完成（版本 {revision}）/ migrations did not run")
        problems = services.store.integrity_problems()
        if problems:
            raise SelfTestError(f"数据库完整性检查未通过：{problems[0]}")
        services.organisation.initialize(
            StationDraft(
                name="自检镇公共法律服务工作站",
                county="自检区",
                kind=UnitKind.TOWN,
                villages=(VillageDraft("自检村", UnitKind.TOWN),),
            ),
            UserDraft("admin", "自检站长", Role.STATION_HEAD),
        )
        fill_demo(services, DEMO_RECORDS, seed=1)
    except BaseException:
        services.close()
        raise
    return services


def write_stats_report(services: StationServices, target: Path) -> Path:
    """Record counts of the last four quarters as JSON, the figures the quarterly table uses."""
    quarters = [Quarter.of(services.ctx.clock.today())]
    while len(quarters) < 4:
        quarters.append(Quarter.of(quarters[-1].start - timedelta(days=1)))
    report = {
        str(q): {c.ledger: c.total for c in services.stats.quarter_counts(q)} for q in quarters
    }
    total = sum(n for per_ledger in report.values() for n in per_ledger.values())
    if total != DEMO_RECORDS:
        raise SelfTestError(
            f"报表合计 {total} 条，应为 {DEMO_RECORDS} 条 / report totals are wrong"
        )
    target.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return target
