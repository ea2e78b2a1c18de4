"""Index maintenance driven by the course lifecycle in Wagtail, through Celery tasks run after commit."""

import pytest
from django.core.management import call_command

from search.query import SearchRequest
from search.services import course_search, get_backend

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", pytest.param("engine", marks=pytest.mark.engine)])
def active_backend(request, settings, db):
    settings.SEARCH_BACKEND = request.param
    if request.param == "engine":
        request.getfixturevalue("engine_prefix")
    return request.param


@pytest.fixture
def courses(active_backend, home_page):
    from courses.services import catalogue_ensure_index
    from tests.courses.factories import framework_version

    framework_version(skills=("Data modelling", "Python"))
    return catalogue_ensure_index()


def found(text):
    return course_search(request=SearchRequest(text=text)).ids


def make(index, title, publish=True, **fields):
    from courses.services import course_create

    return course_create(index=index, title=title, skills=[("python", 2)], publish=publish, **fields)


def test_publish_unpublish_and_delete_update_the_index(courses, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        course = make(courses, "Python for analysts", summary="Notebooks and pandas.")
    assert found("python analysts") == [course.pk]
    document = course_search(request=SearchRequest(text="python analysts")).hits[0].document
    assert document["url"].endswith("/courses/python-for-analysts/")
    assert document["skills"][0]["slug"] == "python"

    with django_capture_on_commit_callbacks(execute=True):
        course.unpublish()
    assert found("python analysts") == []

    with django_capture_on_commit_callbacks(execute=True):
        course.save_revision().publish()
    assert found("python analysts") == [course.pk]

    with django_capture_on_commit_callbacks(execute=True):
        course.delete()
    assert found("python analysts") == []


def test_drafts_are_not_searchable(courses, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make(courses, "Draft python course", publish=False)
    assert found("draft python") == []


def test_nothing_is_indexed_when_the_transaction_rolls_back(courses, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make(courses, "Rolled back python course")
    assert callbacks  # the reindex waits for commit...
    assert found("rolled back") == []  # ...and without a commit nothing reaches the index


def test_moving_a_course_reindexes_its_new_url(courses, home_page, django_capture_on_commit_callbacks):
    from courses.models import CatalogueIndexPage

    with django_capture_on_commit_callbacks(execute=True):
        course = make(courses, "Python moves")
        archive = home_page.add_child(instance=CatalogueIndexPage(title="Archive", slug="archive"))
        course.move(archive, pos="last-child")
    hit = course_search(request=SearchRequest(text="python moves")).hits[0]
    assert hit.document["url"].endswith("/archive/python-moves/")


def test_rebuild_command_swaps_in_a_complete_index(courses, active_backend, django_capture_on_commit_callbacks):
    from search.models import IndexRebuild

    with django_capture_on_commit_callbacks(execute=True):
        make(courses, "Python one")
        make(courses, "Python two")
        make(courses, "Python draft", publish=False)
    backend = get_backend()
    before = backend._current_indices() if active_backend == "engine" else None
    call_command("rebuild_search_index", verbosity=0)
    assert backend.count() == 2
    assert len(found("python")) == 2
    record = IndexRebuild.objects.first()
    assert (record.status, record.documents, record.backend) == ("done", 2, active_backend)
    if active_backend == "engine":
        after = backend._current_indices()
        assert len(after) == 1 and after != before  # a new index behind the alias; the old one is gone
        assert not set(before) & set(after)
