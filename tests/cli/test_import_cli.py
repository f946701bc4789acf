"""`station import` end to end as a user runs the CLI (this interpreter, this checkout)."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.test_cli import run
from tests.cli_runs import station_here
from tests.ledger_workbooks import BAD_ID, consultation, duty, publicity, write_workbook


def count(data_dir: Path, table: str) -> int:
    with sqlite3.connect(data_dir / "station.db") as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def station_import(
    data_dir: Path, *args: str, own_process: bool = False
) -> subprocess.CompletedProcess[str]:
    """`station import`: in this process unless ``own_process`` (the first import here is a
    process of its own; the other cases are about what the command answers)."""
    return (run if own_process else station_here)("import", "--data-dir", str(data_dir), *args)


def test_import_prints_a_chinese_summary_and_exits_0(initialised: Path, tmp_path: Path) -> None:
    data_dir = initialised
    book = write_workbook(
        tmp_path / "台账.xlsx",
        {"法律咨询": [consultation(), consultation(咨询人姓名="李四")], "律师值班": [duty()]},
    )

    done = station_import(data_dir, str(book), own_process=True)

    assert done.returncode == 0, done.stderr
    assert "法律咨询：读取 2 行，导入 2 行" in done.stdout
    assert "律师值班：读取 1 行，导入 1 行" in done.stdout
    assert "导入完成：新增 3 条记录" in done.stdout
    assert count(data_dir, "consultation") == 2

    again = station_import(data_dir, str(book))
    assert again.returncode == 0
    assert "已存在 3 行，已跳过" in again.stdout
    assert count(data_dir, "consultation") == 2


def test_dry_run_writes_nothing(initialised: Path, tmp_path: Path) -> None:
    data_dir = initialised
    book = write_workbook(tmp_path / "台账.xlsx", {"法治宣传": [publicity()]})
    outbox = count(data_dir, "outbox")

    done = station_import(data_dir, str(book), "--dry-run")

    assert done.returncode == 0, done.stderr
    assert "法治宣传：读取 1 行，可导入 1 行" in done.stdout
    assert "试运行，未写入" in done.stdout
    assert (count(data_dir, "publicity_event"), count(data_dir, "outbox")) == (0, outbox)


def test_a_refused_workbook_exits_1_lists_problems_and_saves_the_report(
    initialised: Path, tmp_path: Path
) -> None:
    data_dir = initialised
    book = write_workbook(
        tmp_path / "台账.xlsx",
        {"法律咨询": [consultation(), consultation(身份证号=BAD_ID)], "法治宣传": [publicity()]},
    )
    report = tmp_path / "错误报告.xlsx"

    done = station_import(data_dir, str(book), "--report-out", str(report))

    assert done.returncode == 1
    assert "法律咨询，第3行，身份证号：校验位不正确，请核对号码" in done.stdout
    assert "未导入任何记录" in done.stdout
    assert BAD_ID not in done.stdout + done.stderr
    assert (count(data_dir, "consultation"), count(data_dir, "publicity_event")) == (0, 0)
    copied = load_workbook(report)["法律咨询"]
    assert copied.cell(row=2, column=1).value == 3
    assert copied.max_row == 2


def test_unreadable_or_missing_files_get_one_line(initialised: Path, tmp_path: Path) -> None:
    data_dir = initialised
    missing = station_import(data_dir, str(tmp_path / "没有.xlsx"))
    assert missing.returncode == 2 and "找不到文件" in missing.stderr
    text_file = tmp_path / "台账.xlsx"
    text_file.write_text("不是工作簿", encoding="utf-8")
    refused = station_import(data_dir, str(text_file))
    assert refused.returncode == 1
    assert "不是 Excel 工作簿" in refused.stderr and "Traceback" not in refused.stderr
