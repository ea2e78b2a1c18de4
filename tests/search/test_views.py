"""The search page as a person uses it: GOV.UK markup, filters in the URL, no JavaScript needed."""

import pytest
from django.urls import reverse

from search.services import get_backend, search_index_rebuild

from .conftest import CATALOGUE

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(synonyms, home_page):
    search_index_rebuild(backend=get_backend("database"), source=[dict(d) for d in CATALOGUE])


def test_search_page_lists_courses_with_facet_counts(client, indexed):
    html = client.get(reverse("search:search")).content.decode()
    assert "12</strong> courses" in html
    assert "Online (9)" in html and "Classroom (2)" in html
    assert "Only courses open to me (9)" in html
    assert 'name="format"' in html and 'type="checkbox"' in html


def test_filters_live_in_the_url_and_can_be_removed(client, indexed):
    response = client.get(reverse("search:search"), {"format": "classroom", "q": "agile"})
    html = response.content.decode()
    assert "Leading agile teams" in html
    assert "Agile delivery foundations" not in html
    assert 'value="classroom" checked' in html
    assert 'Remove filter<span class="govuk-visually-hidden">:</span> Classroom' in html
    assert "?q=agile" in html  # the remove link keeps the text


def test_sort_and_pagination_keep_filters(client, indexed):
    html = client.get(reverse("search:search"), {"sort": "shortest", "cost": "free"}).content.decode()
    assert html.index("Security clearance briefing") < html.index("Agile delivery foundations")


def test_no_results_says_so(client, indexed):
    html = client.get(reverse("search:search"), {"q": "zzqxv"}).content.decode()
    assert "No courses match ‘zzqxv’" in html


def test_review_overdue_is_marked_not_hidden(client, indexed):
    html = client.get(reverse("search:search"), {"q": "analysts"}).content.decode()
    assert "Working with analysts" in html
    assert "Review overdue" in html


def test_invalid_input_is_reported_and_search_still_answers(client, indexed):
    response = client.get(reverse("search:search"), {"q": "x" * 500})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, indexed):
    response = client.get(reverse("search:search"), {"page": "99"})
    assert response.status_code == 200
    assert "12</strong> courses" in response.content.decode()


def test_header_has_a_search_box_on_every_page(client, home_page):
    html = client.get("/").content.decode()
    assert 'role="search"' in html and f'action="{reverse("search:search")}"' in html


def test_header_search_finds_roles_skills_and_pages_exact_title_first(client, indexed, home_page):
    from core.models import ContentPage
    from framework.models import FrameworkVersion, Role, RoleFamily, Skill

    version = FrameworkVersion.objects.create(label="test", status="current")
    family = RoleFamily.objects.create(version=version, slug="data", name="Data")
    Role.objects.create(version=version, family=family, slug="data-analyst", name="Data analyst")
    Skill.objects.create(version=version, slug="data-modelling", name="Data modelling")
    Skill.objects.create(version=version, slug="data", name="Data", description="Working with data")
    Skill.objects.create(version=version, slug="big-data", name="Big data")
    home_page.add_child(instance=ContentPage(title="Data strategy guidance", slug="data-strategy"))
    html = client.get(reverse("search:search"), {"q": "data"}).content.decode()
    assert "Roles, skills and pages" in html
    assert "Data analyst" in html and "Data strategy guidance" in html
    skills = html[html.index(">Skills<") :]
    assert skills.index(">Data<") < skills.index("Big data") and skills.index(">Data<") < skills.index("Data modelling")
    assert "Exact match" in skills


def test_search_view_imports_no_engine_library():
    from pathlib import Path

    import search.views as views

    source = Path(views.__file__).read_text()
    assert "opensearch" not in source and "elasticsearch" not in source
