"""Sign-up is limited to allowed email domains, email verification is mandatory, sign-in is rate limited."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from people.adapters import REFUSED_DOMAIN_MESSAGE
from people.models import SignupDomain, User
from people.services import signup_domain_allowed

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password-77"


def sign_up(client, email):
    return client.post(reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD})


@pytest.mark.parametrize(
    ("email", "allowed"),
    [
        ("someone@gov.uk", True),
        ("someone@digital.cabinet-office.gov.uk", True),
        ("Someone@HMRC.GOV.UK", True),
        ("someone@nhs.net", True),
        ("someone@example.com", False),
        ("someone@notgov.uk", False),  # a look-alike, not a subdomain
        ("someone@gov.uk.example.com", False),
        ("someone@", False),
    ],
)
def test_signup_domain_allowed(email, allowed):
    assert signup_domain_allowed(email) is allowed


def test_a_domain_added_in_the_admin_is_allowed_with_its_subdomains():
    SignupDomain.objects.create(domain="example.org")
    assert signup_domain_allowed("a@example.org")
    assert signup_domain_allowed("a@team.example.org")
    assert not signup_domain_allowed("a@badexample.org")


def test_signup_with_an_allowed_subdomain_creates_an_unverified_learner(client, home_page):
    response = sign_up(client, "new.person@digital.cabinet-office.gov.uk")
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@digital.cabinet-office.gov.uk")
    assert user.groups.filter(name="Learner").exists()
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1


def test_signup_with_a_refused_domain_is_told_why_and_nothing_is_created(client, home_page):
    response = sign_up(client, "someone@example.com")
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED_DOMAIN_MESSAGE.split(".")[0] in html
    assert '<a href="#id_email">' in html  # the error summary links to the field
    assert not User.objects.filter(email="someone@example.com").exists()
    assert mail.outbox == []


def test_verification_is_required_before_signing_in(client, home_page):
    sign_up(client, "verify.me@gov.uk")
    client.logout()
    response = client.post(reverse("account_login"), {"login": "verify.me@gov.uk", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and response.url == reverse("account_email_verification_sent")

    # Following the emailed link (a POST from the confirmation page) verifies the address and signs in.
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body).group(1)
    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert "govuk-button" in confirm_page.content.decode()
    client.post(link)
    assert EmailAddress.objects.get(email="verify.me@gov.uk").verified
    assert client.session["_auth_user_id"] == str(User.objects.get(email="verify.me@gov.uk").pk)


def test_repeated_failed_sign_ins_are_rate_limited(client, home_page, make_user):
    make_user(email="target@example.gov.uk")
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "target@example.gov.uk", "password": "wrong"})
        assert "_auth_user_id" not in client.session
    # Even the right password is refused now, with a clear message.
    response = client.post(
        reverse("account_login"), {"login": "target@example.gov.uk", "password": "a-long-test-password"}
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_a_different_account_is_not_locked_by_someone_elses_failures(client, home_page, make_user):
    make_user(email="target@example.gov.uk")
    make_user(email="other@example.gov.uk")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "target@example.gov.uk", "password": "wrong"})
    client.post(reverse("account_login"), {"login": "other@example.gov.uk", "password": "a-long-test-password"})
    assert "_auth_user_id" in client.session


def test_the_sso_button_shows_only_when_oidc_is_configured(client, home_page, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert "Continue with" not in client.get(reverse("account_login")).content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "entra",
                    "name": "Microsoft Entra ID",
                    "client_id": "abc",
                    "secret": "xyz",
                    "settings": {"server_url": "https://login.microsoftonline.com/tenant/v2.0"},
                }
            ]
        }
    }
    html = client.get(reverse("account_login")).content.decode()
    assert "Continue with Microsoft Entra ID" in html
    assert "/accounts/oidc/entra/login/" in html
