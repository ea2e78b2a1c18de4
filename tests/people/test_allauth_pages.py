"""Every allauth page renders in the GOV.UK template, with labelled fields and a linked error summary."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = ["account_login", "account_signup", "account_reset_password", "account_reset_password_done"]
SIGNED_IN_PAGES = [
    "account_email",
    "account_change_password",
    "account_logout",
    "mfa_index",
    "mfa_activate_totp",
    "account_reauthenticate",
    "socialaccount_connections",
]


def assert_govuk_page(html):
    assert 'class="govuk-skip-link"' in html
    assert "govuk-header" in html and "govuk-footer" in html
    assert 'id="main-content"' in html
    assert "<h1" in html and "govuk-heading" in html or "govuk-panel__title" in html


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_allauth_pages_use_the_govuk_template(client, home_page, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_govuk_page(response.content.decode())


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_allauth_pages_use_the_govuk_template(client, home_page, make_user, name):
    client.force_login(make_user("learner"))
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert_govuk_page(html)
    assert "<p>\n" not in html.split('id="main-content"')[1] or "govuk-body" in html


def test_sign_in_fields_are_labelled_govuk_inputs(client, home_page):
    html = client.get(reverse("account_login")).content.decode()
    assert '<label class="govuk-label" for="id_login">Email address</label>' in html
    assert 'class="govuk-input" id="id_password" name="password" type="password"' in html
    assert 'autocomplete="current-password"' in html
    assert "Forgotten your password?" in html


def test_wrong_password_shows_an_error_summary_linked_to_the_first_field(client, home_page, make_user):
    make_user(email="someone@example.gov.uk")
    response = client.post(reverse("account_login"), {"login": "someone@example.gov.uk", "password": "wrong"})
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert '<a href="#id_login">' in html
    assert "<title>Error: Sign in" in html


def test_signup_errors_link_to_their_fields(client, home_page):
    response = client.post(reverse("account_signup"), {"email": "", "password1": "x", "password2": "y"})
    html = response.content.decode()
    assert '<a href="#id_email">' in html
    assert "govuk-form-group govuk-form-group--error" in html
    assert 'aria-describedby="id_email-hint id_email-error"' in html


def test_email_management_lists_addresses_as_govuk_radios(client, home_page, make_user):
    user = make_user(email="radio@example.gov.uk")
    client.force_login(user)
    html = client.get(reverse("account_email")).content.decode()
    assert 'class="govuk-radios__input"' in html
    assert "radio@example.gov.uk" in html
    assert "govuk-tag--green" in html  # verified


def test_mfa_pages_render_govuk_components(client, home_page, make_user):
    client.force_login(make_user())
    html = client.get(reverse("mfa_index")).content.decode()
    assert "govuk-summary-card" in html
    assert "Authenticator" in html
