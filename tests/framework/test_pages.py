"""The public framework pages, the CSV export and its round trip, and the SKOS export."""

import csv
import io
import json

import pytest

from framework import selectors
from framework.models import ChangeNote, FrameworkVersion, Skill
from framework.services import framework_export_csv, framework_import


def _text(response):
    return response.content.decode()


def test_home_lists_every_family(client, official_framework):
    response = client.get("/framework/")
    assert response.status_code == 200
    page = _text(response)
    for family in [
        "Architecture",
        "Chief digital and data",
        "Data",
        "IT operations",
        "Product and delivery",
        "Quality assurance testing (QAT)",
        "Software development",
        "User-centred design",
    ]:
        assert f">{family}</a>" in page
    assert "Version 2025" in page


def test_home_without_a_framework_says_so(client, db):
    response = client.get("/framework/")
    assert response.status_code == 404
    assert "has not been loaded yet" in _text(response)


def test_family_page_lists_roles(client, official_framework):
    page = _text(client.get("/framework/families/data"))
    assert 'href="/framework/roles/data-scientist"' in page
    assert "<caption" in page and 'scope="col"' in page


def test_role_page_shows_levels_in_order_and_feeders(client, official_framework):
    page = _text(client.get("/framework/roles/software-developer"))
    positions = [
        page.index(f">{name}</a>")
        for name in (
            "Apprentice developer",
            "Junior developer",
            "Developer",
            "Senior developer",
            "Lead developer",
            "Principal developer",
        )
    ]
    assert positions == sorted(positions)
    assert "Roles that could lead here" in page
    assert 'href="/framework/roles/frontend-developer"' in page  # same family, seeded


def test_senior_civil_service_role_is_explained(client, official_framework):
    page = _text(client.get("/framework/roles/chief-technology-officer"))
    assert "Senior Civil Service role" in page
    level_page = _text(client.get("/framework/role-levels/chief-technology-officer"))
    assert "Not set (Senior Civil Service)" in level_page


def test_role_level_page_lists_skills_with_levels(client, official_framework):
    page = _text(client.get("/framework/role-levels/senior-data-analyst"))
    assert "Skills needed at this level" in page
    assert 'href="/framework/skills/data-management"' in page
    assert "Practitioner" in page
    assert 'href="/framework/role-levels/senior-data-analyst/compare"' in page


def test_compare_with_next_level_shows_what_to_develop(client, official_framework):
    here = selectors.role_level_get(slug="data-analyst")
    there = selectors.role_level_next(role_level=here)
    assert there.name == "Senior data analyst"
    rows = selectors.role_level_compare(role_level=here, target=there)
    develop = {r["skill"].slug: (r["from"], r["to"]) for r in rows if r["change"] in ("new", "higher")}
    assert develop["data-management"] == (2, 3)
    page = _text(client.get("/framework/role-levels/data-analyst/compare"))
    assert "Moving up from Data analyst" in page
    assert "Skills to develop" in page
    top = _text(client.get("/framework/role-levels/principal-data-analyst/compare"))
    assert "most senior level" in top


def test_skill_page_shows_levels_and_who_needs_it(client, official_framework):
    page = _text(client.get("/framework/skills/user-focus"))
    for label in ("Awareness", "Working", "Practitioner", "Expert"):
        assert f">{label}</dt>" in page
    assert "Role levels that need this skill" in page
    assert 'href="/framework/role-levels/developer"' in page


def test_skills_a_to_z(client, official_framework):
    page = _text(client.get("/framework/skills/"))
    assert "188 skills" in page
    assert 'id="letter-A"' in page and 'href="#letter-A"' in page
    assert page.index(">Accessibility</a>") < page.index(">User focus</a>")


def test_unknown_items_are_404(client, official_framework):
    assert client.get("/framework/skills/no-such-skill").status_code == 404
    assert client.get("/framework/roles/no-such-role").status_code == 404
    assert client.get("/framework/?version=nope").status_code == 404


def test_retired_skill_iri_still_resolves_to_the_older_version(client, demo_framework, ddat_dir):
    # A skill only in the demo version: rename it in a copy of the demo export, import and make it current.
    from framework.demo import demo_export

    roles, skills = (b.decode() for b in demo_export())
    result = framework_import(
        roles_csv=roles.replace("Problem management", "Problem resolution").encode(),
        skills_csv=skills.replace("Problem management", "Problem resolution").encode(),
        label="renamed",
        make_current=True,
    )
    assert result.diff["skills"]["renamed"][0]["from"] == "problem-management"
    response = client.get("/framework/skills/problem-management")
    assert response.status_code == 200
    assert "no longer current" in _text(response)
    notes = selectors.change_notes(kind=ChangeNote.Kind.SKILL, slug="problem-resolution")
    assert "Renamed from “Problem management”" in notes[0].text
    page = _text(client.get("/framework/skills/problem-resolution"))
    assert "Renamed from" in page


def test_csv_download_is_in_the_official_format(client, official_framework, ddat_dir):
    response = client.get("/framework/download/roles.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    ours = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    official = list(csv.reader(io.StringIO((ddat_dir / "roles.csv").read_text("utf-8-sig"))))
    assert ours[0] == official[0]
    skills = list(csv.reader(io.StringIO(client.get("/framework/download/skills.csv").content.decode())))
    assert skills[0] == list(csv.reader(io.StringIO((ddat_dir / "skills.csv").read_text("utf-8-sig"))))[0]
    assert len(skills) == 189


@pytest.mark.parametrize("start", ["official", "demo"])
def test_export_then_reimport_changes_nothing(db, ddat_dir, start):
    if start == "official":
        version = framework_import(roles_csv=ddat_dir / "roles.csv", skills_csv=ddat_dir / "skills.csv").version
    else:
        from framework.demo import seed

        seed()
        version = selectors.version_current()
    roles_csv, skills_csv = framework_export_csv(version=version)
    counts = FrameworkVersion.objects.count(), Skill.objects.count()
    result = framework_import(roles_csv=roles_csv.encode(), skills_csv=skills_csv.encode(), make_current=True)
    assert result.unchanged, result.diff_lines()[:5]
    assert result.version == version
    assert (FrameworkVersion.objects.count(), Skill.objects.count()) == counts


def test_skos_export(client, official_framework):
    response = client.get("/framework/download/skos.jsonld")
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    assert data["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    by_type = {}
    for node in data["@graph"]:
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        for t in types:
            by_type[t] = by_type.get(t, 0) + 1
    assert by_type["skos:ConceptScheme"] == 1
    assert by_type["Skill"] == 188 and by_type["Role"] == 52 and by_type["RoleFamily"] == 8
    developer = next(n for n in data["@graph"] if n["@id"].endswith("/framework/role-levels/developer"))
    assert developer["skos:broader"].endswith("/framework/roles/software-developer")
    assert developer["requiresSkill"]


def test_versions_page(client, demo_framework, ddat_dir):
    framework_import(
        roles_csv=ddat_dir / "roles.csv", skills_csv=ddat_dir / "skills.csv", label="2025", make_current=True
    )
    page = _text(client.get("/framework/versions/"))
    assert ">2025</a>" in page and ">demo</a>" in page
    assert "Archived (read-only)" in page
    archived = _text(client.get("/framework/roles/software-developer?version=demo"))
    assert "no longer current" in archived
