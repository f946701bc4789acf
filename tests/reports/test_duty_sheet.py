"""The lawyer's duty log on paper: one village's month of visits as the signing sheet, the
same visits the ledger export lists (a visit typed as two records is one row)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pytest
from pypdf import PdfReader

from station_app.cli.main import main
from station_app.domain.choices import DutyServiceType
from station_app.domain.duty_log import ServiceItemDraft
from station_app.domain.errors import DomainError
from station_app.reports.duty_sheet import month_visits, write_duty_sheet
from station_app.services.station_services import StationServices
from tests.drafts import duty, village_id


def _text(path: Path) -> str:
    return (
        "".join((p.extract_text() or "") for p in PdfReader(path).pages)
        .replace(" ", "")
        .replace("\n", "")
    )


@pytest.fixture
def visits(services: StationServices) -> StationServices:
    qingshi = village_id(services, "青石村")
    binjiang = village_id(services, "滨江社区")
    morning = duty(duty_on=date(2026, 11, 3), village_id=qingshi)
    services.duty_logs.create(morning)
    services.duty_logs.create(  # the same visit, a second matter typed as its own record
        replace(
            morning,
            items=(
                ServiceItemDraft(
                    service_type=DutyServiceType.CONTRACT_REVIEW,
                    served="青石村村委会",
                    content="审查土地流转合同",
                ),
            ),
        )
    )
    second = duty(
        duty_on=date(2026, 11, 17), village_id=qingshi, start_time=time(14), end_time=time(16)
    )
    confirmed = services.duty_logs.create(second)
    services.duty_logs.confirm(confirmed.id, "周专干", date(2026, 11, 20))
    services.duty_logs.create(duty(duty_on=date(2026, 11, 5), village_id=binjiang))
    services.duty_logs.create(duty(duty_on=date(2026, 10, 28), village_id=qingshi))
    return services


def test_the_month_of_one_village_one_row_a_visit(visits: StationServices, tmp_path: Path) -> None:
    name, first, rows = month_visits(visits, "青石村", "2026-11")
    assert (name, first) == ("青石村", date(2026, 11, 1))
    assert [(v.on, len(v.matters), v.hours) for v in rows] == [
        (date(2026, 11, 3), 2, 2.5),  # two entries of one visit: its hours count once
        (date(2026, 11, 17), 1, 2.0),
    ]
    out = tmp_path / "签到表.pdf"
    assert write_duty_sheet(visits, "青石村", "2026-11", out) == 2
    text = _text(out)
    assert "青石村律师值班签到表（2026年11月）" in text
    assert "合计：本月值班2次，共4.5小时" in text
    assert "审查土地流转合同" in text and "解答土地承包经营权流转问题" in text
    assert "周专干11月20日确认" in text
    assert "待确认" in text and "村(居)民委员会（盖章）" in text
    assert "以上值班情况属实。村(居)确认人（签名）" in text
    assert "2026-10-28" not in text and "2026-11-05" not in text


def test_the_command(visits: StationServices, tmp_path: Path) -> None:
    data_dir = visits.store.data_dir
    visits.close()
    out = tmp_path / "s.pdf"
    args = ["duty-sheet", "--village", "青石村", "--month", "2026-11", "--out", str(out)]
    assert main([*args, "--data-dir", str(data_dir)]) == 0
    assert "共4.5小时" in _text(out)
    bad = ["duty-sheet", "--village", "青石村", "--month", "11月", "--out", str(out)]
    assert main([*bad, "--data-dir", str(data_dir)]) == 1


def test_a_bad_month_is_refused(visits: StationServices) -> None:
    with pytest.raises(DomainError, match="月份"):
        month_visits(visits, "青石村", "2026/11")
