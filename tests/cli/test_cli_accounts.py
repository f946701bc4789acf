"""The `station` command acts as a named account: scoping, masking, reveal, lock-out, the
audit trail's check and the recovery key, end to end through the installed console script."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from station_app.domain.choices import Role
from station_app.domain.identifiers import mask_resident_id
from station_app.domain.organisation import UserDraft
from station_app.services.station_services import StationServices
from station_app.storage.store import DB_FILENAME
from tests.cli_runs import station_here
from tests.conftest import HEAD_PASSWORD
from tests.drafts import consultation, duty, mediation, resident_id, village_id

#: The CLI run by this interpreter, so it is this checkout's code and never skipped.
STATION = [sys.executable, "-m", "station_app.cli.main"]
OFFICER_PASSWORD = "cunwei2026"
LAWYER_PASSWORD = "lvshi2026dw"
PERSON_ID = resident_id(42)


def station(
    data_dir: Path, *args: str, user: str = "admin", password: str = HEAD_PASSWORD, **env: str
) -> subprocess.CompletedProcess[str]:
    import os

    environ = {**os.environ, "STATION_USER": user, "STATION_PASSWORD": password, **env}
    return subprocess.run(
        [*STATION, args[0], "--data-dir", str(data_dir), *args[1:]],
        capture_output=True,
        text=True,
        timeout=120,
        env=environ,
        check=False,
    )


def station_in(
    data_dir: Path, *args: str, user: str = "admin", password: str = HEAD_PASSWORD
) -> subprocess.CompletedProcess[str]:
    """``station`` by this process's ``main`` (tests/cli_runs.py): for the further runs of a
    command this module has run as a process, each of which costs a second or two of CPU."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("STATION_USER", user)
        env.setenv("STATION_PASSWORD", password)
        return station_here(args[0], "--data-dir", str(data_dir), *args[1:])


@pytest.fixture
def store(services: StationServices, data_dir: Path) -> Path:
    """Two villages' consultations, and an officer for 青石村 who has set their password."""
    qingshi = village_id(services, "青石村")
    services.consultations.create(
        consultation(village_id=qingshi, question="青石村的咨询", id_number=PERSON_ID)
    )
    services.consultations.create(
        consultation(village_id=village_id(services, "滨江社区"), question="滨江社区的咨询")
    )
    services.accounts.add_account(
        UserDraft("qingshi", "青石村综治专干", Role.VILLAGE_OFFICER, qingshi), "linshi2026"
    )
    services.accounts.sign_in("qingshi", "linshi2026")
    services.accounts.change_password("linshi2026", OFFICER_PASSWORD)
    services.close()
    return data_dir


def listed(done: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_officer_lists_only_their_village_with_masked_numbers(store: Path) -> None:
    records = listed(station(store, "list", "法律咨询", user="qingshi", password=OFFICER_PASSWORD))
    assert [r["question"] for r in records] == ["青石村的咨询"]
    assert records[0]["id_number"] == mask_resident_id(PERSON_ID)
    assert PERSON_ID not in station(store, "list", "法律咨询").stdout  # the head's list too
    other = station(
        store,
        "list",
        "法律咨询",
        "--village",
        "滨江社区",
        user="qingshi",
        password=OFFICER_PASSWORD,
    )
    assert listed(other) == []


def test_reveal_prints_the_number_and_the_head_sees_it_in_the_trail(store: Path) -> None:
    records = listed(station(store, "list", "法律咨询", "--search", PERSON_ID, "--reveal"))
    assert [r["id_number"] for r in records] == [PERSON_ID]
    trail = station(store, "audit", "--limit", "3")
    assert trail.returncode == 0, trail.stderr
    assert "查看完整号码" in trail.stdout and PERSON_ID not in trail.stdout
    refused = station(store, "audit", user="qingshi", password=OFFICER_PASSWORD)
    assert refused.returncode == 1 and "只有站长" in refused.stderr


def test_wrong_passwords_lock_the_account_from_the_command_line(store: Path) -> None:
    for attempt in range(4):  # the first as a process of its own, the rest in this one
        run = station if attempt == 0 else station_in
        done = run(store, "list", "法律咨询", user="qingshi", password="wrong-pass1")
        assert done.returncode == 1 and "用户名或密码错误" in done.stderr
        assert "wrong-pass1" not in done.stderr
    done = station_in(store, "list", "法律咨询", user="qingshi", password="wrong-pass1")
    assert done.returncode == 1 and "已锁定" in done.stderr
    done = station_in(store, "list", "法律咨询", user="qingshi", password=OFFICER_PASSWORD)
    assert done.returncode == 1 and "已锁定" in done.stderr
    assert station_in(store, "users", "unlock", "qingshi").returncode == 0
    assert (
        station_in(store, "list", "法律咨询", user="qingshi", password=OFFICER_PASSWORD).returncode
        == 0
    )


def test_no_user_no_entry(store: Path) -> None:
    done = station(store, "stats", "--quarter", "2026Q4", user="")
    assert done.returncode == 2 and "--user" in done.stderr


def test_check_catches_an_audit_entry_edited_by_hand(store: Path) -> None:
    assert station(store, "check").returncode == 0
    conn = sqlite3.connect(store / DB_FILENAME)
    conn.executescript(
        "DROP TRIGGER audit_log_no_update;"
        "UPDATE audit_log SET actor_name = 'qingshi' WHERE action = 'create';"
    )
    conn.commit()
    conn.close()
    done = station(store, "check")
    assert done.returncode == 1
    assert "审计日志第" in done.stdout and "被改动" in done.stdout


def test_recovery_key_restores_access_on_a_new_pc(store: Path, tmp_path: Path) -> None:
    exported = station(store, "key", "export")
    assert exported.returncode == 0, exported.stderr
    recovery = exported.stdout.strip().splitlines()[-1]
    new_pc = {"STATION_KEY_DIR": str(tmp_path / "new-pc-keys")}
    refused = station(store, "list", "法律咨询", **new_pc)
    assert refused.returncode == 1 and "恢复密钥" in refused.stderr
    restored = station(store, "key", "restore", STATION_RECOVERY_KEY=recovery, **new_pc)
    assert restored.returncode == 0, restored.stderr
    again = station(store, "list", "法律咨询", "--search", PERSON_ID, "--reveal", **new_pc)
    assert [r["id_number"] for r in listed(again)] == [PERSON_ID]


def _lawyer(store: Path) -> str:
    """A duty lawyer 周律师 with a duty log of their own and one of another lawyer."""
    services = StationServices.open(store)
    try:
        services.ctx.principal = services.accounts.principal("admin")
        services.duty_logs.create(duty(village_id=village_id(services, "青石村")))
        services.duty_logs.create(duty(lawyer_name="吴律师", duty_on=date(2026, 11, 11)))
        services.mediation.create(mediation(village_id=village_id(services, "滨江社区")))
        services.accounts.add_account(
            UserDraft("zhou", "周律师", Role.DUTY_LAWYER, None), "linshi2026"
        )
        services.accounts.sign_in("zhou", "linshi2026")
        services.accounts.change_password("linshi2026", LAWYER_PASSWORD)
    finally:
        services.close()
    return "zhou"


def test_stats_counts_only_what_the_account_may_read(store: Path) -> None:
    lawyer = _lawyer(store)
    head = json.loads(station(store, "stats", "--quarter", "2026Q4").stdout)["ledgers"]
    assert head["法律咨询"]["by_village"] == {"青石村": 1, "滨江社区": 1, "本站": 0}
    assert head["人民调解"]["total"] == 1 and head["律师值班"]["total"] == 2

    done = station_in(
        store, "stats", "--quarter", "2026Q4", user="qingshi", password=OFFICER_PASSWORD
    )
    assert done.returncode == 0, done.stderr
    officer = json.loads(done.stdout)["ledgers"]
    assert officer["法律咨询"] == {"total": 1, "by_village": {"青石村": 1}}
    assert officer["人民调解"] == {"total": 0, "by_village": {"青石村": 0}}  # 滨江社区's case

    done = station_in(store, "stats", "--quarter", "2026Q4", user=lawyer, password=LAWYER_PASSWORD)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)["ledgers"]
    assert "人民调解" not in seen and "法律援助初审" not in seen
    assert seen["律师值班"]["total"] == 1  # their own visit, not 吴律师's


def test_duty_logs_list_as_json_lines_with_their_times(store: Path) -> None:
    _lawyer(store)
    records = listed(station(store, "list", "律师值班"))
    assert sorted(r["lawyer_name"] for r in records) == ["吴律师", "周律师"]
    assert {r["start_time"] for r in records} == {"09:00:00"}


def test_a_password_that_is_not_utf8_is_just_wrong(store: Path) -> None:
    import os

    def attempt(user: bytes) -> subprocess.CompletedProcess[bytes]:
        env = {**os.environb, b"STATION_USER": user, b"STATION_PASSWORD": b"\xff\xfezhan"}
        return subprocess.run(
            [*STATION, "list", "法律咨询", "--data-dir", str(store)],
            capture_output=True,
            timeout=120,
            env=env,
            check=False,
        )

    unknown, known = attempt(b"nobody"), attempt(b"qingshi")
    for done in (unknown, known):
        assert done.returncode == 1, done.stderr.decode(errors="replace")
        assert b"Traceback" not in done.stderr
    # The same answer whether the name exists or not.
    assert unknown.stderr == known.stderr
    assert "用户名或密码错误" in known.stderr.decode()
