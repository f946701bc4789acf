"""`station backup`, `station backup --list` and `station restore FILE` run as a user
runs them, and what the CLI says when the store is damaged."""

from __future__ import annotations

import json
from pathlib import Path

from station_app.storage.backup import list_backups
from station_app.storage.store import BACKUP_DIRNAME, DB_FILENAME
from tests.cli.conftest import demo
from tests.cli.test_cli import run
from tests.cli_runs import station_here
from tests.damaged_store import damage_table


def counts(data_dir: Path) -> dict[str, object]:
    """`station stats` in this process (tests/cli/test_cli.py runs it as a process)."""
    done = station_here("stats", "--data-dir", str(data_dir), "--quarter", "2026Q3")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["ledgers"]  # type: ignore[no-any-return]


def test_backup_list_and_restore_round_trip(initialised: Path) -> None:
    data_dir = initialised
    assert run("backup", "--data-dir", str(data_dir)).returncode == 0
    (empty,) = list_backups(data_dir / BACKUP_DIRNAME)
    nothing = counts(data_dir)
    demo(data_dir, 300)
    held = counts(data_dir)
    assert held != nothing

    done = run("backup", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    made, _ = list_backups(data_dir / BACKUP_DIRNAME)
    assert str(made.path) in done.stdout
    assert "已通过完整性检查" in done.stdout
    assert "法律咨询" in done.stdout and "条" in done.stdout

    listed = run("backup", "--list", "--data-dir", str(data_dir))
    assert listed.returncode == 0, listed.stderr
    rows = [x.split("\t") for x in listed.stdout.splitlines()[1:]]
    assert [r[0] for r in rows] == [made.path.name, empty.path.name]
    assert all(r[3] == "手动" and r[2].endswith("MB") for r in rows)

    # Back to the empty store: the 300 records written after that backup are gone...
    restored = run("restore", "--data-dir", str(data_dir), str(empty.path))
    assert restored.returncode == 0, restored.stderr
    assert counts(data_dir) == nothing
    (aside,) = [p for p in data_dir.iterdir() if p.name.startswith("station.db.before-restore-")]
    assert str(aside) in restored.stdout
    # ...and forward again to the backup that holds them.
    assert run("restore", "--data-dir", str(data_dir), str(made.path)).returncode == 0
    assert counts(data_dir) == held
    assert station_here("check", "--data-dir", str(data_dir)).returncode == 0


def test_restore_refuses_a_file_that_is_not_a_store_in_one_line(
    initialised: Path, tmp_path: Path
) -> None:
    data_dir = initialised
    other = tmp_path / "台账.xlsx"
    other.write_bytes(b"PK\x03\x04 not a database")
    done = run("restore", "--data-dir", str(data_dir), str(other))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "不能用于恢复" in done.stderr
    assert "Traceback" not in done.stderr

    missing = run("restore", "--data-dir", str(data_dir), str(tmp_path / "nothing.db"))
    assert missing.returncode == 2 and "找不到文件" in missing.stderr


def test_damaged_store_names_the_newest_good_backup_and_the_command(initialised: Path) -> None:
    data_dir = initialised
    demo(data_dir, 300)
    assert run("backup", "--data-dir", str(data_dir)).returncode == 0
    (good,) = list_backups(data_dir / BACKUP_DIRNAME)
    damage_table(data_dir / DB_FILENAME)

    done = run("stats", "--data-dir", str(data_dir), "--quarter", "2026Q3")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1
    assert "数据文件已损坏" in done.stderr
    assert f'station restore "{good.path}"' in done.stderr

    # A damaged store is not backed up: the copy fails its check and is not kept.
    refused = run("backup", "--data-dir", str(data_dir))
    assert refused.returncode == 1 and "完整性检查" in refused.stderr
    assert list_backups(data_dir / BACKUP_DIRNAME) == [good]

    assert run("restore", "--data-dir", str(data_dir), str(good.path)).returncode == 0
    assert station_here("check", "--data-dir", str(data_dir)).returncode == 0


def test_damaged_store_without_backups_says_so(initialised: Path) -> None:
    data_dir = initialised
    demo(data_dir, 300)
    damage_table(data_dir / DB_FILENAME)
    done = run("check", "--data-dir", str(data_dir))
    assert done.returncode == 1
    assert "没有完好的备份" in done.stderr and "Traceback" not in done.stderr


def test_only_the_head_restores_over_a_store_that_opens_and_the_trail_says_so(
    initialised: Path,
) -> None:
    import os
    import subprocess

    from tests.cli.test_cli import STATION

    data_dir = initialised
    assert run("backup", "--data-dir", str(data_dir)).returncode == 0
    (made,) = list_backups(data_dir / BACKUP_DIRNAME)
    env = {**os.environ, "STATION_NEW_PASSWORD": "linshi2026"}
    args = ["--data-dir", str(data_dir), "--name", "小陈", "--role", "station_clerk"]
    added = subprocess.run(
        [*STATION, "users", "add", "clerk", *args], env=env, capture_output=True, text=True
    )
    assert added.returncode == 0, added.stderr
    clerk = {**os.environ, "STATION_USER": "clerk", "STATION_PASSWORD": "linshi2026"}
    changed = subprocess.run(
        [*STATION, "password", "--data-dir", str(data_dir)],
        env={**clerk, "STATION_NEW_PASSWORD": "xiaochen2026"},
        capture_output=True,
        text=True,
    )
    assert changed.returncode == 0, changed.stderr
    clerk["STATION_PASSWORD"] = "xiaochen2026"
    refused = subprocess.run(
        [*STATION, "restore", "--data-dir", str(data_dir), str(made.path)],
        env=clerk,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1 and "只有站长" in refused.stderr
    assert not any(p.name.startswith("station.db.before-restore-") for p in data_dir.iterdir())
    assert run("restore", "--data-dir", str(data_dir), str(made.path)).returncode == 0
    trail = run("audit", "--data-dir", str(data_dir), "--limit", "2")  # and its own sign-in
    assert "从备份恢复" in trail.stdout and made.path.name in trail.stdout
