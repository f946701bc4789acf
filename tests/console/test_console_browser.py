"""The county console in a real headless Chromium against a real county server: signing in,
lock-out, every page, the quarterly page against `county-server report`, enrolling a station
with a code issued in the page, and revoking its device. Screenshots of every page at
1366×768 go to $COUNTY_CONSOLE_SHOTS (or a temporary folder)."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import requests
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from stdnum.cn import ric

from station_app.domain.choices import ConsultCategory, ConsultChannel, ConsultOutcome
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.organisation import LawyerDraft
from station_app.reports.columns import COLUMNS, ValueKind, format_value
from sync.payload import encode_draft
from sync.protocol import PROTOCOL, VERSION, Batch, Change, encode_body
from sync.server.console import roster
from sync.server.console.web import local_time
from sync.server.db import CountyDatabase
from sync.server.reference import utcnow
from tests.console.console_support import (
    PASSWORDS,
    browser,
    console_server,
    current,
    shots_dir,
)
from tests.sync_support import CountyServer, county

__all__ = ["browser", "console_server"]  # module-scoped fixtures used below

pytestmark = pytest.mark.slow

STATION_NAME = "龙兴镇公共法律服务工作站"
QUARTER = "2026Q3"
PHONE = "13812345678"
ID_NUMBER = "62050219800101123" + ric.calc_check_digit("620502198001011230")


@dataclass
class Enrolled:
    token: str
    store: str
    device: str


STATE: dict[str, Enrolled] = {}


def sign_in(driver: Any, server: CountyServer, username: str, password: str) -> None:
    driver.delete_all_cookies()
    driver.get(server.url + "/console/login")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))


def submit(driver: Any, button: Any) -> None:
    """Click and wait for the next page (a form's answer replaces the page)."""
    button.click()
    WebDriverWait(driver, 30).until(lambda _driver: _gone(button))


def _gone(element: Any) -> bool:
    """Whether the page that held ``element`` was replaced: selenium's ``staleness_of``, plus
    the error chromedriver gives when the check lands while the next page is being built
    ("Node with given id does not belong to the document"), which staleness_of lets through
    and which failed a loaded CI run."""
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc):
            return True
        raise
    return False


def heading(driver: Any) -> str:
    return str(driver.find_element(By.TAG_NAME, "h1").text)


def test_a_wrong_password_is_refused_and_five_in_a_row_lock_the_account(
    browser: Any, console_server: CountyServer
) -> None:
    sign_in(browser, console_server, "locked", "not-the-password")
    assert browser.current_url.endswith("/console/login")
    assert "用户名或密码不正确" in browser.page_source
    for _ in range(4):
        sign_in(browser, console_server, "locked", "not-the-password")
    sign_in(browser, console_server, "locked", PASSWORDS["locked"])
    assert "已锁定" in browser.page_source, "the right password no longer opens a locked account"
    assert browser.current_url.endswith("/console/login")

    sign_in(browser, console_server, "admin", PASSWORDS["admin"])
    assert browser.current_url.endswith("/console/overview")
    assert heading(browser).startswith("概览")


def consultation(store: str, day: date, n: int) -> Change:
    draft = ConsultationDraft(
        consulted_on=day,
        channel=ConsultChannel.VISIT,
        name="钱七",
        phone=PHONE,
        id_number=ID_NUMBER,
        category=ConsultCategory.LABOUR,
        question=f"工资拖欠{n}",
        receiver="孙站员",
        outcome=ConsultOutcome.ANSWERED if n % 2 else ConsultOutcome.TO_LAWYER,
    )
    return Change("consultation", str(uuidlib.uuid4()), 1, "create", encode_draft(draft, {}), store)


def push(server: CountyServer, enrolled: Enrolled, changes: list[Change]) -> requests.Response:
    batch = Batch.make(enrolled.store, "2026-09-30T08:00:00", changes)
    return requests.post(
        server.url + "/v1/push",
        data=encode_body(batch.to_json()),
        headers={"Authorization": f"Bearer {enrolled.token}", "Content-Encoding": "gzip"},
        timeout=30,
    )


def test_a_code_issued_in_the_console_enrolls_a_station_that_then_syncs(
    browser: Any, console_server: CountyServer
) -> None:
    browser.get(console_server.url + "/console/devices")
    browser.find_element(By.NAME, "station").send_keys(STATION_NAME)
    submit(
        browser,
        browser.find_element(By.CSS_SELECTOR, "form[action='/console/devices/code'] button"),
    )
    code = browser.find_element(By.ID, "issued-code").text.strip()
    assert len(code) == 14
    browser.get(console_server.url + "/console/devices")  # shown once: not on the next visit
    assert code not in browser.page_source

    store = str(uuidlib.uuid4())
    village = {"name": "青石村", "kind": "town", "uuid": str(uuidlib.uuid4())}
    body = {
        "protocol": PROTOCOL,
        "version": VERSION,
        "code": code,
        "device": store,
        "villages": [village],
    }
    answer = requests.post(
        console_server.url + "/v1/enroll",
        data=encode_body(body),
        headers={"Content-Encoding": "gzip"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text[:200]
    enrolled = Enrolled(answer.json()["token"], store, answer.json()["device_id"])
    STATE["device"] = enrolled
    days = [date(2026, 7, 3), date(2026, 8, 12), date(2026, 9, 21)]
    pushed = push(console_server, enrolled, [consultation(store, d, i) for i, d in enumerate(days)])
    assert pushed.status_code == 200, pushed.text[:200]

    browser.get(console_server.url + f"/console/overview?quarter={QUARTER}")
    row = browser.find_element(By.XPATH, f"//tr[td[1][normalize-space()='{STATION_NAME}']]")
    cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
    assert cells[1] == "1"  # one active device
    assert cells[4] == "3"  # three 法律咨询 this quarter
    assert "超过" not in cells[3]  # it has just synced


def test_a_village_code_is_picked_from_the_stations_villages_and_enrolls_that_village(
    browser: Any, console_server: CountyServer
) -> None:
    browser.get(console_server.url + "/console/devices")
    picker = Select(browser.find_element(By.NAME, "village"))
    groups = browser.find_elements(By.CSS_SELECTOR, "select[name=village] optgroup")
    assert [g.get_attribute("label") for g in groups] == [STATION_NAME]
    picker.select_by_visible_text("青石村 工作室电脑")
    station = browser.find_element(By.NAME, "station")
    assert station.get_attribute("value") == STATION_NAME  # filled in from the village
    submit(
        browser,
        browser.find_element(By.CSS_SELECTOR, "form[action='/console/devices/code'] button"),
    )
    shown = browser.find_element(By.ID, "issued").text
    assert "青石村" in shown
    code = browser.find_element(By.ID, "issued-code").text.strip()

    body = {
        "protocol": PROTOCOL,
        "version": VERSION,
        "code": code,
        "device": str(uuidlib.uuid4()),
        "villages": [],
    }
    answer = requests.post(
        console_server.url + "/v1/enroll",
        data=encode_body(body),
        headers={"Content-Encoding": "gzip"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text[:200]
    browser.get(console_server.url + "/console/devices")
    row = browser.find_element(By.XPATH, f"//tr[td/code[text()='{answer.json()['device_id']}']]")
    assert "青石村 工作室" in row.text
    enrolled_at = row.find_elements(By.TAG_NAME, "td")[3].text
    assert enrolled_at == local_time(utcnow()) or enrolled_at == local_time(
        utcnow() - timedelta(minutes=1)
    )  # the county's clock, not UTC


def excel_text(value: object, kind: ValueKind) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and kind is not ValueKind.COUNT:
        value = Decimal(str(value))
    return format_value(value, kind)


def test_the_quarterly_page_shows_the_same_table_as_county_server_report(
    browser: Any, console_server: CountyServer, tmp_path: Path
) -> None:
    out = tmp_path / "county.xlsx"
    done = county(console_server.db_url, "report", "--quarter", QUARTER, "--out", str(out))
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(out).worksheets[0]
    from_file = {}
    for row in sheet.iter_rows(values_only=True):
        if row and row[0] in (STATION_NAME, "合计"):
            from_file[row[0]] = [
                excel_text(v, c.kind) for v, c in zip(row[: len(COLUMNS)], COLUMNS, strict=True)
            ]
    assert set(from_file) == {STATION_NAME, "合计"}

    current(browser, console_server.url + f"/console/reports/quarterly?quarter={QUARTER}")
    rows = browser.find_elements(By.CSS_SELECTOR, "#quarterly tbody tr")
    on_page = {
        cells[0]: cells
        for cells in ([td.text.strip() for td in r.find_elements(By.TAG_NAME, "td")] for r in rows)
    }
    assert list(on_page) == [STATION_NAME, "合计"]
    assert on_page == from_file
    assert on_page[STATION_NAME][1] == "3"  # the three consultations pushed above

    # A station that syncs again is counted again (the console keeps counted tables).
    enrolled = STATE["device"]
    pushed = push(console_server, enrolled, [consultation(enrolled.store, date(2026, 9, 2), 7)])
    assert pushed.status_code == 200
    current(browser, console_server.url + f"/console/reports/quarterly?quarter={QUARTER}")
    first = browser.find_element(By.CSS_SELECTOR, "#quarterly tbody tr td:nth-child(2)")
    assert first.text == "4"


PAGES = {
    "overview": ("/console/overview?quarter=" + QUARTER, "概览"),
    "quarterly": ("/console/reports/quarterly?quarter=" + QUARTER, "工作统计表"),
    "compliance": ("/console/reports/compliance?quarter=" + QUARTER, "达标情况"),
    "submissions": ("/console/submissions?quarter=" + QUARTER, "上报情况"),
    "devices": ("/console/devices", "设备与登记"),
    "station": (
        f"/console/reports/station?quarter={QUARTER}&station={STATION_NAME}",
        "工作统计表",
    ),
    "records": ("/console/records?ledger=consultation", "记录"),
    "lawyers": ("/console/lawyers", "律师名册"),
    "settings": ("/console/settings", "参数"),
    "users": ("/console/users", "账号"),
    "audit": ("/console/audit", "审计日志"),
    "password": ("/console/password", "修改密码"),
}


def test_every_page_renders_without_a_clear_id_or_phone_number(
    browser: Any, console_server: CountyServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    shots = shots_dir(tmp_path_factory)
    for name, (path, title) in PAGES.items():
        current(browser, console_server.url + path)
        assert title in heading(browser), name
        source = browser.page_source
        assert "Traceback" not in source and "Internal Server Error" not in source, name
        assert PHONE not in source and ID_NUMBER not in source, f"clear number on {name}"
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 1366, f"{name} scrolls sideways at 1366"
        boxes = browser.execute_script(
            "return [...document.querySelectorAll('.scroll')]"
            ".filter(e => e.scrollWidth > e.clientWidth).length"
        )
        assert boxes == 0, f"a table on {name} scrolls sideways at 1366"
        browser.save_screenshot(str(shots / f"{name}.png"))
    browser.get(console_server.url + "/console/records?ledger=consultation")
    assert browser.page_source.count("工资拖欠") == 4  # the records are there, masked
    current(browser, console_server.url + PAGES["station"][0])
    units = [r.text.split()[0] for r in browser.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert units == ["青石村", "工作站本级", "合计"]  # the station's own table, row per village
    village_row = f"{STATION_NAME} 青石村"
    browser.get(console_server.url + PAGES["compliance"][0])
    assert village_row in browser.find_element(By.TAG_NAME, "table").text
    db = CountyDatabase.open(console_server.db_url, upgrade=False)
    try:
        with db.write() as session:
            for name, villages in (("周律师", "青石村"), ("吴律师", "")):
                roster.save_lawyer(
                    session, None, LawyerDraft(name, "渝北明理律师事务所"), villages, date.today()
                )
        with db.read() as session:
            keys = {line.name: line.key for line in roster.lawyers(session)}
    finally:
        db.close()
    for name, shown in (("周律师", True), ("吴律师", False)):  # 达标情况 by lawyer
        browser.get(console_server.url + PAGES["compliance"][0] + f"&lawyer={keys[name]}")
        assert (village_row in browser.find_element(By.TAG_NAME, "table").text) is shown
    # On paper (A4 landscape: 277 mm between the margins, 1047 CSS pixels) the tables fit and
    # the navigation and forms are left off.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1047, "height": 740, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        for name in ("quarterly", "station", "compliance", "overview"):
            browser.get(console_server.url + PAGES[name][0])
            width = browser.execute_script("return document.documentElement.scrollWidth")
            assert width <= 1047, f"{name} is wider than A4 landscape on paper"
            left_off = browser.find_elements(By.CSS_SELECTOR, "nav, form.filters, .noprint")
            assert left_off and not any(e.is_displayed() for e in left_off), name
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    browser.delete_all_cookies()
    browser.get(console_server.url + "/console/login")
    assert heading(browser) == "登录"
    browser.save_screenshot(str(shots / "login.png"))


def test_a_quarter_the_station_marked_submitted_shows_on_time_to_admins_and_viewers(
    browser: Any, console_server: CountyServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    enrolled = STATE["device"]
    mark = {
        "quarter": QUARTER,
        "first_on": "2026-09-29",  # 2026Q3's last working day is 09-30
        "first_at": "2026-09-29T02:00:00",
        "on": "2026-09-29",
        "at": "2026-09-29T02:00:00",
    }
    body = {"protocol": PROTOCOL, "version": VERSION, "device": enrolled.store, "quarters": [mark]}
    answer = requests.post(
        console_server.url + "/v1/report-submissions",
        data=encode_body(body),
        headers={"Authorization": f"Bearer {enrolled.token}", "Content-Encoding": "gzip"},
        timeout=30,
    )
    assert answer.status_code == 200 and answer.json()["kept"] == 1

    sign_in(browser, console_server, "viewer", PASSWORDS["viewer"])
    browser.get(console_server.url + f"/console/overview?quarter={QUARTER}")
    row = browser.find_element(By.XPATH, f"//tr[td[1][normalize-space()='{STATION_NAME}']]")
    cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
    assert cells[-2:] == ["2026-09-29", "未上报"]  # this quarter's table; 2026Q2's not marked

    for username in ("viewer", "admin"):  # viewers read it too
        sign_in(browser, console_server, username, PASSWORDS[username])
        browser.get(console_server.url + "/console/submissions?quarter=2026Q4")
        assert heading(browser).startswith("上报情况")
        headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#submissions th")]
        column = next(i for i, h in enumerate(headers) if h.startswith("2026年第3季度"))
        assert "截止 2026-09-30" in headers[column]
        row = browser.find_element(
            By.XPATH, f"//table[@id='submissions']//tr[td[1][normalize-space()='{STATION_NAME}']]"
        )
        cell = row.find_elements(By.TAG_NAME, "td")[column].text
        assert "2026-09-29" in cell and "按时上报" in cell, cell
        rate = browser.find_element(By.CSS_SELECTOR, "#submissions tfoot tr")
        assert rate.find_elements(By.TAG_NAME, "td")[column].text.startswith("100%（1/1）")
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 1366
    browser.save_screenshot(str(shots_dir(tmp_path_factory) / "submissions.png"))


def test_revoking_a_device_in_the_console_stops_its_next_sync(
    browser: Any, console_server: CountyServer
) -> None:
    enrolled = STATE["device"]
    sign_in(browser, console_server, "staff", PASSWORDS["staff"])
    browser.get(console_server.url + "/console/devices")
    submit(
        browser, browser.find_element(By.CSS_SELECTOR, f"button[data-device='{enrolled.device}']")
    )
    row = browser.find_element(By.XPATH, f"//tr[td/code[text()='{enrolled.device}']]")
    assert "已撤销" in row.text

    answer = push(console_server, enrolled, [consultation(enrolled.store, date(2026, 9, 1), 9)])
    assert answer.status_code == 401
    assert answer.json()["error"] == "revoked"

    sign_in(browser, console_server, "admin", PASSWORDS["admin"])
    browser.get(console_server.url + "/console/audit")
    trail = browser.find_element(By.TAG_NAME, "table").text
    for action in ("登录失败", "登录", "签发登记码", "撤销设备"):
        assert action in trail
