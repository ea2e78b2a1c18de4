"""The contract other apps use: identity, course progress, skill evidence, aggregates, platform events, signal."""

import itertools
import uuid

import pytest
from django.conf import settings

from learning_records import selectors, services
from learning_records.signals import progress_changed

from .conftest import statement

ADL = "http://adlnet.gov/expapi/verbs/"
COURSE = "http://testserver/courses/data-basics"


def about(user_agent, verb, result=None, activity=COURSE, **extra):
    data = statement(
        actor=user_agent, verb={"id": ADL + verb}, object={"objectType": "Activity", "id": activity}, **extra
    )
    if result:
        data["result"] = result
    return data


@pytest.fixture
def learner(make_user):
    return make_user("learner", email="learner@example.gov.uk")


def test_agent_for_user_is_an_opaque_stable_account(learner):
    agent = selectors.agent_for_user(learner)
    assert agent["account"]["homePage"] == settings.SITE_BASE_URL
    assert "learner" not in agent["account"]["name"] and str(learner.pk) != agent["account"]["name"]
    assert selectors.agent_for_user(learner) == agent
    assert selectors.user_id_for_agent(agent) == learner.pk
    assert selectors.user_id_for_agent({"mbox": "mailto:Learner@Example.gov.uk"}) == learner.pk
    assert selectors.user_id_for_agent({"mbox": "mailto:someone@else.gov.uk"}) is None


def test_status_climbs_through_the_ranks(lrs, learner):
    agent = selectors.agent_for_user(learner)
    for verb, expected in (
        ("registered", "registered"),
        ("launched", "in_progress"),
        ("completed", "completed"),
        ("passed", "passed"),
    ):
        lrs.post("/xapi/statements", about(agent, verb))
        assert selectors.course_progress_for_user(user_id=learner.pk) == {COURSE: expected}


def test_mbox_statements_resolve_to_the_user(lrs, learner):
    lrs.post("/xapi/statements", about({"mbox": "mailto:learner@example.gov.uk"}, "completed"))
    assert selectors.course_progress_for_user(user_id=learner.pk, activity_iris=[COURSE]) == {COURSE: "completed"}
    assert selectors.course_progress_for_user(user_id=learner.pk, activity_iris=["http://other"]) == {}


def test_result_flags_give_status(lrs, learner):
    agent = selectors.agent_for_user(learner)
    lrs.post("/xapi/statements", about(agent, "answered", {"success": False}))
    assert selectors.course_progress_for_user(user_id=learner.pk) == {COURSE: "failed"}
    lrs.post("/xapi/statements", about(agent, "answered", {"success": True}))
    assert selectors.course_progress_for_user(user_id=learner.pk) == {COURSE: "passed"}


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_status_does_not_depend_on_arrival_order_and_repeats_change_nothing(make_lrs, make_user, order):
    lrs = make_lrs("all")
    user = make_user("learner")
    agent = selectors.agent_for_user(user)
    batch = [about(agent, "launched"), about(agent, "failed"), about(agent, "completed")]
    for index in order:
        lrs.post("/xapi/statements", batch[index])
        lrs.post("/xapi/statements", batch[index])  # the same statement again is a no-op
    assert selectors.course_progress_for_user(user_id=user.pk) == {COURSE: "failed"}


def test_voiding_removes_what_the_statement_gave_and_signals(lrs, learner, django_capture_on_commit_callbacks):
    agent = selectors.agent_for_user(learner)
    started, passed = about(agent, "launched"), about(agent, "passed")
    lrs.post("/xapi/statements", [started, passed])
    received = []

    def handler(sender, **kwargs):
        received.append((kwargs["user_id"], kwargs["activity_iri"], kwargs["status"]))

    progress_changed.connect(handler)
    try:
        void = statement(verb={"id": ADL + "voided"}, object={"objectType": "StatementRef", "id": passed["id"]})
        with django_capture_on_commit_callbacks(execute=True):
            lrs.post("/xapi/statements", void)
    finally:
        progress_changed.disconnect(handler)
    assert selectors.course_progress_for_user(user_id=learner.pk) == {COURSE: "in_progress"}
    assert received == [(learner.pk, COURSE, "in_progress")]


def test_progress_changed_is_sent_only_when_the_status_changes(lrs, learner, django_capture_on_commit_callbacks):
    agent = selectors.agent_for_user(learner)
    received = []

    def handler(sender, **kwargs):
        received.append(kwargs["status"])

    progress_changed.connect(handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            lrs.post("/xapi/statements", about(agent, "launched"))
            lrs.post("/xapi/statements", about(agent, "progressed"))
            lrs.post("/xapi/statements", about(agent, "completed"))
    finally:
        progress_changed.disconnect(handler)
    assert received == ["in_progress", "completed"]


def test_platform_events_record_statements_and_progress(learner):
    services.statement_record_platform_event(
        user=learner, verb="planned", activity_iri=COURSE, activity_name="Data basics"
    )
    assert selectors.course_progress_for_user(user_id=learner.pk) == {COURSE: "registered"}
    services.statement_record_platform_event(
        user=learner, verb="completed", activity_iri=COURSE, activity_name="Data basics"
    )
    assert selectors.course_progress_for_user(user_id=learner.pk) == {COURSE: "completed"}
    from learning_records.models import Statement

    stored = Statement.objects.filter(user=learner).order_by("pk").last().payload
    assert stored["authority"]["account"]["name"] == "platform"
    assert stored["verb"]["display"] == {"en-GB": "marked complete"}


def skill_iri(slug):
    return f"{settings.SITE_BASE_URL}/framework/skills/{slug}"


def test_skill_evidence_from_the_category_convention(lrs, learner):
    agent = selectors.agent_for_user(learner)
    level_ext = f"{settings.SITE_BASE_URL}/xapi/extensions/skill-level"
    working = about(
        agent,
        "passed",
        context={"contextActivities": {"category": [{"id": skill_iri("data-analysis")}]}, "extensions": {level_ext: 2}},
    )
    named = about(
        agent,
        "completed",
        activity="http://testserver/courses/other",
        context={
            "contextActivities": {"category": [{"id": skill_iri("data-analysis")}, {"id": skill_iri("user-research")}]},
            "extensions": {level_ext: "practitioner"},
        },
    )
    default_level = about(
        agent,
        "completed",
        activity="http://testserver/courses/third",
        context={"contextActivities": {"category": [{"id": skill_iri("accessibility")}]}},
    )
    only_started = about(
        agent,
        "launched",
        activity="http://testserver/courses/fourth",
        context={"contextActivities": {"category": [{"id": skill_iri("agile")}]}, "extensions": {level_ext: 4}},
    )
    not_a_skill = about(
        agent,
        "passed",
        activity="http://testserver/courses/fifth",
        context={"contextActivities": {"category": [{"id": "http://elsewhere.example/framework/skills/x"}]}},
    )
    lrs.post("/xapi/statements", [working, named, default_level, only_started, not_a_skill])
    evidence = selectors.skill_evidence_for_user(user_id=learner.pk)
    assert set(evidence) == {"data-analysis", "user-research", "accessibility"}
    assert evidence["data-analysis"].level == 3 and evidence["data-analysis"].statement_id == named["id"]
    assert evidence["data-analysis"].iri == skill_iri("data-analysis")
    assert evidence["accessibility"].level == 1
    # Voiding the strongest evidence falls back to the next.
    lrs.post(
        "/xapi/statements",
        statement(verb={"id": ADL + "voided"}, object={"objectType": "StatementRef", "id": named["id"]}),
    )
    evidence = selectors.skill_evidence_for_user(user_id=learner.pk)
    assert evidence["data-analysis"].level == 2 and "user-research" not in evidence


def test_activity_counts_by_month_counts_distinct_learners(lrs, make_user):
    users = [make_user("learner") for _ in range(3)]
    agents = [selectors.agent_for_user(u) for u in users]
    batch = [
        about(agents[0], "launched", timestamp="2026-03-02T10:00:00Z"),
        about(agents[0], "launched", timestamp="2026-03-05T10:00:00Z"),
        about(agents[1], "launched", timestamp="2026-03-09T10:00:00Z"),
        about(agents[1], "completed", timestamp="2026-04-01T10:00:00Z"),
        about(agents[2], "passed", timestamp="2026-04-02T10:00:00Z"),
        about({"mbox": "mailto:stranger@example.com"}, "launched", timestamp="2026-03-02T10:00:00Z"),
    ]
    lrs.post("/xapi/statements", batch)
    rows = selectors.activity_counts_by_month(user_ids=[u.pk for u in users])
    table = {(r["month"].isoformat()[:7], r["activity_iri"]): (r["starts"], r["completions"]) for r in rows}
    assert table == {("2026-03", COURSE): (2, 0), ("2026-04", COURSE): (0, 2)}
    only_first = selectors.activity_counts_by_month(user_ids=[users[0].pk])
    assert [(r["starts"], r["completions"]) for r in only_first] == [(1, 0)]
    counts = selectors.progress_counts(user_ids=[u.pk for u in users])
    assert counts == {COURSE: {"in_progress": 1, "completed": 1, "passed": 1}}


def test_lrs_does_not_import_courses_or_pathways():
    import pathlib

    root = pathlib.Path(__file__).resolve().parents[2] / "learning_records"
    for path in root.rglob("*.py"):
        text = path.read_text()
        for app in ("courses", "pathways", "insights", "framework"):
            assert f"from {app}" not in text and f"import {app}" not in text, (path, app)


def test_profile_page_documents_the_convention(client, db):
    response = client.get("/xapi/profile/")
    assert response.status_code == 200
    text = response.content.decode()
    assert f"{settings.SITE_BASE_URL}/framework/skills/" in text
    assert f"{settings.SITE_BASE_URL}/xapi/extensions/skill-level" in text
    assert "govuk-table" in text


def test_statement_ids_are_unique_across_platform_events(learner):
    first = services.statement_record_platform_event(
        user=learner, verb="started", activity_iri=COURSE, activity_name="x"
    )
    second = services.statement_record_platform_event(
        user=learner, verb="started", activity_iri=COURSE, activity_name="x"
    )
    assert uuid.UUID(first) != uuid.UUID(second)


def test_completions_for_user_gives_the_latest_completion(lrs, learner):
    agent = selectors.agent_for_user(learner)
    lrs.post(
        "/xapi/statements",
        [
            about(agent, "completed", timestamp="2025-01-10T09:00:00Z"),
            about(agent, "passed", timestamp="2026-02-01T09:00:00Z"),
            about(agent, "launched", timestamp="2026-06-01T09:00:00Z"),
        ],
    )
    completions = selectors.completions_for_user(user_id=learner.pk)
    assert list(completions) == [COURSE]
    assert completions[COURSE].isoformat().startswith("2026-02-01T09:00")
