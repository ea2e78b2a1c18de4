"""A line manager confirms one report's self-assessment and adjusts a level, keyboard only; they cannot open anyone
else's, and the learner sees the confirmed levels beside their own."""

import pytest

from tests.browser.harness import tab_to

from .conftest import focus_and_press, sign_in_with_keyboard, success_banner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def table_by_first_cell(page, selector="main table") -> dict[str, list[str]]:
    rows = page.eval_on_selector(
        selector, "t => [...t.querySelectorAll('tbody tr')].map(r => [...r.children].map(c => c.innerText.trim()))"
    )
    return {row[0]: row for row in rows}


@pytest.fixture
def team(demo, make_user):
    """The demo learner (Sam, managed by the demo manager) has self-assessed for a move from Data analyst to
    Data scientist; another learner in the same organisation has a different line manager."""
    from framework.models import FrameworkVersion, RoleLevel, RoleLevelSkill
    from people.models import LearnerProfile, User
    from people.services import learner_profile_update, skill_assessments_record

    version = FrameworkVersion.objects.get(status=FrameworkVersion.Status.CURRENT)
    current = RoleLevel.objects.get(version=version, slug="data-analyst")
    target = RoleLevel.objects.get(version=version, slug="data-scientist")
    sam = User.objects.get(email="learner@example.gov.uk")
    learner_profile_update(user=sam, current_role_level=current, target_role_level=target)
    skills = {rls.skill for rls in RoleLevelSkill.objects.filter(role_level__in=[current, target])}
    skill_assessments_record(user=sam, levels=dict.fromkeys(skills, 2))

    other_manager = make_user("line_manager", name="Olu Othermanager")
    stranger = make_user("learner", name="Kim Stranger")
    LearnerProfile.objects.create(user=stranger, line_manager=other_manager, target_role_level=target)
    skill_assessments_record(user=stranger, levels=dict.fromkeys(skills, 1))
    return {"sam": sam, "stranger": stranger, "skills": {s.name: s for s in skills}}


def test_line_manager_confirms_and_adjusts_a_reports_assessment(demo, team, browser_page, checks, new_context):
    site, page = demo, browser_page
    from people.models import SkillAssessment, User

    manager = User.objects.get(email="manager@example.gov.uk")
    sign_in_with_keyboard(site, page, manager.email)

    # The header's navigation leads to their team; their report is listed, the other person is not.
    page.goto(site.url("/"))
    focus_and_press(page, "a", text="My team")
    assert page.url.endswith("/pathways/team/")
    checks.check("My team")
    team_rows = table_by_first_cell(page)
    assert list(team_rows) == ["Sam Learner"]
    assert team_rows["Sam Learner"][1] == "Data scientist"

    focus_and_press(page, "main a", text="Sam Learner")
    checks.check("A direct report")
    assert page.locator("h1").inner_text() == "Sam Learner"
    assert "They assessed Working." in page.inner_text("main form")

    # Confirm every level as assessed, but adjust Data ethics and privacy down to Awareness (keyboard only:
    # Tab lands on the checked radio, the arrow key moves the choice).
    adjusted = team["skills"]["Data ethics and privacy"]
    name = f"skill_{adjusted.pk}"
    tab_to(page, f"input[type=radio][name={name}]:checked", max_tabs=150)
    page.keyboard.press("ArrowUp")
    assert page.eval_on_selector(f"input[name={name}]:checked", "el => el.value") == "1"
    focus_and_press(page, "main button[type=submit]", text="Confirm assessment")
    assert "You confirmed 7 assessments." in success_banner(page)
    checks.check("A direct report after confirming")

    sam = team["sam"]
    confirmed = {
        a.skill.name: (a.self_level, a.manager_level, a.manager_id) for a in SkillAssessment.objects.filter(user=sam)
    }
    assert confirmed["Data ethics and privacy"] == (2, 1, manager.pk)
    assert all(value == (2, 2, manager.pk) for key, value in confirmed.items() if key != "Data ethics and privacy")
    gap = table_by_first_cell(page, "main table")
    assert gap["Data ethics and privacy"][2:4] == ["Working", "Awareness"]  # theirs and the manager's, side by side

    # Someone else's report: the same page for another person's id is not found, and says nothing about them.
    stranger = team["stranger"]
    response = page.goto(site.url(f"/pathways/team/{stranger.pk}/"))
    assert response.status == 404
    assert "Kim Stranger" not in page.inner_text("body")
    checks.check("Page not found")
    response = page.goto(site.url("/pathways/team/999999/"))
    assert response.status == 404
    assert SkillAssessment.objects.filter(user=stranger, manager_level__isnull=False).count() == 0

    # A learner who manages nobody cannot open the team pages at all.
    learner_page = new_context()
    sign_in_with_keyboard(site, learner_page, stranger.email, password="a-long-test-password")
    response = learner_page.goto(site.url(f"/pathways/team/{sam.pk}/"))
    assert response.status == 403
    assert "Sam Learner" not in learner_page.inner_text("body")
    checks.check("Forbidden", page=learner_page)

    # Sam sees the confirmed level beside their own on their gap.
    sam_page = new_context()
    sign_in_with_keyboard(site, sam_page, sam.email)
    sam_page.goto(site.url("/pathways/gap/"))
    checks.check("Skills gap", page=sam_page)
    sam_gap = table_by_first_cell(sam_page)
    assert sam_gap["Data ethics and privacy"][2:4] == ["Working", "Awareness"]
    assert sam_gap["Data engineering"][2:4] == ["Working", "Working"]
    checks.assert_clean()
