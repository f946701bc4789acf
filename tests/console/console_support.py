"""The county console under test: one real county server with three accounts, and a headless
Chromium (the OS's own, driven by Selenium) at 1366×768."""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from sync.server import accounts
from sync.server.accounts import Role
from sync.server.db import CountyDatabase
from sync.server.reference import seed_defaults
from tests.sync_support import CountyServer, sqlite_url

PASSWORDS = {
    "admin": "admin-pass-2026",
    "staff": "staff-pass-2026",
    "viewer": "viewer-pass-2026",
    "locked": "locked-pass-2026",
}
ROLES = {"admin": Role.ADMIN, "staff": Role.STAFF, "viewer": Role.VIEWER, "locked": Role.VIEWER}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
#: Where the pages' screenshots go (a folder kept after the run when set).
SHOTS_ENV = "COUNTY_CONSOLE_SHOTS"


def start_console_server(tmp: Path) -> CountyServer:
    url = sqlite_url(tmp)
    db = CountyDatabase.open(url)  # as `county-server init` does, without a second process
    try:
        with db.write() as session:
            seed_defaults(session)
            for name, password in PASSWORDS.items():
                accounts.add_user(session, name, f"{name}用户", ROLES[name], password)
    finally:
        db.close()
    return CountyServer(url, tmp).start()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def signed_in_session(server: CountyServer, username: str, password: str = "") -> requests.Session:
    """A requests session signed in through the real sign-in form."""
    session = requests.Session()
    page = session.get(server.url + "/console/login", timeout=30)
    answer = session.post(
        server.url + "/console/login",
        data={
            "csrf": csrf_of(page.text),
            "username": username,
            "password": password or PASSWORDS[username],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 303, answer.text[:300]
    return session


@pytest.fixture(scope="module")
def console_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CountyServer]:
    running = start_console_server(tmp_path_factory.mktemp("console"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("Chromium and chromium-driver are not installed (.ci/run installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1366,768",
        "--lang=zh-CN",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def shots_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get(SHOTS_ENV)
    if given:
        Path(given).mkdir(parents=True, exist_ok=True)
        return Path(given)
    return tmp_path_factory.mktemp("shots")


def current(driver: Any, url: str, seconds: float = 60.0) -> None:
    """Open a page of counted tables once every row on it is current: right after a station
    syncs, its row shows its last count marked 正在更新 until the background count catches up
    (or 正在统计, never counted yet)."""
    deadline = time.monotonic() + seconds
    while True:
        driver.get(url)
        text = driver.find_element("tag name", "main").text
        if "正在更新" not in text and "正在统计" not in text:
            return
        assert time.monotonic() < deadline, "the background count never caught up"
        time.sleep(0.3)
