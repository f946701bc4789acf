"""A page with rows being counted reloads itself (reload.js), but not away from a quarter
someone is typing into its form. In headless Chromium, on the console's own script with a
one-second period (the console's pages use ten)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.console.console_support import browser

__all__ = ["browser"]  # module-scoped fixture used below

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[2] / "sync/server/console/static/reload.js"


def _page(tmp_path: Path) -> str:
    page = tmp_path / "quarterly.html"
    page.write_text(
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<script src="{SCRIPT.as_uri()}" data-seconds="1" defer></script></head>'
        '<body><form><label>季度 <input name="quarter" value="2026Q4"></label></form>'
        "</body></html>",
        encoding="utf-8",
    )
    return page.as_uri()


def _reloaded(driver: Any) -> bool:
    return bool(
        driver.execute_script(
            "return performance.getEntriesByType('navigation')[0].type === 'reload'"
        )
    )


def test_the_page_reloads_itself_while_nobody_types(browser: Any, tmp_path: Path) -> None:
    browser.get(_page(tmp_path))
    assert not _reloaded(browser)
    deadline = time.monotonic() + 15
    while not _reloaded(browser):
        assert time.monotonic() < deadline, "the page never reloaded itself"
        time.sleep(0.2)


def test_a_quarter_being_typed_is_not_reloaded_away(browser: Any, tmp_path: Path) -> None:
    browser.get(_page(tmp_path))
    field = browser.find_element("name", "quarter")
    field.clear()
    field.send_keys("2026Q")  # half typed
    time.sleep(3.5)  # three periods
    assert not _reloaded(browser)
    assert browser.find_element("name", "quarter").get_attribute("value") == "2026Q"
