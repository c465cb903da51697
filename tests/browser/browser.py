"""Headless Chromium for the report tests: the Debian chromium and chromedriver packages, driver
path given explicitly so selenium-manager never downloads anything."""

import os
import shutil

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

DRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
BROWSER = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")


def start(width=1400, height=1000):
    """A headless Chromium that records console messages and network events."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = BROWSER
    for a in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--window-size={width},{height}",
    ):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=DRIVER), options=opts)


def open_report(driver, path, timeout=60):
    """Loads a report from disk and waits until its script has drawn the picture."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get("file://" + os.path.abspath(path))
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(
            "return document.documentElement.getAttribute('data-ready')"
        )
        == "true"
    )


def screenshot(path, out, width=1400, height=1000):
    """Saves a PNG of a report's first screen."""
    d = start(width, height)
    try:
        open_report(d, path)
        d.save_screenshot(out)
    finally:
        d.quit()


if __name__ == "__main__":
    import sys

    screenshot(sys.argv[1], sys.argv[2], *(int(x) for x in sys.argv[3:5]))
