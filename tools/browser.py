"""Headless Chromium (Debian's `chromium` and `chromium-driver`) driven by Selenium, and
`secsearch serve` in a subprocess: what the browser tests and the README screenshot use.

No browser or driver is ever downloaded: Selenium is given the system's chromedriver and
chromium explicitly, Selenium Manager is told to stay offline, and Chromium starts with its
background networking (updates, sync, safe browsing, QUIC) switched off, so the only requests it
makes are the ones a page asks for.
"""

from __future__ import annotations

import json
import os
import selectors
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--disable-features=OptimizationHints,MediaRouter,Translate",
    "--safebrowsing-disable-auto-update",
    "--metrics-recording-only",
)


def chromium_paths() -> tuple[str, str] | None:
    """The chromium and chromedriver executables, or None when either is missing."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def start_chromium(
    profile: Path,
    downloads: Path,
    *,
    width: int = 1280,
    height: int = 1000,
    javascript: bool = True,
) -> Any:
    """A headless Chromium with a fresh profile, saving downloads to `downloads` unasked, and
    logging every network request (see `requested_urls`) and console message."""
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager: never fetch a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    paths = chromium_paths()
    if paths is None:
        raise RuntimeError("chromium and chromedriver are not installed")
    browser, driver = paths
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    prefs: dict[str, Any] = {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
    }
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", prefs)
    chrome = webdriver.Chrome(service=Service(driver), options=options)
    chrome.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    return chrome


def requested_urls(chrome: Any) -> list[str]:
    """Every URL the browser requested since the last call (from its performance log)."""
    urls = []
    for entry in chrome.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def leaves_the_machine(url: str) -> bool:
    """Whether a request for `url` would go anywhere but 127.0.0.1 (data: URLs go nowhere)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "about", "blob"):
        return False
    return parts.hostname != "127.0.0.1"


class Server:
    """`secsearch serve --port 0` on an index, in a subprocess, until `stop()`."""

    def __init__(self, index_dir: Path, *, timeout: float = 60) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "secsearch", "serve", "--index", str(index_dir), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.first_line = self._first_line(timeout)
        # "serving INDEX at http://127.0.0.1:PORT/ (Ctrl+C to stop)"
        self.url = self.first_line.split(" at ", 1)[1].split(" ", 1)[0].rstrip("/")

    def _first_line(self, timeout: float) -> str:
        assert self.process.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if selector.select(timeout=0.1):
                line = self.process.stdout.readline()
                if line:
                    return line.rstrip("\n")
            if self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"secsearch serve did not start: {self.stderr()}")

    def stderr(self) -> str:
        if self.process.poll() is None or self.process.stderr is None:
            return ""
        return self.process.stderr.read()

    def stop(self) -> int:
        """Stop the server as Ctrl+C would; its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(2)  # SIGINT
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode
