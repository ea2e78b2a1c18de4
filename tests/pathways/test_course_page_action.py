"""A learner reading any course page can add it to their plan from there, and sees when it is already in it."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_learner_is_offered_add_to_plan_on_the_course_page(client, learner, catalogue):
    course = catalogue["agile"]
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    add = f"/pathways/plan/add/{course.pk}/"
    assert f'href="{add}"' in html and "Add to my learning plan" in html

    # The link leads to the confirmation page, which explains what the course does for the learner's goal.
    assert client.get(add).status_code == 200
    assert client.post(add).status_code == 302

    html = client.get(course.url).content.decode()
    assert "Add to my learning plan" not in html
    assert "This course is in your learning plan." in html and 'href="/pathways/plan/"' in html


def test_someone_signed_out_is_asked_to_sign_in_first_and_comes_back_to_the_add_page(client, catalogue):
    course = catalogue["agile"]
    html = client.get(course.url).content.decode()
    assert "Sign in to add this course to your learning plan" in html
    assert f"/accounts/login/?next=%2Fpathways%2Fplan%2Fadd%2F{course.pk}%2F" in html


def test_the_plan_summary_counts_with_the_same_words_as_the_status_tags():
    from pathways.selectors import PlanRow, plan_summary

    rows = [
        PlanRow(item=None, status=s, status_label="", colour="", overdue=False)
        for s in ("completed", "passed", "in_progress", "registered", "registered", "failed", "not_started")
    ]
    assert plan_summary(rows) == {
        "total": 7,
        "completed": 2,
        "in_progress": 1,
        "registered": 2,
        "failed": 1,
        "overdue": 0,
    }
