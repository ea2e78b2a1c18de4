import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from courses import selectors
from courses.models import CoursePage

pytestmark = pytest.mark.django_db


def test_generate_catalogue_builds_a_valid_page_tree_and_tops_up(client, framework, catalogue, make_course):
    make_course(title="Hand-written course")
    call_command("generate_catalogue", courses=40, batch_size=15, stdout=io.StringIO(), stderr=io.StringIO())
    generated = CoursePage.objects.filter(external_id__startswith="gen-")
    assert generated.count() == 40
    assert all(not problems for problems in Page.find_problems())
    catalogue.refresh_from_db()
    assert catalogue.numchild == 41 == catalogue.get_children().count()
    course = generated.order_by("pk").last()
    assert client.get(course.url).status_code == 200
    assert course.skills_taught.exists()
    assert len(selectors.catalogue_facts().courses) == 41

    call_command("generate_catalogue", courses=45, stdout=io.StringIO(), stderr=io.StringIO())
    assert CoursePage.objects.filter(external_id__startswith="gen-").count() == 45
    # A course added by hand after bulk creation still gets a valid path.
    make_course(title="Another hand-written course")
    assert all(not problems for problems in Page.find_problems())
