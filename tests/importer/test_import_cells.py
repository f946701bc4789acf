"""Reading single cells the way old ledgers hold them (issue 4: the real-world mess)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station_app.domain.choices import ConsultChannel, SpecialGroup
from station_app.importer.cell_values import (
    CellError,
    cell_text,
    read_choice,
    read_choices,
    read_date,
    read_decimal,
    read_identifier,
    read_int,
    read_names,
    read_time,
    read_yes_no,
)

MARCH_5 = date(2026, 3, 5)


@pytest.mark.parametrize(
    "cell",
    [
        datetime(2026, 3, 5),  # an Excel date cell
        MARCH_5,
        "2026-03-05",
        "2026-3-5",
        "2026/3/5",
        "2026/03/05",
        "2026年3月5日",
        " 2026年3月5日 ",
        "２０２６年３月５日",  # full-width digits
        "2026-03-05 00:00:00",  # text exported by another system
        46086,  # the Excel 1900 serial as a number
        46086.0,
        "46086",  # … and as text
        "４６０８６",
    ],
)
def test_every_date_form_of_the_spec_and_of_old_files_reads_the_same_day(cell: object) -> None:
    assert read_date(cell) == MARCH_5


def test_excel_phantom_leap_day_does_not_shift_later_serials() -> None:
    # Excel counts a 1900-02-29 that never was; serials after it are one day off if naively read.
    assert read_date(44927) == date(2023, 1, 1)


@pytest.mark.parametrize("cell", ["2026-02-30", "2026/13/1", "2026年2月30日"])
def test_impossible_dates_are_refused_as_invalid(cell: str) -> None:
    with pytest.raises(CellError, match="不是有效日期"):
        read_date(cell)


@pytest.mark.parametrize("cell", ["上周三", "3月5日", "2026", 2026, "20260305x", True])
def test_unreadable_dates_name_the_accepted_forms(cell: object) -> None:
    with pytest.raises(CellError, match="YYYY-MM-DD"):
        read_date(cell)


@given(st.dates(min_value=date(1980, 1, 1), max_value=date(2099, 12, 31)))
def test_any_date_survives_each_text_form_and_its_serial(day: date) -> None:
    serial = (day - date(1899, 12, 30)).days
    forms = (
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
    )
    assert {read_date(f) for f in forms} == {day}
    assert read_date(serial) == day
    assert read_date(str(serial)) == day


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (time(9, 30), time(9, 30)),
        (datetime(1899, 12, 30, 14, 0), time(14, 0)),
        (0.375, time(9, 0)),  # an Excel time: a fraction of a day
        (timedelta(hours=8, minutes=45), time(8, 45)),
        ("09:30", time(9, 30)),
        ("9:30", time(9, 30)),
        ("０９：３０", time(9, 30)),  # full-width digits and colon
        ("14:00:00", time(14, 0)),
    ],
)
def test_times_from_cells_and_text(cell: object, expected: time) -> None:
    assert read_time(cell) == expected


@pytest.mark.parametrize("cell", ["25:00", "9点半", "12:75", 1.5])
def test_unreadable_times_are_refused(cell: object) -> None:
    with pytest.raises(CellError):
        read_time(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [(45, 45), (45.0, 45), ("45", 45), ("４５", 45), (" 45 ", 45), ("1,200", 1200)],
)
def test_numbers_stored_as_text_or_full_width_read_as_integers(cell: object, expected: int) -> None:
    assert read_int(cell) == expected


@pytest.mark.parametrize("cell", [45.5, "四十五", "45人", True])
def test_non_integers_are_refused(cell: object) -> None:
    with pytest.raises(CellError, match="整数"):
        read_int(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (1200.5, Decimal("1200.5")),
        (0.1, Decimal("0.1")),  # not 0.1000000000000000055511151231257827
        ("1,200.50", Decimal("1200.50")),
        ("１２００元", Decimal("1200")),
        ("¥35.8", Decimal("35.8")),
    ],
)
def test_amounts(cell: object, expected: Decimal) -> None:
    assert read_decimal(cell) == expected


def test_choices_forgive_spaces_and_full_width_but_not_other_words() -> None:
    assert read_choice("来访 ", ConsultChannel) is ConsultChannel.VISIT
    assert read_choice("\u3000来访", ConsultChannel) is ConsultChannel.VISIT
    assert read_choice("微信／ＱＱ", ConsultChannel) is ConsultChannel.WECHAT_QQ
    assert read_choice("１２３４８热线", ConsultChannel) is ConsultChannel.HOTLINE_12348
    with pytest.raises(CellError, match="不是可选值") as refused:
        read_choice("来电", ConsultChannel)
    assert "来访、电话、12348热线" in str(refused.value)  # the allowed values are listed


def test_multi_choices_split_on_the_spec_separator_and_common_slips() -> None:
    assert read_choices("老年人、残疾人", SpecialGroup) == (
        SpecialGroup.ELDERLY,
        SpecialGroup.DISABLED,
    )
    assert read_choices("老年人，残疾人 ;农民工", SpecialGroup) == (
        SpecialGroup.ELDERLY,
        SpecialGroup.DISABLED,
        SpecialGroup.MIGRANT_WORKER,
    )
    assert read_choices(None, SpecialGroup) == ()
    with pytest.raises(CellError):
        read_choices("老年人、学生", SpecialGroup)


def test_names_lose_trailing_spaces_and_empty_parts() -> None:
    assert read_names("王大 、 赵二\u3000、") == ("王大", "赵二")
    assert cell_text("张三  ") == "张三"
    assert cell_text("\u3000张三\u3000") == "张三"


def test_numbers_in_text_columns_keep_their_digits() -> None:
    assert cell_text(13800001111) == "13800001111"
    assert cell_text(13800001111.0) == "13800001111"
    assert read_identifier(13800001111) == "13800001111"
    assert read_identifier("１３８ ０００ ０１１１１") == "13800001111"


def test_an_id_number_excel_already_rounded_is_explained_not_misread() -> None:
    with pytest.raises(CellError, match="文本格式"):
        read_identifier(5.00112198005171e17)


@pytest.mark.parametrize(
    ("cell", "expected"), [("是", True), ("否", False), (True, True), (None, None)]
)
def test_yes_no(cell: object, expected: bool | None) -> None:
    assert read_yes_no(cell) is expected
