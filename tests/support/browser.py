"""Debian's Chromium driven by Playwright for the UI tests (never `playwright install`).

``chromium_page()`` opens one page and closes the browser afterwards; it skips the test when
/usr/bin/chromium is not installed. Console messages and page errors are collected in
``BrowserPage.console`` ("type: text") for tests that assert on them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--autoplay-policy=no-user-gesture-required"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui"


@dataclass
class BrowserPage:
    page: Any
    console: list[str] = field(default_factory=list)


@contextmanager
def chromium_page(*, timeout_ms: int = 15_000, **context_options: Any) -> Iterator[BrowserPage]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {"viewport": {"width": 1366, "height": 900}, "locale": "ru-RU", **context_options}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(**options)
        page = context.new_page()
        page.set_default_timeout(timeout_ms)
        opened = BrowserPage(page)
        page.on("console", lambda msg: opened.console.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda err: opened.console.append(f"pageerror: {err}"))
        try:
            yield opened
        finally:
            context.close()
            browser.close()


def wait_js(page: Any, expression: str, timeout_ms: int = 15_000) -> None:
    """Poll a JS condition through CDP evaluation until it holds. Playwright's wait_for_function polls
    with eval inside the page, which the Content-Security-Policy forbids once the condition is not
    true at once (a race on a loaded machine), so the tests never use it."""
    for _ in range(max(1, timeout_ms // 50)):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)  # polling an observable condition, with a deadline
    raise AssertionError(f"timed out waiting for {expression}")
