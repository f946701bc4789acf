"""Screenshots of every console page at 1366×768 with realistic data, for a person to look at.

Three stations made with the station's own commands (``station init``, ``station demo``), enrolled
with codes and synced into a real county server; a roster of lawyers; a village device; one station
left silent. Then a headless Chromium signs in and saves a PNG of every page::

    python3 -m tests.console.console_shots --out /tmp/console-shots

Not a test: the suite's browser tests assert on the pages; this is for looking at them.
"""

from __future__ import annotations

import argparse
import base64
import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from station_app.domain.ledgers import LEDGER_BY_ENTITY
from station_app.domain.organisation import LawyerDraft
from station_app.domain.quarter import Quarter
from sync.server.console import roster
from sync.server.db import CountyDatabase
from sync.server.models import DeviceRow, StationRow
from sync.server.reference import utcnow
from tests.console.console_support import (
    CHROMEDRIVER,
    CHROMIUM,
    PASSWORDS,
    current,
    start_console_server,
)
from tests.sync_support import CountyServer, enrollment_code, station

#: (station, type, villages as ``station init`` takes them, demo records, days silent)
STATIONS = (
    ("龙兴镇公共法律服务工作站", "town", ("青石村", "滨江社区:street", "太洪村"), 400, 0),
    ("石船镇公共法律服务工作站", "town", ("关兴村", "石坝村", "胜天村", "麻柳村"), 250, 0),
    ("双凤桥街道公共法律服务工作站", "street", ("空港社区", "长凯社区"), 120, 6),
)
LAWYERS = (
    ("周明理", "渝北明理律师事务所", "15001201810000001", "13700001111", "青石村、太洪村"),
    ("吴正信", "渝北正信律师事务所", "15001201510000002", "13700002222", "滨江社区"),
    ("郑浩然", "重庆浩然律师事务所", "15001201210000003", "13700003333", "关兴村、石坝村、胜天村"),
    ("王丽", "重庆渝信律师事务所", "15001201910000004", "13700004444", "空港社区、长凯社区"),
)


def fill(server: CountyServer, work: Path) -> None:
    """Stations synced with demo records, the roster, a village device, a silent station."""
    env = {"STATION_USER": "admin", "STATION_PASSWORD": "zhanzhang2026"}
    os.environ.update(env)
    for n, (name, kind, villages, records, _) in enumerate(STATIONS):
        data = work / f"station-{n}"
        args = ["init", "--data-dir", str(data), "--station", name, "--county", "渝北区"]
        args += ["--type", kind, "--head", "王站长"]
        for village in villages:
            args += ["--village", village]
        code = enrollment_code(server.db_url, name)
        for step in (
            args,
            ["demo", "--data-dir", str(data), "--records", str(records), "--seed", str(n + 1)],
            ["enroll", "--data-dir", str(data), "--server", server.url, "--code", code],
            ["sync", "--data-dir", str(data), "--server", server.url],
        ):
            done = station(*step, env=env)
            if done.returncode != 0:
                raise SystemExit(f"station {step[0]} failed: {done.stderr[-500:]}")
    enrollment_code(server.db_url, STATIONS[0][0], "青石村")  # a code not yet used
    db = CountyDatabase.open(server.db_url, upgrade=False)
    try:
        with db.write() as session:
            for name, firm, licence, phone, assigned in LAWYERS:
                draft = LawyerDraft(name, firm, licence, phone)
                roster.save_lawyer(session, None, draft, assigned, date.today())
            for name, _, _, _, silent in STATIONS:
                if silent:
                    row = session.scalars(select(StationRow).where(StationRow.name == name)).one()
                    for device in session.scalars(
                        select(DeviceRow).where(DeviceRow.station_id == row.id)
                    ):
                        device.last_seen_at = utcnow() - timedelta(days=silent)
    finally:
        db.close()


@contextmanager
def chromium() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if CHROMIUM is None or CHROMEDRIVER is None:
        raise SystemExit("needs chromium and chromedriver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.add_argument("--window-size=1366,768")
    options.add_argument("--lang=zh-CN")
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def pages(quarter: str) -> dict[str, str]:
    first = STATIONS[0][0]
    found = {
        "01-overview": "/console/overview",
        "02-quarterly": f"/console/reports/quarterly?quarter={quarter}",
        "03-station": f"/console/reports/station?quarter={quarter}&station={first}",
        "04-compliance": f"/console/reports/compliance?quarter={quarter}",
        "05-devices": "/console/devices",
        "07-lawyers": "/console/lawyers",
        "08-settings": "/console/settings",
        "09-users": "/console/users",
        "10-audit": "/console/audit",
        "11-password": "/console/password",
    }
    for n, entity in enumerate(LEDGER_BY_ENTITY):
        found[f"06-records-{n}-{entity}"] = f"/console/records?station=1&ledger={entity}"
    return dict(sorted(found.items()))


def signed_in(driver: Any, server: CountyServer) -> None:
    from selenium.webdriver.common.by import By

    driver.get(server.url + "/console/login")
    driver.find_element(By.NAME, "username").send_keys("admin")
    driver.find_element(By.NAME, "password").send_keys(PASSWORDS["admin"])
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()


def shoot_empty(server: CountyServer, out: Path, quarter: str) -> None:
    """The pages of a county with no station yet: each says what to do first."""
    with chromium() as driver:
        signed_in(driver, server)
        for name, path in pages(quarter).items():
            if name[:2] in ("01", "02", "04", "05", "07") or name.startswith("06-records-0"):
                driver.get(server.url + path)
                driver.save_screenshot(str(out / f"empty-{name}.png"))


def print_first_page(driver: Any, out: Path, name: str) -> None:
    """The page as Chromium prints it (A4 landscape from the stylesheet), its first sheet as
    a PNG to look at."""
    from selenium.webdriver.common.print_page_options import PrintOptions

    pdf = out / f"print-{name}.pdf"
    pdf.write_bytes(base64.b64decode(driver.print_page(PrintOptions())))
    png = str(out / f"print-{name}")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf), png], check=False)


def shoot(server: CountyServer, out: Path, quarter: str) -> list[str]:
    """Every page as the admin sees it, a code issued for a village, four pages on paper, then
    the sign-in page; returns the pages that scroll sideways at 1366 pixels."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    wide = []
    with chromium() as driver:
        signed_in(driver, server)
        for name, path in pages(quarter).items():
            current(driver, server.url + path)  # every station counted, none 正在更新
            if driver.execute_script("return document.documentElement.scrollWidth") > 1366:
                wide.append(name)
            driver.save_screenshot(str(out / f"{name}.png"))
        driver.get(server.url + "/console/devices")
        Select(driver.find_element(By.NAME, "village")).select_by_visible_text("石坝村 工作室电脑")
        driver.find_element(By.CSS_SELECTOR, "form[action='/console/devices/code'] button").click()
        driver.save_screenshot(str(out / "05-devices-issued-village.png"))
        for name in ("01-overview", "02-quarterly", "03-station", "04-compliance"):
            driver.get(server.url + pages(quarter)[name])
            print_first_page(driver, out, name)
        driver.delete_all_cookies()
        driver.get(server.url + "/console/login")
        driver.save_screenshot(str(out / "00-login.png"))
    return wide


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/console-shots"))
    parser.add_argument("--quarter", default="")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="console-shots-") as tmp:
        server = start_console_server(Path(tmp))
        try:
            quarter = args.quarter or str(Quarter.of(date.today()))
            shoot_empty(server, args.out, quarter)
            fill(server, Path(tmp))
            wide = shoot(server, args.out, quarter)
        finally:
            server.stop()
    print(f"saved to {args.out}; scrolling sideways at 1366: {', '.join(wide) or 'none'}")


if __name__ == "__main__":
    main()
