"""`station todo`: the work queue on stores built for the purpose, exactly as the spec's rules
give it, for each role's scope (tests/work_queue_fixtures.py works the queues out by hand)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from station_app.cli.main import main
from station_app.domain.choices import Role
from station_app.services.station_services import StationServices
from tests.conftest import HEAD_PASSWORD
from tests.report_fixtures import BINJIANG, QINGSHI
from tests.work_queue_fixtures import (
    AFTER_QUARTER,
    CLERK,
    HOLIDAY_DAY,
    LAWYER,
    MID_QUARTER,
    OFFICER,
    PASSWORD,
    add_account,
    build,
    expected_after_quarter,
    expected_holiday_day,
    expected_mid_quarter,
)


@pytest.fixture
def store(services: StationServices) -> tuple[Path, dict[str, Any]]:
    ids = build(services)
    add_account(services, OFFICER, "周专干", Role.VILLAGE_OFFICER, QINGSHI)
    add_account(services, LAWYER, "孙律师", Role.DUTY_LAWYER)
    add_account(services, CLERK, "李文书", Role.STATION_CLERK)
    data_dir = services.store.data_dir
    services.close()
    return data_dir, ids


def todo(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    *args: str,
    user: str = "admin",
) -> list[dict[str, str]]:
    monkeypatch.setenv("STATION_PASSWORD", HEAD_PASSWORD if user == "admin" else PASSWORD)
    code = main(["todo", "--data-dir", str(data_dir), "--user", user, "--json", *args])
    out = capsys.readouterr().out
    assert code == 0, out
    return [json.loads(line) for line in out.splitlines()]


def keys(lines: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    for line in lines:
        assert set(line) == {"kind", "village", "date", "ref", "text"}
    return [(x["kind"], x["village"], x["date"], x["ref"]) for x in lines]


def test_mid_quarter_the_json_lines_are_exactly_the_rules_items(
    store: tuple[Path, dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir, ids = store
    lines = todo(capsys, monkeypatch, data_dir, "--today", MID_QUARTER.isoformat())
    assert keys(lines) == expected_mid_quarter(ids)
    text = {x["kind"]: x["text"] for x in lines}
    assert text["hours_week_short"] == (
        "本周值班不足：滨江社区 本周（11月23日至11月29日）已确认值班 1.5 小时，"
        "不足 2 小时（剩 4 天）"
    )
    assert text["follow_up_due"] == f"待回访：{ids['m3']}（本站）调解成功已 97 天，尚未回访"
    assert "孙律师 10月8日在青石村的值班尚未确认（已 48 天）" in text["visit_unconfirmed"]
    assert [x["text"] for x in lines if x["kind"] == "dissatisfied"] == [
        f"不满意待核实：{ids['m5']}（青石村）10月12日的回访评价为不满意，尚未填写核实情况",
        "不满意待核实：青石村 11月2日的法律咨询评价为不满意，尚未填写核实情况",
    ]
    # The clerk sees what the head sees.
    assert todo(capsys, monkeypatch, data_dir, "--today", "2026-11-25", user=CLERK) == lines


def test_after_the_quarter_ended_and_on_a_holiday_adjusted_deadline(
    store: tuple[Path, dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir, ids = store
    after = todo(capsys, monkeypatch, data_dir, "--today", AFTER_QUARTER.isoformat())
    assert keys(after) == expected_after_quarter(ids)
    assert after[0]["text"] == (
        "统计表逾期未上报：2026年第3季度统计表尚未标记为已上报（应于9月30日前上报，已逾期 9 天）"
    )
    holiday = todo(capsys, monkeypatch, data_dir, "--today", HOLIDAY_DAY.isoformat())
    assert keys(holiday) == expected_holiday_day()
    due = next(x for x in holiday if x["kind"] == "report_due")
    assert "9月28日（本季度最后一个工作日）" in due["text"] and "剩 10 天" in due["text"]
    # The day before the window opens, nothing is due yet.
    before = todo(capsys, monkeypatch, data_dir, "--today", "2023-09-17")
    assert "report_due" not in {x["kind"] for x in before}


def test_each_role_sees_only_its_scope(
    store: tuple[Path, dict[str, Any]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir, ids = store
    day = ("--today", MID_QUARTER.isoformat())
    # The 青石村 officer: their village's case and the visit they are to confirm; no report,
    # no other village, nothing of the station itself.
    officer = [
        ("mediation_overdue", QINGSHI, "2026-09-01", ids["m1"]),
        ("visit_unconfirmed", QINGSHI, "2026-10-08", ""),
        ("dissatisfied", QINGSHI, "2026-10-12", ids["m5"]),
        ("dissatisfied", QINGSHI, "2026-11-02", ""),
    ]
    assert keys(todo(capsys, monkeypatch, data_dir, *day, user=OFFICER)) == officer
    # 孙律师: their own visit waiting for confirmation, and the hours of the villages they
    # serve (both: they visited each this quarter or the last); no cases, no report.
    assert keys(todo(capsys, monkeypatch, data_dir, *day, user=LAWYER)) == [
        ("visit_unconfirmed", QINGSHI, "2026-10-08", ""),
        ("hours_week_short", BINJIANG, "2026-11-29", ""),
        ("hours_month_short", BINJIANG, "2026-11-30", ""),
    ]
    # --village narrows the head's queue to one village (or the station itself).
    assert keys(todo(capsys, monkeypatch, data_dir, *day, "--village", QINGSHI)) == officer
    assert keys(todo(capsys, monkeypatch, data_dir, *day, "--village", "本站")) == [
        ("follow_up_due", "本站", "2026-08-20", ids["m3"]),
    ]


def test_the_plain_listing_groups_by_kind_and_bad_input_is_a_usage_error(
    store: tuple[Path, dict[str, Any]],
) -> None:
    """Run as a user runs it: the real command line, signed in from the environment."""
    data_dir, _ids = store
    station = [sys.executable, "-m", "station_app.cli.main", "todo", "--data-dir", str(data_dir)]
    done = subprocess.run(
        [*station, "--today", "2026-10-09"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("待办 8 项（2026-10-09，")
    assert "统计表逾期未上报（1）" in lines and "本月值班不足（2）" in lines
    assert lines.index("统计表逾期未上报（1）") < lines.index("本月值班不足（2）")
    bad = subprocess.run(
        [*station, "--today", "10/09/2026"], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2 and "--today" in bad.stderr
    unknown = subprocess.run(
        [*station, "--village", "别村"], capture_output=True, text=True, timeout=120
    )
    assert unknown.returncode == 1 and "不是本站的村(居)" in unknown.stderr
