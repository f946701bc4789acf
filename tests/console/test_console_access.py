"""Who may do what in the county console, checked over HTTP against a real county server:
roles are enforced by the server (not only hidden in the page), every form needs its CSRF
token, an admin's reset gives a temporary password, idle sessions end, and `county-server
users` manages the accounts."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
import requests
from sqlalchemy import func, select
from starlette.requests import Request
from starlette.responses import Response

from sync.server import accounts
from sync.server.cli import main as cli_main
from sync.server.console.web import SESSION_COOKIE, local_time, set_cookie
from sync.server.county_report import duty_minimums
from sync.server.db import CountyDatabase
from sync.server.enrollment import issue_code
from sync.server.models import ConsoleSessionRow, CountyAuditRow, EnrollmentCodeRow, VillageRow
from sync.server.reference import utcnow
from tests.console.console_support import PASSWORDS, console_server, csrf_of, signed_in_session
from tests.sync_support import CountyServer

__all__ = ["console_server"]

pytestmark = pytest.mark.slow


def codes_issued(server: CountyServer) -> int:
    db = CountyDatabase.open(server.db_url, upgrade=False)
    try:
        with db.read() as session:
            return int(session.scalar(select(func.count()).select_from(EnrollmentCodeRow)) or 0)
    finally:
        db.close()


def test_pages_need_a_signed_in_user(console_server: CountyServer) -> None:
    for path in ("/console/", "/console/overview", "/console/devices", "/console/audit.csv"):
        answer = requests.get(console_server.url + path, allow_redirects=False, timeout=30)
        assert answer.status_code == 303, path
        assert answer.headers["location"] == "/console/login"
    answer = requests.get(
        console_server.url + "/console/reports/quarterly.xlsx?quarter=2026Q3",
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 303


def test_a_viewer_cannot_issue_codes_or_revoke_even_with_a_forged_form(
    console_server: CountyServer,
) -> None:
    viewer = signed_in_session(console_server, "viewer")
    page = viewer.get(console_server.url + "/console/devices", timeout=30)
    assert page.status_code == 200
    assert "签发登记码" not in page.text  # the page hides it …
    before = codes_issued(console_server)
    forged = viewer.post(
        console_server.url + "/console/devices/code",
        data={"csrf": csrf_of(page.text), "station": "越权镇公共法律服务工作站"},
        timeout=30,
    )
    assert forged.status_code == 403  # … and the server refuses it
    assert codes_issued(console_server) == before
    revoke = viewer.post(
        console_server.url + "/console/devices/revoke",
        data={"csrf": csrf_of(page.text), "device": "x"},
        timeout=30,
    )
    assert revoke.status_code == 403

    staff = signed_in_session(console_server, "staff")
    assert staff.get(console_server.url + "/console/users", timeout=30).status_code == 403
    assert staff.get(console_server.url + "/console/audit", timeout=30).status_code == 403
    page = staff.get(console_server.url + "/console/devices", timeout=30)
    issued = staff.post(
        console_server.url + "/console/devices/code",
        data={"csrf": csrf_of(page.text), "station": "试点镇公共法律服务工作站"},
        timeout=30,
    )
    assert issued.status_code == 200 and 'id="issued-code"' in issued.text
    assert codes_issued(console_server) == before + 1
    grab = staff.post(
        console_server.url + "/console/users",
        data={"csrf": csrf_of(page.text), "action": "reset", "username": "admin"},
        timeout=30,
    )
    assert grab.status_code == 403


def test_a_form_without_its_csrf_token_is_refused(console_server: CountyServer) -> None:
    admin = signed_in_session(console_server, "admin")
    before = codes_issued(console_server)
    for data in ({"station": "伪造镇"}, {"station": "伪造镇", "csrf": "not-the-token"}):
        answer = admin.post(console_server.url + "/console/devices/code", data=data, timeout=30)
        assert answer.status_code == 403
    assert codes_issued(console_server) == before
    assert admin.post(console_server.url + "/console/logout", timeout=30).status_code == 403
    # The sign-in form has its own token, tied to a cookie the login page set.
    stranger = requests.post(
        console_server.url + "/console/login",
        data={"username": "admin", "password": PASSWORDS["admin"], "csrf": "made-up"},
        allow_redirects=False,
        timeout=30,
    )
    assert stranger.status_code == 403


def test_the_session_cookie_is_http_only_strict_and_secure_under_tls(
    console_server: CountyServer,
) -> None:
    session = requests.Session()
    page = session.get(console_server.url + "/console/login", timeout=30)
    answer = session.post(
        console_server.url + "/console/login",
        data={"csrf": csrf_of(page.text), "username": "admin", "password": PASSWORDS["admin"]},
        allow_redirects=False,
        timeout=30,
    )
    cookie = next(c for c in answer.headers["set-cookie"].split(", ") if SESSION_COOKIE in c)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
    tls = Request({"type": "http", "scheme": "https", "headers": [], "path": "/console/login"})
    response = Response()
    set_cookie(tls, response, SESSION_COOKIE, "x")
    assert "Secure" in response.headers["set-cookie"]


def test_an_admins_reset_is_temporary_and_must_be_changed_at_sign_in(
    console_server: CountyServer,
) -> None:
    admin = signed_in_session(console_server, "admin")
    page = admin.get(console_server.url + "/console/users", timeout=30)
    answer = admin.post(
        console_server.url + "/console/users",
        data={"csrf": csrf_of(page.text), "action": "reset", "username": "viewer"},
        timeout=30,
    )
    temporary = answer.text.split('id="shown-password">')[1].split("<")[0]
    assert temporary and temporary != PASSWORDS["viewer"]

    viewer = signed_in_session(console_server, "viewer", temporary)
    forced = viewer.get(console_server.url + "/console/overview", allow_redirects=False, timeout=30)
    assert forced.headers["location"] == "/console/password"
    form = viewer.get(console_server.url + "/console/password", timeout=30)
    changed = viewer.post(
        console_server.url + "/console/password",
        data={
            "csrf": csrf_of(form.text),
            "old": temporary,
            "new": PASSWORDS["viewer"],
            "again": PASSWORDS["viewer"],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert changed.status_code == 303
    again = signed_in_session(console_server, "viewer")
    assert again.get(console_server.url + "/console/overview", timeout=30).status_code == 200


def test_an_idle_session_is_signed_out(console_server: CountyServer) -> None:
    user = signed_in_session(console_server, "staff")
    token = user.cookies[SESSION_COOKIE]
    db = CountyDatabase.open(console_server.db_url, upgrade=False)
    try:
        with db.write() as session:
            later = utcnow() + accounts.DEFAULT_IDLE + timedelta(minutes=1)
            assert accounts.resume(session, token, later) is None
            assert session.scalar(select(func.count()).select_from(ConsoleSessionRow)) is not None
    finally:
        db.close()
    gone = user.get(console_server.url + "/console/overview", allow_redirects=False, timeout=30)
    assert gone.headers["location"] == "/console/login"


def users_cli(
    server: CountyServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
    password: str = "",
) -> tuple[int, str]:
    """`county-server users …` run in this process (the CLI's own code, without a second
    interpreter's start-up): its exit code and everything it printed."""
    if password:
        monkeypatch.setenv("COUNTY_NEW_PASSWORD", password)
    else:
        monkeypatch.delenv("COUNTY_NEW_PASSWORD", raising=False)
    code = cli_main(["--db", server.db_url, "users", *args])
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def test_county_server_users_adds_lists_disables_and_unlocks(
    console_server: CountyServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    password = "first-admin-2026"
    code, printed = users_cli(
        console_server,
        monkeypatch,
        capsys,
        *("add", "zhang", "--name", "张科长", "--role", "admin"),
        password=password,
    )
    assert code == 0, printed
    assert password not in printed
    code, printed = users_cli(
        console_server, monkeypatch, capsys, "add", "li", "--name", "李", "--role", "staff"
    )
    assert code == 1  # no terminal and no COUNTY_NEW_PASSWORD
    code, printed = users_cli(console_server, monkeypatch, capsys, "list")
    assert "zhang\t张科长\t管理员\t正常" in printed
    signed_in_session(console_server, "zhang", password)  # used as is: no forced change
    assert users_cli(console_server, monkeypatch, capsys, "disable", "zhang")[0] == 0
    page = requests.Session()
    form = page.get(console_server.url + "/console/login", timeout=30)
    refused = page.post(
        console_server.url + "/console/login",
        data={"csrf": csrf_of(form.text), "username": "zhang", "password": password},
        timeout=30,
    )
    assert refused.status_code == 401 and "已停用" in refused.text
    assert users_cli(console_server, monkeypatch, capsys, "unlock", "zhang")[0] == 0


LAWYER_PHONE = "13987654321"


def roster_xlsx(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "律师事务所", "执业证号", "联系电话", "对接村(居)"])
    sheet.append(["周律师", "渝北明理律师事务所", "15001201810000001", "13700001111", "青石村"])
    book.save(path)
    return path


def test_staff_keep_the_roster_and_phones_never_show_in_clear(
    console_server: CountyServer, tmp_path: Path
) -> None:
    staff = signed_in_session(console_server, "staff")
    page = staff.get(console_server.url + "/console/lawyers", timeout=30)
    saved = staff.post(
        console_server.url + "/console/lawyers",
        data={
            "csrf": csrf_of(page.text),
            "name": "吴律师",
            "law_firm": "渝北正信律师事务所",
            "license_no": "15001201810000002",
            "phone": LAWYER_PHONE,
            "villages": "青石村、滨江社区",
        },
        timeout=30,
    )
    assert saved.status_code == 200 and "已添加律师 吴律师" in saved.text
    assert LAWYER_PHONE not in saved.text and "139****4321" in saved.text
    with roster_xlsx(tmp_path / "roster.xlsx").open("rb") as workbook:
        imported = staff.post(
            console_server.url + "/console/lawyers/import",
            data={"csrf": csrf_of(page.text)},
            files={"file": ("roster.xlsx", workbook)},
            timeout=30,
        )
    assert imported.status_code == 200 and "已导入律师 1 名" in imported.text
    assert "周律师" in imported.text and "13700001111" not in imported.text

    viewer = signed_in_session(console_server, "viewer")
    forged = viewer.post(
        console_server.url + "/console/lawyers",
        data={"csrf": csrf_of(viewer.get(console_server.url + "/console/lawyers").text)},
        timeout=30,
    )
    assert forged.status_code == 403


def test_only_admins_change_the_settings_stations_receive(console_server: CountyServer) -> None:
    staff = signed_in_session(console_server, "staff")
    page = staff.get(console_server.url + "/console/settings", timeout=30)
    fields = dict(re.findall(r'name="([a-z_]+\.[a-z_]+)" value="([^"]*)"', page.text))
    assert fields["duty_minimums.town_month_hours"] == "4.0"
    changed = {**fields, "duty_minimums.town_month_hours": "6", "csrf": csrf_of(page.text)}
    refused = staff.post(console_server.url + "/console/settings", data=changed, timeout=30)
    assert refused.status_code == 403

    admin = signed_in_session(console_server, "admin")
    page = admin.get(console_server.url + "/console/settings", timeout=30)
    changed["csrf"] = csrf_of(page.text)
    bad = admin.post(
        console_server.url + "/console/settings",
        data={**changed, "work_queue.mediation_days": "999"},
        timeout=30,
    )
    assert bad.status_code == 400
    saved = admin.post(console_server.url + "/console/settings", data=changed, timeout=30)
    assert saved.status_code == 200 and "已保存" in saved.text
    db = CountyDatabase.open(console_server.db_url, upgrade=False)
    try:
        with db.read() as session:
            assert duty_minimums(session).town_month_hours == 6.0
    finally:
        db.close()
    trail = admin.get(console_server.url + "/console/audit", timeout=30).text
    assert "修改参数" in trail and "修改律师名册" in trail


def test_the_audit_export_holds_no_typed_unknown_name_and_no_formula(
    console_server: CountyServer,
) -> None:
    typed = "=HYPERLINK(1)"  # a name a spreadsheet would run, or a password in the wrong box
    stranger = requests.Session()
    form = stranger.get(console_server.url + "/console/login", timeout=30)
    answer = stranger.post(
        console_server.url + "/console/login",
        data={"csrf": csrf_of(form.text), "username": typed, "password": "whatever-1"},
        timeout=30,
    )
    assert answer.status_code == 401
    admin = signed_in_session(console_server, "admin")
    export = admin.get(console_server.url + "/console/audit.csv", timeout=30)
    assert export.status_code == 200 and export.headers["content-type"].startswith("text/csv")
    assert typed not in export.text and "（未知用户）" in export.text
    assert not any(line.startswith("=") or ",=" in line for line in export.text.splitlines())


def test_a_village_code_needs_one_of_that_stations_villages(console_server: CountyServer) -> None:
    db = CountyDatabase.open(console_server.db_url, upgrade=False)
    try:
        with db.write() as session:
            issue_code(session, "东林镇公共法律服务工作站", "东林村")
            issue_code(session, "西岭镇公共法律服务工作站", "西岭村")
        with db.read() as session:
            ids = {v.name: v.id for v in session.scalars(select(VillageRow))}
    finally:
        db.close()
    staff = signed_in_session(console_server, "staff")
    page = staff.get(console_server.url + "/console/devices", timeout=30)
    assert f'<option value="{ids["东林村"]}" data-station="东林镇公共法律服务工作站">' in page.text
    before = codes_issued(console_server)
    for village in (str(ids["西岭村"]), "新建村", "999999"):  # another station's, typed, gone
        refused = staff.post(
            console_server.url + "/console/devices/code",
            data={
                "csrf": csrf_of(page.text),
                "station": "东林镇公共法律服务工作站",
                "village": village,
            },
            timeout=30,
        )
        assert refused.status_code == 400 and 'id="issued-code"' not in refused.text, village
    assert codes_issued(console_server) == before
    issued = staff.post(
        console_server.url + "/console/devices/code",
        data={
            "csrf": csrf_of(page.text),
            "station": "东林镇公共法律服务工作站",
            "village": str(ids["东林村"]),
        },
        timeout=30,
    )
    assert issued.status_code == 200 and 'id="issued-code"' in issued.text
    assert "东林村 工作室电脑" in issued.text
    assert codes_issued(console_server) == before + 1


def test_times_are_shown_on_the_countys_clock(console_server: CountyServer) -> None:
    admin = signed_in_session(console_server, "admin")
    db = CountyDatabase.open(console_server.db_url, upgrade=False)
    try:
        with db.read() as session:
            newest = session.scalars(
                select(CountyAuditRow).order_by(CountyAuditRow.id.desc()).limit(1)
            ).one()
    finally:
        db.close()
    shown = local_time(newest.at, seconds=True)
    assert shown != f"{newest.at:%Y-%m-%d %H:%M:%S}"  # not UTC
    assert shown in admin.get(console_server.url + "/console/audit", timeout=30).text
    export = admin.get(console_server.url + "/console/audit.csv", timeout=30).text
    assert "时间（北京时间）" in export and shown in export
