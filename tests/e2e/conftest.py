"""Fixtures for the end-to-end tests: headless Chromium (Debian's, driven by Playwright), the real ID-porten
stand-in over HTTP, and the portal on pytest-django's live server with the demo data.

Chromium is `/usr/bin/chromium` (`./dev test` installs Debian's package); Playwright's own browser downloads are
never used. Without Chromium the tests are skipped with the reason, except in CI (`CI=true`), where they fail.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from idporten import backends
from idporten.standin import standin_settings, start_standin

# Debian's Chromium; E2E_CHROMIUM may name another Chromium binary (e.g. on a developer's non-Debian machine).
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "e2e"
TIMEOUT_MS = 10_000


def _unavailable(reason: str) -> None:
    """Skip the e2e tests, or fail them in CI, where a missing browser must not pass silently."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the end-to-end tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Headless Chromium, one per test module.

    Playwright's sync API runs an asyncio event loop in this thread, so Django's async-unsafe check would refuse
    the tests' own database queries while the browser is up; it is switched off for exactly that time.
    """
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        _unavailable(f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -r requirements.lock)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def standin():
    """The ID-porten stand-in with the demo persons, on a free loopback port: (base_url, RunningStandin)."""
    base_url, running = start_standin()
    yield base_url, running
    running()


@pytest.fixture
def portal(browser, live_server, settings, standin) -> str:
    """The portal on a live server with the catalogue and demo data, logging in through the stand-in.

    Output: the portal's base URL. A transactional test flushes every table, including the catalogue the data
    migration loaded, so it is loaded again here (idempotent).
    """
    from authz.catalogue import load_catalogue
    from authz.demo import load_demo
    from authz.models import Privilege, Service

    for name, value in standin_settings(standin[0]).items():
        setattr(settings, name, value)
    backends._jwks_clients.clear()
    load_catalogue(Service, Privilege)
    load_demo()
    yield live_server.url
    backends._jwks_clients.clear()


@dataclass
class Visit:
    """One test's browser tab plus what it saw: the HTML of every step, failed responses, page errors."""

    page: object = field(repr=False)
    base_url: str
    name: str
    pages: list[tuple[str, str]] = field(default_factory=list, repr=False)
    failed_responses: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def step(self, label: str) -> str:
        """Record the current page's HTML and save a screenshot (test-results/e2e/<test>-<nn>-<label>.png).

        Output: the HTML.
        """
        html = self.page.content()
        self.pages.append((label, html))
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^a-z0-9-]+", "-", label.lower())
        self.page.screenshot(path=str(SCREENSHOTS / f"{self.name}-{len(self.pages):02d}-{safe}.png"), full_page=True)
        return html

    def html_containing(self, text: str) -> list[str]:
        """The labels of the recorded steps whose HTML contains `text`."""
        return [label for label, html in self.pages if text in html]


@pytest.fixture
def visit(browser, portal, request) -> Iterator[Visit]:
    """A fresh browser context (no cookies) with locale nb-NO and one tab on the portal."""
    context = browser.new_context(locale="nb-NO", viewport={"width": 1100, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    result = Visit(page=page, base_url=portal, name=request.node.name.removeprefix("test_"))
    page.on("response", lambda r: r.status >= 400 and result.failed_responses.append(f"{r.status} {r.url}"))
    page.on("pageerror", lambda e: result.errors.append(str(e)))
    yield result
    context.close()
