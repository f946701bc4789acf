"""The quarterly report's 满意度: a third sheet and a PDF section, per unit like the main table,
checked cell by cell against the hand count in tests/report_fixtures.py (issue 16)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from station_app.domain.quarter import Quarter
from station_app.reports import api
from station_app.reports.excel_quarterly import COMPLIANCE_SHEET, TABLE_SHEET
from station_app.reports.satisfaction_sheet import FIRST_DATA_ROW, SATISFACTION_SHEET
from station_app.reports.satisfaction_table import HEADERS
from station_app.services.station_services import StationServices
from tests.report_fixtures import (
    EXPECTED_SATISFACTION_Q3,
    QINGSHI,
    fill_satisfaction_q3,
)

Q3 = Quarter(2026, 3)


@pytest.fixture
def rated(services: StationServices) -> StationServices:
    fill_satisfaction_q3(services)
    return services


def _plain(values: list[Any]) -> list[Any]:
    return [float(v) if isinstance(v, Decimal) else v for v in values]


def test_satisfaction_rows_match_the_hand_count(rated: StationServices) -> None:
    table = api.quarterly_table(rated, Q3)
    assert [_plain(r.cells()) for r in table.satisfaction] == EXPECTED_SATISFACTION_Q3


def test_the_workbook_has_a_third_sheet_with_the_same_cells(
    rated: StationServices, tmp_path: Path
) -> None:
    path = api.write_quarterly_report(api.quarterly_table(rated, Q3), tmp_path / "t.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [TABLE_SHEET, COMPLIANCE_SHEET, SATISFACTION_SHEET]
    ws = wb[SATISFACTION_SHEET]
    assert ws["A1"].value == "满意度情况（2026年第3季度）"
    header = FIRST_DATA_ROW - 1
    assert [ws.cell(row=header, column=c).value for c in range(1, 8)] == list(HEADERS)
    cells = [
        [ws.cell(row=r, column=c).value for c in range(1, 8)]
        for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(EXPECTED_SATISFACTION_Q3))
    ]
    assert cells == EXPECTED_SATISFACTION_Q3  # numbers are numbers; no rating, an empty rate
    assert ws.cell(row=FIRST_DATA_ROW + 4, column=1).value is None  # nothing after 合计


def test_the_pdf_has_a_satisfaction_section_with_the_same_numbers(
    rated: StationServices, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    path = api.write_quarterly_report(api.quarterly_table(rated, Q3), tmp_path / "t.pdf")
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    section = text[text.index("满意度情况（2026年第3季度）") :]
    assert "满意率(%)" in section
    words = " ".join(section.split())  # the extractor puts each cell on a line of its own
    assert f"{QINGSHI} 3 4 1 1 2 50.0 " in words
    assert "工作站本级 0 0 0 0 0 合计 4 7 2 2 3 57.1 " in words  # an empty rate is no 0.0


def test_a_villages_table_has_its_own_row_only(rated: StationServices) -> None:
    table = api.quarterly_table(rated, Q3, village=QINGSHI)
    assert [_plain(r.cells()) for r in table.satisfaction] == [EXPECTED_SATISFACTION_Q3[0]]
