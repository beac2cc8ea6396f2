"""The Prefect UI in a real browser (Debian chromium + chromedriver): a run's dropped lines are visible.

A user opens the flow run, goes to its Artifacts tab, clicks the watermark cleaner's table and must see
the seed's ICP/QQ footer line with its line number and reason. Screenshots are saved in the test's tmp dir.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.artifacts import dropped_key
from tests.conftest import SEEDS
from tests.seed_run import SeedRun, seed_run

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
INSTALL = "apt-get install chromium chromium-driver fonts-noto-cjk (.ci/run does)"
DOC_ID = "000_8a9076920fd3a3a0"
LINE = "备案号:鲁ICP备2024069028号-1 客服联系 QQ:2149211541"
WAIT = 90  # seconds: the machine is shared, the first page load compiles a large bundle
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1920,1080",
]


def _system_browser() -> tuple[str, str]:
    """The system chromium and chromedriver; fail (never skip) with what to install when missing."""
    browser = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    driver = CHROMEDRIVER if Path(CHROMEDRIVER).exists() else shutil.which("chromedriver")
    if not browser or not driver:
        pytest.fail(f"chromium={browser} chromedriver={driver}: the browser test needs both; {INSTALL}")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    if not fonts.strip():
        pytest.fail(
            f"no Chinese font (fc-list :lang=zh is empty): the screenshot would show boxes; {INSTALL}"
        )
    return browser, driver


@pytest.fixture
def browser(tmp_path: Path) -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver = _system_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in [*FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"]:
        options.add_argument(flag)
    chrome = webdriver.Chrome(service=Service(driver), options=options)  # a given driver: no download
    try:
        yield chrome
    finally:
        chrome.quit()


@pytest.fixture(scope="module")
def run(prefect_server: str, tmp_path_factory: pytest.TempPathFactory) -> SeedRun:
    return seed_run(prefect_server, tmp_path_factory.mktemp("seed-run"))


def _by_text(text: str) -> tuple[str, str]:
    from selenium.webdriver.common.by import By

    return By.XPATH, f"//*[normalize-space(.)='{text}' and not(*[normalize-space(.)='{text}'])]"  # innermost


def test_flow_run_artifacts_show_the_dropped_line_and_its_reason(browser, run, prefect_server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    ui = prefect_server.removesuffix("/").removesuffix("/api")
    wait = WebDriverWait(browser, WAIT)
    browser.get(f"{ui}/runs/flow-run/{run.flow_run_id}")
    wait.until(ec.element_to_be_clickable(_by_text("Artifacts"))).click()
    card = wait.until(ec.element_to_be_clickable(_by_text(dropped_key("watermark"))))
    browser.save_screenshot(str(tmp_path / "flow-run-artifacts-tab.png"))
    card.click()

    cell = wait.until(ec.visibility_of_element_located((By.XPATH, f"//td[normalize-space(.)='{LINE}']")))
    row = [td.text.strip() for td in cell.find_elements(By.XPATH, "./ancestor::tr[1]/td")]
    shot = tmp_path / "dropped-watermark-table.png"
    browser.save_screenshot(str(shot))
    print(f"screenshots: {tmp_path}")
    headers = [th.text.strip() for th in browser.find_elements(By.XPATH, "//table//th")]
    assert headers[:4] == ["doc id", "line", "dropped text", "reason"], headers
    line_no = (SEEDS / f"{DOC_ID}.txt").read_text(encoding="utf-8").splitlines().index(LINE) + 1
    assert row[:3] == [DOC_ID, str(line_no), LINE], row
    assert row[3].startswith("site chrome ("), row  # the reason: which chrome pattern matched
    assert "watermark dropped" in browser.find_element(By.TAG_NAME, "body").text  # the total is stated
    assert shot.stat().st_size > 10_000
