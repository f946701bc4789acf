"""The audit trail: every act is there with who and what, rows cannot be changed through SQL,
and an entry changed behind the app's back (triggers dropped) is caught by the hash chain."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from station_app.domain.choices import Role
from station_app.domain.errors import AccessDeniedError, SignInError
from station_app.domain.organisation import UserDraft
from station_app.services.station_services import StationServices
from station_app.storage.store import DB_FILENAME
from tests.conftest import HEAD_PASSWORD
from tests.drafts import consultation, duty, resident_id, village_id


def acts(services: StationServices) -> list[tuple[str, str, str]]:
    """(account, action, ledger) oldest first."""
    records = services.audit.page(0, 1000)[::-1]
    return [(r.actor, r.action, r.entity or "") for r in records]


def test_every_act_is_recorded_with_who_did_it(services: StationServices, tmp_path: Path) -> None:
    with pytest.raises(SignInError):
        services.accounts.sign_in("admin", "not-my-password1")
    services.accounts.sign_in("admin", HEAD_PASSWORD)
    made = services.consultations.create(consultation(id_number=resident_id(7)))
    changed = services.consultations.update(
        made.id, replace(made.data, answer="已当场解答"), expected_revision=1
    )
    services.consultations.reveal(made.id)
    services.consultations.void(made.id, "重复录入", expected_revision=changed.meta.revision)
    visit = services.duty_logs.create(duty(village_id=village_id(services, "青石村")))
    services.duty_logs.confirm(visit.id, "站长")
    services.audit.export(tmp_path / "audit.csv")
    assert acts(services)[1:] == [  # after the station was set up
        ("admin", "sign_in_failed", "user_account"),
        ("admin", "sign_in", "user_account"),
        ("admin", "create", "consultation"),
        ("admin", "update", "consultation"),
        ("admin", "reveal", "consultation"),
        ("admin", "void", "consultation"),
        ("admin", "create", "duty_log"),
        ("admin", "confirm", "duty_log"),
        ("admin", "export", "audit_log"),
    ]
    update = services.audit.page(0, 1000)[5]
    assert update.action == "update" and update.detail["fields"] == ["answer"]
    void = services.audit.page(0, 1000)[3]
    assert void.detail["reason"] == "重复录入"


def test_only_the_head_reads_or_exports_the_trail(
    services: StationServices, tmp_path: Path
) -> None:
    services.accounts.add_account(UserDraft("clerk", "小陈", Role.STATION_CLERK), "linshi2026")
    services.accounts.sign_in("clerk", "linshi2026")
    with pytest.raises(AccessDeniedError):
        services.audit.page()
    with pytest.raises(AccessDeniedError):
        services.audit.export(tmp_path / "audit.xlsx")
    assert not (tmp_path / "audit.xlsx").exists()


def test_export_as_xlsx_lists_every_entry(services: StationServices, tmp_path: Path) -> None:
    services.consultations.create(consultation())
    path = tmp_path / "审计日志.xlsx"
    count = services.audit.export(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "时间(UTC)", "账户", "操作")
    assert len(rows) == count + 1
    assert ("admin", "新增", "法律咨询") in {(r[2], r[3], r[4]) for r in rows[1:]}


def test_sql_cannot_change_or_delete_an_entry(services: StationServices, data_dir: Path) -> None:
    services.consultations.create(consultation())
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("UPDATE audit_log SET actor_name = 'someone' WHERE seq = 1")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute("DELETE FROM audit_log")
    finally:
        conn.close()
    assert services.audit.verify() == []


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE audit_log SET actor_name = 'clerk' WHERE seq = 2",
        "UPDATE audit_log SET detail = '{}' WHERE action = 'void'",
        "DELETE FROM audit_log WHERE seq = 3",
        "INSERT INTO audit_log (at, actor_name, action, detail, prev_hash, hash) "
        "SELECT at, actor_name, 'reveal', detail, hash, hash FROM audit_log WHERE seq = 2",
        "DELETE FROM audit_log WHERE seq >= (SELECT max(seq) - 1 FROM audit_log)",
    ],
    ids=["edited actor", "edited detail", "deleted entry", "forged entry", "cut-off end"],
)
def test_tampering_behind_the_apps_back_breaks_the_chain(
    services: StationServices, data_dir: Path, tamper: str
) -> None:
    made = services.consultations.create(consultation())
    services.consultations.void(made.id, "重复录入")
    services.consultations.create(consultation(question="另一个问题"))
    assert services.audit.verify() == []
    conn = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        conn.executescript(
            f"DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;{tamper};"
        )
        conn.commit()
    finally:
        conn.close()
    faults = services.audit.verify()
    assert faults, tamper
    assert all("审计日志第" in str(f) for f in faults)
