import pytest
from wagtail.models import Site

from core.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db


def test_home_page_is_the_default_site_root_and_renders_govuk_template(client, home_page):
    assert Site.objects.get(is_default_site=True).root_page.specific == home_page
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="govuk-skip-link"' in html
    assert "govuk-service-navigation" in html
    assert "govuk-phase-banner" in html
    assert home_page.title in html


def test_site_ensure_home_is_idempotent(home_page):
    from core.services import site_ensure_home

    again = site_ensure_home()
    assert again.pk == home_page.pk
    assert HomePage.objects.count() == 1
    assert ContentPage.objects.filter(slug="about").count() == 1


@pytest.mark.parametrize("path", ["/accessibility/", "/privacy/", "/cookies/", "/about/"])
def test_footer_pages_exist_and_are_linked(client, home_page, path):
    response = client.get(path)
    assert response.status_code == 200
    if path != "/about/":
        assert f'href="{path}"' in client.get("/").content.decode()


def test_unknown_page_is_a_govuk_404(client, home_page):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_public_pages_send_a_strict_content_security_policy(client, home_page):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()


def test_only_the_most_specific_navigation_item_is_current(rf, make_user):
    from core.navigation import service_navigation

    learner = make_user("learner")
    request = rf.get("/pathways/plan/")
    request.user = learner
    active = [item["text"] for item in service_navigation(request) if item["active"]]
    assert active == ["My plan"]
    request = rf.get("/pathways/")
    request.user = learner
    assert [item["text"] for item in service_navigation(request) if item["active"]] == ["My skills"]
