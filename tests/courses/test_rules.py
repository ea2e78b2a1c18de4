"""Audience, required learning and its recurrence, the coverage report and CSV safety, framework remapping."""

import csv
import datetime as dt
import io

import pytest

from courses import reports, selectors
from courses.models import CourseSkill
from people.models import Grade, LearnerProfile, Organisation, Profession

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(reference_data, make_user):
    user = make_user("learner")
    profile, _ = LearnerProfile.objects.get_or_create(user=user)
    profile.organisation = Organisation.objects.get(slug="valuation-office-agency")  # inside HMRC
    profile.profession = Profession.objects.get(slug="digital-and-data")
    profile.grade = Grade.objects.get(code="HEO")
    profile.save()
    return profile


def test_audience_rules(framework, make_course, learner):
    hmrc = Organisation.objects.get(slug="hm-revenue-customs")
    dwp = Organisation.objects.get(slug="department-for-work-pensions")
    heo, g7 = Grade.objects.get(code="HEO"), Grade.objects.get(code="G7")
    policy = Profession.objects.get(slug="policy")
    open_course = make_course(title="Open")
    parent_org = make_course(title="HMRC only", audience={"organisations": [hmrc]})
    other_org = make_course(title="DWP only", audience={"organisations": [dwp]})
    hmrc_heo = make_course(title="HMRC HEOs", audience={"organisations": [hmrc], "grades": [heo]})
    hmrc_g7 = make_course(title="HMRC G7s", audience={"organisations": [hmrc], "grades": [g7]})
    policy_only = make_course(title="Policy profession", audience={"professions": [policy]})

    allowed = {
        c.title
        for c in (open_course, parent_org, other_org, hmrc_heo, hmrc_g7, policy_only)
        if selectors.course_open_to(course=c, profile=learner)
    }
    assert allowed == {"Open", "HMRC only", "HMRC HEOs"}
    # The plain-data form gives the same answers.
    facts = selectors.catalogue_facts().courses
    assert {
        facts[c.pk].title
        for c in (open_course, parent_org, hmrc_g7)
        if selectors.course_open_to(course=facts[c.pk], profile=learner)
    } == {"Open", "HMRC only"}
    assert selectors.course_open_to(course=parent_org, profile=None) is False
    assert selectors.course_open_to(course=open_course, profile=None) is True


def test_required_learning_recurrence(framework, make_course, learner):
    hmrc = Organisation.objects.get(slug="hm-revenue-customs")
    yearly = make_course(title="Security refresher", required=[{"recurrence_months": 12}])
    once = make_course(title="Accessibility essentials", required=[{"profession": learner.profession}])
    make_course(title="Policy only", required=[{"profession": Profession.objects.get(slug="policy")}])
    both = make_course(
        title="Data protection", required=[{"recurrence_months": 24}, {"organisation": hmrc, "recurrence_months": 6}]
    )

    required = {c.title: months for c, months in selectors.required_learning_for(profile=learner)}
    assert required == {"Security refresher": 12, "Accessibility essentials": None, "Data protection": 6}

    today = dt.date(2026, 12, 2)
    completions = {
        yearly.xapi_activity_iri: dt.datetime(2026, 1, 31, 10, 0, tzinfo=dt.UTC),
        once.xapi_activity_iri: dt.date(2019, 5, 1),
        both.xapi_activity_iri: dt.date(2026, 8, 31),
    }
    status = {
        s.course.title: s
        for s in selectors.required_learning_status(profile=learner, completions=completions, today=today)
    }
    assert status["Security refresher"].due == dt.date(2027, 1, 31) and not status["Security refresher"].overdue
    assert status["Accessibility essentials"].due is None and not status["Accessibility essentials"].overdue
    assert status["Data protection"].due == dt.date(2027, 2, 28)  # 31 August + 6 months, clamped to February
    lapsed = selectors.required_learning_status(
        profile=learner, completions={yearly.xapi_activity_iri: dt.date(2025, 11, 30)}, today=today
    )
    by_title = {s.course.title: s for s in lapsed}
    assert by_title["Security refresher"].overdue and by_title["Security refresher"].due == dt.date(2026, 11, 30)
    assert by_title["Data protection"].overdue and by_title["Data protection"].due == today  # never completed


def test_coverage_report_lists_uncovered_skills_first_and_splits_by_provider_type(framework, make_course, provider):
    from courses.models import Provider

    sme = Provider.objects.create(name='=HYPERLINK("http://evil")', slug="sme", provider_type="sme")
    make_course(title="A", skills=[("data-modelling", 2)])
    make_course(title="B", skills=[("data-modelling", 2)], provider=sme)
    make_course(title="C", skills=[("python", 3)], publish=False)

    rows = selectors.coverage_report()
    assert [r["skill_slug"] for r in rows[:8]] == ["python"] * 4 + ["user-research"] * 4
    working = next(r for r in rows if r["skill_slug"] == "data-modelling" and r["level"] == 2)
    assert working["courses"] == 2 and working["by_provider_type"] == {
        "academy": 1,
        "sme": 1,
        "supplier": 0,
        "free_public": 0,
    }

    parsed = list(csv.reader(io.StringIO(reports.coverage_csv(rows))))
    assert parsed[0][:4] == ["Skill", "Skill slug", "Level", "Live courses"]
    assert len(parsed) == 1 + 3 * 4


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", "|calc"])
def test_csv_cells_cannot_become_formulas(value):
    assert reports.csv_safe(value).startswith("'")
    assert reports.csv_safe("Data modelling") == "Data modelling"
    assert reports.csv_safe(-5) == "-5"


def test_coverage_csv_download(client, framework, make_course, make_user):
    from framework.models import Skill

    Skill.objects.filter(slug="python").update(name="=cmd|' /C calc'!A0")
    make_course(title="A")
    client.force_login(make_user("curator"))
    response = client.get("/admin/catalogue/reports/coverage.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "'=cmd|" in body and "\n=cmd" not in body


def test_new_framework_version_remaps_course_skills_by_slug(framework, make_course):
    from framework.models import FrameworkVersion, Skill
    from framework.signals import version_activated

    course = make_course(skills=[("data-modelling", 2), ("user-research", 1)])
    new = FrameworkVersion.objects.create(label="test-2", status="draft")
    kept = Skill.objects.create(version=new, slug="data-modelling", name="Data modelling")
    FrameworkVersion.objects.filter(pk=framework.pk).update(status="archived")
    FrameworkVersion.objects.filter(pk=new.pk).update(status="current")
    version_activated.send(sender=FrameworkVersion, version=new, previous=framework)

    rows = {cs.skill.slug: cs.skill for cs in CourseSkill.objects.filter(course=course).select_related("skill")}
    assert rows["data-modelling"] == kept
    assert rows["user-research"].version_id == framework.pk  # removed from the new version: keeps the old row
    assert [c.id for c in selectors.courses_teaching(skill_slugs=["data-modelling"])] == [course.pk]
