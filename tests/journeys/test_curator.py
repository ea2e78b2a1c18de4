"""L&D curators: one writes a course mapped to a skill in the Wagtail admin and submits it; a second approves; it is
published, found by search and offered on the pathway of a learner who needs that skill. Then a catalogue import
with one bad row is refused with the row named, corrected and imported."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.harness import tab_to

from .conftest import DEMO_PASSWORD, focus_and_press, reload_until, sign_in_with_keyboard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Community collaboration in practice"
SKILL = "Community collaboration"  # no demo course teaches it, so the gap could not be closed before


def type_into(page, selector: str, text: str) -> None:
    """Tab to a field and type into it (keyboard only)."""
    tab_to(page, selector, max_tabs=200)
    page.keyboard.type(text)


def choose_option(page, selector: str, label: str) -> None:
    """Tab to a select and pick an option by typing its label, as a keyboard user does."""
    tab_to(page, selector, max_tabs=200)
    page.keyboard.type(label)
    chosen = page.eval_on_selector(selector, "s => s.options[s.selectedIndex].text.trim()")
    assert chosen.startswith(label), f"typing {label!r} on {selector} chose {chosen!r}"


def choose_skill_in_chooser(page, row: int, skill_name: str) -> None:
    """Wagtail's snippet chooser, keyboard only: open it for the inline row, page through until the skill is
    listed, choose it with Enter."""
    tab_to(page, f"#id_skills_taught-{row}-skill-chooser button", text="Choose skill", max_tabs=200)
    page.keyboard.press("Enter")
    modal = page.locator(".modal-content")
    choice = modal.locator("a[data-chooser-modal-choice]", has_text=skill_name)
    for _ in range(10):
        modal.locator("a[data-chooser-modal-choice]").first.wait_for()
        if choice.count():
            break
        tab_to(page, ".modal-content a", text="Next", max_tabs=200)
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
    tab_to(page, ".modal-content a[data-chooser-modal-choice]", text=skill_name, max_tabs=200)
    page.keyboard.press("Enter")
    page.wait_for_selector(".modal-content", state="detached")
    assert page.inner_text(f"#id_skills_taught-{row}-skill-title").strip() == skill_name


def footer_action(page, label: str, *, selector: str = "footer button") -> None:
    """Open the footer's "More actions" menu and run one of its actions, keyboard only."""
    tab_to(page, "footer button", text="More actions", max_tabs=300)
    page.keyboard.press("Enter")
    tab_to(page, selector, text=label, max_tabs=20)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def footer_actions(page) -> list[str]:
    return [text.strip() for text in page.locator("footer button").all_inner_texts() if text.strip()]


@pytest.fixture
def architect(demo, make_user):
    """A learner moving to Technical architect, who has assessed Awareness in every skill it needs."""
    from framework.models import FrameworkVersion, RoleLevel, RoleLevelSkill
    from people.models import LearnerProfile
    from people.services import skill_assessments_record

    version = FrameworkVersion.objects.get(status=FrameworkVersion.Status.CURRENT)
    target = RoleLevel.objects.get(version=version, slug="technical-architect")
    user = make_user("learner", email="ari.architect@hmrc.gov.uk", name="Ari Architect")
    LearnerProfile.objects.create(user=user, target_role_level=target)
    skill_assessments_record(user=user, levels={r.skill: 1 for r in RoleLevelSkill.objects.filter(role_level=target)})
    return user


def test_curators_publish_a_course_through_moderation_and_learners_find_it(
    demo, architect, browser_page, checks, new_context
):
    site, page = demo, browser_page
    from courses.models import CatalogueIndexPage, CoursePage

    index = CatalogueIndexPage.objects.get()

    # Before: the learner's pathway says the catalogue cannot close their Community collaboration gap.
    learner = new_context()
    sign_in_with_keyboard(site, learner, architect.email, password="a-long-test-password")
    learner.goto(site.url("/pathways/pathway/"))
    checks.check("Pathway", page=learner)
    assert "The catalogue cannot close 1 of your gap" in learner.inner_text("main")
    assert SKILL in learner.locator("main ul.govuk-list--bullet").first.inner_text()

    # The first curator writes the course in the Wagtail admin and submits it for moderation.
    sign_in_with_keyboard(site, page, "curator@example.gov.uk")
    # Keyboard only, from the first field to the submit action.
    page.goto(site.url(f"/admin/pages/add/courses/coursepage/{index.pk}/"))
    type_into(page, "#id_title", TITLE)
    type_into(page, "#id_summary", "Take part in and grow communities of practice across government.")
    type_into(page, "#id_duration_minutes", "90")
    tab_to(page, "#id_skills_taught-ADD", max_tabs=200)
    page.keyboard.press("Enter")
    choose_skill_in_chooser(page, 0, SKILL)
    level_label = page.eval_on_selector("#id_skills_taught-0-level", "s => s.querySelector('option[value=\"2\"]').text")
    choose_option(page, "#id_skills_taught-0-level", level_label.strip())
    assert page.eval_on_selector("#id_skills_taught-0-level", "s => s.value") == "2"
    assert "Publish" not in footer_actions(page)  # curators cannot publish on their own
    footer_action(page, "Submit", selector="footer button[name=action-submit]")
    assert "submitted for moderation" in page.inner_text(".messages")
    course = CoursePage.objects.get(title=TITLE)
    assert not course.live and course.current_workflow_state.status == "in_progress"

    # Nobody outside the admin can see the draft yet.
    anonymous = new_context()
    assert anonymous.goto(site.url(course.url or f"/courses/{course.slug}/")).status == 404
    anonymous.goto(site.url("/search/?q=community+collaboration"))
    assert TITLE not in anonymous.inner_text("main")

    # The submitter cannot approve their own course.
    page.goto(site.url(f"/admin/pages/{course.pk}/edit/"))
    assert not [a for a in footer_actions(page) if a.startswith("Approve")]

    # A second curator finds it awaiting their review and approves it, which publishes it.
    second = new_context()
    sign_in_with_keyboard(site, second, "curator2@example.gov.uk", password=DEMO_PASSWORD)
    second.goto(site.url("/admin/"))
    focus_and_press(second, "main a", text=TITLE)
    second.wait_for_url(f"**/admin/pages/{course.pk}/edit/")
    footer_action(second, "Approve and Publish")
    assert "permission" not in second.inner_text("body").lower()
    course.refresh_from_db()
    assert course.live, "the second curator's approval should publish the course"

    # Anyone finds it with the header search (keyboard only) and reads the course page.
    anonymous.goto(site.url("/"))
    tab_to(anonymous, "#app-header-search-q")
    anonymous.keyboard.type("community collaboration")
    with anonymous.expect_navigation():
        anonymous.keyboard.press("Enter")
    reload_until(anonymous, TITLE)  # at once here; after the indexing task with a real worker and engine
    checks.check("Search results", page=anonymous)
    focus_and_press(anonymous, "main a", text=TITLE)
    checks.check("Course page", page=anonymous)
    assert anonymous.locator("h1").inner_text().strip() == TITLE
    assert SKILL in anonymous.inner_text("main")

    # The learner who needs the skill now gets it on their pathway, with the reason.
    reload_until(learner, TITLE)
    checks.check("Pathway with the new course", page=learner)
    step = learner.locator("ol.app-pathway-steps > li", has_text=TITLE)
    assert step.count() == 1
    assert SKILL in step.inner_text()
    assert "The catalogue cannot close" not in learner.inner_text("main")
    checks.assert_clean()


CSV_HEADER = "external_id,title,format,cost,booking_url,skills,review_by\r\n"
GOOD_ROW = "NDW-1,Data pipelines with Python,virtual_classroom,395.00,https://example.org/ndw1,data-engineering:working,2027-06-30\r\n"
BAD_ROW = "NDW-2,Data quality clinic,e_learning,,https://example.org/ndw2,data-quallity:awareness,\r\n"
FIXED_ROW = BAD_ROW.replace("data-quallity", "data-management")


def upload(page, site, provider_name: str, content: str) -> None:
    """The import form, keyboard only: the provider by typing its name, the file through the chooser that Enter opens
    on the focused file input (the one step a keyboard user hands to the operating system's dialog)."""
    page.goto(site.url("/admin/catalogue/import/"))
    choose_option(page, "#id_provider", provider_name)
    tab_to(page, "#id_file", max_tabs=20)
    # Enter on the focused input opens the chooser. Playwright starts intercepting the chooser asynchronously, so
    # a press that races ahead of it opens nothing here; press again (a person would too).
    for attempt in range(3):
        try:
            with page.expect_file_chooser(timeout=5000) as chooser:
                page.keyboard.press("Enter")
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    chooser.value.set_files(
        files=[{"name": "northern-data-works.csv", "mimeType": "text/csv", "buffer": content.encode()}]
    )
    focus_and_press(page, "main button[type=submit]", text="Check the file")


def test_curator_imports_a_catalogue_after_fixing_the_bad_row(demo, browser_page, checks):
    site, page = demo, browser_page
    from courses.models import CoursePage, CourseSkill, Provider

    provider = Provider.objects.get(slug="northern-data-works")
    before = CoursePage.objects.filter(provider=provider).count()
    sign_in_with_keyboard(site, page, "curator@example.gov.uk")

    upload(page, site, provider.name, CSV_HEADER + GOOD_ROW + BAD_ROW)
    assert "Nothing has been imported" in page.inner_text("main")
    checks.check("Import with a row error (our content in the admin)", page=page, include=["main .nice-padding"])
    errors = page.eval_on_selector(
        "main table", "t => [...t.querySelectorAll('tbody tr')].map(r => [...r.children].map(c => c.innerText.trim()))"
    )
    assert len(errors) == 1
    row, column, message = errors[0]
    assert (row, column) == ("3", "skills") and "data-quallity" in message
    assert CoursePage.objects.filter(provider=provider).count() == before

    upload(page, site, provider.name, CSV_HEADER + GOOD_ROW + FIXED_ROW)
    main = page.inner_text("main")
    assert "The file is valid" in main and "Importing it would create 2" in main
    checks.check("Import preview (our content in the admin)", page=page, include=["main .nice-padding"])
    focus_and_press(page, "main button[type=submit]", text="Import 2 courses")
    reload_until(page, "Done: 2 created, 0 updated, 0 unchanged, saved as drafts.")  # a worker may take a moment

    imported = {c.external_id: c for c in CoursePage.objects.filter(provider=provider, external_id__startswith="NDW-")}
    assert set(imported) == {"NDW-1", "NDW-2"}
    assert not any(c.live for c in imported.values())  # curators' imports wait for moderation
    assert {(cs.skill.slug, cs.level) for cs in CourseSkill.objects.filter(course=imported["NDW-2"])} == {
        ("data-management", 1)
    }
    checks.assert_clean()
