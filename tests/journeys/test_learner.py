"""A new learner's whole journey, keyboard only: sign up, verify, set a goal, self-assess, see the gap, get a pathway,
plan it; then course content reports a completion over xAPI and the plan and the gap move."""

import re
import uuid

import pytest
import requests
from django.core import mail

from tests.browser.harness import tab_to

from .conftest import assert_at, focus_and_press, reload_until, success_banner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-enough-password-77"
EMAIL = "robin.newcomer@dwp.gov.uk"
LEVELS = ["None", "Awareness", "Working", "Practitioner", "Expert"]


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose_in_select(page, selector: str, option_text: str) -> None:
    """Keyboard only: focus the <select> and type the start of an option (the browser's type-ahead)."""
    tab_to(page, selector)
    page.keyboard.type(option_text)
    chosen = page.eval_on_selector(selector, "el => el.options[el.selectedIndex].text")
    assert chosen.startswith(option_text), f"{selector}: typing {option_text!r} chose {chosen!r}"


def choose_radio(page, name: str, level: int) -> None:
    """Keyboard only: Tab into the radio group, Space to pick the first option, arrow down to the level."""
    tab_to(page, f"input[type=radio][name={name}]")
    page.keyboard.press("Space")
    for _ in range(level):
        page.keyboard.press("ArrowDown")
    assert page.eval_on_selector(f"input[name={name}]:checked", "el => el.value") == str(level)


def table_rows(page, caption_or_selector: str = "main table") -> list[list[str]]:
    return page.eval_on_selector(
        caption_or_selector,
        "t => [...t.querySelectorAll('tbody tr')].map(r => [...r.children].map(c => c.innerText.trim()))",
    )


def test_learner_signs_up_plans_and_progress_arrives_over_xapi(demo, browser_page, checks):
    site, page = demo, browser_page
    from courses.models import CoursePage
    from learning_records.services import lrs_client_create
    from people.models import LearnerProfile, SkillAssessment, User

    # --- Sign up: a refused domain is told why; nothing is created and no email is sent. ---
    page.goto(site.url("/accounts/signup/"))
    checks.check("Sign up")
    type_into(page, "#id_email", "robin.newcomer@example.com")
    type_into(page, "#id_password1", PASSWORD)
    type_into(page, "#id_password2", PASSWORD)
    focus_and_press(page, "main button[type=submit]")
    summary = page.locator(".govuk-error-summary")
    assert "You can only sign up with a government work email address" in summary.inner_text()
    assert page.title().startswith("Error:")
    checks.check("Sign up with errors")
    assert not User.objects.filter(email="robin.newcomer@example.com").exists()
    assert mail.outbox == []

    # The error summary's link takes the keyboard to the field; the learner corrects it and signs up.
    focus_and_press(page, ".govuk-error-summary a[href='#id_email']", navigates=False)
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.keyboard.press("Control+A")
    page.keyboard.type(EMAIL)
    type_into(page, "#id_password1", PASSWORD)
    type_into(page, "#id_password2", PASSWORD)
    focus_and_press(page, "main button[type=submit]")
    assert "/accounts/confirm-email/" in page.url
    checks.check("Verification sent")
    user = User.objects.get(email=EMAIL)
    assert user.groups.filter(name="Learner").exists()

    # --- Verify the email from the link in the outbox. ---
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [EMAIL]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(site.url(link.group(1)))
    checks.check("Confirm email")
    focus_and_press(page, "main button[type=submit]")
    assert user.emailaddress_set.get(email=EMAIL).verified

    # --- My skills: set organisation, grade, current and target role level. ---
    page.goto(site.url("/pathways/"))
    checks.check("My skills dashboard")
    focus_and_press(page, "main a", text="Choose a target role level")
    assert_at(page, "/pathways/profile/")
    checks.check("Your role and goal")
    choose_in_select(page, "#id_organisation", "Department for Work and Pensions")
    choose_in_select(page, "#id_profession", "Digital and Data")
    choose_in_select(page, "#id_grade", "Higher Executive Officer")
    choose_in_select(page, "#id_current_role_level", "Data: Data analyst")
    choose_in_select(page, "#id_target_role_level", "Data: Data scientist")
    focus_and_press(page, "main button[type=submit]", text="Save")
    assert "Your profile has been saved." in success_banner(page)
    profile = LearnerProfile.objects.get(user=user)
    assert (profile.organisation.slug, profile.grade.code) == ("department-for-work-pensions", "HEO")
    assert (profile.current_role_level.slug, profile.target_role_level.slug) == ("data-analyst", "data-scientist")

    # --- Self-assess every skill the two role levels need (Working, and Practitioner in data ethics). ---
    focus_and_press(page, "main a", text="Assess your skills")
    checks.check("Assess your skills")
    groups = page.eval_on_selector_all(
        "main fieldset", "fs => fs.map(f => [f.querySelector('input').name, f.querySelector('legend').innerText])"
    )
    assert len(groups) == 7  # 4 skills for Data analyst, 4 for Data scientist, Data ethics and privacy in both
    for name, legend in groups:
        choose_radio(page, name, 3 if "Data ethics" in legend else 2)
    focus_and_press(page, "main button[type=submit]", text="Save your assessment")
    assert "Your self-assessment has been saved (7 changed)." in success_banner(page)
    assert SkillAssessment.objects.filter(user=user).count() == 7

    # --- The gap: Data scientist needs four skills at Practitioner; one is met, three are a level short. ---
    assert_at(page, "/pathways/gap/")
    checks.check("Skills gap")
    gap_before = {row[0]: row for row in table_rows(page)}
    assert set(gap_before) == {
        "Applied maths, statistics and scientific practices",
        "Data engineering",
        "Data ethics and privacy",
        "Data science innovation",
    }
    assert gap_before["Data ethics and privacy"][2] == "Practitioner"
    statuses_before = {name: row[-1] for name, row in gap_before.items()}
    assert statuses_before["Data ethics and privacy"] != statuses_before["Data engineering"]

    # --- A pathway, every step explained; the learner ticks the steps and adds them to their plan. ---
    page.goto(site.url("/pathways/"))
    focus_and_press(page, "main a", text="Get a pathway to Data scientist")
    checks.check("Pathway")
    steps = page.locator("ol.app-pathway-steps > li")
    assert steps.count() >= 2  # one course may teach several of the three skills
    for index in range(steps.count()):
        assert steps.nth(index).locator("p.govuk-body").inner_text().strip(), "every step explains itself"
    boxes = page.locator("input[type=checkbox][name=course]")
    assert boxes.count() == steps.count(), "each step can be chosen on its own (checkboxes, not radios)"
    for index in range(boxes.count()):
        tab_to(page, f"input[type=checkbox][name=course][value='{boxes.nth(index).get_attribute('value')}']")
        page.keyboard.press("Space")
    total = boxes.count()
    assert page.locator("input[name=course]:checked").count() == total
    focus_and_press(page, "main button[type=submit]", text="Add chosen steps to my plan")
    assert_at(page, "/pathways/plan/")
    assert f"{total} courses added to your plan." in success_banner(page)
    checks.check("Learning plan")
    assert f"0 of {total} courses completed" in page.inner_text("main")

    # --- Course content reports a completion with its own LRS credential (HTTP Basic, xAPI 1.0.3). ---
    plan = table_rows(page, "main table")
    first_title = plan[0][0]
    course = CoursePage.objects.get(title=first_title)
    taught = {cs.skill.name: cs.level for cs in course.skills_taught.select_related("skill")}
    issued = lrs_client_create(name="Course content (journey)")
    response = requests.post(
        site.url("/xapi/statements"),
        json={
            "id": str(uuid.uuid4()),
            "actor": {"objectType": "Agent", "mbox": f"mailto:{EMAIL}"},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-GB": "completed"}},
            "object": {"objectType": "Activity", "id": course.xapi_activity_iri},
            "result": {"completion": True},
        },
        auth=(issued.key, issued.secret),
        headers={"X-Experience-API-Version": "1.0.3"},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    wrong = requests.post(
        site.url("/xapi/statements"),
        json={},
        auth=(issued.key, "not-the-secret"),
        headers={"X-Experience-API-Version": "1.0.3"},
        timeout=30,
    )
    assert wrong.status_code == 401

    # --- The plan's progress and the gap update from the record. ---
    reload_until(page, f"1 of {total} courses completed")
    checks.check("Learning plan after progress")
    row = next(r for r in table_rows(page, "main table") if r[0] == first_title)
    assert row[1] == "Completed"
    page.goto(site.url("/pathways/gap/"))
    checks.check("Skills gap after progress")
    gap_after = {row[0]: row for row in table_rows(page)}
    evidenced = [name for name in gap_after if name in taught]
    assert evidenced, f"{first_title} teaches {taught}, none of which Data scientist needs"
    for name in evidenced:
        assert gap_after[name][4] == LEVELS[taught[name]], gap_after[name]
    improved = [n for n in evidenced if taught[n] >= 3]
    assert improved, f"{first_title} teaches {taught}: the pathway's first step should close a Practitioner gap"
    for name in improved:
        assert gap_after[name][-1] == statuses_before["Data ethics and privacy"], "a met skill is shown as met"
    checks.assert_clean()
