"""The quarterly statistics table: every cell of the Excel file against a table worked out by
hand, the PDF's text and embedded font, the quarter in progress, late amendments, the CLI."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from station_app.cli.main import main
from station_app.domain.choices import MediationResult as R
from station_app.domain.choices import Role, UnitKind
from station_app.domain.duty_compliance import quarter_weeks
from station_app.domain.organisation import StationDraft, UserDraft, VillageDraft
from station_app.domain.quarter import Quarter
from station_app.domain.rounding import hours, percent
from station_app.reports import api
from station_app.reports.columns import COLUMNS
from station_app.reports.excel_quarterly import COMPLIANCE_SHEET, TABLE_SHEET
from station_app.reports.file_output import ReportCancelled
from station_app.reports.satisfaction_sheet import SATISFACTION_SHEET
from station_app.services.station_services import StationServices
from station_app.storage.organisation_tables import SettingRow
from tests.conftest import FixedClock, StoreTemplate
from tests.report_fixtures import (
    BINJIANG,
    EXPECTED_COMPLIANCE_Q3,
    EXPECTED_Q3,
    QINGSHI,
    consult,
    duty,
    fill_q3,
    mediate,
    publicize,
)
from tests.store_templates import derive_template, open_copy

Q3 = Quarter(2026, 3)
STATION = "龙兴镇公共法律服务工作站"
TITLE = f"{STATION} 公共法律服务工作统计表（2026年第3季度）"
GROUPS = ["单位", "法律咨询", None, None, "人民调解"] + [None] * 6
GROUPS += ["法治宣传", None, "律师值班", None, None, None, "法律援助", None, "达标情况", None]


def sheet_values(ws: Worksheet, first_row: int, last_row: int, ncols: int) -> list[list[Any]]:
    return [
        [ws.cell(row=r, column=c).value for c in range(1, ncols + 1)]
        for r in range(first_row, last_row + 1)
    ]


def write(table: api.QuarterlyTable, path: Path) -> Path:
    return api.write_quarterly_report(table, path)


@pytest.fixture(scope="module")
def q3_template(
    store_template: StoreTemplate, tmp_path_factory: pytest.TempPathFactory
) -> StoreTemplate:
    """The fixture station with ``fill_q3``'s ledgers, filled once for this module."""
    return derive_template(store_template, tmp_path_factory.mktemp("q3") / "data", fill_q3)


@pytest.fixture
def q3(data_dir: Path, clock: FixedClock, q3_template: StoreTemplate) -> Iterator[StationServices]:
    """The fixture station (in ``data_dir``, on ``clock``) with ``fill_q3``'s ledgers."""
    services = open_copy(q3_template, data_dir, clock)
    yield services
    services.close()


# -- the table as data and as Excel ----------------------------------------------------------


def test_table_data_matches_the_hand_count(q3: StationServices) -> None:
    table = api.quarterly_table(q3, Q3)
    got = [[float(v) if isinstance(v, Decimal) else v for v in r.cells()] for r in table.rows]
    expected = [
        [None if v is None and i >= 19 else v for i, v in enumerate(r)] for r in EXPECTED_Q3
    ]
    expected[2][19] = expected[2][20] = ""  # 工作站本级 has no 达标 verdicts
    assert got == expected


def test_every_cell_of_the_excel_table(q3: StationServices, tmp_path: Path) -> None:
    path = write(api.quarterly_table(q3, Q3), tmp_path / "table.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [TABLE_SHEET, COMPLIANCE_SHEET, SATISFACTION_SHEET]
    ws = wb[TABLE_SHEET]
    n = len(COLUMNS)
    assert n == 21
    assert ws["A1"].value == TITLE
    assert ws["A2"].value == f"填报单位：{STATION}"
    assert ws["A3"].value == "统计期间：2026年7月1日至2026年9月30日"
    assert ws["A4"].value == "制表日期：2026年11月25日"
    assert sheet_values(ws, 5, 5, n)[0] == GROUPS
    assert sheet_values(ws, 6, 6, n)[0] == [None] + [c.header for c in COLUMNS[1:]]
    assert [c.header for c in COLUMNS] == [
        "单位",
        "法律咨询(人次)",
        "其中特殊群体(人次)",
        "转介(件)",
        "调解受理(件)",
        "调解结案(件)",
        "调解成功(件)",
        "调解成功率(%)",
        "涉及金额(元)",
        "涉及人数",
        "司法确认(件)",
        "法治宣传(次)",
        "受众(人次)",
        "律师值班(次)",
        "值班时长(小时)",
        "待确认值班(次)",
        "合同审查及法律意见(件)",
        "法律援助初审(件)",
        "转送法援中心(件)",
        "值班达标",
        "宣传达标",
    ]
    # Every cell of every unit row and of 合计, numbers as numbers.
    assert sheet_values(ws, 7, 10, n) == EXPECTED_Q3
    for row in ws.iter_rows(min_row=7, max_row=10, min_col=2, max_col=19):
        for cell in row:
            assert cell.value is None or isinstance(cell.value, int | float), cell.coordinate
    assert ws["I7"].number_format == "#,##0.00"
    assert ws["O7"].number_format == "0.0"
    assert ws["H10"].number_format == "0.0"
    assert ws["B7"].number_format == "0"
    # Below the table: the note, then the signature line and the seal space.
    below = [ws.cell(row=r, column=1).value for r in range(11, ws.max_row + 1)]
    assert any(str(v).startswith("说明：值班达标") for v in below if v)
    # 填表人 is the signed-in account (the fixture's head); 审核人 is left blank to sign.
    assert "填表人：站长　　审核人：__________　　填报日期：2026年11月25日" in below
    assert "（盖章）" in [ws.cell(row=r, column=n - 4).value for r in range(11, ws.max_row + 1)]
    assert not any("上报后" in str(v) for v in below if v)  # never submitted: no amendments


def test_excel_layout_merges_widths_freeze_and_print(q3: StationServices, tmp_path: Path) -> None:
    ws = load_workbook(write(api.quarterly_table(q3, Q3), tmp_path / "t.xlsx"))[TABLE_SHEET]
    merges = {str(m) for m in ws.merged_cells.ranges}
    assert {"A1:U1", "A2:U2", "A3:U3", "A4:U4", "A5:A6"} <= merges
    assert {"B5:D5", "E5:K5", "L5:M5", "N5:Q5", "R5:S5", "T5:U5"} <= merges
    assert ws.freeze_panes == "B7"
    assert ws.print_title_rows == "$5:$6"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert "第 &P 页 共 &N 页" in (ws.oddFooter.center.text or "")
    # Headers wrap onto at most three lines of their column; 单位 fits every unit name.
    for i, column in enumerate(COLUMNS[1:], 2):
        width = ws.column_dimensions[ws.cell(row=6, column=i).column_letter].width
        wide = sum(2 if ord(ch) > 0x2E80 else 1 for ch in column.header)
        assert width * 3 >= wide, column.header
        assert ws.cell(row=6, column=i).alignment.wrap_text
    assert ws.column_dimensions["A"].width >= 2 * len("工作站本级")


def test_every_cell_of_the_compliance_sheet(q3: StationServices, tmp_path: Path) -> None:
    ws = load_workbook(write(api.quarterly_table(q3, Q3), tmp_path / "t.xlsx"))[COMPLIANCE_SHEET]
    weeks = quarter_weeks(Q3)
    assert len(weeks) == 13  # Mondays 7/6 … 9/28
    assert (weeks[-1].start, weeks[-1].end) == (date(2026, 9, 28), date(2026, 10, 4))
    ncols = 3 + 3 + 1 + 13 + 2
    assert ws["A1"].value == "律师值班达标情况（2026年第3季度）"
    headers = sheet_values(ws, 3, 3, ncols)[0]
    assert headers[:7] == [
        "村(居)",
        "类型",
        "每月最低(小时)",
        "7月",
        "8月",
        "9月",
        "每周最低(小时)",
    ]
    assert headers[7] == "第1周\n07-06~07-12"
    assert headers[19] == "第13周\n09-28~10-04"
    assert headers[20:] == ["值班达标", "未达标期间"]
    assert sheet_values(ws, 4, 5, ncols) == EXPECTED_COMPLIANCE_Q3
    # The failed week is marked; the passing ones are not.
    assert ws.cell(row=5, column=10).fill.fgColor.rgb.endswith("FFC7CE")
    assert ws.cell(row=5, column=9).fill.fill_type is None


def test_village_table_has_that_village_only(q3: StationServices, tmp_path: Path) -> None:
    table = api.quarterly_table(q3, Q3, BINJIANG)
    assert table.unit_line == f"填报单位：{STATION} {BINJIANG}"
    ws = load_workbook(write(table, tmp_path / "v.xlsx"))[TABLE_SHEET]
    assert sheet_values(ws, 7, 7, 21) == [EXPECTED_Q3[1]]
    assert ws.cell(row=8, column=2).value is None  # no 工作站本级, no 合计
    assert [v.village for v in table.compliance] == [BINJIANG]


def test_unknown_village_is_refused_naming_the_field(q3: StationServices) -> None:
    with pytest.raises(api.NotFoundError, match="村\\(居\\)"):
        api.quarterly_table(q3, Q3, "不存在村")


def test_rounding_is_half_up() -> None:
    assert hours(900) == Decimal("0.3")  # 0.25 h; half-to-even would give 0.2
    assert hours(3 * 3600 + 270) == Decimal("3.1")  # 3.075 h
    assert percent(1, 16) == Decimal("6.3")  # 6.25 %
    assert percent(2, 3) == Decimal("66.7")
    assert percent(0, 0) is None


def test_total_rate_is_from_summed_columns_not_averaged(services: StationServices) -> None:
    for result in (R.SUCCESS, R.SUCCESS, R.FAILED):  # 青石村: 2 of 3
        mediate(services, QINGSHI, date(2026, 7, 1), result, date(2026, 7, 2))
    mediate(services, BINJIANG, date(2026, 7, 1), R.FAILED, date(2026, 7, 2))  # 0 of 1
    table = api.quarterly_table(services, Q3)
    assert table.row(QINGSHI).success_rate == Decimal("66.7")
    assert table.row(BINJIANG).success_rate == Decimal("0.0")
    assert table.row("工作站本级").success_rate is None
    total = table.total
    assert total is not None
    assert total.success_rate == Decimal("50.0")  # 2 of 4, not (66.7 + 0) / 2


# -- the quarter in progress and the minimum-hour settings ---------------------------------


def _q4_street_visits(services: StationServices) -> None:
    """滨江社区 in 2026Q4: 2 h every Monday of October and the first two of November."""
    for month, days in ((10, (5, 12, 19, 26)), (11, (2, 9))):
        for day in days:
            duty(services, BINJIANG, date(2026, month, day), (9, 0), (11, 0))
    duty(services, QINGSHI, date(2026, 10, 15), (9, 0), (13, 0))  # October: 4 h, nothing since


def test_quarter_in_progress_judges_only_ended_periods(
    services: StationServices, clock: FixedClock
) -> None:
    _q4_street_visits(services)
    q4 = Quarter(2026, 4)
    clock.day = date(2026, 11, 22)  # a Sunday: the week 11/16-11/22 has not fully ended
    table = api.quarterly_table(services, q4)
    street = table.compliance[1]
    assert street.village == BINJIANG
    assert [p.judged for p in street.months] == [True, False, False]
    assert [p.period.label for p in street.weeks if p.judged] == [f"第{i}周" for i in range(1, 7)]
    assert street.verdict == "达标"
    town = table.compliance[0]
    assert town.months[1].hours == Decimal("0.0") and not town.months[1].judged
    assert town.verdict == "达标"  # November is not over: its 0 hours are not a failure yet

    clock.day = date(2026, 11, 23)  # Monday: week 7 (11/16-11/22) is over, with no visit
    table = api.quarterly_table(services, q4)
    street = table.compliance[1]
    assert [p.period.label for p in street.failures] == ["第7周"]
    assert street.verdict == "未达标"
    assert table.row(BINJIANG).duty_compliance == "未达标"
    assert table.total is not None and table.total.duty_compliance == "1/2"


def test_quarter_not_started_is_not_judged(services: StationServices) -> None:
    table = api.quarterly_table(services, Quarter(2027, 1))
    assert [c.verdict for c in table.compliance] == ["未到期", "未到期"]
    assert table.total is not None and table.total.duty_compliance == "0/0"


def test_minimums_are_the_countys_settings(q3: StationServices) -> None:
    with q3.store.write() as session:
        session.merge(
            SettingRow(
                key="duty_minimums",
                value='{"town_month_hours": 4.5, "street_month_hours": 8,'
                ' "street_week_hours": 1.5}',
            )
        )
    table = api.quarterly_table(q3, Q3)
    qingshi, binjiang = table.compliance
    assert [p.period.label for p in qingshi.failures] == ["7月", "9月"]  # 4.0 h < 4.5 h
    assert binjiang.verdict == "达标"  # its 1.5 h week now meets a 1.5 h weekly minimum
    assert "每月不少于4.5小时" in table.minimums_note


# -- PDF -------------------------------------------------------------------------------------


def pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(path).pages]


def test_pdf_holds_title_villages_and_the_same_numbers(q3: StationServices, tmp_path: Path) -> None:
    table = api.quarterly_table(q3, Q3)
    path = write(table, tmp_path / "table.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    text = "\n".join(pdf_text(path))
    flat = re.sub(r"\s+", "", text)
    for expected in (TITLE, QINGSHI, BINJIANG, "工作站本级", "合计", "达标情况", "（盖章）"):
        assert re.sub(r"\s+", "", expected) in flat, expected
    assert "第 1 页 共 2 页" in text and "第 2 页 共 2 页" in text  # table, then 达标情况
    # The 合计 row reads as in the Excel file (formatted: thousands separators, one decimal).
    total = "合计 4 2 2 4 3 1 33.3 1,000.50 7 1 3 160 18 41.3 2 3 3 2 1/2 1/2"
    assert total.replace(" ", "") in flat
    assert "第3周07-20~07-26（1.5小时，不足2小时）" in flat


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="pdffonts (poppler-utils) missing")
def test_pdf_embeds_the_cjk_font_and_no_other(q3: StationServices, tmp_path: Path) -> None:
    path = write(api.quarterly_table(q3, Q3), tmp_path / "table.pdf")
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    fonts = out.stdout.splitlines()[2:]
    assert fonts, out.stdout
    for line in fonts:
        name, *_rest = line.split()
        emb, sub = line.split()[-5], line.split()[-4]
        assert "UMingCN" in name, line  # AR PL UMing CN: the Ming (宋体) serif of the workbook
        assert (emb, sub) == ("yes", "yes"), line


def test_long_pdf_repeats_the_header_and_numbers_pages(
    data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    services = StationServices.open(data_dir, clock=clock)
    names = [f"第{i}村民委员会" for i in range(1, 46)]
    services.organisation.initialize(
        StationDraft(
            name=STATION,
            county="渝北区",
            kind=UnitKind.TOWN,
            villages=tuple(VillageDraft(n, UnitKind.TOWN) for n in names),
        ),
        UserDraft("admin", "站长", Role.STATION_HEAD),
    )
    consult(services, names[-1], date(2026, 8, 1))
    path = write(api.quarterly_table(services, Q3), tmp_path / "long.pdf")
    pages = pdf_text(path)
    services.close()
    assert len(pages) >= 2
    for n, text in enumerate(pages, 1):
        assert f"第 {n} 页 共 {len(pages)} 页" in text
    main_pages = [t for t in pages if "调解受理" in t]
    detail_pages = [t for t in pages if "每月最低" in t]
    assert len(main_pages) >= 2 and len(detail_pages) >= 2
    for text in pages:  # every page showing village rows shows its table's header rows too
        if re.search(r"第\d+村民委员会\s+(镇|\d)", text):  # a table row, not the failure list
            assert (
                ("单位" in text and "调解受理" in text and "律师值班" in text)
                or ("村(居)" in text and "每月最低" in text and "第1周" in text)
                or ("单位" in text and "回访(次)" in text and "满意率(%)" in text)
            ), text[:200]


# -- late amendments -----------------------------------------------------------------------


def test_records_changed_after_submission_are_listed_under_the_table(
    q3: StationServices, tmp_path: Path, clock: FixedClock
) -> None:
    submitted = api.quarterly_table(q3, Q3)
    api.mark_submitted(q3, Q3, submitted)
    clock.day = date(2026, 11, 26)
    # After submission: one new record, one edit, one void, one confirmation; plus a change
    # to a record of another quarter, which is not this quarter's amendment.
    consult(q3, QINGSHI, date(2026, 8, 5))
    stored = q3.publicity.page().items
    event = next(s for s in stored if s.data.held_on == date(2026, 8, 15))
    q3.publicity.update(
        event.id, replace(event.data, attendees=80), expected_revision=event.meta.revision
    )
    legal = next(s for s in q3.legal_aid.page().items if s.data.applied_on == date(2026, 8, 8))
    q3.legal_aid.void(legal.id, "录入错误")
    pending = next(
        s
        for s in q3.duty_logs.page().items
        if s.data.duty_on == date(2026, 9, 14) and s.confirmation is None
    )
    q3.duty_logs.confirm(pending.id, "综治专干", date(2026, 9, 14))
    publicize(q3, QINGSHI, date(2026, 11, 20), 30)  # Q4

    table = api.quarterly_table(q3, Q3)
    assert table.submitted_on == date(2026, 11, 25)
    late = [(a.ledger, a.record_date, a.unit, a.change) for a in table.late_amendments]
    assert late == [
        ("法律咨询", date(2026, 8, 5), QINGSHI, "补录"),
        ("法治宣传", date(2026, 8, 15), QINGSHI, "修改"),
        ("法律援助初审", date(2026, 8, 8), "工作站本级", "作废"),
        ("律师值班", date(2026, 9, 14), QINGSHI, "确认"),
    ]
    # The numbers are today's (the amendments are in them, and listed, not silently folded in).
    assert table.row(QINGSHI).consultations == 3
    assert table.row(QINGSHI).publicity_audience == 80
    assert table.row(QINGSHI).duty_pending == 0
    ws = load_workbook(write(table, tmp_path / "late.xlsx"))[TABLE_SHEET]
    column_a = [ws.cell(row=r, column=1).value for r in range(11, ws.max_row + 1)]
    heading = next(i for i, v in enumerate(column_a) if v and str(v).startswith("上报后补录"))
    assert "2026年11月25日上报" in column_a[heading] and "共4条" in column_a[heading]
    first = 11 + heading + 1
    rows = sheet_values(ws, first, first + 4, 5)
    assert rows[0] == ["台账", "记录日期", "村(居)", "变动", "说明"]
    assert [r[:4] for r in rows[1:]] == [
        [ledger, _dt(day), unit, change] for ledger, day, unit, change in late
    ]
    assert rows[4][4] == "值班 09:00-10:00"
    flat = re.sub(r"\s+", "", "".join(pdf_text(write(table, tmp_path / "late.pdf"))))
    assert "上报后补录、更正的记录" in flat and "确认" in flat

    # Submitting the corrected table starts the list afresh.
    api.mark_submitted(q3, Q3, table)
    assert api.quarterly_table(q3, Q3).late_amendments == ()


def _dt(day: date) -> Any:
    return datetime(day.year, day.month, day.day)


def test_submitted_quarter_without_changes_says_none(q3: StationServices, tmp_path: Path) -> None:
    api.mark_submitted(q3, Q3)
    table = api.quarterly_table(q3, Q3)
    assert table.late_amendments == ()
    ws = load_workbook(write(table, tmp_path / "t.xlsx"))[TABLE_SHEET]
    column_a = [ws.cell(row=r, column=1).value for r in range(11, ws.max_row + 1)]
    assert "无" in column_a


def test_village_table_cannot_be_marked_submitted(q3: StationServices) -> None:
    with pytest.raises(api.DomainError):
        api.mark_submitted(q3, Q3, api.quarterly_table(q3, Q3, QINGSHI))


# -- writing off the GUI thread: progress and cancel ----------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf"])
def test_progress_is_reported_and_cancel_leaves_no_file(
    q3: StationServices, tmp_path: Path, suffix: str
) -> None:
    table = api.quarterly_table(q3, Q3)
    calls: list[tuple[int, int]] = []
    out_dir = tmp_path / "out"
    path = out_dir / f"t{suffix}"
    api.write_quarterly_report(table, path, progress=lambda d, t: calls.append((d, t)))
    assert path.exists()
    assert calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)

    before = path.read_bytes()
    seen: list[int] = []

    def cancel_after_first_step() -> bool:
        seen.append(1)
        return len(seen) > 1

    with pytest.raises(ReportCancelled):
        api.write_quarterly_report(table, path, cancelled=cancel_after_first_step)
    assert path.read_bytes() == before  # the earlier file is untouched
    assert sorted(p.name for p in out_dir.iterdir()) == [path.name]  # no .part left


# -- the command line ------------------------------------------------------------------------


def test_cli_report_xlsx_pdf_and_mark_submitted(
    q3: StationServices, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q3.close()
    xlsx, pdf = tmp_path / "q3.xlsx", tmp_path / "q3.pdf"
    base = ["report", "--data-dir", str(data_dir), "--quarter", "2026Q3"]
    assert main([*base, "--out", str(xlsx)]) == 0
    assert main([*base, "--out", str(pdf), "--mark-submitted"]) == 0
    out = capsys.readouterr().out
    assert "已生成统计表" in out and "已标记为已上报" in out
    ws = load_workbook(xlsx)[TABLE_SHEET]
    assert sheet_values(ws, 7, 10, 21) == EXPECTED_Q3
    below = [ws.cell(row=r, column=1).value for r in range(11, ws.max_row + 1)]
    assert any(str(v).startswith("填表人：站长　　审核人：__________") for v in below)  # --user
    assert main([*base, "--village", QINGSHI, "--out", str(tmp_path / "v.xlsx")]) == 0
    assert sheet_values(load_workbook(tmp_path / "v.xlsx")[TABLE_SHEET], 7, 7, 21) == [
        EXPECTED_Q3[0]
    ]
    again = tmp_path / "again.xlsx"
    assert main([*base, "--out", str(again)]) == 0
    assert "上报后补录、更正的记录 0 条" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["--quarter", "2026Q5", "--out", "x.xlsx"],
        ["--quarter", "2026Q3", "--out", "x.docx"],
        ["--quarter", "2026Q3"],
        ["--quarter", "2026Q3", "--village", QINGSHI, "--mark-submitted"],
    ],
)
def test_cli_report_usage_errors(
    services: StationServices,
    data_dir: Path,
    tmp_path: Path,
    args: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    services.close()
    argv = ["report", "--data-dir", str(data_dir), *args]
    argv = [str(tmp_path / a) if a.startswith("x.") else a for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("参数错误") and "Traceback" not in err
    assert not list(tmp_path.glob("x.*"))


def test_cli_report_unknown_village_exits_1(
    services: StationServices, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    services.close()
    argv = ["report", "--data-dir", str(data_dir), "--quarter", "2026Q3", "--village", "无此村"]
    assert main([*argv, "--out", str(tmp_path / "x.xlsx")]) == 1
    assert "村(居)" in capsys.readouterr().err


def test_the_shipped_font_is_used_and_its_licence_ships_with_it() -> None:
    from station_app.reports.pdf_common import SHIPPED_FONT, font_path

    assert font_path() == SHIPPED_FONT  # not whatever the PC happens to have
    folder = SHIPPED_FONT.parent
    assert "ARPHIC PUBLIC LICENSE" in (folder / "ARPHICPL.TXT").read_text(encoding="utf-8")
    assert "Arphic" in (folder / "uming.COPYRIGHT").read_text(encoding="utf-8")


# -- what the county official sees on the printout ---------------------------------------------


def test_the_signed_in_clerk_fills_in_and_the_reviewer_signs_by_hand(
    q3: StationServices, tmp_path: Path
) -> None:
    from tests.services.test_access import add_account, as_user

    add_account(q3, "clerk", "调解员小陈", Role.STATION_CLERK)
    as_user(q3, "clerk")
    table = api.quarterly_table(q3, Q3)
    ws = load_workbook(write(table, tmp_path / "t.xlsx"))[TABLE_SHEET]
    lines = [ws.cell(row=r, column=1).value for r in range(11, ws.max_row + 1)]
    assert "填表人：调解员小陈　　审核人：__________　　填报日期：2026年11月25日" in lines
    text = re.sub(r"\s+", "", "".join(pdf_text(write(table, tmp_path / "t.pdf"))))
    assert "填表人：调解员小陈审核人：__________" in text
    assert "站长" not in text  # the head is named nowhere: 审核人 signs on paper


#: Words of the column headers that a line break must never cut.
HEADER_WORDS = (
    "法律咨询", "特殊群体", "调解", "成功率", "待确认", "值班", "合同审查", "法律意见",
    "法律援助", "初审", "法援中心", "人次", "小时", "每月最低", "每周最低", "达标",
)  # fmt: skip


def header_lines(page: str, first: str, last: str) -> list[str]:
    """The lines of a page's text from the one that is ``first`` up to ``last``."""
    lines = [line.strip() for line in page.splitlines()]
    return lines[lines.index(first) : lines.index(last)]


def test_pdf_column_headers_break_between_words(q3: StationServices, tmp_path: Path) -> None:
    table_page, compliance_page = pdf_text(write(api.quarterly_table(q3, Q3), tmp_path / "t.pdf"))
    for lines in (
        header_lines(table_page, "法律咨询", QINGSHI),  # the 统计表's second header row
        header_lines(compliance_page, "村(居)", QINGSHI),  # the 达标情况 detail's
    ):
        joined = "".join(lines)
        for word in HEADER_WORDS:
            if word in joined:  # a word of the headers lies whole on one of their lines
                assert any(word in line for line in lines), (word, lines)
        # The headers the county official found cut: each part a whole word.
        assert not {"率", "班", "见", "率(%)", "意见", "及法律意", "成功率(%)"} & set(lines)
    table_lines = header_lines(table_page, "法律咨询", QINGSHI)
    for cut in (["调解", "成功率"], ["待确认", "值班(次)"], ["合同审查", "及法律意见"]):
        at = table_lines.index(cut[0])
        assert table_lines[at + 1].startswith(cut[1]), table_lines


def test_xlsx_seal_is_a_box_the_legend_names_the_fill_one_typeface(
    q3: StationServices, tmp_path: Path
) -> None:
    wb = load_workbook(write(api.quarterly_table(q3, Q3), tmp_path / "t.xlsx"))
    ws = wb[TABLE_SHEET]
    seal = next(
        m for m in ws.merged_cells.ranges if ws.cell(m.min_row, m.min_col).value == "（盖章）"
    )
    assert seal.max_row - seal.min_row >= 3  # room for the stamp
    for row in ws.iter_rows(
        min_row=seal.min_row, max_row=seal.max_row, min_col=seal.min_col, max_col=seal.max_col
    ):
        for cell in row:
            b = cell.border
            if cell.row == seal.min_row:
                assert b.top.style == "thin", cell.coordinate
            if cell.row == seal.max_row:
                assert b.bottom.style == "thin", cell.coordinate
            if cell.column == seal.min_col:
                assert b.left.style == "thin", cell.coordinate
            if cell.column == seal.max_col:
                assert b.right.style == "thin", cell.coordinate
    detail = wb[COMPLIANCE_SHEET]
    legend = next(
        str(c.value) for row in detail.iter_rows() for c in row if "未达到最低时长" in str(c.value)
    )
    assert legend.startswith("浅红底")  # and the failed week's fill is a light red
    assert detail.cell(row=5, column=10).fill.fgColor.rgb.endswith("FFC7CE")
    # One typeface in the whole workbook: 宋体, the serif the PDF embeds its match of.
    fonts = {c.font.name for s in wb for row in s.iter_rows() for c in row if c.value is not None}
    assert fonts == {"宋体"}


def test_no_character_of_a_pdf_prints_as_an_empty_box(q3: StationServices, tmp_path: Path) -> None:
    """Every character the PDF writers print has a glyph in the embedded font."""
    from reportlab.pdfbase.ttfonts import TTFont

    from station_app.reports.pdf_common import FONT_FACE, font_path

    glyphs = TTFont("check", str(font_path()), subfontIndex=FONT_FACE).face.charToGlyph
    paths = [write(api.quarterly_table(q3, Q3), tmp_path / "table.pdf")]
    for n, ledger in enumerate(("法律咨询", "人民调解", "律师值班", "法治宣传", "法律援助初审")):
        selection = api.LedgerSelection(ledger, date(2026, 7, 1), date(2026, 9, 30))
        api.export_ledger(q3, selection, tmp_path / f"{n}.pdf")
        paths.append(tmp_path / f"{n}.pdf")
    text = "".join("".join(pdf_text(path)) for path in paths)
    assert "已确认" in text  # the duty log's confirmations are among them
    assert "\x00" not in text  # a character without a glyph reads back as NUL
    missing = {ch for ch in text if not ch.isspace() and ord(ch) not in glyphs}
    assert not missing, sorted(missing)
