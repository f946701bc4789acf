"""Property tests of the workbook import on hostile cells and junk files: cell readers give a
value or CellError, rows give row-level Chinese errors, a junk file gives WorkbookFileError, and
a refused import writes nothing (counts through the service layer unchanged).
"""

from __future__ import annotations

import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from station_app.domain.workbook_layout import SHEETS
from station_app.importer.cell_values import (
    CellError,
    RawCell,
    read_date,
    read_decimal,
    read_identifier,
    read_int,
    read_names,
    read_time,
    read_yes_no,
)
from station_app.importer.import_result import MAX_ERRORS, TOO_MANY_ERRORS
from station_app.importer.row_parser import RowParser, StationLookup
from station_app.importer.workbook_import import WorkbookImporter
from station_app.importer.workbook_reader import WorkbookFileError
from station_app.services.station_services import StationServices
from tests.bad_input import nasty_text
from tests.ledger_workbooks import BAD_ID, consultation, publicity, write_workbook

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

raw_cells: st.SearchStrategy[RawCell] = st.one_of(
    st.none(),
    nasty_text,
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
    st.sampled_from(["9" * 5000, "1" * 400 + ".0", "4.5e9", "2026-02-30", "25:61", "１２"]),
)


def chinese(message: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in message)


@FAST
@given(value=raw_cells)
@example(value="1" * 400 + ".0")  # int(float(...)) of it overflowed
@example(value="9" * 5000)  # past int()'s 4300-digit limit
@example(value=1e300)
def test_every_cell_reader_gives_a_value_or_a_chinese_cell_error(value: RawCell) -> None:
    for reader in (read_date, read_time, read_int, read_decimal, read_names, read_yes_no):
        try:
            reader(value)
        except CellError as exc:
            assert chinese(str(exc))
    try:
        read_identifier(value)
    except CellError as exc:
        assert chinese(str(exc))


def lookup() -> StationLookup:
    return StationLookup(
        {"青石村": 1, "滨江社区": 2}, lambda name: "01" if name == "邻里纠纷" else None
    )


@FAST
@given(
    layout_index=st.integers(0, len(SHEETS) - 1),
    cells=st.lists(raw_cells, max_size=25).map(tuple),
)
def test_any_row_of_any_sheet_parses_to_values_or_per_column_chinese_errors(
    layout_index: int, cells: tuple[RawCell, ...]
) -> None:
    layout = SHEETS[layout_index]
    columns = tuple(enumerate(layout.headers))
    row = RowParser(layout, columns, lookup()).parse(5, cells)
    assert set(row.errors) <= set(layout.headers)
    assert all(chinese(message) for message in row.errors.values())


def counts(services: StationServices) -> dict[str, int]:
    return {s.spec.entity: s.count() for s in services.ledgers()}


spoilt_cells = st.dictionaries(
    st.sampled_from(["日期", "村(居)", "年龄", "联系电话", "身份证号", "咨询方式", "参加人数"]),
    raw_cells,
    min_size=1,
    max_size=3,
)


def test_a_workbook_of_random_cells_imports_whole_or_writes_nothing(
    services: StationServices,
) -> None:
    """Good rows around spoilt ones: an import that reports an error leaves the store as it was;
    one that reports none adds every row."""
    importer = WorkbookImporter(services)

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(spoilt=st.lists(spoilt_cells, min_size=1, max_size=3))
    @example(spoilt=[{"参加人数": 10**20}])
    @example(spoilt=[{"年龄": "1" * 400 + ".0"}])
    def check(spoilt: list[dict[str, Any]]) -> None:
        rows = {
            "法律咨询": [consultation(咨询人姓名="甲"), *(consultation(**s) for s in spoilt)],
            "法治宣传": [publicity(), *(publicity(**s) for s in spoilt)],
        }
        with tempfile.TemporaryDirectory() as tmp:
            path = write_workbook(Path(tmp) / "台账.xlsx", _storable(rows))
            before = counts(services)
            result = importer.run(path)
        after = counts(services)
        if result.errors:
            assert after == before
            assert not result.written
            for problem in result.errors:
                assert chinese(problem.message)
                assert problem.row is None or problem.row >= 2
        else:
            assert sum(after.values()) == sum(before.values()) + result.added_records

    check()


def _storable(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """What openpyxl can write into a cell: no timedelta-less-time quirks, no control chars."""
    out = {}
    for sheet, items in rows.items():
        out[sheet] = [{k: _cell(v) for k, v in row.items()} for row in items]
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        # Characters XML 1.0 cannot hold: openpyxl refuses to write them, so no file has them.
        return "".join(
            c
            for c in value
            if c in "\t\n\r"
            or (c >= " " and not 0xD800 <= ord(c) <= 0xDFFF and c not in "\ufffe\uffff")
        )
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, timedelta) or (isinstance(value, datetime) and value.year < 1900):
        return str(value)
    if isinstance(value, date) and value.year < 1900:
        return value.isoformat()
    if isinstance(value, time) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


@FAST
@given(
    junk=st.binary(max_size=300),
    magic=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"]),
)
@example(junk=b"", magic=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # xlrd's CompDocError escaped
def test_a_junk_file_is_refused_with_a_clear_message(junk: bytes, magic: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "台账.xlsx"
        path.write_bytes(magic + junk)
        from station_app.importer.workbook_reader import open_workbook

        try:
            source = open_workbook(path)
        except WorkbookFileError as exc:
            assert chinese(str(exc))
        else:
            source.close()


def test_a_workbook_of_endless_bad_rows_is_refused_after_the_first_errors(
    services: StationServices, tmp_path: Path
) -> None:
    """Memory stays flat and the refusal comes at once: the first MAX_ERRORS errors are
    listed, the rest of the file is not read."""
    bad = MAX_ERRORS * 3
    rows = {"法律咨询": [consultation(身份证号=BAD_ID) for _ in range(bad)]}
    path = write_workbook(tmp_path / "台账.xlsx", rows)
    before = counts(services)
    result = WorkbookImporter(services).run(path)
    assert not result.ok and result.stopped_early
    assert len(result.errors) == MAX_ERRORS
    read = sum(s.rows for s in result.sheets)
    assert MAX_ERRORS <= read < bad  # stopped well before the end
    assert TOO_MANY_ERRORS in result.summary_lines()
    assert counts(services) == before
