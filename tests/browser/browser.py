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


def screenshot(path, out, width=1400, height=1000, select=None):
    """Saves a PNG of a report's first screen, optionally with one actor (by id) selected."""
    d = start(width, height)
    try:
        open_report(d, path)
        if select:
            d.execute_script(
                """
                var data = JSON.parse(document.getElementById('actornet-data').textContent);
                var i = data.nodes.map(function (n) { return n.id; }).indexOf(arguments[0]);
                var g = document.querySelector('#graph g.node[data-i="' + i + '"]');
                if (g) g.dispatchEvent(new MouseEvent('click', {bubbles: true}));
                """,
                select,
            )
        d.save_screenshot(out)
    finally:
        d.quit()


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="Screenshot of a report.html")
    ap.add_argument("report")
    ap.add_argument("png")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=1000)
    ap.add_argument("--select", help="actor id to click first")
    a = ap.parse_args()
    screenshot(a.report, a.png, a.width, a.height, a.select)
