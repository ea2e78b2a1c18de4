"""Who may see the dashboard, what they see, and downloads that match the page."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from insights.exports import neutralise

URL = "/insights/"


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


def test_anonymous_people_are_sent_to_sign_in(client, population):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_learners_cannot_see_insights(client, population, make_user):
    assert get(client, make_user("learner")).status_code == 403
    assert get(client, make_user("learner"), reverse("insights:download", args=["grade", "csv"])).status_code == 403


def test_nav_entry_and_url_name(client, population, make_user):
    analyst = make_user("hr_analyst", organisations=[population["orgs"]["a"]])
    response = get(client, analyst)
    assert response.status_code == 200
    assert reverse("insights:dashboard") == URL
    assert f'href="{URL}"' in response.content.decode()


def test_analyst_sees_only_their_organisations(client, population, make_user):
    a1 = population["orgs"]["a1"]
    analyst = make_user("hr_analyst", organisations=[a1])
    response = get(client, analyst)
    html = response.content.decode()
    assert response.status_code == 200
    # A1 only: p1-p4 and p8 = 25 people (not A's 40 nor the service's 50).
    assert response.context["total_rows"][0] == {"key": "People in scope", "value": "25"}
    assert "Department B" not in html
    assert "Directly in Department A" not in html


def test_analyst_cannot_widen_their_scope_through_the_url(client, population, make_user):
    analyst = make_user("hr_analyst", organisations=[population["orgs"]["a1"]])
    for org in (population["orgs"]["a"], population["orgs"]["b"]):
        response = get(client, analyst, organisation=org.pk)
        assert response.status_code == 200
        assert response.context["filters"] is None
        assert "Select a valid choice" in response.content.decode()
        download = get(client, analyst, reverse("insights:download", args=["organisation", "csv"]), organisation=org.pk)
        assert download.status_code == 400
        assert b"Department B" not in download.content


def test_analyst_without_organisations_sees_nothing(client, population, make_user):
    response = get(client, make_user("hr_analyst"))
    assert response.status_code == 200
    assert response.context["total_rows"][0]["value"] == "0"


def test_administrator_sees_everyone_and_drills_down(client, population, make_user):
    admin = make_user("administrator")
    response = get(client, admin)
    assert response.context["total_rows"][0]["value"] == "50"
    html = response.content.decode()
    a = population["orgs"]["a"]
    assert f"organisation={a.pk}" in html  # drill-down link, keeping the version filter
    drilled = get(client, admin, version=response.context["filters"].version.pk, organisation=a.pk)
    assert drilled.context["total_rows"][0]["value"] == "40"
    assert "Agency A1" in drilled.content.decode()
    assert drilled.context["breadcrumbs"][0]["text"] == "Insights"


def test_filters_stay_in_the_url_of_links_and_downloads(client, population, make_user):
    admin = make_user("administrator")
    grade = population["dims"]["heo"]
    response = get(client, admin, grade=grade.pk)
    html = response.content.decode()
    assert f"grade={grade.pk}" in html
    assert response.context["total_rows"][0]["value"] == "20"
    assert all(f"grade={grade.pk}" in s["csv"] for s in response.context["sections"])


def test_page_has_charts_with_tables_and_summaries(client, population, make_user):
    response = get(client, make_user("administrator"))
    html = response.content.decode()
    assert html.count('role="img"') >= 5
    assert '<title id="chart-organisation-title">' in html
    assert 'style="' not in html.split("<main", 1)[1]  # strict CSP: no style attributes
    for section in response.context["sections"]:
        assert section["table"].summary


@pytest.mark.parametrize("slug", ["organisation", "family", "profession", "grade", "skills"])
def test_csv_and_xlsx_match_the_page(client, population, make_user, slug):
    admin = make_user("administrator")
    page = get(client, admin)
    table = next(s["table"] for s in page.context["sections"] if s["table"].slug == slug)
    expected = [table.head, *table.all_rows()]

    response = get(client, admin, reverse("insights:download", args=[slug, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[: len(expected)] == expected

    response = get(client, admin, reverse("insights:download", args=[slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert values[: len(expected)] == expected


def test_spreadsheet_formulas_are_neutralised(client, population, make_user):
    a = population["orgs"]["a"]
    a.name = '=HYPERLINK("http://evil.example","click")'
    a.save()
    admin = make_user("administrator")
    response = get(client, admin, reverse("insights:download", args=["organisation", "csv"]))
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    response = get(client, admin, reverse("insights:download", args=["organisation", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert all(not str(c.value or "").startswith("=") for row in sheet.iter_rows() for c in row)
    assert neutralise("-1+2") == "'-1+2" and neutralise("@SUM(A1)") == "'@SUM(A1)" and neutralise("12") == "12"


def test_no_individual_is_shown(client, population, make_user):
    response = get(client, make_user("administrator"))
    html = response.content.decode()
    assert "@example.gov.uk" not in html.split("<main", 1)[1].split("</main>")[0]
