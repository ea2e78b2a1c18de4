"""The dashboard's numbers on a small known population, worked out by hand in the fixture's docstring."""

import pytest

from insights.selectors import Filters, gap_dashboard


def table(data, slug):
    return next(t for t in data["tables"] if t.slug == slug)


def rows_by_label(t):
    return {row[0]: row[1:] for row in t.all_rows()}


@pytest.fixture
def admin(make_user):
    return make_user("administrator")


def test_totals_and_organisations_for_the_whole_service(population, framework, admin):
    data = gap_dashboard(user=admin, filters=Filters(version=framework["version"]))
    # 50 people; 40 assessed (all but p4, p9); current: 25 of 40 meet (p1 p2 p5 p6 p8) = 62.5% -> 63%;
    # target: 15 of 35 (p1 p5 p8 of p1-p3, p5-p8) = 42.9% -> 43%; gap (2+4+1+5) * 5 = 60 over 35 * 2 = 70 pairs.
    assert data["total_cells"] == {
        "People in scope": "50",
        "People assessed": "40",
        "Meeting current role level": "63%",
        "Meeting target role level": "43%",
        "Average gap to target (levels)": "0.86",
    }
    orgs = rows_by_label(table(data, "organisation"))
    # A and its sub-organisation A1: p1-p8 = 40 people, 35 assessed; current 25/35 = 71%; target 15/35 = 43%.
    assert orgs["Department A"] == ["40", "35", "71%", "43%", "0.86"]
    # B: p9, p10 = 10 people, 5 assessed, none meets da-1; nobody has a target.
    assert orgs["Department B"] == ["10", "5", "0%", "–", "–"]
    assert orgs["Total"] == ["50", "40", "63%", "43%", "0.86"]
    assert "No organisation recorded" not in orgs  # nobody is without one


def test_drill_down_to_sub_organisations(population, framework, admin):
    a = population["orgs"]["a"]
    data = gap_dashboard(user=admin, filters=Filters(version=framework["version"], organisation=a))
    orgs = rows_by_label(table(data, "organisation"))
    # A1: p1-p4, p8 = 25 people, 20 assessed; current p1 p2 p8 = 15/20 = 75%; target p1 p8 = 10/20 = 50%;
    # gap (2 + 4) * 5 = 30 over 40 pairs = 0.75.
    assert orgs["Agency A1"] == ["25", "20", "75%", "50%", "0.75"]
    # Directly in A: p5-p7 = 15, all assessed; current p5 p6 = 10/15 = 67%; target p5 = 5/15 = 33%; gap 30/30.
    assert orgs["Directly in Department A"] == ["15", "15", "67%", "33%", "1.00"]
    assert orgs["Total"] == ["40", "35", "71%", "43%", "0.86"]


def test_grade_family_and_profession_breakdowns(population, framework, admin):
    data = gap_dashboard(user=admin, filters=Filters(version=framework["version"]))
    grades = rows_by_label(table(data, "grade"))
    # HEO: p5-p8 = 20 people, all assessed; current 15/20 = 75%; target p5 p8 = 10/20 = 50%; gap 30/40.
    assert grades["Higher Executive Officer"] == ["20", "20", "75%", "50%", "0.75"]
    # G7: p1-p4, p9, p10 = 30; assessed p1-p3, p10 = 20; current p1 p2 = 10/20; target p1 = 5/15 = 33%; 30/30.
    assert grades["Grade 7"] == ["30", "20", "50%", "33%", "1.00"]
    assert list(grades)[:2] == ["Higher Executive Officer", "Grade 7"]  # ordered by rank
    assert rows_by_label(table(data, "family"))["Data"] == ["50", "40", "63%", "43%", "0.86"]
    assert rows_by_label(table(data, "profession"))["Digital and Data"] == ["50", "40", "63%", "43%", "0.86"]


def test_largest_gap_skills(population, framework, admin):
    data = gap_dashboard(user=admin, filters=Filters(version=framework["version"]))
    skills = table(data, "skills")
    # 35 assessed people have da-2 as target. s1 (needs 3): below p2 p3 p6 p7 = 20/35 = 57%, gap (1+2+1+3)*5/35.
    # s2 (needs 2): below p2 p3 p7 = 15/35 = 43%, gap (1+2+2)*5 = 25/35 = 0.71.
    assert skills.rows == [
        ["Data analysis", "35", "57%", "1.00"],
        ["Data visualisation", "35", "43%", "0.71"],
    ]


def test_filters_combine(population, framework, admin):
    dims = population["dims"]
    filters = Filters(version=framework["version"], organisation=population["orgs"]["a1"], grade=dims["heo"])
    data = gap_dashboard(user=admin, filters=filters)
    # Only p8 (x5): all meet both levels.
    assert data["total_cells"]["People in scope"] == "5"
    assert data["total_cells"]["Meeting target role level"] == "100%"
