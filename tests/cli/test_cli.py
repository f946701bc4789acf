"""`station init/demo/stats/check` end to end as a user runs them (this interpreter's CLI).

Each command runs at least once as its own process (``run``); the further cases of a command,
about what it answers rather than about starting up, call the same ``main`` in this process
(``run_here``): a `station` process spends a second or two of CPU on imports alone.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from station_app.cli.main import main
from station_app.services.station_services import StationServices
from tests.cli.conftest import demo
from tests.sync_support import INIT_ARGS

#: The CLI run by this interpreter, so it is this checkout's code and never skipped.
STATION = [sys.executable, "-m", "station_app.cli.main"]

RunHere = Callable[..., subprocess.CompletedProcess[str]]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*STATION, *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def run_here(capsys: pytest.CaptureFixture[str]) -> RunHere:
    """``run``, but the CLI's ``main`` in this process, its output and exit status captured;
    the umask the command sets for itself is put back afterwards."""

    def run_in_process(*args: str) -> subprocess.CompletedProcess[str]:
        umask = os.umask(0o077)
        os.umask(umask)
        capsys.readouterr()
        try:
            code = main(list(args))
        finally:
            os.umask(umask)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess([*STATION, *args], code, out, err)

    return run_in_process


def init(data_dir: Path) -> subprocess.CompletedProcess[str]:
    return run("init", "--data-dir", str(data_dir), *INIT_ARGS)


def test_init_demo_stats_check_round_trip(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    done = init(data_dir)
    assert done.returncode == 0, done.stderr
    assert "龙兴镇公共法律服务工作站" in done.stdout
    assert (data_dir / "station.db").exists()

    demo = run("demo", "--data-dir", str(data_dir), "--records", "400")
    assert demo.returncode == 0, demo.stderr
    made = json.loads(demo.stdout)
    assert sum(made.values()) == 400
    assert set(made) == {"法律咨询", "人民调解", "律师值班", "法治宣传", "法律援助初审"}

    # Every demo record is a real record: in its table and queued for the county.
    with sqlite3.connect(data_dir / "station.db") as db:
        stored = sum(
            db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in (
                "consultation",
                "mediation_case",
                "duty_log",
                "publicity_event",
                "legal_aid_review",
            )
        )
        queued = db.execute(
            "SELECT count(DISTINCT entity_uuid) FROM outbox"
            " WHERE entity NOT IN ('station', 'village')"
        ).fetchone()[0]
        villages_used = db.execute(
            "SELECT count(DISTINCT village_id) FROM consultation"
        ).fetchone()[0]
        dispute_types = db.execute(
            "SELECT count(DISTINCT dispute_type) FROM mediation_case"
        ).fetchone()[0]
    assert stored == queued == 400
    assert villages_used == 2  # both villages; NULL (本站) is not counted by DISTINCT
    assert dispute_types >= 10

    stats = run("stats", "--data-dir", str(data_dir), "--quarter", "2026Q3")
    assert stats.returncode == 0, stats.stderr
    report = json.loads(stats.stdout)
    assert report["quarter"] == "2026Q3"
    assert report["period"] == {"start": "2026-07-01", "end": "2026-09-30"}
    consultations = report["ledgers"]["法律咨询"]
    assert list(consultations["by_village"]) == ["青石村", "滨江社区", "本站"]
    assert consultations["total"] == sum(consultations["by_village"].values()) > 0

    check = run("check", "--data-dir", str(data_dir))
    assert check.returncode == 0, check.stdout + check.stderr
    assert "一切正常" in check.stdout


def test_stats_counts_only_the_quarter(initialised: Path, run_here: RunHere) -> None:
    data_dir = initialised
    demo(data_dir, 300)
    totals = {}
    for q in ("2025Q4", "2026Q1", "2026Q2", "2026Q3", "2026Q4"):
        out = run_here("stats", "--data-dir", str(data_dir), "--quarter", q)
        totals[q] = sum(v["total"] for v in json.loads(out.stdout)["ledgers"].values())
    with sqlite3.connect(data_dir / "station.db") as db:
        live = sum(
            db.execute(f"SELECT count(*) FROM {t} WHERE voided_at IS NULL").fetchone()[0]
            for t in (
                "consultation",
                "mediation_case",
                "duty_log",
                "publicity_event",
                "legal_aid_review",
            )
        )
    # Demo data covers the last four quarters: no record is in 2025Q4, none counted twice.
    assert totals["2025Q4"] == 0
    assert sum(totals.values()) == live


def test_data_dir_from_environment(
    tmp_path: Path, run_here: RunHere, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "from-env"
    monkeypatch.setenv("STATION_DATA_DIR", str(data_dir))
    out = run_here(
        "init",
        "--station",
        "滨江街道公共法律服务工作站",
        "--county",
        "渝北区",
        "--type",
        "street",
    )
    assert out.returncode == 0, out.stderr
    assert (data_dir / "station.db").exists()
    assert run_here("check").returncode == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["stats", "--quarter", "2026Q5"], "季度格式"),
        (["stats"], "--quarter"),
        (["demo", "--records", "abc"], "invalid int"),
        (["demo", "--records", "0"], "正整数"),
        (["frobnicate"], "invalid choice"),
        (["init", "--station", "x", "--county", "y", "--type", "city"], "invalid choice"),
        (
            ["init", "--station", "x", "--county", "y", "--type", "town", "--village", "a:city"],
            "town 或 street",
        ),
    ],
)
def test_bad_arguments_get_one_line_and_no_traceback(
    initialised: Path, run_here: RunHere, args: list[str], expected: str
) -> None:
    """An unknown command in a process of its own; the other cases in this one."""
    data_dir = initialised
    out = run_here(*args, "--data-dir", str(data_dir)) if args[0] != "frobnicate" else run(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0]


def test_commands_on_a_missing_store_say_so(tmp_path: Path, run_here: RunHere) -> None:
    out = run_here("stats", "--quarter", "2026Q3", "--data-dir", str(tmp_path / "nothing"))
    assert out.returncode == 2
    assert "station init" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / "nothing" / "station.db").exists()


def test_init_twice_is_refused_and_keeps_the_store(tmp_path: Path, run_here: RunHere) -> None:
    data_dir = tmp_path / "store"
    assert run_here("init", "--data-dir", str(data_dir), *INIT_ARGS).returncode == 0
    again = run_here("init", "--data-dir", str(data_dir), *INIT_ARGS)
    assert again.returncode == 1
    assert "已经初始化" in again.stderr
    with sqlite3.connect(data_dir / "station.db") as db:
        assert db.execute("SELECT count(*) FROM station").fetchone()[0] == 1


def test_init_rejects_invalid_station_with_chinese_field_message(
    tmp_path: Path, run_here: RunHere
) -> None:
    out = run_here(
        "init",
        "--data-dir",
        str(tmp_path / "s"),
        "--station",
        " ",
        "--county",
        "渝北区",
        "--type",
        "town",
        "--village",
        "青石村",
        "--village",
        "青石村",
    )
    assert out.returncode == 1
    assert "工作站名称：必填" in out.stderr and "村(居)名称重复" in out.stderr


def test_check_reports_a_damaged_file(initialised: Path, run_here: RunHere) -> None:
    data_dir = initialised
    demo(data_dir, 200)
    # Break a foreign key behind the app's back: check must notice, not say all is well.
    with sqlite3.connect(data_dir / "station.db") as db:
        db.execute("PRAGMA foreign_keys=OFF")
        db.execute("UPDATE consultation SET village_id = 999 WHERE id = 1")
    out = run_here("check", "--data-dir", str(data_dir))
    assert out.returncode == 1
    assert "外键错误" in out.stdout and "一切正常" not in out.stdout


def _report_args(data_dir: Path, out: Path) -> list[str]:
    return ["report", "--data-dir", str(data_dir), "--quarter", "2026Q4", "--out", str(out)]


def test_an_unwritable_output_path_gets_its_reason_in_one_line(
    services: StationServices, data_dir: Path, tmp_path: Path, run_here: RunHere
) -> None:
    services.close()
    a_file = tmp_path / "统计表.txt"
    a_file.write_text("not a folder")
    cases = {
        a_file / "统计表.xlsx": "路径中有一段不是文件夹",
        tmp_path / ("很长的文件名" * 50 + ".xlsx"): "文件名或路径过长",
    }
    for out, reason in cases.items():
        done = run_here(*_report_args(data_dir, out))
        assert done.returncode == 1, done.stderr
        assert "输出文件：无法写入" in done.stderr and reason in done.stderr
        assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_link_planted_at_the_old_temporary_name_redirects_nothing(
    services: StationServices, data_dir: Path, tmp_path: Path
) -> None:
    services.close()
    victim = tmp_path / "victim.txt"
    victim.write_text("the clerk's other file")
    out = tmp_path / "统计表.xlsx"
    (tmp_path / ".统计表.part.xlsx").symlink_to(victim)
    done = run(*_report_args(data_dir, out))
    assert done.returncode == 0, done.stderr
    assert victim.read_text() == "the clerk's other file"
    assert out.is_file() and not out.is_symlink() and out.read_bytes()[:2] == b"PK"
    assert (tmp_path / ".统计表.part.xlsx").readlink() == victim  # left as it was


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes; Windows' profile protects it")
def test_the_data_folder_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    assert init(data_dir).returncode == 0
    assert run("backup", "--data-dir", str(data_dir)).returncode == 0
    made = [data_dir, *data_dir.rglob("*")]
    assert {p.relative_to(tmp_path).parts[-1] for p in made} >= {"station.db", "logs", "backups"}
    loose = [f"{p.name} {p.stat().st_mode & 0o777:o}" for p in made if p.stat().st_mode & 0o077]
    assert loose == []
    # A folder an earlier version left readable to every local user is tightened on open.
    data_dir.chmod(0o755)
    (data_dir / "station.db").chmod(0o644)
    assert run("check", "--data-dir", str(data_dir)).returncode == 0
    assert data_dir.stat().st_mode & 0o777 == 0o700
    assert (data_dir / "station.db").stat().st_mode & 0o777 == 0o600
