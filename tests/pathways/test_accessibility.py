"""axe-core finds nothing on the profile, assessment, gap, compare, pathway, plan and team pages; they reflow at 320 px."""

import pytest

from people.models import LearnerProfile, SkillAssessment
from tests.browser.harness import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey(site, learner, catalogue, framework, make_user):
    from pathways.services import curated_pathway_create, plan_add_generated

    manager = make_user("line_manager", name="Morgan Manager")
    LearnerProfile.objects.filter(user=learner).update(line_manager=manager)
    SkillAssessment.objects.create(user=learner, skill=framework["skills"]["data-modelling"], self_level=1)
    curated = curated_pathway_create(
        title="Delivery manager to data engineer",
        target_role_level=framework["levels"]["data-engineer"],
        from_role_level=framework["levels"]["delivery-manager"],
        steps=[{"course": catalogue["basics"], "alternatives": [catalogue["modelling"]], "note": "Start here."}],
    )
    item = plan_add_generated(user=learner, course_ids=[catalogue["modelling"].pk])[0]
    return {"manager": manager, "curated": curated, "item": item}


LEARNER_PAGES = [
    "/pathways/",
    "/pathways/profile/",
    "/pathways/assessment/",
    "/pathways/gap/",
    "/pathways/compare/",
    "/pathways/compare/?first=data-engineer&second=senior-data-engineer&third=delivery-manager",
    "/pathways/pathway/",
    "/pathways/pathway/?optimise=cost",
    "/pathways/plan/",
]


def test_learner_pages_are_accessible_and_reflow(site, browser_page, learner, journey, framework, catalogue):
    site.sign_in(browser_page, learner)
    extra = [
        f"/pathways/plan/{journey['item'].pk}/",
        f"/pathways/plan/add/{catalogue['hmrc'].pk}/",
        journey["curated"].url,
        "/role-pathways/",
        catalogue["agile"].url,  # a course page with "Add to my learning plan"
        catalogue["modelling"].url,  # and one already in the plan
    ]
    for path in [*LEARNER_PAGES, *extra]:
        response = browser_page.goto(site.url(path))
        assert response.status == 200, path
        assert browser_page.locator("h1").count() == 1, path
        assert_accessible(browser_page)
        assert_no_horizontal_scroll(browser_page)
    # A target with a gap the catalogue cannot close: the warning is accessible too.
    LearnerProfile.objects.filter(user=learner).update(target_role_level=framework["levels"]["senior-data-engineer"])
    browser_page.goto(site.url("/pathways/pathway/"))
    assert "cannot close" in browser_page.inner_text("main")
    assert_accessible(browser_page)


def test_assessment_errors_are_accessible(site, browser_page, learner, journey):
    site.sign_in(browser_page, learner)
    browser_page.goto(site.url("/pathways/assessment/"))
    browser_page.click("main button.govuk-button[type=submit]")
    assert browser_page.locator(".govuk-error-summary").is_visible()
    assert browser_page.title().startswith("Error:")
    assert_accessible(browser_page)


def test_manager_pages_are_accessible(site, browser_page, learner, journey):
    site.sign_in(browser_page, journey["manager"])
    for path in ["/pathways/team/", f"/pathways/team/{learner.pk}/"]:
        assert browser_page.goto(site.url(path)).status == 200
        assert_accessible(browser_page)
        assert_no_horizontal_scroll(browser_page)
