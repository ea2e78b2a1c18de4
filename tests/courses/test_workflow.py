"""Moderation: a curator drafts and submits, a second curator approves, which publishes. Scheduling works."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PagePermissionTester

from courses.models import CoursePage
from courses.tasks import publish_scheduled

pytestmark = pytest.mark.django_db


@pytest.fixture
def curators(make_user, catalogue):
    from courses.services import catalogue_workflow_ensure

    first, second = (
        make_user("curator", email="casey@example.gov.uk"),
        make_user("curator", email="charlie@example.gov.uk"),
    )
    catalogue_workflow_ensure(index=catalogue)
    return first, second


def draft(catalogue, make_course, user):
    course = make_course(title="Data modelling basics", publish=False)
    course.save_revision(user=user)
    return CoursePage.objects.get(pk=course.pk)


def test_curators_can_draft_but_not_publish(curators, catalogue, make_course):
    first, _ = curators
    course = draft(catalogue, make_course, first)
    tester = PagePermissionTester(first, course)
    assert tester.can_edit() and not tester.can_publish()
    assert PagePermissionTester(first, catalogue).can_add_subpage()
    assert not PagePermissionTester(first, catalogue).can_publish_subpage()


def test_draft_submit_second_curator_approves_then_it_is_published(client, curators, catalogue, make_course):
    first, second = curators
    course = draft(catalogue, make_course, first)
    workflow = course.get_workflow()
    assert workflow is not None and workflow.name == "Course moderation"
    workflow.start(course, first)
    course.refresh_from_db()
    state = course.current_workflow_task_state
    task = state.task.specific

    assert task.get_actions(course, first) == []  # the submitter cannot approve their own course
    with pytest.raises(PermissionDenied):
        task.on_action(state, first, "approve")
    client.force_login(first)
    url = reverse("wagtailadmin_pages:workflow_action", args=(course.pk, "approve", state.pk))
    assert client.post(url).status_code in (302, 403)  # Wagtail answers a refusal with a redirect and message
    course.refresh_from_db()
    assert not course.live

    assert [a[0] for a in task.get_actions(course, second)][:2] == ["reject", "approve"]
    assert task.get_task_states_user_can_moderate(second).filter(pk=state.pk).exists()
    assert not task.get_task_states_user_can_moderate(first).filter(pk=state.pk).exists()
    task.on_action(state, second, "approve")
    course.refresh_from_db()
    assert course.live and client.get(course.url).status_code == 200


def test_second_curator_can_request_changes(curators, catalogue, make_course):
    first, second = curators
    course = draft(catalogue, make_course, first)
    course.get_workflow().start(course, first)
    course.refresh_from_db()
    state = course.current_workflow_task_state
    state.task.specific.on_action(state, second, "reject")
    course.refresh_from_db()
    assert not course.live
    assert course.current_workflow_state.status == "needs_changes"


def test_scheduled_publishing_and_expiry(curators, catalogue, make_course):
    first, _ = curators
    course = make_course(title="Scheduled course", publish=False)
    course.go_live_at = timezone.now() + dt.timedelta(days=1)
    revision = course.save_revision(user=first)
    revision.publish()
    course.refresh_from_db()
    assert not course.live and revision.approved_go_live_at is not None

    # The go-live time arrives.
    past = timezone.now() - dt.timedelta(minutes=1)
    revision.refresh_from_db()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    publish_scheduled()
    course.refresh_from_db()
    assert course.live

    CoursePage.objects.filter(pk=course.pk).update(expire_at=timezone.now() - dt.timedelta(minutes=1))
    publish_scheduled()
    course.refresh_from_db()
    assert not course.live and course.expired
