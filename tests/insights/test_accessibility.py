"""axe-core finds nothing on the insights dashboard (whole service, drilled down, with an error), and it reflows."""

import pytest

from tests.browser.harness import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_is_accessible(site, browser_page, make_user, population):
    admin = make_user("administrator")
    site.sign_in(browser_page, admin)
    response = browser_page.goto(site.url("/insights/"))
    assert response.status == 200
    assert browser_page.locator("svg[role=img]").count() >= 5
    assert_accessible(browser_page)
    assert_no_horizontal_scroll(browser_page)

    browser_page.click("a.govuk-link:text('Department A')")
    assert "organisation=" in browser_page.url
    assert "Agency A1" in browser_page.inner_text("main")
    assert_accessible(browser_page)


def test_dashboard_with_an_out_of_scope_filter_is_accessible(site, browser_page, make_user, population):
    analyst = make_user("hr_analyst", organisations=[population["orgs"]["a1"]])
    site.sign_in(browser_page, analyst)
    browser_page.goto(site.url(f"/insights/?organisation={population['orgs']['b'].pk}"))
    assert browser_page.locator(".govuk-error-summary").is_visible()
    assert_accessible(browser_page)
