"""Ledger export: the workbook layout of ledger-template.md read back cell by cell, and the PDF
volumes per village (一村(居)一卷) in date order with confirmed visits marked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from station_app.cli.main import main
from station_app.domain.workbook_layout import DUTY_LOG_SHEET, MEDIATION_SHEET, PARTY_SHEET
from station_app.reports import api
from station_app.reports.file_output import ReportCancelled
from station_app.services.station_services import StationServices
from tests.conftest import FixedClock, StoreTemplate
from tests.report_fixtures import BINJIANG, QINGSHI, fill_q3
from tests.store_templates import derive_template, open_copy

Q3_FROM, Q3_TO = date(2026, 7, 1), date(2026, 9, 30)


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


def rows(path: Path, sheet: str) -> list[list[Any]]:
    ws = load_workbook(path)[sheet]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_duty_log_workbook_one_row_per_matter(q3: StationServices, tmp_path: Path) -> None:
    path = tmp_path / "duty.xlsx"
    count = api.export_ledger(q3, api.LedgerSelection("律师值班", Q3_FROM, Q3_TO, QINGSHI), path)
    assert count == 6  # entries 7/6, 8/3, 8/20, 9/7 (two), 9/14 pending; voided 7/8 left out
    wb = load_workbook(path)
    assert wb.sheetnames == ["律师值班"]
    got = rows(path, "律师值班")
    assert got[0] == list(DUTY_LOG_SHEET.headers)
    assert got[0] == [
        "日期",
        "地点",
        "律师姓名",
        "律师事务所",
        "开始时间",
        "结束时间",
        "服务类型",
        "服务对象",
        "服务内容",
        "服务结果",
        "确认人",
        "确认日期",
        "备注",
    ]

    def visit(
        day: int, month: int, start: time, end: time, kind: str, confirmed: bool
    ) -> list[Any]:
        d = datetime(2026, month, day)
        who, when = ("综治专干", d) if confirmed else (None, None)
        firm = "重庆渝北律师事务所"
        return [d, QINGSHI, "李律师", firm, start, end, kind, "村民", "咨询", None, who, when, None]

    assert got[1:] == [
        visit(6, 7, time(9), time(13), "合同审查", True),
        visit(6, 7, time(9), time(13), "法律意见", True),
        visit(6, 7, time(9), time(13), "法律咨询", True),
        visit(3, 8, time(9), time(11), "法律咨询", True),
        visit(20, 8, time(14), time(16, 30), "法律咨询", True),
        visit(7, 9, time(8, 30), time(12, 30), "法律意见", True),
        visit(7, 9, time(8, 30), time(12, 30), "法律咨询", True),
        visit(14, 9, time(9), time(10), "合同审查", False),
    ]
    ws = wb["律师值班"]
    assert ws["A2"].number_format == "yyyy-mm-dd" and ws["E2"].number_format == "hh:mm"
    assert ws.freeze_panes == "A2"


def test_mediation_workbook_has_cases_and_parties(q3: StationServices, tmp_path: Path) -> None:
    path = tmp_path / "med.xlsx"
    count = api.export_ledger(q3, api.LedgerSelection("人民调解", Q3_FROM, Q3_TO), path)
    assert count == 4  # accepted in Q3: 青石村 7/5, 9/25, 8/1 and 滨江社区 7/3; voided one out
    assert load_workbook(path).sheetnames == ["人民调解", "调解当事人", "调解回访", "调解调查"]
    cases = rows(path, "人民调解")
    assert cases[0] == list(MEDIATION_SHEET.headers)
    by_header = [dict(zip(cases[0], r, strict=True)) for r in cases[1:]]
    assert [r["受理日期"].date() for r in by_header] == [
        date(2026, 7, 3),
        date(2026, 7, 5),
        date(2026, 8, 1),
        date(2026, 9, 25),
    ]
    first = by_header[1]
    assert first["村(居)"] == QINGSHI
    assert first["纠纷类型"] == "邻里"
    assert first["申请人"] == "申某" and first["被申请人"] == "被某"
    assert first["调解结果"] == "调解成功" and first["协议形式"] == "书面"
    assert first["涉及金额(元)"] == 1000.5 and first["涉及人数"] == 3
    assert first["司法确认"] == "已确认"
    assert re.fullmatch(r"（2026）.+调字第\d{4}号", first["案号"])
    parties = rows(path, "调解当事人")
    assert parties[0] == list(PARTY_SHEET.headers)
    assert len(parties) == 1 + 2 * 4
    assert {p[0] for p in parties[1:]} == {r["案号"] for r in by_header}
    assert {(p[1], p[2]) for p in parties[1:]} == {("申请人", "申某"), ("被申请人", "被某")}


def test_station_itself_and_empty_selection(q3: StationServices, tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    assert api.export_ledger(q3, api.LedgerSelection("法律咨询", Q3_FROM, Q3_TO, "本站"), path) == 1
    assert [r[1] for r in rows(path, "法律咨询")[1:]] == ["本站"]
    none = tmp_path / "none.xlsx"
    assert (
        api.export_ledger(
            q3, api.LedgerSelection("法律咨询", date(2025, 1, 1), date(2025, 1, 2)), none
        )
        == 0
    )
    assert len(rows(none, "法律咨询")) == 1  # the header row alone


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [re.sub(r"\s+", "", p.extract_text() or "") for p in PdfReader(path).pages]


def test_duty_log_pdf_is_a_volume_per_village(q3: StationServices, tmp_path: Path) -> None:
    path = tmp_path / "duty.pdf"
    assert api.export_ledger(q3, api.LedgerSelection("律师值班", Q3_FROM, Q3_TO), path) == 21
    pages = pdf_pages(path)
    heads = [f"{QINGSHI}律师值班台账", f"{BINJIANG}律师值班台账", "本站律师值班台账"]
    starts = [next(i for i, p in enumerate(pages) if h in p) for h in heads]
    assert starts == sorted(starts) and len(set(starts)) == 3  # each volume on its own pages
    qingshi = "".join(pages[starts[0] : starts[1]])
    assert "值班5次（一次一记），其中已确认4次、待确认1次" in qingshi
    assert (
        qingshi.count("已确认综治专干") == 5
    )  # entries: the 9/7 visit has two and "待确认" in qingshi
    days = re.findall(r"2026-0\d-\d\d(?=李律师)", qingshi)
    assert days == [
        "2026-07-06",
        "2026-08-03",
        "2026-08-20",
        "2026-09-07",
        "2026-09-07",
        "2026-09-14",
    ]
    binjiang = "".join(pages[starts[1] : starts[2]])
    assert "值班14次（一次一记），其中已确认13次、待确认1次" in binjiang
    assert "第1页共" in pages[0]


def test_every_ledger_exports_to_pdf(q3: StationServices, tmp_path: Path) -> None:
    for ledger in api.LEDGER_LABELS:
        path = tmp_path / f"{ledger}.pdf"
        api.export_ledger(q3, api.LedgerSelection(ledger, Q3_FROM, Q3_TO, QINGSHI), path)
        text = "".join(pdf_pages(path))
        assert f"{QINGSHI}{ledger}台账" in text


def test_export_progress_and_cancel(q3: StationServices, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    path = tmp_path / "out" / "c.xlsx"
    selection = api.LedgerSelection("律师值班", Q3_FROM, Q3_TO)
    api.export_ledger(q3, selection, path, progress=lambda d, t: calls.append((d, t)))
    assert calls and calls[-1][0] == calls[-1][1]
    with pytest.raises(ReportCancelled):
        api.export_ledger(q3, selection, tmp_path / "out" / "x.pdf", cancelled=lambda: True)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["c.xlsx"]


def test_cli_export_ledger(
    q3: StationServices, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    q3.close()
    base = ["export-ledger", "--data-dir", str(data_dir), "--ledger", "法治宣传"]
    out = tmp_path / "p.xlsx"
    assert main([*base, "--from", "2026-07-01", "--to", "2026-09-30", "--out", str(out)]) == 0
    assert "已导出法治宣传台账 3 条" in capsys.readouterr().out
    assert len(rows(out, "法治宣传")) == 4
    assert main([*base, "--from", "2026-09-30", "--to", "2026-07-01", "--out", str(out)]) == 2
    assert main([*base, "--from", "2026-7-1x", "--to", "2026-09-30", "--out", str(out)]) == 2
    bad = ["export-ledger", "--data-dir", str(data_dir), "--ledger", "其他台账"]
    assert main([*bad, "--from", "2026-07-01", "--to", "2026-09-30", "--out", str(out)]) == 2
    village = [*base, "--from", "2026-07-01", "--to", "2026-09-30", "--village", "无此村"]
    assert main([*village, "--out", str(tmp_path / "v.pdf")]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "村(居)" in err
