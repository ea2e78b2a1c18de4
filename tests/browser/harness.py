"""A reusable accessibility harness: Debian's chromium, driven by Playwright, checked with axe-core.

Any app can use it. The fixtures are registered for the whole suite (tests/conftest.py loads this module as a
pytest plugin), so a test anywhere under tests/ can write:

    import pytest
    from tests.browser.harness import assert_accessible, assert_no_horizontal_scroll, tab_to

    pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

    def test_catalogue_is_accessible(site, browser_page):
        browser_page.goto(site.url("/courses/"))
        assert_accessible(browser_page)                 # zero WCAG 2.0/2.1/2.2 A and AA violations
        assert_no_horizontal_scroll(browser_page)       # re-lays the page out at 320 px wide
        tab_to(browser_page, "a", text="Data engineer") # reach a control with the keyboard alone

    def test_signed_in_page(site, browser_page, make_user):
        site.sign_in(browser_page, make_user("learner"))   # through the real sign-in form
        browser_page.goto(site.url("/pathways/"))
        assert_accessible(browser_page)

Fixtures
- `site`: the app served by pytest-django's `live_server` (static files included), with the Wagtail home page.
  `site.url(path)` gives an absolute URL; `site.sign_in(page, user, password=...)` signs in through the form.
- `chromium` (session): Debian's chromium (env CHROMIUM_PATH, default /usr/bin/chromium) launched headless through
  `executable_path`. Never run `playwright install`: nothing is downloaded.
- `browser_page`: a fresh page (own cookies) at 1280x900; closed after the test.

Helpers
- `axe_violations(page)` / `assert_accessible(page, exclude=...)`: inject node_modules/axe-core/axe.min.js and run it
  with the WCAG 2.0/2.1/2.2 A and AA rule tags; the failure message lists rule, impact, help and each element.
- `assert_no_horizontal_scroll(page, width=320)`: resize to 320 px and fail if the document is wider than the
  viewport (WCAG 1.4.10 reflow), naming the widest elements.
- `tab_to(page, selector, text=None, max_tabs=80)`: press Tab until the focused element matches; fails with the
  focus path if it never does. `press(page, "Enter")` then activates it, keyboard-only.

Tests are marked `browser`; tests/conftest.py skips them when chromium is missing. The live server runs in another
thread, so tests need `django_db(transaction=True)` (the `site` fixture asks for `transactional_db`).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
TEST_PASSWORD = "a-long-test-password"


class Site:
    def __init__(self, live_server):
        self.live_server = live_server

    def url(self, path: str = "/") -> str:
        return self.live_server.url + path

    def sign_in(self, page, user, password: str = TEST_PASSWORD) -> None:
        """Sign in through the real GOV.UK sign-in form, keyboard and all."""
        page.goto(self.url("/accounts/login/"))
        page.fill("#id_login", user.email)
        page.fill("#id_password", password)
        page.click("main button.govuk-button[type=submit]")  # not the header search button
        page.wait_for_load_state()
        if "/accounts/login/" in page.url:
            raise AssertionError(f"sign-in failed for {user.email}: {page.inner_text('main')[:500]}")


@pytest.fixture(scope="session")
def chromium():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test itself are still
    # synchronous, so tell Django it is safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM_PATH).exists():
        pytest.skip(f"chromium not found at {CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def site(live_server, transactional_db):
    from core.services import site_ensure_home

    site_ensure_home()
    return Site(live_server)


_AXE_SOURCE: list[str] = []


def _axe_source() -> str:
    if not _AXE_SOURCE:
        if not AXE_PATH.exists():
            raise AssertionError(f"{AXE_PATH} is missing: run `npm ci` (axe-core is a devDependency)")
        _AXE_SOURCE.append(AXE_PATH.read_text(encoding="utf-8"))
    return _AXE_SOURCE[0]


def axe_violations(page, exclude: list[str] | None = None) -> list[dict]:
    """Run axe-core on the current page for the WCAG 2.0/2.1/2.2 A and AA rules; return the violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol rather than a <script> tag: the site's strict CSP (no inline
        # script) stays in force for the page itself, as users get it.
        page.evaluate("() => {\n" + _axe_source() + "\n}")
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    return page.evaluate(
        "async ([context, tags]) => (await axe.run(context || document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})).violations",
        [context, WCAG_TAGS],
    )


def format_violations(violations: list[dict], url: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"][:10]:
            lines.append(f"    at {', '.join(node['target'])}: {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def assert_accessible(page, exclude: list[str] | None = None) -> None:
    """Fail, naming each rule and element, when axe finds any WCAG 2.x A/AA violation on the page."""
    violations = axe_violations(page, exclude=exclude)
    assert not violations, format_violations(violations, page.url)


def assert_no_horizontal_scroll(page, width: int = 320) -> None:
    """Lay the page out at `width` CSS pixels and fail if anything makes it scroll sideways (WCAG 1.4.10)."""
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": 640})
    try:
        overflow = page.evaluate(
            """(width) => {
                const doc = document.documentElement;
                const wide = [...document.querySelectorAll('body *')]
                  .filter(el => el.getBoundingClientRect().right > width + 1 && getComputedStyle(el).position !== 'fixed'
                                && !el.closest('.app-table-wrapper, .govuk-skip-link, .govuk-visually-hidden'))
                  .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim()
                                .replace(/\\s+/g, '.') : '') + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + 'px)');
                return {scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, wide};
            }""",
            width,
        )
    finally:
        if original:
            page.set_viewport_size(original)
    assert overflow["scrollWidth"] <= overflow["clientWidth"], (
        f"{page.url} scrolls sideways at {width}px: document is {overflow['scrollWidth']}px wide. "
        f"Widest elements: {overflow['wide']}"
    )


def focused_description(page) -> str:
    return page.evaluate(
        """() => { const el = document.activeElement; if (!el || el === document.body) return 'body';
            return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.innerText || el.value || '')
              .trim().slice(0, 40) + '"'; }"""
    )


def tab_to(page, selector: str, text: str | None = None, max_tabs: int = 80) -> str:
    """Press Tab (keyboard only) until the focused element matches `selector` (and contains `text`)."""
    path = []
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        matched = page.evaluate(
            "([selector, text]) => { const el = document.activeElement; return !!el && el.matches(selector) &&"
            " (!text || (el.innerText || el.value || '').includes(text)); }",
            [selector, text],
        )
        description = focused_description(page)
        path.append(description)
        if matched:
            return description
    raise AssertionError(f"Could not reach {selector!r} {text or ''} with Tab in {max_tabs} presses: {path}")


def press(page, key: str) -> None:
    page.keyboard.press(key)
    page.wait_for_load_state()
