"""The store half of `station-app --self-test`, the smoke test every installer build runs.

Inside the bundle it proves what a packaging mistake would break on a clerk's first start: the
migration scripts are shipped and run, the reference data and demo records go through the real
services (ID check digits, case numbers, search index), and the quarterly table is written as
PDF (with the CJK font shipped in the bundle, not one borrowed from the build machine) and as
Excel. Qt-free, so the suite runs it without a window too.
"""

from __future__ import annotations

from pathlib import Path

from station_app.domain.choices import Role, UnitKind
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.domain.quarter import Quarter
from station_app.reports.api import quarterly_table, write_quarterly_report
from station_app.reports.pdf_common import font_path, shipped_fonts
from station_app.reports.quarterly_table import RowKind
from station_app.security.key_store import KeyStore
from station_app.services.station_services import StationServices
from station_app.services.store_maintenance import StoreMaintenance
from station_app.tools.demo_data import fill_demo

DEMO_RECORDS = 60


class SelfTestError(Exception):
    """One line saying which step failed."""


def prepare_store(folder: Path) -> StationServices:
    """A new store in ``folder`` built by the migrations, with a station and demo records."""
    services = StoreMaintenance(folder).open(keys=KeyStore.throwaway(folder))
    try:
        schema = StoreMaintenance.schema_status(services)
        if not schema.current or services.store.migration.from_revision is not None:
            raise SelfTestError(
                f"数据库迁移未完成（版本 {schema.revision}）/ migrations did not run"
            )
        problems = services.store.integrity_problems()
        if problems:
            raise SelfTestError(f"数据库完整性检查未通过 / integrity check failed: {problems[0]}")
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


def write_reports(services: StationServices, folder: Path) -> list[Path]:
    """This quarter's statistics table as PDF and Excel, its totals checked against the ledgers."""
    if font_path() not in shipped_fonts():
        raise SelfTestError("随程序安装的中文字体缺失 / the shipped CJK font is missing")
    quarter = Quarter.of(services.ctx.clock.today())
    table = quarterly_table(services, quarter)
    counted = {c.ledger: c.total for c in services.stats.quarter_counts(quarter)}
    total = next(row for row in table.rows if row.kind is RowKind.TOTAL)
    if total.consultations != counted[services.consultations.spec.label]:
        raise SelfTestError("统计表合计与台账不符 / the table's totals disagree with the ledgers")
    written = []
    for name, magic in (("统计表.pdf", b"%PDF-"), ("统计表.xlsx", b"PK")):
        path = write_quarterly_report(table, folder / name)
        if not path.read_bytes().startswith(magic):
            raise SelfTestError(f"报表文件不完整 / the report file is damaged: {name}")
        written.append(path)
    return written


def write_case_documents(services: StationServices, folder: Path) -> list[Path]:
    """A mediation case's 告知书 as Word and its 卷宗 as PDF: the templates, docxtpl and its
    jinja2, and the PDF layout all made it into the bundle."""
    from station_app.reports.documents.api import write_casefile, write_document
    from station_app.reports.documents.kinds import DocumentKind

    case_ids = services.mediation.ids(limit=1)
    if not case_ids:
        raise SelfTestError("演示数据中没有调解案件 / no mediation case to print")
    written = [
        write_document(services, case_ids[0], DocumentKind.NOTICE, folder / "告知书.docx"),
        write_casefile(services, case_ids[0], folder / "卷宗.pdf"),
    ]
    for path, magic in zip(written, (b"PK", b"%PDF-"), strict=True):
        if not path.read_bytes().startswith(magic):
            raise SelfTestError(f"调解文书不完整 / the document is damaged: {path.name}")
    return written
