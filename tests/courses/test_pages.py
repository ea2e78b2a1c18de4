"""Page rules, the course page, the catalogue index and its filters, activity IRIs."""

import pytest
from wagtail.models import Page

from core.models import ContentPage, HomePage
from courses.models import CatalogueIndexPage, CoursePage

pytestmark = pytest.mark.django_db


def test_page_rules():
    assert CoursePage.allowed_parent_page_models() == [CatalogueIndexPage]
    assert CoursePage.allowed_subpage_models() == []
    assert CatalogueIndexPage.allowed_parent_page_models() == [HomePage]
    assert CatalogueIndexPage.allowed_subpage_models() == [CoursePage]
    assert CoursePage not in HomePage.allowed_subpage_models()
    assert ContentPage not in CatalogueIndexPage.allowed_subpage_models()


def test_only_one_catalogue_index(catalogue, home_page):
    assert not CatalogueIndexPage.can_create_at(home_page)


def test_course_page_shows_skills_audience_how_to_start_and_related(client, framework, make_course, reference_data):
    from people.models import Grade

    intro = make_course(title="Data modelling: an introduction", skills=[("data-modelling", 1)])
    course = make_course(
        title="Data modelling in practice",
        summary="Model data for real services.",
        skills=[("data-modelling", 2), ("python", 1)],
        booking_url="https://provider.example.com/book/dm",
        how_to_start="Agree the time with your manager.",
        duration_minutes=840,
        cost_pence=39550,
        prerequisites=[intro, ("python", 1)],
        audience={"grades": [Grade.objects.get(code="HEO")]},
        required=[{"recurrence_months": 12}],
    )
    related = make_course(title="Advanced data modelling", skills=[("data-modelling", 3)])
    make_course(title="Unrelated", skills=[("user-research", 1)])

    html = client.get(course.url).content.decode()
    assert '<h1 class="govuk-heading-xl">Data modelling in practice</h1>' in html
    assert "Data modelling</th>" in html and "Working" in html and "Awareness" in html
    assert "£395.50 per learner" in html and "2 days" in html
    assert "Only for civil servants at grade HEO" in html
    assert 'href="https://provider.example.com/book/dm"' in html and "Start now" in html
    assert f'href="{intro.url}"' in html and "Python at Awareness level or above" in html
    assert related.title in html and "Unrelated" not in html
    assert "Required for everyone, every 12 months" in html


def test_catalogue_index_and_filters(client, framework, make_course):
    from courses.models import Provider

    free_public = Provider.objects.create(name="OpenLearn", slug="openlearn", provider_type="free_public")
    make_course(title="Python for analysts", skills=[("python", 2)], format="video")
    make_course(title="Paid modelling", skills=[("data-modelling", 2)], cost_pence=10000, format="face_to_face")
    make_course(title="Free research", skills=[("user-research", 1)], provider=free_public, format="reading")
    make_course(title="Draft course", publish=False)

    response = client.get("/courses/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 courses" in html and "Draft course" not in html

    def titles(query):
        page = client.get("/courses/?" + query).content.decode()
        return {t for t in ("Python for analysts", "Paid modelling", "Free research") if t in page}

    assert titles("free=on") == {"Python for analysts", "Free research"}
    assert titles("format=video&format=reading") == {"Python for analysts", "Free research"}
    assert titles("provider_type=free_public") == {"Free research"}
    assert titles("q=model") == {"Paid modelling"}
    assert titles("family=data") == {"Python for analysts", "Paid modelling", "Free research"}
    assert titles("format=not-a-format") == {"Python for analysts", "Paid modelling", "Free research"}
    assert "govuk-error-summary" in client.get("/courses/?format=not-a-format").content.decode()


def test_catalogue_url_name_and_activity_iri_redirect(client, framework, make_course):
    from django.urls import reverse

    course = make_course()
    assert reverse("courses:catalogue") == "/courses/"
    response = client.get(course.xapi_activity_iri.replace("http://testserver", ""))
    assert response.status_code == 302 and response.url == course.url
    assert Page.objects.type(CoursePage).count() == 1


def test_catalogue_without_index_is_404(client, home_page):
    assert client.get("/courses/").status_code == 404


def test_course_admin_form_requires_an_audience_when_not_open(framework, catalogue):
    from courses.models import CoursePage

    form_class = CoursePage.get_edit_handler().get_form_class()
    form = form_class(
        data={
            "title": "T",
            "slug": "t",
            "format": "video",
            "cost_pence": "0",
            "audience_open": "",
            **_empty_formsets(),
        },
        instance=CoursePage(),
        parent_page=catalogue,
        for_user=None,
    )
    assert not form.is_valid()
    assert "Choose at least one organisation" in str(form.errors["audience_open"])


def _empty_formsets():
    data = {}
    for prefix in ("skills_taught", "prerequisites", "required_for", "comments"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data
