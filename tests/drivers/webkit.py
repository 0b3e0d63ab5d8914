"""Debian's WebKitGTK: Selenium through WebKitWebDriver (package webkit2gtk-driver), which starts
MiniBrowser in automation mode on a virtual X display (Xvfb: Debian's MiniBrowser has no headless
mode, and exits without a display). Each tab is one MiniBrowser with its own HOME, so nothing is
kept from one test to the next, and a download lands in the folder that HOME's user-dirs.dirs
names, as on a reader's desktop (decisions/0016)."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

from drivers import WAIT_S, Tab

WEBKITWEBDRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "*/webkit2gtk-4.1/MiniBrowser"  # under /usr/lib
START_S = 90  # a new session on a loaded machine takes a few seconds


@contextmanager
def virtual_display(size: str = "1280x1024x24") -> Iterator[str]:
    """An Xvfb server on a free display number (it picks one and writes it to a pipe). With
    -noreset: an X server resets when its last client leaves, and Xvfb then writes its number to
    the pipe again, or dies if it cannot."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp", "-noreset"],
        pass_fds=[write],
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        number = os.read(read, 32).decode().strip()
        assert number, "Xvfb did not start (package xvfb)"
        yield f":{number}"
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=30)
        os.close(read)


def minibrowser() -> str:
    """MiniBrowser's path: the package installs it under this machine's multiarch folder."""
    found = sorted(Path("/usr/lib").glob(MINIBROWSER))
    assert found, f"no /usr/lib/{MINIBROWSER} (package webkit2gtk-driver)"
    return str(found[0])


class WebKitTab(Tab):
    engine = "webkit"
    transient = (WebDriverException,)

    def __init__(self, folder: Path, display: str):
        home = folder / "home"
        self.downloads = folder / "downloads"
        self.downloads.mkdir(parents=True)
        (home / ".config").mkdir(parents=True)
        (home / ".config" / "user-dirs.dirs").write_text(
            f'XDG_DOWNLOAD_DIR="{self.downloads}"\n', encoding="utf-8"
        )
        env = {
            **os.environ,
            "DISPLAY": display,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CACHE_HOME": str(home / ".cache"),
        }
        options = Options()
        options.binary_location = minibrowser()
        # Full screen: no tool bar, so the window is the page's viewport (and may be narrower
        # than the tool bar's own minimum width, for a phone's 390 px).
        options.add_argument("--automation")
        options.add_argument("--full-screen")
        service = Service(
            executable_path=WEBKITWEBDRIVER,
            env=env,
            log_output=str(folder / "webkitwebdriver.log"),
        )
        self._driver = self._session(options, service, folder / "webkitwebdriver.log")
        self._driver.set_page_load_timeout(WAIT_S)
        self._driver.set_script_timeout(WAIT_S)
        self.version = f"WebKitGTK {self._driver.capabilities.get('browserVersion')}"

    @staticmethod
    def _session(options: Options, service: Service, log: Path) -> webdriver.WebKitGTK:
        """A new session, or a clear failure: if MiniBrowser cannot start (no display, say),
        WebKitWebDriver waits for it for ever; end the driver after a while instead."""
        started = threading.Event()

        def give_up() -> None:
            if not started.is_set() and service.process is not None:
                service.process.kill()

        timer = threading.Timer(START_S, give_up)
        timer.start()
        try:
            return webdriver.WebKitGTK(options=options, service=service)
        except Exception as error:
            said = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise AssertionError(f"webkit: no session in {START_S} s: {said}") from error
        finally:
            started.set()
            timer.cancel()

    def goto(self, url: str) -> None:
        self._driver.get(url)

    def reload(self) -> None:
        self._driver.refresh()

    def js(self, function: str, *args: Any) -> Any:
        return self._driver.execute_script(f"return ({function}).apply(null, arguments)", *args)

    def click(self, selector: str) -> None:
        self._driver.find_element(By.CSS_SELECTOR, selector).click()

    def type(self, selector: str, text: str) -> None:
        self._driver.find_element(By.CSS_SELECTOR, selector).send_keys(text)

    def resize(self, width: int, height: int) -> None:
        # The window is the viewport, except once MiniBrowser has shown something of its own
        # (after a download, 119 px of the window's height): then a second try makes up for it.
        self._driver.set_window_size(width, height)
        inner = self._viewport()
        if inner != [width, height]:
            self._driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])
            inner = self._viewport()
        assert inner == [width, height], f"webkit: the viewport is {inner}, not {width}×{height}"

    def _viewport(self) -> list[int]:
        """The viewport's size once the page has taken in a resize (two equal readings)."""
        last = None
        for _ in range(50):
            inner = self.js("() => [innerWidth, innerHeight]")
            if inner == last:
                break
            last = inner
            time.sleep(0.1)
        return inner

    def screenshot(self, path: Path) -> None:
        # WebDriver shows the viewport: make it as tall as the page first, as a full-page
        # screenshot would be.
        width = self.js("() => innerWidth")
        height = self.js("() => document.documentElement.scrollHeight")
        self.resize(width, height)
        self._driver.save_screenshot(str(path))

    def close(self) -> None:
        try:
            self._driver.quit()
        except ConnectionResetError:
            pass  # Selenium's /shutdown request, which WebKitWebDriver answers by hanging up
