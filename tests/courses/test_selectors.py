import datetime as dt

import pytest

from courses import selectors
from courses.models import CoursePage

pytestmark = pytest.mark.django_db


def test_courses_teaching_returns_plain_facts_by_skill_slug(framework, make_course):
    modelling = make_course(title="Data modelling basics", skills=[("data-modelling", 2)], duration_minutes=90)
    make_course(title="Python for analysts", skills=[("python", 3)], cost_pence=45000)
    draft = make_course(title="Draft course", skills=[("data-modelling", 3)], publish=False)

    found = selectors.courses_teaching(skill_slugs=["data-modelling"])

    assert [c.id for c in found] == [modelling.pk]
    facts = found[0]
    assert facts.skills == (("data-modelling", 2),)
    assert facts.duration_minutes == 90 and facts.is_free and facts.audience.open
    assert facts.activity_iri == f"http://testserver/courses/activities/{modelling.stable_id}"
    assert draft.pk not in {c.id for c in selectors.courses_teaching(skill_slugs=["data-modelling", "python"])}


def test_catalogue_facts_refresh_when_a_course_is_published(framework, make_course):
    assert selectors.courses_teaching(skill_slugs=["python"]) == []
    course = make_course(title="Python for analysts", skills=[("python", 3)])
    assert [c.id for c in selectors.courses_teaching(skill_slugs=["python"])] == [course.pk]
    course.unpublish()
    assert selectors.courses_teaching(skill_slugs=["python"]) == []


def test_skills_absent_from_the_current_version_are_skipped(framework, make_course):
    course = make_course(skills=[("data-modelling", 2), ("no-such-skill", 3)])
    assert [cs.skill.slug for cs in course.skills_taught.all()] == ["data-modelling"]


def test_course_for_activity_iri_finds_own_and_overridden_iris(framework, make_course):
    own = make_course(title="Own IRI")
    elsewhere = make_course(title="Hosted elsewhere", activity_iri="https://lms.example.org/activities/42")
    assert selectors.course_for_activity_iri(iri=own.xapi_activity_iri) == own
    assert selectors.course_for_activity_iri(iri="https://lms.example.org/activities/42") == elsewhere
    assert selectors.course_for_activity_iri(iri="http://testserver/courses/activities/not-a-uuid") is None


def test_search_documents_hold_the_contracted_fields(framework, make_course):
    course = make_course(
        title="Data modelling basics",
        summary="Model data",
        description="<p>Entities and <b>relationships</b></p>",
        review_by=dt.date(2020, 1, 1),
        cost_pence=1000,
    )
    (doc,) = list(selectors.course_search_documents(ids=[course.pk]))
    assert doc["title"] == "Data modelling basics"
    assert doc["description"] == "Entities and relationships"
    assert doc["provider_type"] == "academy" and doc["provider_name"] == "Government Campus"
    assert doc["is_free"] is False and doc["cost_pence"] == 1000
    assert doc["skills"] == [
        {
            "slug": "data-modelling",
            "name": "Data modelling",
            "level": 2,
            "level_label": "Working",
            "family_slugs": ["data"],
            "family_names": ["Data"],
        }
    ]
    assert doc["role_family_slugs"] == ["data"]
    assert doc["audience"] == {"open": True, "organisation_ids": [], "profession_ids": [], "grade_ids": []}
    assert doc["review_overdue"] is True and doc["live"] is True
    assert doc["url"] == "/courses/data-modelling-basics/"


def test_course_page_url_matches_search_document_url(client, framework, make_course):
    course = make_course()
    assert client.get(course.url).status_code == 200
    assert isinstance(course, CoursePage)
