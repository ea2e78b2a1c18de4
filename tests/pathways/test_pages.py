"""Learner and line manager pages: profile, self-assessment, gap, compare, team."""

import pytest
from django.urls import reverse

from people.models import LearnerProfile, SkillAssessment

pytestmark = pytest.mark.django_db


def test_pages_need_sign_in(client):
    for name in ("dashboard", "profile", "assessment", "gap", "compare", "pathway", "plan", "team"):
        response = client.get(reverse(f"pathways:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


def test_learner_sets_profile_with_a_target_in_another_family(client, make_user, framework, reference_data):
    from people.models import Grade, Organisation

    user = make_user("learner")
    client.force_login(user)
    page = client.get(reverse("pathways:profile")).content.decode()
    assert "Product and delivery: Delivery manager" in page and "Data: Senior data engineer" in page
    response = client.post(
        reverse("pathways:profile"),
        {
            "organisation": Organisation.objects.get(slug="home-office").pk,
            "grade": Grade.objects.get(code="SEO").pk,
            "profession": "",
            "current_role_level": "delivery-manager",
            "target_role_level": "senior-data-engineer",
        },
    )
    assert response.status_code == 302
    profile = LearnerProfile.objects.get(user=user)
    assert profile.target_role_level.slug == "senior-data-engineer"
    assert profile.current_role_level.role.family.slug == "product-and-delivery"
    assert profile.grade.code == "SEO"


def test_profile_rejects_an_unknown_role_level(client, learner):
    client.force_login(learner)
    response = client.post(reverse("pathways:profile"), {"target_role_level": "astronaut"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert LearnerProfile.objects.get(user=learner).target_role_level.slug == "data-engineer"


def test_self_assessment_shows_level_descriptions_and_saves(client, learner, framework):
    client.force_login(learner)
    page = client.get(reverse("pathways:assessment")).content.decode()
    assert "Data modelling at Practitioner: you can do level 3 things." in page
    assert "Data engineer (target) needs Working." in page
    assert "User focus" in page  # from the current role level too
    skills = framework["skills"]
    data = {f"skill_{s.pk}": "1" for s in skills.values() if s.slug != "stakeholder-relationship-management"}
    data[f"skill_{skills['data-modelling'].pk}"] = "2"
    response = client.post(reverse("pathways:assessment"), data)
    assert response.status_code == 302
    assert SkillAssessment.objects.get(user=learner, skill=skills["data-modelling"]).self_level == 2
    assert SkillAssessment.objects.filter(user=learner).count() == 5


def test_self_assessment_requires_every_skill_and_changes_nothing_on_error(client, learner, framework):
    client.force_login(learner)
    response = client.post(reverse("pathways:assessment"), {f"skill_{framework['skills']['data-modelling'].pk}": "9"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "Select your level for User focus" in html
    assert not SkillAssessment.objects.filter(user=learner).exists()


def test_gap_page_shows_table_and_summary(client, learner, framework):
    SkillAssessment.objects.create(user=learner, skill=framework["skills"]["data-modelling"], self_level=2)
    client.force_login(learner)
    html = client.get(reverse("pathways:gap")).content.decode()
    assert "You meet 1 of the 4 skills Data engineer needs." in html
    assert "govuk-table" in html and "govuk-tag--green" in html and "govuk-tag--red" in html


def test_gap_for_another_role_level_and_compare(client, learner):
    client.force_login(learner)
    assert (
        "Senior data engineer"
        in client.get(reverse("pathways:gap") + "?role_level=senior-data-engineer").content.decode()
    )
    assert client.get(reverse("pathways:gap") + "?role_level=nope").status_code == 404
    html = client.get(
        reverse("pathways:compare"), {"first": "data-engineer", "second": "delivery-manager", "third": ""}
    ).content.decode()
    assert "Your gaps side by side" in html and "Not needed" in html
    same = client.get(reverse("pathways:compare"), {"first": "data-engineer", "second": "data-engineer"})
    assert "Choose different role levels to compare" in same.content.decode()


@pytest.fixture
def team(make_user, learner, framework):
    manager = make_user("line_manager", name="Morgan Manager")
    other_manager = make_user("line_manager")
    stranger = make_user("learner", name="Someone Else")
    LearnerProfile.objects.filter(user=learner).update(line_manager=manager)
    LearnerProfile.objects.create(user=stranger, line_manager=other_manager)
    SkillAssessment.objects.create(user=learner, skill=framework["skills"]["data-modelling"], self_level=1)
    return {"manager": manager, "other": other_manager, "stranger": stranger}


def test_manager_sees_only_their_own_reports(client, learner, team):
    client.force_login(team["manager"])
    html = client.get(reverse("pathways:team")).content.decode()
    assert "Sam Learner" in html and "Someone Else" not in html
    assert client.get(reverse("pathways:report", args=[learner.pk])).status_code == 200
    assert client.get(reverse("pathways:report", args=[team["stranger"].pk])).status_code == 404


def test_people_without_the_permission_cannot_see_teams(client, learner, team):
    client.force_login(learner)
    assert client.get(reverse("pathways:team")).status_code == 403
    assert client.get(reverse("pathways:report", args=[learner.pk])).status_code == 403


def test_manager_confirms_or_adjusts_and_both_values_are_kept(client, learner, team, framework):
    skill = framework["skills"]["data-modelling"]
    client.force_login(team["manager"])
    page = client.get(reverse("pathways:report", args=[learner.pk])).content.decode()
    assert "They assessed Awareness." in page
    response = client.post(reverse("pathways:report", args=[learner.pk]), {f"skill_{skill.pk}": "2"})
    assert response.status_code == 302
    assessment = SkillAssessment.objects.get(user=learner, skill=skill)
    assert (assessment.self_level, assessment.manager_level, assessment.manager) == (1, 2, team["manager"])
    assert assessment.manager_assessed_at is not None
    assert assessment.level == 2


def test_another_manager_cannot_confirm(client, learner, team, framework):
    skill = framework["skills"]["data-modelling"]
    client.force_login(team["other"])
    response = client.post(reverse("pathways:report", args=[learner.pk]), {f"skill_{skill.pk}": "4"})
    assert response.status_code == 404
    assert SkillAssessment.objects.get(user=learner, skill=skill).manager_level is None


def test_confirm_service_refuses_someone_elses_report(learner, team, framework):
    from django.core.exceptions import PermissionDenied

    from people.services import skill_assessment_confirm

    with pytest.raises(PermissionDenied):
        skill_assessment_confirm(
            manager=team["other"], report=learner, levels={framework["skills"]["data-modelling"]: 3}
        )
