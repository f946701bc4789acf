"""The workbook's columns for the printed documents (issue 17): the case's requests, facts,
agreement terms, performance, copies, recorder and the closed file on 人民调解, 民族 and 职业或职务
on 调解当事人, investigation records on 调解调查; a workbook without them still imports, and an
exported workbook carries them back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from station_app.domain.choices import RetentionPeriod, Role, UnitKind
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.domain.workbook_layout import INVESTIGATION_SHEET, MEDIATION_SHEET
from station_app.importer.workbook_import import WorkbookImporter
from station_app.reports import api
from station_app.reports.ledger_export import LedgerSelection
from station_app.services.station_services import StationServices
from tests.conftest import FixedClock
from tests.ledger_workbooks import mediation, party, write_workbook

CASE = "（2026）龙兴调字第0001号"

DOCUMENTED = {
    "案号": CASE,
    "当事人申请事项": "1. 请求疏通排水沟\n2. 赔偿损失",
    "纠纷主要事实、争议事项": "赵二填平排水沟",
    "协议内容": "（1）赵二三日内疏通\n（2）赵二赔偿王大1.5万元",
    "履行方式": "现金",
    "履行期限": "2026年3月10日前",
    "协议份数": 3,
    "记录人": "孙记录",
    "立卷人": "陈调解",
    "立卷日期": date(2026, 3, 20),
    "保管期限": "长期",
}


def investigation(**changes: object) -> dict[str, object]:
    return {
        "案号": CASE,
        "调查日期": date(2026, 3, 2),
        "地点": "现场",
        "被调查人": "邻居李四",
        "记录": "沟去年被填",
        **changes,
    }


def test_the_documents_columns_and_the_investigation_sheet_are_imported(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "台账.xlsx",
        {
            "人民调解": [mediation(**DOCUMENTED)],
            "调解当事人": [party(民族="回族", 职业或职务="教师", 住址="青石村一组")],
            "调解调查": [investigation()],
        },
    )
    result = WorkbookImporter(services).run(path)
    assert result.ok and result.written, [str(p) for p in result.problems]
    assert {s.sheet: s.added_rows for s in result.sheets}["调解调查"] == 1
    case = services.mediation.get(services.mediation.ids()[0]).data
    assert case.requests == ("请求疏通排水沟", "赔偿损失")  # the typed numbers taken off
    assert case.agreement_terms == ("赵二三日内疏通", "赵二赔偿王大1.5万元")
    assert (case.copies, case.recorder, case.filed_on, case.retention) == (
        3,
        "孙记录",
        date(2026, 3, 20),
        RetentionPeriod.LONG,
    )
    applicant = case.parties[0]
    assert (applicant.ethnicity, applicant.occupation, applicant.address) == (
        "回族",
        "教师",
        "青石村一组",
    )
    (probe,) = case.investigations
    assert (probe.investigated_on, probe.interviewee, probe.record) == (
        date(2026, 3, 2),
        "邻居李四",
        "沟去年被填",
    )


def test_an_old_workbook_without_the_columns_imports_with_them_empty(
    services: StationServices, tmp_path: Path
) -> None:
    new_headers = {c.header for c in MEDIATION_SHEET.columns if not c.in_register}
    old_headers = [h for h in MEDIATION_SHEET.headers if h not in new_headers]
    path = write_workbook(
        tmp_path / "旧台账.xlsx",
        {"人民调解": [mediation(案号=CASE)]},
        headers={"人民调解": old_headers},
    )
    result = WorkbookImporter(services).run(path)
    assert result.ok and result.written, [str(p) for p in result.problems]
    case = services.mediation.get(services.mediation.ids()[0]).data
    assert (case.requests, case.agreement_terms, case.investigations) == ((), (), ())
    assert case.filed_on is None and case.parties[0].ethnicity is None


def test_document_field_problems_point_at_their_cells(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "有误.xlsx",
        {
            "人民调解": [
                mediation(**{**DOCUMENTED, "立卷日期": date(2026, 3, 1), "保管期限": "十年"}),
                mediation(
                    案号="（2026）龙兴调字第0002号",
                    调解结果="调解不成功",
                    协议形式=None,
                    协议内容="赔偿100元",
                ),
            ],
            "调解调查": [
                investigation(被调查人=None),
                investigation(案号="（2026）龙兴调字第0099号"),
            ],
        },
    )
    result = WorkbookImporter(services).run(path)
    assert not result.ok and not result.written
    found = {(p.sheet, p.row, p.column): p.message for p in result.errors}
    assert found[("人民调解", 2, "立卷日期")] == "不能早于结案日期"
    assert ("人民调解", 2, "保管期限") in found
    assert found[("人民调解", 3, "协议内容")] == "“调解不成功”的案件没有调解协议，不应填写"
    assert found[("调解调查", 2, "被调查人")] == "必填"
    assert found[("调解调查", 3, "案号")] == "在“人民调解”表中找不到该案号的案件"
    assert services.mediation.count() == 0


def test_an_exported_case_carries_its_documents_fields_to_another_store(
    services: StationServices, tmp_path: Path, clock: FixedClock
) -> None:
    source = write_workbook(
        tmp_path / "台账.xlsx",
        {
            "人民调解": [mediation(**DOCUMENTED)],
            "调解当事人": [party(民族="回族", 职业或职务="教师")],
            "调解调查": [investigation()],
        },
    )
    assert WorkbookImporter(services).run(source).written
    (case_id,) = services.mediation.ids()
    before = services.mediation.get(case_id).data
    out = tmp_path / "导出.xlsx"
    everything = LedgerSelection("人民调解", date(2000, 1, 1), clock.day)
    api.export_ledger(services, everything, out)
    book = load_workbook(out)
    cases = list(book["人民调解"].iter_rows(values_only=True))
    row = dict(zip(cases[0], cases[1], strict=True))
    assert row["协议内容"] == "1. 赵二三日内疏通\n2. 赵二赔偿王大1.5万元"  # numbered, as printed
    assert row["保管期限"] == "长期"
    probes = list(book[INVESTIGATION_SHEET.name].iter_rows(values_only=True))
    assert probes[0] == INVESTIGATION_SHEET.headers
    assert (probes[1][0], probes[1][4]) == (CASE, "邻居李四")

    other = StationServices.open(tmp_path / "other", clock=clock)
    other.organisation.initialize(
        StationDraft(
            "龙兴镇公共法律服务工作站",
            "渝北区",
            UnitKind.TOWN,
            (VillageDraft("青石村", UnitKind.TOWN), VillageDraft("滨江社区", UnitKind.STREET)),
        ),
        UserDraft("admin", "站长", Role.STATION_HEAD),
    )
    try:
        result = WorkbookImporter(other).run(out)
        assert result.ok and result.written, [str(p) for p in result.problems]
        (copied,) = other.mediation.ids()
        after = other.mediation.get(copied).data
        assert replace(after, village_id=None) == replace(before, village_id=None)
    finally:
        other.close()
