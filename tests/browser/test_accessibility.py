"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on the foundation's pages, which also reflow at 320 px."""

import pytest

from tests.browser.harness import assert_accessible, assert_no_horizontal_scroll, press, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    ("/", 200),
    ("/about/", 200),
    ("/accounts/login/", 200),
    ("/accounts/signup/", 200),
    ("/accounts/password/reset/", 200),
    ("/accessibility/", 200),
    ("/privacy/", 200),
    ("/cookies/", 200),
    ("/no-such-page/", 404),
    ("/people/account/deleted/", 200),
]

SIGNED_IN_PAGES = [
    "/people/account/",
    "/people/account/delete/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/logout/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/reauthenticate/",
]


@pytest.mark.parametrize(("path", "status"), PUBLIC_PAGES)
def test_public_page_is_accessible_and_reflows(site, browser_page, path, status):
    response = browser_page.goto(site.url(path))
    assert response.status == status
    assert browser_page.locator("h1").count() == 1
    assert_accessible(browser_page)
    assert_no_horizontal_scroll(browser_page)


def test_signup_with_errors_is_accessible(site, browser_page):
    browser_page.goto(site.url("/accounts/signup/"))
    browser_page.fill("#id_email", "someone@example.com")
    browser_page.fill("#id_password1", "short")
    browser_page.fill("#id_password2", "different")
    browser_page.click("main button[type=submit]")
    summary = browser_page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert "government work email address" in summary.inner_text()
    assert browser_page.title().startswith("Error:")
    assert_accessible(browser_page)
    assert_no_horizontal_scroll(browser_page)
    # The summary's link moves focus to the field it names.
    browser_page.click(".govuk-error-summary a[href='#id_email']")
    assert browser_page.evaluate("document.activeElement.id") == "id_email"


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_page_is_accessible_and_reflows(site, browser_page, make_user, path):
    site.sign_in(browser_page, make_user("learner"))
    response = browser_page.goto(site.url(path))
    assert response.status == 200
    assert_accessible(browser_page)
    assert_no_horizontal_scroll(browser_page)


def test_delete_account_errors_are_accessible(site, browser_page, make_user):
    site.sign_in(browser_page, make_user("learner"))
    browser_page.goto(site.url("/people/account/delete/"))
    browser_page.click("button.govuk-button--warning")
    assert browser_page.locator(".govuk-error-summary").is_visible()
    assert_accessible(browser_page)
    assert_no_horizontal_scroll(browser_page)


def test_sign_in_with_the_keyboard_alone(site, browser_page, make_user):
    user = make_user("learner", email="keys@example.gov.uk")
    browser_page.goto(site.url("/accounts/login/"))
    tab_to(browser_page, "a.govuk-skip-link")
    tab_to(browser_page, "#id_login")
    browser_page.keyboard.type(user.email)
    tab_to(browser_page, "#id_password")
    browser_page.keyboard.type("a-long-test-password")
    tab_to(browser_page, "main button[type=submit]", text="Sign in")
    press(browser_page, "Enter")
    browser_page.wait_for_url(site.url("/"))
    browser_page.goto(site.url("/people/account/"))
    assert "keys@example.gov.uk" in browser_page.inner_text("main")


def test_harness_reports_violations_readably(site, browser_page):
    """The harness must be able to fail: an unlabelled input and an empty link are reported by rule and element."""
    browser_page.goto(site.url("/"))
    browser_page.evaluate(
        "() => { const m = document.querySelector('main'); const i = document.createElement('input');"
        " i.id = 'bad-input'; m.appendChild(i); const a = document.createElement('a'); a.href = '/x';"
        " a.id = 'bad-link'; m.appendChild(a); }"
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(browser_page)
    message = str(failure.value)
    assert "label" in message and "#bad-input" in message
    assert "link-name" in message and "#bad-link" in message


def test_harness_detects_sideways_scrolling(site, browser_page):
    browser_page.goto(site.url("/"))
    browser_page.evaluate(
        "() => { const d = document.createElement('div'); d.className = 'too-wide'; d.textContent = 'x';"
        " d.setAttribute('aria-hidden', 'true'); d.style.width = '900px'; document.querySelector('main').appendChild(d); }"
    )
    with pytest.raises(AssertionError, match="scrolls sideways"):
        assert_no_horizontal_scroll(browser_page)
