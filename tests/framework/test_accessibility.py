"""axe-core finds no WCAG A/AA violation on the framework's public pages and the curator's admin screens
(the admin is Wagtail's own markup, checked on our custom screens only); public pages reflow at 320 px."""

import pytest

from tests.browser.harness import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/framework/",
    "/framework/families/data",
    "/framework/roles/software-developer",
    "/framework/roles/chief-technology-officer",
    "/framework/role-levels/developer",
    "/framework/role-levels/developer/compare",
    "/framework/role-levels/principal-developer-management/compare",
    "/framework/skills/",
    "/framework/skills/prototyping",
    "/framework/versions/",
    "/framework/download/",
]


def test_framework_pages_are_accessible_and_reflow(site, browser_page):
    """One database set-up for all pages (transactional tests are slow); each page checked in turn."""
    from framework.demo import seed

    seed()
    for path in PAGES:
        response = browser_page.goto(site.url(path))
        assert response.status == 200, path
        assert browser_page.locator("h1").count() == 1, path
        assert_accessible(browser_page)
        assert_no_horizontal_scroll(browser_page)
    # An archived version's page carries a warning; it must be accessible too.
    from framework.demo import demo_export
    from framework.services import framework_import

    roles, skills = demo_export()
    framework_import(
        roles_csv=roles.replace(b"Prototyping", b"Prototypes"),
        skills_csv=skills.replace(b"Prototyping", b"Prototypes"),
        make_current=True,
    )
    response = browser_page.goto(site.url("/framework/skills/prototyping"))
    assert response.status == 200
    assert "no longer current" in browser_page.content()
    assert_accessible(browser_page)
