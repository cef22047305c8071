"""Fixtures for the end-to-end tests: headless Chromium (Debian's, driven by Playwright), the real ID-porten
stand-in over HTTP, and the portal on pytest-django's live server with the demo data.

Every page state a test looks at goes through `Visit.step` (or `check_page_state` for a tab of its own): axe-core
(axe-playwright-python, pinned) checks it at 1280 px and at 390 px and the step fails on any violation, the page
must not scroll sideways at 390 px, and screenshots at both widths go to test-results/e2e/. When the test ends,
every HTML document the tab loaded must have been checked by a step, so no page escapes axe.

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
def portal(browser, live_server, settings, standin, registry) -> str:
    """The portal on a live server with the catalogue and demo data, logging in through the ID-porten stand-in and
    naming orgnrs from the Enhetsregisteret stand-in (`registry`, see tests/conftest.py).

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


# The widths every page state is checked and photographed at: a 390 px phone and a 1280 px desktop.
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
# The rules axe-core runs: all of its default rule set (WCAG 2.0/2.1 A and AA plus best practices).
AXE_OPTIONS = {"resultTypes": ["violations"]}
_axe = None


def _axe_instance():
    """axe-playwright-python's `Axe`, made once (it reads axe.min.js from the package)."""
    global _axe
    if _axe is None:
        from axe_playwright_python.sync_playwright import Axe

        _axe = Axe()
    return _axe


def axe_violations(page) -> list[str]:
    """Run axe-core on the page as it is now. Output: one readable line per violated rule (empty if none).

    Each line: rule id, impact, what the rule wants, and the CSS selectors of up to five offending elements.
    """
    response = _axe_instance().run(page, options=AXE_OPTIONS).response
    lines = []
    for violation in response["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}")
    return lines


def horizontal_overflow(page) -> int:
    """How many CSS pixels the whole page is wider than the viewport (0: no page-wide sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def check_page_state(page, label: str, *, prefix: str) -> None:
    """Check the page as it is now and photograph it, at 1280 px and 390 px wide; restore the first viewport.

    Input: a Playwright page, a short label of the state, and a file name prefix (e.g. the test's name).
    Output: none; screenshots test-results/e2e/<prefix>-<label>-<1280|390>.png. Raises AssertionError naming the
    label, width and rules when axe-core finds any violation, or when the page scrolls sideways at 390 px.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^a-z0-9-]+", "-", f"{prefix}-{label}".lower())
    original = page.viewport_size
    problems = []
    try:
        for size in WIDTHS.values():
            page.set_viewport_size(size)
            page.screenshot(path=str(SCREENSHOTS / f"{safe}-{size['width']}.png"), full_page=True)
            problems += [f"at {size['width']} px: {line}" for line in axe_violations(page)]
            if size["width"] < 600 and (overflow := horizontal_overflow(page)) > 0:
                problems.append(f"at {size['width']} px: the page scrolls sideways by {overflow} px")
    finally:
        if original:
            page.set_viewport_size(original)
    assert not problems, f"page state {label!r} ({page.url}):\n" + "\n".join(problems)


def _document_url(response) -> str | None:
    """The URL of a response that is an HTML document loaded into the tab's main frame (not a redirect), else None."""
    request = response.request
    if (
        not request.is_navigation_request()
        or request.frame.parent_frame is not None
        or 300 <= response.status < 400
        or "text/html" not in (response.headers.get("content-type") or "")
    ):
        return None
    return response.url.split("#", 1)[0]


@dataclass
class Visit:
    """One test's browser tab plus what it saw: the HTML of every step, failed responses, page errors.

    `documents` are the HTML documents the tab loaded, `checked` the URLs a step checked with axe-core.
    """

    page: object = field(repr=False)
    base_url: str
    name: str
    pages: list[tuple[str, str]] = field(default_factory=list, repr=False)
    failed_responses: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)

    def step(self, label: str) -> str:
        """Record the current page state: its HTML, axe-core at 1280 px and 390 px, screenshots at both widths.

        Output: the HTML. Raises AssertionError on any accessibility violation or sideways scrolling at 390 px
        (see `check_page_state`). Screenshots: test-results/e2e/<test>-<nn>-<label>-<width>.png.
        """
        self.page.wait_for_load_state("load")
        html = self.page.content()
        self.pages.append((label, html))
        self.checked.add(self.page.url.split("#", 1)[0])
        check_page_state(self.page, label, prefix=f"{self.name}-{len(self.pages):02d}")
        return html

    def unchecked_documents(self) -> list[str]:
        """The URLs of the documents the tab loaded that no step checked (should be empty at the end)."""
        return [url for url in dict.fromkeys(self.documents) if url not in self.checked]

    def html_containing(self, text: str) -> list[str]:
        """The labels of the recorded steps whose HTML contains `text`."""
        return [label for label, html in self.pages if text in html]


@pytest.fixture
def visit(browser, portal, request) -> Iterator[Visit]:
    """A fresh browser context (no cookies) with locale nb-NO and one tab on the portal, 1280 px wide.

    At the end of a passing test it fails if the tab loaded an HTML document that no `step` checked.
    """
    context = browser.new_context(locale="nb-NO", viewport=WIDTHS["desktop"])
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    result = Visit(page=page, base_url=portal, name=request.node.name.removeprefix("test_"))
    page.on("response", lambda r: r.status >= 400 and result.failed_responses.append(f"{r.status} {r.url}"))
    page.on("response", lambda r: (url := _document_url(r)) and result.documents.append(url))
    page.on("pageerror", lambda e: result.errors.append(str(e)))
    yield result
    context.close()
    if not getattr(request.node, "rep_call", None) or request.node.rep_call.passed:
        assert result.unchecked_documents() == [], "pages loaded but never checked with axe (call visit.step)"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (`rep_call`), so fixtures can tell whether the test passed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
