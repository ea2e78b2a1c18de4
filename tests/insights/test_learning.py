"""Learning activity on the small known population: plan uptake, starts, completions, required learning."""

import pytest

from insights.selectors import Filters, gap_dashboard
from insights.services import aggregates_rebuild


@pytest.fixture
def learning(population, home_page, django_capture_on_commit_callbacks):
    """One course required for everyone (50 people). p1-p3 in A1 (15 people) have a plan; p1, p2, p5, p6
    (20 people) started it this month and p1, p5 (10 people) completed it."""
    from courses.models import Provider
    from courses.services import catalogue_ensure_index, course_create
    from learning_records.services import statement_record_platform_event
    from pathways.models import PlanItem
    from people.models import User

    provider = Provider.objects.create(name="Government Campus", slug="campus", provider_type="academy")
    course = course_create(
        index=catalogue_ensure_index(),
        title="Data essentials",
        skills=[("s1", 2)],
        required=[{"recurrence_months": None}],
        provider=provider,
    )
    iri = course.xapi_activity_iri
    people = {
        n: list(User.objects.filter(email__in=[f"p{5 * (n - 1) + i}@example.gov.uk" for i in range(1, 6)]))
        for n in range(1, 11)
    }
    for n in (1, 2, 3):
        for user in people[n]:
            PlanItem.objects.create(user=user, course=course, course_title=course.title, activity_iri=iri)
    with django_capture_on_commit_callbacks(execute=True):
        for n in (1, 2, 5, 6):
            for user in people[n]:
                statement_record_platform_event(user=user, verb="started", activity_iri=iri, activity_name="Data")
        for n in (1, 5):
            for user in people[n]:
                statement_record_platform_event(user=user, verb="completed", activity_iri=iri, activity_name="Data")
    aggregates_rebuild()
    return course


def test_plan_uptake_and_required_learning_by_organisation(learning, framework, make_user):
    data = gap_dashboard(user=make_user("administrator"), filters=Filters(version=framework["version"]))
    table = next(t for t in data["tables"] if t.slug == "learning")
    rows = {r[0]: r[1:] for r in table.all_rows()}
    # A: 40 people, 15 with a plan (37.5% -> 38%), all 40 must do the course, 10 completed it (25%).
    assert rows["Department A"] == ["40", "38%", "40", "25%"]
    # B: 10 people, no plans, 10 must do it, none has.
    assert rows["Department B"] == ["10", "0%", "10", "0%"]
    assert rows["Total"] == ["50", "30%", "50", "20%"]


def test_starts_and_completions_by_month(learning, framework, make_user):
    data = gap_dashboard(user=make_user("administrator"), filters=Filters(version=framework["version"]))
    table = next(t for t in data["tables"] if t.slug == "activity")
    assert len(table.rows) == 1
    assert table.rows[0][1:] == ["20", "10"]


def test_small_activity_counts_are_hidden(
    learning, framework, make_user, population, django_capture_on_commit_callbacks
):
    from learning_records.services import statement_record_platform_event
    from people.models import User

    # Two people in Department B start the course: a count of 2 people is hidden; zero completions are shown.
    with django_capture_on_commit_callbacks(execute=True):
        for user in User.objects.filter(profile__organisation=population["orgs"]["b"])[:2]:
            statement_record_platform_event(
                user=user, verb="started", activity_iri=learning.xapi_activity_iri, activity_name="Data"
            )
    aggregates_rebuild()
    admin = make_user("administrator")
    b = gap_dashboard(user=admin, filters=Filters(version=framework["version"], organisation=population["orgs"]["b"]))
    activity = next(t for t in b["tables"] if t.slug == "activity")
    assert activity.rows[0][1:] == ["[c]", "0"]
    # Agency A1 alone: p1 and p2 started (10 people), p1 completed (5): shown.
    a1 = gap_dashboard(user=admin, filters=Filters(version=framework["version"], organisation=population["orgs"]["a1"]))
    assert next(t for t in a1["tables"] if t.slug == "activity").rows[0][1:] == ["10", "5"]
