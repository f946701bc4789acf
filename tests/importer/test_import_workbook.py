"""Importing old ledger workbooks (issue 4): the mess forgiven, every problem named at its cell,
all or nothing, nothing twice, a dry run, the error report, and a large file."""

from __future__ import annotations

import threading
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from station_app.domain.choices import (
    ConsultChannel,
    DutyServiceType,
    Gender,
    JudicialConfirmation,
    PartyRole,
)
from station_app.domain.identifiers import mask_resident_id
from station_app.domain.quarter import Quarter
from station_app.importer.error_report import ERROR_FILL, ROW_NUMBER_HEADER, SUMMARY_SHEET
from station_app.importer.import_result import ImportResult, Problem
from station_app.importer.workbook_import import WorkbookImporter
from station_app.importer.workbook_reader import WorkbookFileError
from station_app.services.station_services import StationServices
from station_app.storage.ledger_repository import LedgerQuery
from tests.conftest import FixedClock
from tests.ledger_workbooks import (
    BAD_ID,
    GOOD_ID,
    big_workbook,
    consultation,
    duty,
    legal_aid,
    mediation,
    party,
    publicity,
    write_workbook,
)

TABLES = (
    "consultation",
    "mediation_case",
    "mediation_party",
    "mediation_session",
    "mediation_follow_up",
    "duty_log",
    "duty_service_item",
    "publicity_event",
    "legal_aid_review",
    "case_number_counter",
)


def run(services: StationServices, path: Path, **kw: Any) -> ImportResult:
    return WorkbookImporter(services).run(path, **kw)


def snapshot(services: StationServices) -> dict[str, Any]:
    """Everything an import could change: row counts, the whole outbox, the search index."""
    with services.store.read() as session:
        counts = {t: session.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}
        outbox = session.execute(text("SELECT * FROM outbox ORDER BY seq")).fetchall()
        fts = session.execute(text("SELECT count(*) FROM consultation_fts")).scalar()
        counters = session.execute(
            text("SELECT * FROM case_number_counter ORDER BY year")
        ).fetchall()
    return {"counts": counts, "outbox": outbox, "fts": fts, "counters": counters}


def problems_at(result: ImportResult) -> set[tuple[str, int | None, str | None]]:
    return {(p.sheet, p.row, p.column) for p in result.errors}


def one(result: ImportResult, sheet: str, row: int, column: str) -> Problem:
    found = [p for p in result.errors if (p.sheet, p.row, p.column) == (sheet, row, column)]
    assert len(found) == 1, [str(p) for p in result.problems]
    return found[0]


def all_sheets(**overrides: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    sheets = {
        "法律咨询": [consultation()],
        "人民调解": [mediation(案号="（2026）龙兴调字第0001号")],
        "调解当事人": [party()],
        "律师值班": [duty()],
        "法治宣传": [publicity()],
        "法律援助初审": [legal_aid()],
    }
    sheets.update(overrides)
    return sheets


# -- a clean workbook: ordinary records ----------------------------------------------------------


def test_a_clean_workbook_becomes_ordinary_records(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(tmp_path / "台账.xlsx", all_sheets())
    outbox_before = len(snapshot(services)["outbox"])

    result = run(services, path)

    assert result.ok and result.written, [str(p) for p in result.problems]
    assert [(s.sheet, s.rows, s.added_records) for s in result.sheets] == [
        ("法律咨询", 1, 1),
        ("人民调解", 1, 1),
        ("调解当事人", 1, 0),
        ("律师值班", 1, 1),
        ("法治宣传", 1, 1),
        ("法律援助初审", 1, 1),
    ]
    stored = services.consultations.page().items[0]
    assert len(stored.meta.uuid) == 36 and stored.meta.revision == 1
    assert stored.data.name == "张三" and stored.data.id_number == mask_resident_id(GOOD_ID)
    assert services.consultations.reveal(stored.id).data.id_number == GOOD_ID
    assert stored.data.village_id == services.organisation.village_by_name("青石村").id  # type: ignore[union-attr]
    # Each record has its outbox row and is found by the search index, like a typed one.
    assert len(snapshot(services)["outbox"]) == outbox_before + 5
    assert services.consultations.ids(LedgerQuery(text="张三")) == [stored.id]
    # And counts in the quarter's statistics.
    q1 = {c.ledger: c.total for c in services.stats.quarter_counts(Quarter(2026, 1))}
    assert q1["法律咨询"] == 1 and q1["人民调解"] == 1 and q1["律师值班"] == 1


def test_mediation_case_gets_parties_from_both_sheets_and_keeps_its_number(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "调解.xlsx",
        {
            "人民调解": [
                mediation(案号="（2026）龙兴调字第0007号", 申请人="王大、王二", 被申请人="赵二")
            ],
            "调解当事人": [
                # linked by 案号 written another way: ASCII brackets, no leading zeros
                party(
                    案号="(2026)龙兴调字第7号", 姓名="王大", 性别="男", 年龄=60, 身份证号=GOOD_ID
                ),
                party(
                    案号="（2026）龙兴调字第0007号", 角色="第三人", 姓名="钱三", 住址="青石村三组"
                ),
            ],
        },
    )
    assert run(services, path).ok
    case = services.mediation.reveal(services.mediation.ids()[0]).data
    assert case.case_number == "（2026）龙兴调字第0007号"
    assert [(p.role, p.name) for p in case.parties] == [
        (PartyRole.APPLICANT, "王大"),
        (PartyRole.APPLICANT, "王二"),
        (PartyRole.RESPONDENT, "赵二"),
        (PartyRole.THIRD_PARTY, "钱三"),
    ]
    assert (case.parties[0].gender, case.parties[0].age, case.parties[0].id_number) == (
        Gender.MALE,
        60,
        GOOD_ID,
    )
    assert case.parties[3].address == "青石村三组"
    assert case.dispute_type == "02"  # 邻里纠纷 -> 邻里
    assert case.amount == Decimal("1200.50")
    assert case.sessions[0].held_on == date(2026, 3, 3)
    assert case.judicial_confirmation is JudicialConfirmation.NOT_APPLIED  # empty cell


def test_typed_case_numbers_are_claimed_before_rows_without_one_are_numbered(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "编号.xlsx",
        {
            "人民调解": [
                mediation(案号=None, 申请人="甲"),  # would get 0001 if numbered in file order
                mediation(案号="（2026）龙兴调字第0001号", 申请人="乙"),
                mediation(案号=None, 申请人="丙"),
            ]
        },
    )
    assert run(services, path).ok
    numbers = {c.data.parties[0].name: c.data.case_number for c in services.mediation.page().items}
    assert numbers == {
        "乙": "（2026）龙兴调字第0001号",
        "甲": "（2026）龙兴调字第0002号",
        "丙": "（2026）龙兴调字第0003号",
    }


def test_duty_rows_of_one_visit_become_one_log_even_when_apart(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "值班.xlsx",
        {
            "律师值班": [
                duty(服务对象="村民甲"),
                duty(日期=date(2026, 3, 11), 服务对象="村民乙"),  # another visit between
                duty(
                    服务类型="参与调解",
                    服务对象="村委会",
                    确认人="李专干",
                    确认日期=date(2026, 3, 12),
                ),
            ]
        },
    )
    result = run(services, path)
    assert result.ok
    assert (result.sheets[0].added_rows, result.sheets[0].added_records) == (3, 2)
    visits = {v.data.duty_on: v for v in services.duty_logs.page().items}
    tenth = visits[date(2026, 3, 10)]
    assert [(i.service_type, i.served) for i in tenth.data.items] == [
        (DutyServiceType.CONSULTATION, "村民甲"),
        (DutyServiceType.MEDIATION, "村委会"),
    ]
    assert tenth.data.hours == 2.5  # the visit's hours count once
    # The confirmation is applied after creating, as a clerk would: locked, revision 2,
    # and the outbox carries the create and the confirm.
    assert tenth.confirmation is not None and tenth.confirmation.confirmed_by == "李专干"
    assert tenth.locked and tenth.meta.revision == 2
    with services.store.read() as session:
        ops = session.execute(
            text("SELECT op, revision FROM outbox WHERE entity_uuid = :u ORDER BY seq"),
            {"u": tenth.meta.uuid},
        ).fetchall()
    assert [tuple(r) for r in ops] == [("create", 1), ("confirm", 2)]
    assert visits[date(2026, 3, 11)].confirmation is None
    assert services.duty_logs.ids(LedgerQuery(text="李专干")) == [tenth.id]


# -- the mess of real workbooks ------------------------------------------------------------------


def test_messy_but_readable_cells_are_imported_not_rejected(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "旧台账.xlsx",
        {
            "法律咨询": [
                consultation(
                    日期="2026/3/5", 咨询人姓名="张三  ", 咨询方式="来访 ", **{"村(居)": "青石村 "}
                ),
                consultation(日期="2026年3月5日", 年龄="４５", 联系电话="１３８００００１１１１"),
                consultation(日期=46086, 咨询人姓名="李四\u3000", 处理结果=" 转人民调解"),
                consultation(日期="46086", **{"村(居)": "本站"}, 特殊群体="老年人，残疾人"),
                consultation(日期="2026-03-05", 年龄="45", 身份证号=GOOD_ID.lower()),
            ],
            "法治宣传": [
                publicity(参加人数="３０", 活动形式="法治讲座\u3000", **{"发放资料(份)": "120"})
            ],
            "人民调解": [
                mediation(纠纷类型="邻里", **{"涉及金额(元)": "1,200.50"}),
                mediation(纠纷类型="婚姻家庭纠纷", 申请人="王大 、赵二 ", 被申请人="孙三"),
            ],
        },
        title_rows=2,
        hidden={"法律咨询": ["身份证号", "年龄"]},
    )
    result = run(services, path)
    assert result.ok, [str(p) for p in result.problems]
    assert result.warnings == []
    ids = services.consultations.ids(LedgerQuery(descending=False))
    stored = [services.consultations.reveal(i).data for i in ids]
    assert {s.consulted_on for s in stored} == {date(2026, 3, 5)}
    assert stored[0].name == "张三" and stored[0].channel is ConsultChannel.VISIT
    assert stored[1].age == 45 and stored[1].phone == "13800001111"
    assert stored[2].name == "李四"
    assert stored[3].village_id is None  # 本站
    assert len(stored[3].special_groups) == 2
    assert stored[4].id_number == GOOD_ID  # the hidden column was read
    assert services.publicity.page().items[0].data.attendees == 30
    types = sorted(c.data.dispute_type or "" for c in services.mediation.page().items)
    assert types == ["01", "02"]


def test_header_row_is_found_below_title_rows_and_row_numbers_are_excels(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "标题.xlsx",
        {"法律咨询": [consultation(), consultation(咨询方式="来电")]},
        title_rows=3,
    )
    result = run(services, path)
    # 3 title rows, the header on row 4, data on rows 5 and 6.
    assert problems_at(result) == {("法律咨询", 6, "咨询方式")}


def test_columns_in_any_order_and_headers_written_full_width(
    services: StationServices, tmp_path: Path
) -> None:
    headers = [
        "处理结果",
        "接待人",
        "咨询内容",
        "问题类别",
        "咨询人姓名",
        "咨询方式",
        "村（居）",
        "日期 ",
    ]
    row = consultation()
    row["村（居）"] = row.pop("村(居)")
    row["日期 "] = row.pop("日期")
    path = write_workbook(
        tmp_path / "乱序.xlsx", {"法律咨询": [row]}, headers={"法律咨询": headers}
    )
    result = run(services, path)
    assert result.ok, [str(p) for p in result.problems]
    assert services.consultations.count() == 1


def test_old_xls_workbooks_from_wps_are_read(services: StationServices, tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("法治宣传")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for c, h in enumerate(["日期", "村(居)", "活动形式", "主题", "参加人数"]):
        ws.write(0, c, h)
    ws.write(1, 0, datetime(2026, 4, 1), date_style)
    for c, v in enumerate(["滨江社区", "集中宣传", "宪法宣传日", 80], start=1):
        ws.write(1, c, v)
    ws.write(2, 0, "2026/4/2")
    for c, v in enumerate(["青石村", "法治讲座", "防范电信诈骗", "45"], start=1):
        ws.write(2, c, v)
    path = tmp_path / "旧版.xls"
    book.save(str(path))

    result = run(services, path)

    assert result.ok, [str(p) for p in result.problems]
    held = sorted((e.data.held_on, e.data.attendees) for e in services.publicity.page().items)
    assert held == [(date(2026, 4, 1), 80), (date(2026, 4, 2), 45)]


def test_a_file_that_is_no_workbook_is_refused_with_a_clear_message(
    services: StationServices, tmp_path: Path
) -> None:
    path = tmp_path / "台账.xlsx"
    path.write_text("姓名,日期\n张三,2026-03-05\n", encoding="utf-8")
    with pytest.raises(WorkbookFileError, match="不是 Excel 工作簿"):
        run(services, path)
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 64)
    with pytest.raises(WorkbookFileError, match="无法读取"):
        run(services, broken)


def test_unknown_sheets_and_extra_columns_are_noted_and_ignored(
    services: StationServices, tmp_path: Path
) -> None:
    headers = [*consultation().keys(), "经办人电话"]
    path = write_workbook(
        tmp_path / "多余.xlsx",
        {"法律咨询": [consultation(经办人电话="023-67000000")], "2025年汇总": [{"列一": 1}]},
        headers={"法律咨询": headers},
    )
    result = run(services, path)
    assert result.ok and result.written
    assert {(p.sheet, p.column) for p in result.warnings} == {
        ("法律咨询", "经办人电话"),
        ("2025年汇总", None),
    }


# -- every problem, named at its cell, all at once -----------------------------------------------


def test_each_kind_of_error_is_reported_at_its_cell_all_at_once(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "错误.xlsx",
        {
            "法律咨询": [
                consultation(),
                consultation(身份证号=BAD_ID),  # row 3
                consultation(**{"村(居)": "白云村"}),  # row 4
                consultation(咨询方式="来电"),  # row 5
            ],
            "人民调解": [
                mediation(案号="（2026）龙兴调字第0001号"),
                mediation(结案日期=None),  # row 3: closed without 结案日期
            ],
            "调解当事人": [party(), party(案号="（2026）龙兴调字第0099号")],  # row 3: no such case
            "律师值班": [duty(), duty(日期=date(2026, 3, 11), 开始时间="14:00", 结束时间="11:00")],
        },
    )
    before = snapshot(services)

    result = run(services, path)

    assert not result.ok and not result.written
    assert problems_at(result) == {
        ("法律咨询", 3, "身份证号"),
        ("法律咨询", 4, "村(居)"),
        ("法律咨询", 5, "咨询方式"),
        ("人民调解", 3, "结案日期"),
        ("调解当事人", 3, "案号"),
        ("律师值班", 3, "结束时间"),
    }
    assert "校验位" in one(result, "法律咨询", 3, "身份证号").message
    assert "不是本站的村(居)" in one(result, "法律咨询", 4, "村(居)").message
    assert "不是可选值" in one(result, "法律咨询", 5, "咨询方式").message
    assert "必填" in one(result, "人民调解", 3, "结案日期").message
    assert "找不到" in one(result, "调解当事人", 3, "案号").message
    assert "应晚于开始时间" in one(result, "律师值班", 3, "结束时间").message
    assert (
        str(one(result, "法律咨询", 3, "身份证号"))
        == "法律咨询，第3行，身份证号：校验位不正确，请核对号码"
    )
    # Messages name the field, never the value (personal data).
    assert not any(BAD_ID in str(p) or "白云村" in str(p) for p in result.problems)
    assert snapshot(services) == before


def test_a_missing_required_column_refuses_the_sheet_and_other_sheets_are_still_checked(
    services: StationServices, tmp_path: Path
) -> None:
    headers = [h for h in consultation() if h != "咨询方式"]
    path = write_workbook(
        tmp_path / "缺列.xlsx",
        {"法律咨询": [consultation()], "法治宣传": [publicity(参加人数=-3)]},
        headers={"法律咨询": headers},
    )
    result = run(services, path)
    assert problems_at(result) == {("法律咨询", 1, "咨询方式"), ("法治宣传", 2, "参加人数")}
    assert one(result, "法律咨询", 1, "咨询方式").message == "缺少必填列"
    assert services.publicity.count() == 0


def test_a_sheet_without_a_recognisable_header_is_an_error(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "无表头.xlsx",
        {"法律咨询": [{"甲": "乙"}]},
        headers={"法律咨询": ["甲", "乙", "丙"]},
    )
    result = run(services, path)
    assert [str(p) for p in result.errors] == ["法律咨询：前10行中找不到表头（列名应与模板一致）"]


def test_problems_of_detail_rows_point_at_the_party_sheet(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "当事人.xlsx",
        {
            "人民调解": [mediation(案号="（2026）龙兴调字第0001号")],
            "调解当事人": [party(身份证号=BAD_ID), party(角色="代理人", 姓名="孙四")],
        },
    )
    result = run(services, path)
    assert problems_at(result) == {("调解当事人", 2, "身份证号"), ("调解当事人", 3, "角色")}


def test_rows_of_one_visit_that_disagree_are_reported(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "不一致.xlsx",
        {"律师值班": [duty(), duty(律师事务所="另一律师事务所", 服务对象="村民乙")]},
    )
    result = run(services, path)
    assert problems_at(result) == {("律师值班", 3, "律师事务所")}


def test_confirmation_without_its_date_and_a_duplicate_case_number(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "确认.xlsx",
        {
            "律师值班": [duty(确认人="李专干")],
            "人民调解": [
                mediation(案号="（2026）龙兴调字第0003号"),
                mediation(案号="(2026)龙兴调字第3号", 申请人="另一人"),
            ],
        },
    )
    result = run(services, path)
    assert problems_at(result) == {("律师值班", 2, "确认日期"), ("人民调解", 3, "案号")}
    assert one(result, "人民调解", 3, "案号").message == "已被其他案件使用"


# -- all or nothing ------------------------------------------------------------------------------


def test_a_bad_row_in_the_last_sheet_leaves_the_store_exactly_as_it_was(
    services: StationServices, tmp_path: Path
) -> None:
    assert run(services, write_workbook(tmp_path / "先.xlsx", {"法治宣传": [publicity()]})).ok
    rows = {
        "法律咨询": [consultation(咨询人姓名=f"咨询人{i}") for i in range(30)],
        "人民调解": [mediation(申请人=f"申请人{i}") for i in range(5)],
        "律师值班": [duty(服务对象=f"对象{i}") for i in range(8)],
        "法治宣传": [publicity(主题=f"主题{i}") for i in range(4)],
        "法律援助初审": [
            *(legal_aid(申请人姓名=f"申请人{i}") for i in range(6)),
            legal_aid(转送日期=None),
        ],
    }
    path = write_workbook(tmp_path / "最后一行错.xlsx", rows)
    before = snapshot(services)

    result = run(services, path)

    assert problems_at(result) == {("法律援助初审", 8, "转送日期")}
    assert snapshot(services) == before


def test_a_store_that_refused_an_import_takes_the_fixed_workbook(
    services: StationServices, tmp_path: Path
) -> None:
    bad = {"法律咨询": [consultation(), consultation(身份证号=BAD_ID)]}
    assert not run(services, write_workbook(tmp_path / "a.xlsx", bad)).ok
    good = {"法律咨询": [consultation(), consultation(身份证号=None)]}
    result = run(services, write_workbook(tmp_path / "b.xlsx", good))
    assert result.ok and services.consultations.count() == 2


# -- nothing twice -------------------------------------------------------------------------------


def test_importing_the_same_workbook_twice_adds_nothing_the_second_time(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "两次.xlsx",
        all_sheets(
            律师值班=[duty(), duty(服务对象="村民乙", 确认人="李专干", 确认日期=date(2026, 3, 12))],
            人民调解=[
                mediation(案号="（2026）龙兴调字第0001号"),
                mediation(案号=None, 申请人="甲"),
            ],
        ),
    )
    first = run(services, path)
    assert first.ok and first.added_records == 6
    after_first = snapshot(services)

    second = run(services, path)

    assert second.ok and not second.written
    assert second.added_records == 0
    assert second.present_rows == 8  # every row: both rows of the visit, the party row too
    assert snapshot(services) == after_first
    assert "已存在 8 行" in second.verdict()


def test_only_new_rows_are_added_and_identical_rows_count_one_for_one(
    services: StationServices, tmp_path: Path
) -> None:
    twice = consultation(咨询人姓名="王五")  # the same person came twice the same day
    assert run(
        services, write_workbook(tmp_path / "一.xlsx", {"法律咨询": [consultation(), twice]})
    ).ok
    later = {"法律咨询": [consultation(), twice, twice, consultation(咨询人姓名="赵六")]}
    result = run(services, write_workbook(tmp_path / "二.xlsx", later))
    assert (result.sheets[0].present_rows, result.sheets[0].added_rows) == (2, 2)
    names = sorted(c.data.name or "" for c in services.consultations.page().items)
    assert names == ["张三", "王五", "王五", "赵六"]


def test_a_voided_record_is_not_present_and_an_edited_field_outside_the_required_ones_is(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "作废.xlsx", {"法律咨询": [consultation(), consultation(咨询人姓名="王五")]}
    )
    assert run(services, path).ok
    by_name = {c.data.name: c for c in services.consultations.page().items}
    services.consultations.void(by_name["王五"].id, "重复登记")
    again = write_workbook(
        tmp_path / "再.xlsx",
        {"法律咨询": [consultation(备注="补记"), consultation(咨询人姓名="王五")]},
    )
    result = run(services, again)
    assert (result.sheets[0].present_rows, result.sheets[0].added_rows) == (1, 1)


# -- dry run, progress, cancel, off the GUI thread -----------------------------------------------


def test_dry_run_reports_what_would_happen_and_writes_nothing(
    services: StationServices, tmp_path: Path
) -> None:
    path = write_workbook(tmp_path / "试.xlsx", all_sheets())
    before = snapshot(services)
    preview = WorkbookImporter(services).preview(path)
    assert preview.ok and preview.dry_run and not preview.written
    assert [(s.sheet, s.added_rows) for s in preview.sheets] == [
        (s.sheet, s.added_rows) for s in run(services, path, dry_run=True).sheets
    ]
    assert snapshot(services) == before
    real = run(services, path)
    assert [s.added_records for s in real.sheets] == [s.added_records for s in preview.sheets]


def test_progress_is_reported_and_cancel_leaves_nothing(
    services: StationServices, tmp_path: Path
) -> None:
    rows = {"法律咨询": [consultation(咨询人姓名=f"咨询人{i}") for i in range(1200)]}
    path = write_workbook(tmp_path / "进度.xlsx", rows)
    seen: list[tuple[int, int]] = []
    before = snapshot(services)

    cancelled = run(
        services, path, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: len(seen) >= 2
    )

    assert cancelled.cancelled and not cancelled.written
    assert snapshot(services) == before
    seen.clear()
    done = run(services, path, progress=lambda d, t: seen.append((d, t)))
    assert done.written and services.consultations.count() == 1200
    assert all(d <= t for d, t in seen) and seen[-1][0] == seen[-1][1] >= 1200
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_import_runs_on_a_worker_thread(services: StationServices, tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "线程.xlsx", all_sheets())
    outcome: list[ImportResult] = []
    worker = threading.Thread(target=lambda: outcome.append(run(services, path)))
    worker.start()
    worker.join(timeout=60)
    assert outcome and outcome[0].written
    assert services.consultations.count() == 1


# -- the error report workbook -------------------------------------------------------------------


def test_error_report_copies_problem_rows_and_highlights_the_bad_cells(
    services: StationServices, tmp_path: Path
) -> None:
    from station_app.importer.error_report import write_error_report

    path = write_workbook(
        tmp_path / "报告.xlsx",
        {
            "法律咨询": [
                consultation(),
                consultation(身份证号=BAD_ID, 咨询方式="来电"),
                consultation(),
            ],
            "律师值班": [duty(开始时间="14:00", 结束时间="11:00")],
        },
        title_rows=1,
    )
    result = run(services, path)
    out = tmp_path / "错误报告.xlsx"
    write_error_report(result, out)

    book = load_workbook(out)
    assert book.sheetnames == [SUMMARY_SHEET, "法律咨询", "律师值班"]
    summary = [tuple(r) for r in book[SUMMARY_SHEET].iter_rows(min_row=2, values_only=True)]
    assert ("错误", "法律咨询", 4, "身份证号", "校验位不正确，请核对号码") in summary
    ws = book["法律咨询"]
    header = [c.value for c in ws[1]]
    assert header[0] == ROW_NUMBER_HEADER and header[1:4] == ["日期", "村(居)", "咨询方式"]
    assert ws.max_row == 2  # only the problem row is copied
    row = {header[i]: cell for i, cell in enumerate(ws[2])}
    assert row[ROW_NUMBER_HEADER].value == 4  # its row in the original (title row, header, 2 rows)
    assert row["身份证号"].value == BAD_ID  # the clerk sees what to fix
    for column, words in (("身份证号", "校验位"), ("咨询方式", "不是可选值")):
        assert row[column].fill.fgColor.rgb.endswith(ERROR_FILL.fgColor.rgb[-6:])
        assert row[column].comment is not None and words in row[column].comment.text
    assert row["咨询人姓名"].comment is None and row["咨询人姓名"].fill.fill_type is None
    assert row["日期"].value.date() == date(2026, 3, 5)
    duty_row = {c.value: i for i, c in enumerate(book["律师值班"][1])}
    assert book["律师值班"].cell(row=2, column=duty_row["结束时间"] + 1).comment is not None


# -- a large file --------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_20000_row_workbook_imports_whole(services: StationServices, tmp_path: Path) -> None:
    path = big_workbook(tmp_path / "两万行.xlsx", 20_000)
    outbox_before = len(snapshot(services)["outbox"])
    result = run(services, path)
    assert result.ok, [str(p) for p in result.problems[:5]]
    assert result.rows == 20_000
    counts = {s.sheet: s for s in result.sheets}
    assert services.consultations.count() == counts["法律咨询"].added_records == 8000
    assert services.mediation.count() == 2000
    assert services.duty_logs.count() == counts["律师值班"].added_records
    assert counts["律师值班"].added_rows == 4000
    assert counts["调解当事人"].added_rows == 3000
    parties = sum(
        len(c.data.parties) for c in services.mediation.get_many(services.mediation.ids()[:50])
    )
    assert parties == 100
    assert len(snapshot(services)["outbox"]) == outbox_before + result.added_records
    again = run(services, path)
    assert again.present_rows == 20_000 and again.added_records == 0


# -- round trip with the ledger export (issue 5) -------------------------------------------------


def test_a_workbook_exported_by_the_app_imports_back_to_the_same_records(
    services: StationServices, tmp_path: Path, clock: FixedClock
) -> None:
    from station_app.domain.choices import Role, UnitKind
    from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
    from station_app.reports.api import export_ledger
    from station_app.reports.ledger_export import LEDGER_LABELS, LedgerSelection
    from station_app.tools.demo_data import fill_demo

    fill_demo(services, 300, seed=11)
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
        for label in LEDGER_LABELS:
            everything = LedgerSelection(label, date(2000, 1, 1), clock.day)
            first = tmp_path / f"{label}.xlsx"
            export_ledger(services, everything, first)
            result = run(other, first)
            assert result.ok and result.written, [str(p) for p in result.problems[:3]]
            back = tmp_path / f"{label}-回.xlsx"
            export_ledger(other, everything, back)
            assert _sheet_rows(first) == _sheet_rows(back), label
            assert run(other, first).added_records == 0  # and importing it again adds nothing
        assert [s.count() for s in other.ledgers()] == [s.count() for s in services.ledgers()]
    finally:
        other.close()


def _sheet_rows(path: Path) -> dict[str, list[str]]:
    book = load_workbook(path, read_only=True)
    try:
        return {
            ws.title: sorted(map(repr, ws.iter_rows(values_only=True))) for ws in book.worksheets
        }
    finally:
        book.close()


def test_party_rows_are_not_called_orphans_when_the_case_sheet_itself_was_refused(
    services: StationServices, tmp_path: Path
) -> None:
    headers = [h for h in mediation() if h != "调解结果"]
    path = write_workbook(
        tmp_path / "案件表缺列.xlsx",
        {"人民调解": [mediation(案号="（2026）龙兴调字第0001号")], "调解当事人": [party()]},
        headers={"人民调解": ["案号", *headers]},
    )
    result = run(services, path)
    assert [str(p) for p in result.errors] == ["人民调解，第1行，调解结果：缺少必填列"]
