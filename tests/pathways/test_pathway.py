"""Pathway generation over real course pages, the LRS and curated pathways; the plan and its progress."""

import pytest
from django.urls import reverse

from pathways.models import CuratedPathwayPage, PathwayIndexPage, PlanItem
from pathways.services import pathway_generate
from people.models import LearnerProfile, Organisation

pytestmark = pytest.mark.django_db


def titles(pathway):
    return [step.course.title for step in pathway.steps]


def complete(client_lrs, user, course, timestamp=None):
    """Post a 'completed' statement for the course to the LRS, as e-learning content would."""
    import uuid

    statement = {
        "id": str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": f"mailto:{user.email}"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-GB": "completed"}},
        "object": {"objectType": "Activity", "id": course.xapi_activity_iri},
    }
    if timestamp:
        statement["timestamp"] = timestamp
    response = client_lrs.post("/xapi/statements", statement)
    assert response.status_code == 200, response.content


@pytest.fixture
def lrs(db):
    from learning_records.services import lrs_client_create
    from tests.learning_records.conftest import LRS

    issued = lrs_client_create(name="Course content", scopes=["all"])
    return LRS(issued.key, issued.secret)


def test_pathway_covers_every_gap_with_prerequisites_first(learner, catalogue):
    gap, pathway = pathway_generate(user=learner)
    assert gap.gap + gap.close == 4
    assert pathway.covers_everything
    steps = titles(pathway)
    assert set(steps) == {
        "Data modelling fundamentals",
        "Analysis basics",
        "Advanced analysis",
        "Programming for everyone",
        "Agile awareness express",
    }
    assert steps.index("Analysis basics") < steps.index("Advanced analysis")
    by_title = {s.course.title: s for s in pathway.steps}
    assert "“Advanced analysis” lists it as a prerequisite" in by_title["Analysis basics"].explanation
    assert by_title["Data modelling fundamentals"].explanation == (
        "Teaches Data modelling to Working, which Data engineer needs at Working; you have not assessed it yet."
    )


def test_cost_option_prefers_free_courses(learner, catalogue):
    _, pathway = pathway_generate(user=learner, optimise="cost")
    assert "Agile awareness" in titles(pathway) and "Agile awareness express" not in titles(pathway)
    assert pathway.total_cost_pence == 0


def test_audience_limits_exclude_and_include(learner, catalogue):
    _, pathway = pathway_generate(user=learner)
    assert "Programming at HMRC" not in titles(pathway)
    assert pathway.closed_to_you >= 1
    LearnerProfile.objects.filter(user=learner).update(
        organisation=Organisation.objects.get(slug="valuation-office-agency")
    )
    _, pathway = pathway_generate(user=learner)
    assert "Programming at HMRC" in titles(pathway)  # VOA sits inside HMRC
    assert "Programming for everyone" not in titles(pathway)


def test_completed_courses_are_skipped_and_count_as_evidence(
    learner, catalogue, lrs, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete(lrs, learner, catalogue["basics"])
        complete(lrs, learner, catalogue["modelling"])
    gap, pathway = pathway_generate(user=learner)
    row = next(r for r in gap.rows if r.skill_slug == "data-modelling")
    assert (row.evidenced, row.status) == (2, "met")
    assert "Data modelling fundamentals" not in titles(pathway)
    assert "Analysis basics" not in titles(pathway)  # its prerequisite role is already satisfied
    assert "Advanced analysis" in titles(pathway)


def test_unreachable_gap_is_stated_plainly(client, learner, catalogue, framework):
    LearnerProfile.objects.filter(user=learner).update(target_role_level=framework["levels"]["senior-data-engineer"])
    _, pathway = pathway_generate(user=learner)
    unreachable = {u.need.skill_slug: u for u in pathway.unreachable}
    assert set(unreachable) == {"stakeholder-relationship-management", "data-modelling", "programming-and-build"}
    client.force_login(learner)
    html = client.get(reverse("pathways:pathway")).content.decode()
    assert "The catalogue cannot close 3 of your gaps" in html
    assert "No course in the catalogue that you can take teaches Stakeholder relationship management to Working" in html


@pytest.fixture
def curated(home_page, catalogue, framework):
    index = PathwayIndexPage(title="Role pathways", slug="role-pathways")
    home_page.add_child(instance=index)
    page = CuratedPathwayPage(
        title="Delivery manager to data engineer",
        slug="delivery-manager-to-data-engineer",
        summary="A route L&D recommends.",
        from_role_level=framework["levels"]["delivery-manager"],
        target_role_level=framework["levels"]["data-engineer"],
        steps=[
            (
                "step",
                {
                    "course": catalogue["basics"],
                    "alternatives": [],
                    "note": "Start with the basics.",
                    "optional": False,
                },
            ),
            (
                "step",
                {
                    "course": catalogue["hmrc"],
                    "alternatives": [catalogue["programming"]],
                    "note": "",
                    "optional": False,
                },
            ),
        ],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_curated_pathway_is_offered_first_when_it_fits(client, learner, curated, framework):
    client.force_login(learner)
    html = client.get(reverse("pathways:pathway")).content.decode()
    assert "Recommended by learning and development teams" in html
    assert html.index("Delivery manager to data engineer") < html.index("Or a pathway built for you")
    assert "Its steps close 1 of your 4 gaps." in html  # the offer explains how far it goes
    # Another move: not offered.
    LearnerProfile.objects.filter(user=learner).update(target_role_level=framework["levels"]["senior-data-engineer"])
    assert "Delivery manager to data engineer" not in client.get(reverse("pathways:pathway")).content.decode()


def test_curated_pathway_steps_added_only_as_chosen(client, learner, curated, catalogue):
    client.force_login(learner)
    page = client.get(curated.url).content.decode()
    assert "Start with the basics." in page and "Programming for everyone" in page
    response = client.post(
        reverse("pathways:curated_add", args=[curated.pk]), {"course": [catalogue["programming"].pk]}
    )
    assert response.status_code == 302
    items = list(PlanItem.objects.filter(user=learner))
    assert [i.course_title for i in items] == ["Programming for everyone"]
    assert items[0].source == "curated"


def test_nothing_is_added_without_the_learner_choosing(client, learner, catalogue):
    client.force_login(learner)
    client.post(reverse("pathways:pathway_add"), {"optimise": "time"})
    assert not PlanItem.objects.filter(user=learner).exists()
    client.get(reverse("pathways:pathway"))
    assert not PlanItem.objects.filter(user=learner).exists()


def test_plan_progress_follows_statements_posted_to_the_lrs(
    client, learner, catalogue, lrs, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    chosen = [catalogue["basics"].pk, catalogue["advanced"].pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pathways:pathway_add"), {"optimise": "time", "course": chosen})
    assert response.status_code == 302
    items = list(PlanItem.objects.filter(user=learner))
    assert [i.course_title for i in items] == ["Analysis basics", "Advanced analysis"]
    assert "prerequisite" in items[0].reason and "Data analysis to Practitioner" in items[1].reason
    html = client.get(reverse("pathways:plan")).content.decode()
    assert html.count("Registered") == 2  # "added to plan" was recorded as an xAPI statement for each

    with django_capture_on_commit_callbacks(execute=True):
        complete(lrs, learner, catalogue["basics"])
    html = client.get(reverse("pathways:plan")).content.decode()
    assert "1 of 2 courses completed" in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("pathways:plan_item", args=[items[1].pk]), {"action": "completed"})
    assert "2 of 2 courses completed" in client.get(reverse("pathways:plan")).content.decode()


def test_target_dates_and_removal(client, learner, catalogue):
    from pathways.services import plan_add_generated

    client.force_login(learner)
    item = plan_add_generated(user=learner, course_ids=[catalogue["modelling"].pk])[0]
    url = reverse("pathways:plan_item", args=[item.pk])
    bad = client.post(url, {"action": "date", "target_date": "31/02/2027"})
    assert "Enter a real date" in bad.content.decode()
    client.post(url, {"action": "date", "target_date": "2020-01-31"})
    item.refresh_from_db()
    assert str(item.target_date) == "2020-01-31"
    assert "(overdue)" in client.get(reverse("pathways:plan")).content.decode()
    client.post(url, {"action": "remove"})
    assert not PlanItem.objects.filter(pk=item.pk).exists()


def test_learners_cannot_touch_each_others_plans(client, learner, catalogue, make_user):
    from pathways.services import plan_add_generated

    item = plan_add_generated(user=learner, course_ids=[catalogue["modelling"].pk])[0]
    client.force_login(make_user("learner"))
    assert client.get(reverse("pathways:plan_item", args=[item.pk])).status_code == 404
    assert client.post(reverse("pathways:plan_item", args=[item.pk]), {"action": "remove"}).status_code == 404


def test_manager_sees_their_reports_plan_and_progress(client, learner, catalogue, make_user):
    from pathways.services import plan_add_generated

    manager = make_user("line_manager")
    LearnerProfile.objects.filter(user=learner).update(line_manager=manager)
    plan_add_generated(user=learner, course_ids=[catalogue["modelling"].pk])
    client.force_login(manager)
    html = client.get(reverse("pathways:report", args=[learner.pk])).content.decode()
    assert "Data modelling fundamentals" in html and "Not started" in html


@pytest.fixture
def agile_yearly_for_dwp(catalogue):
    """Agile awareness becomes required learning for the learner's department, every 12 months."""
    from courses.services import catalogue_cache_invalidate, course_update

    dwp = Organisation.objects.get(slug="department-for-work-pensions")
    course_update(
        course=catalogue["agile"],
        title="Agile awareness",
        required=[{"organisation": dwp, "recurrence_months": 12}],
        publish=True,
    )
    catalogue_cache_invalidate()
    return catalogue["agile"]


def test_required_learning_is_due_again_after_its_recurrence(
    client, learner, agile_yearly_for_dwp, lrs, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    html = client.get(reverse("pathways:plan")).content.decode()
    assert "Every 12 months" in html and "To do" in html
    with django_capture_on_commit_callbacks(execute=True):
        complete(lrs, learner, agile_yearly_for_dwp)
    html = client.get(reverse("pathways:plan")).content.decode()
    assert "Up to date" in html


def test_recurring_required_learning_is_renewed_by_completing_it_again(
    client, learner, agile_yearly_for_dwp, lrs, django_capture_on_commit_callbacks
):
    """The course's status stays "completed" when it is done again a year on; the new completion still counts."""
    import datetime as dt

    from django.utils import timezone

    client.force_login(learner)
    long_ago = (timezone.now() - dt.timedelta(days=400)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        complete(lrs, learner, agile_yearly_for_dwp, timestamp=long_ago)
    html = client.get(reverse("pathways:plan")).content.decode()
    assert "Overdue" in html and "Up to date" not in html
    with django_capture_on_commit_callbacks(execute=True):
        complete(lrs, learner, agile_yearly_for_dwp)
    html = client.get(reverse("pathways:plan")).content.decode()
    assert "Up to date" in html and "Overdue" not in html


def test_learner_adds_a_single_course_and_sees_why_it_helps(client, learner, catalogue):
    client.force_login(learner)
    url = reverse("pathways:plan_add_course", args=[catalogue["modelling"].pk])
    page = client.get(url).content.decode()
    assert "Teaches Data modelling to Working, which Data engineer needs at Working" in page
    assert not PlanItem.objects.filter(user=learner).exists()  # looking adds nothing
    client.post(url)
    item = PlanItem.objects.get(user=learner)
    assert item.source == "chosen" and item.reason.startswith("Teaches Data modelling")
    closed = client.get(reverse("pathways:plan_add_course", args=[catalogue["hmrc"].pk])).content.decode()
    assert "limited to another audience" in closed
    assert client.get(reverse("pathways:plan_add_course", args=[999999])).status_code == 404


def test_l_and_d_see_skills_no_course_teaches_as_counts_only(client, learner, catalogue, framework, make_user):
    LearnerProfile.objects.filter(user=learner).update(target_role_level=framework["levels"]["senior-data-engineer"])
    url = reverse("pathways_admin:unmet_demand")
    client.force_login(make_user("curator"))
    html = client.get(url).content.decode()
    assert "Stakeholder relationship management" in html and "No course" in html
    assert "fewer than 5" in html
    assert learner.email not in html and "Sam Learner" not in html
    client.force_login(learner)
    assert client.get(url).status_code in (302, 403)
