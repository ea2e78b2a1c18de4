"""axe-core finds nothing on the insights dashboard (whole service, drilled down, with an error), and it reflows."""

import pytest

from tests.browser.harness import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(site, page, user):
    """Sign in through the form in <main> (the harness's sign_in clicks the first submit button on the page, which
    is now the header's search button)."""
    page.goto(site.url("/accounts/login/"))
    page.fill("#id_login", user.email)
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def test_dashboard_is_accessible(site, browser_page, make_user, population):
    admin = make_user("administrator")
    sign_in(site, browser_page, admin)
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
    sign_in(site, browser_page, analyst)
    browser_page.goto(site.url(f"/insights/?organisation={population['orgs']['b'].pk}"))
    assert browser_page.locator(".govuk-error-summary").is_visible()
    assert_accessible(browser_page)
