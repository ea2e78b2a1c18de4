"""axe-core finds no WCAG 2.x A/AA violation on the course and catalogue pages, which reflow at 320 px."""

import pytest

from tests.browser.harness import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_course(site):
    from courses.models import Provider
    from courses.services import catalogue_cache_invalidate, catalogue_ensure_index, course_create
    from tests.courses.factories import framework_version

    catalogue_cache_invalidate()
    framework_version()
    index = catalogue_ensure_index()
    provider = Provider.objects.create(name="Government Campus", slug="gc", provider_type="academy")
    intro = course_create(
        index=index, title="Data modelling: an introduction", skills=[("data-modelling", 1)], provider=provider
    )
    course = course_create(
        index=index,
        title="Data modelling in practice",
        summary="Model data for real services.",
        description="<p>Two days of exercises.</p><ul><li>Entities</li><li>Relationships</li></ul>",
        skills=[("data-modelling", 2), ("python", 1)],
        prerequisites=[intro],
        booking_url="https://provider.example.com/book",
        accessibility="Captions on all video.",
        provider=provider,
        required=[{"recurrence_months": 12}],
    )
    return course


def test_course_page_is_accessible(site, browser_page, demo_course):
    response = browser_page.goto(site.url(demo_course.url))
    assert response.status == 200
    assert browser_page.locator("h1").count() == 1
    assert_accessible(browser_page)
    assert_no_horizontal_scroll(browser_page)


@pytest.mark.parametrize("query", ["", "?format=video&free=on", "?format=nonsense"])
def test_catalogue_is_accessible(site, browser_page, demo_course, query):
    response = browser_page.goto(site.url("/courses/" + query))
    assert response.status == 200
    assert_accessible(browser_page)
    assert_no_horizontal_scroll(browser_page)
