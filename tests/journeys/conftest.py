"""Shared pieces for the whole-journey tests: the demo data, per-page checks, keyboard helpers, an LRS credential.

Every journey drives Debian's chromium through the real pages (tests/browser/harness.py). As it goes, it calls
`checks.check("kind of page")` on each page of ours: axe-core runs there every time, and the first page of each kind
is also laid out at 320 px to catch sideways scrolling. Problems are collected rather than raised at once, so one run
lists every page that fails, and `checks.assert_clean()` at the end of the journey fails with all of them.
The Wagtail admin is Wagtail's own interface, so its pages are not checked (our pages inside it are named as such).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from tests.browser.harness import (
    WCAG_TAGS,
    _axe_source,
    assert_no_horizontal_scroll,
    axe_violations,
    format_violations,
    tab_to,
)

DEMO_PASSWORD = "demo-password-1234"

# Which pages each journey checked, for the summary printed at the end of the run.
CHECKED: dict[str, list[str]] = {}


@dataclass
class PageChecks:
    page: object
    journey: str
    problems: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    reflowed: set[str] = field(default_factory=set)

    def check(self, kind: str, *, page=None, include: list[str] | None = None) -> None:
        """axe on the current page (of the journey's main browser, or `page`: another person's); the 320 px
        reflow check once per kind of page. `include` limits both to our own content inside Wagtail's admin."""
        page = page or self.page
        url = page.url
        violations = axe_violations(page) if include is None else axe_violations_within(page, include)
        if violations:
            self.problems.append(f"[{kind}] " + format_violations(violations, url))
        if include is None and kind not in self.reflowed:
            self.reflowed.add(kind)
            try:
                assert_no_horizontal_scroll(page)
            except AssertionError as error:
                self.problems.append(f"[{kind}] {error}")
        path = re.sub(r"^https?://[^/]+", "", url)
        self.visited.append(f"{kind} ({path})")
        CHECKED.setdefault(self.journey, []).append(f"{kind} {path}")

    def assert_clean(self) -> None:
        assert self.visited, "the journey checked no page"
        assert not self.problems, f"{len(self.problems)} problem(s) on the journey's pages:\n\n" + "\n\n".join(
            self.problems
        )


def axe_violations_within(page, include: list[str]) -> list[dict]:
    """axe-core's WCAG A/AA rules on the given parts of the page only (our content inside Wagtail's admin)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate("() => {\n" + _axe_source() + "\n}")
    return page.evaluate(
        "async ([include, tags]) => (await axe.run({include: include.map(s => [s])}, {runOnly: {type: 'tag',"
        " values: tags}, resultTypes: ['violations']})).violations",
        [include, WCAG_TAGS],
    )


@pytest.fixture
def checks(browser_page, request):
    return PageChecks(page=browser_page, journey=request.node.name)


@pytest.fixture
def demo(site):
    """The demo seed a newcomer gets from `make run`: grades, organisations, one person per role, the sample
    framework (8 families, 47 skills) and its catalogue of about 160 live courses under moderation."""
    from courses.demo import seed as courses_seed
    from framework.demo import seed as framework_seed
    from people.demo import seed as people_seed

    people_seed()
    framework_seed()
    courses_seed()
    return site


@pytest.fixture
def new_context(chromium):
    """A second (or third) person in their own browser, with their own cookies."""
    contexts = []

    def _make():
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        contexts.append(context)
        return context.new_page()

    yield _make
    for context in contexts:
        context.close()


def sign_in_with_keyboard(site, page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the real form with the keyboard alone: Tab to each field, type, Enter on the button."""
    page.goto(site.url("/accounts/login/"))
    tab_to(page, "#id_login")
    page.keyboard.type(email)
    tab_to(page, "#id_password")
    page.keyboard.type(password)
    tab_to(page, "main button[type=submit]", text="Sign in")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if "/accounts/login/" in page.url:
        raise AssertionError(f"sign-in failed for {email}: {page.inner_text('main')[:500]}")


def focus_and_press(page, selector: str, key: str = "Enter", text: str | None = None, navigates: bool = True) -> None:
    """Tab to a control and press a key on it; wait for the page it leads to."""
    tab_to(page, selector, text=text, max_tabs=150)
    if navigates:
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)


def reload_until(page, text: str, *, timeout: float = 60, selector: str = "main") -> None:
    """Reload until `text` appears. With eager Celery it is there at once; with a real worker (CI's second run)
    indexing, imports and progress land a moment later."""
    import time

    deadline = time.monotonic() + timeout
    while text not in page.inner_text(selector):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never appeared on {page.url}: {page.inner_text(selector)[:800]}")
        page.wait_for_timeout(1000)
        page.reload()


def assert_at(page, path: str) -> None:
    """The browser is on `path`; otherwise fail with what the page says (an error banner, say)."""
    current = re.sub(r"^https?://[^/]+", "", page.url)
    assert current == path, f"expected {path}, on {current}: {page.inner_text('main')[:800]}"


def success_banner(page) -> str:
    banner = page.locator(".govuk-notification-banner--success")
    return banner.inner_text() if banner.count() else ""


def pytest_terminal_summary(terminalreporter):
    if not CHECKED:
        return
    terminalreporter.section("journeys: pages checked with axe (first of each kind also at 320 px)")
    for journey, pages in CHECKED.items():
        terminalreporter.write_line(f"{journey}: {len(pages)} page(s)")
        for entry in pages:
            terminalreporter.write_line(f"    {entry}")
