"""An HR analyst reads their organisation's skills gaps, drills down to a sub-organisation and downloads the table,
keyboard only; editing the URL to another organisation shows them nothing of it."""

import csv
import io

import pytest
from openpyxl import load_workbook

from .conftest import focus_and_press, sign_in_with_keyboard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def summary_value(page, key: str) -> str:
    return page.eval_on_selector(
        "main dl.govuk-summary-list",
        "(dl, key) => { const row = [...dl.querySelectorAll('.govuk-summary-list__row')]"
        ".find(r => r.querySelector('dt').innerText.trim() === key); return row ? "
        "row.querySelector('dd').innerText.trim() : null; }",
        key,
    )


def table_rows(page, heading_id: str) -> dict[str, list[str]]:
    rows = page.eval_on_selector(
        f"section[aria-labelledby='{heading_id}'] table",
        "t => [...t.querySelectorAll('tbody tr')].map(r => [...r.children].map(c => c.innerText.trim()))",
    )
    return {row[0]: row for row in rows}


@pytest.fixture
def population(demo):
    """Learners with goals and self-assessments: 30 in DSIT (12 at GDS, 12 at CDDO, 6 directly) and 10 at HMRC."""
    from framework.models import FrameworkVersion, RoleLevel, RoleLevelSkill
    from insights.services import aggregates_rebuild
    from people.models import Grade, LearnerProfile, Organisation, Profession, SkillAssessment, User

    version = FrameworkVersion.objects.get(status=FrameworkVersion.Status.CURRENT)
    current = RoleLevel.objects.get(version=version, slug="data-analyst")
    target = RoleLevel.objects.get(version=version, slug="data-scientist")
    skills = [r.skill for r in RoleLevelSkill.objects.filter(role_level=target).select_related("skill")]
    digital = Profession.objects.get(slug="digital-and-data")
    grades = [Grade.objects.get(code="HEO"), Grade.objects.get(code="SEO")]
    orgs = {o.slug: o for o in Organisation.objects.all()}
    plan = [
        ("government-digital-service", 12),
        ("central-digital-and-data-office", 12),
        ("department-for-science-innovation-technology", 6),
        ("hm-revenue-customs", 10),
    ]
    n = 0
    for slug, count in plan:
        for i in range(count):
            n += 1
            user = User.objects.create_user(email=f"person{n}@{slug}.gov.uk", password=None)
            LearnerProfile.objects.create(
                user=user,
                organisation=orgs[slug],
                profession=digital,
                grade=grades[i % 2],
                current_role_level=current,
                target_role_level=target,
            )
            SkillAssessment.objects.bulk_create(
                SkillAssessment(user=user, skill=skill, self_level=(i + k) % 4 + 1) for k, skill in enumerate(skills)
            )
    aggregates_rebuild()
    return {"orgs": orgs, "version": version}


def test_hr_analyst_drills_down_downloads_and_cannot_widen_their_scope(
    demo, population, make_user, browser_page, checks, new_context
):
    site, page = demo, browser_page
    orgs = population["orgs"]
    dsit = orgs["department-for-science-innovation-technology"]
    gds = orgs["government-digital-service"]
    analyst = make_user("hr_analyst", email="hr.analyst@dsit.gov.uk", organisations=[dsit])
    sign_in_with_keyboard(site, page, analyst.email, password="a-long-test-password")

    # The header leads to Insights, scoped to their department: 30 people, none of HMRC's.
    page.goto(site.url("/"))
    focus_and_press(page, "a", text="Insights")
    assert "/insights/" in page.url
    checks.check("Insights dashboard")
    assert summary_value(page, "People in scope") == "30"
    by_org = table_rows(page, "heading-organisation")
    assert by_org[dsit.name][1] == "30" and "HM Revenue and Customs" not in by_org
    assert "HM Revenue and Customs" not in page.inner_text("main")

    # Drill down: DSIT, then its sub-organisation GDS (each a link in the organisation table).
    focus_and_press(page, "section[aria-labelledby='heading-organisation'] table a", text=dsit.name)
    checks.check("Insights for an organisation")
    by_org = table_rows(page, "heading-organisation")
    assert by_org[gds.name][1] == "12" and by_org["Central Digital and Data Office"][1] == "12"
    assert by_org[f"Directly in {dsit.name}"][1] == "6"
    focus_and_press(page, "section[aria-labelledby='heading-organisation'] table a", text=gds.name)
    assert f"organisation={gds.pk}" in page.url
    assert summary_value(page, "People in scope") == "12"
    assert page.locator(".govuk-breadcrumbs").inner_text().count(dsit.name) == 1  # the way back up
    checks.check("Insights for a sub-organisation")
    shown_grades = table_rows(page, "heading-grade")

    # Download the grade table as CSV with the keyboard: the file holds the figures on the page.
    with page.expect_download() as download_info:
        focus_and_press(page, "section[aria-labelledby='heading-grade'] a", text="CSV", navigates=False)
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_text(encoding="utf-8-sig")
    assert "Government Digital Service" in text and "HM Revenue and Customs" not in text
    rows = {row[0]: row for row in csv.reader(io.StringIO(text)) if row}
    for label, cells in shown_grades.items():
        assert rows[label][: len(cells)] == cells, (label, rows.get(label), cells)

    # The same table as Excel, also by keyboard: a real workbook holding the same figures as text cells.
    with page.expect_download() as download_info:
        focus_and_press(page, "section[aria-labelledby='heading-grade'] a", text="Excel (XLSX)", navigates=False)
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True).active
    sheet_rows = {
        str(row[0]): [str(c) for c in row if c is not None] for row in sheet.iter_rows(values_only=True) if row[0]
    }
    assert "HM Revenue and Customs" not in repr(sheet_rows)
    for label, cells in shown_grades.items():
        assert sheet_rows[label][: len(cells)] == cells, (label, sheet_rows.get(label), cells)

    # Editing the URL to another organisation (or a made-up one) is refused, and shows none of its figures.
    hmrc = orgs["hm-revenue-customs"]
    for other in (hmrc.pk, 999999):
        response = page.goto(site.url(f"/insights/?organisation={other}"))
        assert response.status == 200
        assert "Select a valid choice" in page.locator(".govuk-error-summary").inner_text()
        assert page.locator("main table").count() == 0
        assert "HM Revenue and Customs" not in page.inner_text("main")
    checks.check("Insights with an out-of-scope organisation")
    refused = page.request.get(site.url(f"/insights/download/organisation.csv?organisation={hmrc.pk}"))
    assert refused.status == 400
    assert "HM Revenue and Customs" not in refused.text()

    # A learner cannot open the dashboard or its downloads at all.
    learner_page = new_context()
    sign_in_with_keyboard(site, learner_page, "learner@example.gov.uk")
    assert learner_page.goto(site.url("/insights/")).status == 403
    assert learner_page.request.get(site.url("/insights/download/grade.csv")).status == 403
    checks.assert_clean()
