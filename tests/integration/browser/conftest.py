"""Browser tests: headless Chromium (Debian's package) driven by Playwright, against a live
server — the real API and pages under uvicorn, with the real broker, database and workers.

``make test`` installs Chromium where it is missing; a machine without it fails these tests
with the command to run, it never skips them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import uvicorn
from PIL import Image
from playwright.sync_api import Browser, Page, sync_playwright

from tests.integration.helpers import bearer
from vincula.api import create_api
from vincula.local.ports import free_port
from vincula.settings import REPOSITORY_ROOT, Settings

pytestmark = pytest.mark.integration
T = TypeVar("T")

# Screenshots of every page a test visits, for people to look at after a run.
SCREENSHOTS = REPOSITORY_ROOT / ".local" / "capturas"


def chromium_executable() -> str:
    """Debian's Chromium (or ``VINCULA_CHROMIUM``); a clear failure when it is missing."""
    found = os.environ.get("VINCULA_CHROMIUM") or shutil.which("chromium")
    if not found:
        pytest.fail("Chromium no está instalado: `make browser` (apt-get install chromium)")
    return found


@dataclass(frozen=True)
class LiveServer:
    """The running application: its base URL and settings."""

    url: str
    settings: Settings

    def token(self, role: str, **scope: str) -> str:
        """A fresh credential of ``role`` (``employer=…`` or ``programme=…``)."""
        header = bearer(self.settings, role, **scope)
        return header["Authorization"].removeprefix("Bearer ")


@pytest.fixture
def live_server(settings: Settings) -> Iterator[LiveServer]:
    """The API and pages served by uvicorn on a free loopback port for one test."""
    port = free_port()
    config = uvicorn.Config(
        create_api(settings),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        log_config=None,  # the test's logging stays as pytest set it
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("el servidor de prueba no arrancó")
        time.sleep(0.05)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", settings=settings)
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def browser() -> Iterator[Browser]:
    """A headless Chromium for one test.

    Playwright's sync API runs an event loop on this thread while it is open, so it is
    opened per test (about a second) and closed before the next test calls
    ``asyncio.run``. Inside a browser test, run coroutines with ``run_async``.
    """
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_executable(), args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (no cookies) in Mexican Spanish."""
    context = browser.new_context(
        locale="es-MX", timezone_id="America/Mexico_City", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion on its own thread (this one holds Playwright's loop)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def sign_in(page: Page, server: LiveServer, token: str) -> None:
    """Sign in through the form, as a person would."""
    page.goto(f"{server.url}/entrar")
    page.get_by_label("Credencial de acceso").fill(token)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_load_state()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot and check that it shows something (not one flat colour)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 20, f"captura en blanco: {path}"
    return path
