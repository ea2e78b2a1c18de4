"""The importer against the official export (the `ddat_dir` fixture) and against broken copies of it."""

import csv
import io

import pytest

from framework import selectors
from framework.csvformat import FrameworkImportError
from framework.models import FrameworkVersion, Role, RoleFamily, RoleLevel, RoleLevelSkill, Skill, SkillLevel
from framework.services import framework_import, framework_version_make_current


def _read(path):
    return path.read_bytes()


@pytest.fixture(scope="module")
def official(ddat_dir):
    return _read(ddat_dir / "roles.csv"), _read(ddat_dir / "skills.csv")


@pytest.fixture
def imported(db, official):
    return framework_import(roles_csv=official[0], skills_csv=official[1], label="official")


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def test_official_export_counts(imported):
    version = imported.version
    assert version.status == FrameworkVersion.Status.CURRENT  # first version becomes current
    assert RoleFamily.objects.filter(version=version).count() == 8
    assert Role.objects.filter(version=version).count() == 52
    assert RoleLevel.objects.filter(version=version, role__is_senior_civil_service=False).count() == 201
    assert Skill.objects.filter(version=version).count() == 188
    assert imported.counts["role_levels"] == 201


def test_senior_civil_service_roles_are_kept_and_flagged(imported):
    scs = Role.objects.filter(version=imported.version, is_senior_civil_service=True).order_by("name")
    assert [r.name for r in scs] == [
        "Chief data officer",
        "Chief digital and information officer",
        "Chief information security officer",
        "Chief technology officer",
    ]
    assert {r.family.name for r in scs} == {"Chief digital and data"}
    cdo = scs[0]
    (level,) = cdo.levels.all()
    assert level.name == "Chief data officer"
    requirements = selectors.role_level_requirements(role_level=level)
    assert requirements and {r.level for r in requirements} == {SkillLevel.NONE}


def test_reimport_of_same_files_changes_nothing(imported, official):
    before = (
        FrameworkVersion.objects.count(),
        RoleLevelSkill.objects.count(),
        Skill.objects.count(),
    )
    again = framework_import(roles_csv=official[0], skills_csv=official[1], label="again", make_current=True)
    assert again.unchanged
    assert again.version == imported.version
    assert (FrameworkVersion.objects.count(), RoleLevelSkill.objects.count(), Skill.objects.count()) == before


def test_exact_duplicate_rows_in_the_export_are_merged(imported):
    level = selectors.role_level_get(slug="associate-data-analyst")
    names = [r.skill.name for r in selectors.role_level_requirements(role_level=level)]
    assert names.count("Managing a data project") == 1


def test_stable_slugs_and_iris(imported, settings):
    skill = selectors.skill_get(slug="user-focus")
    assert skill.name == "User focus"
    assert skill.iri == f"{settings.SITE_BASE_URL}/framework/skills/user-focus"
    level = selectors.role_level_get(slug="end-user-computing-engineer")  # trailing space in the export
    assert level.name == "End user computing engineer"


@pytest.mark.parametrize(
    "role_slug, expected",
    [
        (
            "software-developer",
            [
                "Apprentice developer",
                "Junior developer",
                "Developer",
                "Senior developer",
                "Senior developer - management",
                "Lead developer",
                "Lead developer - management",
                "Principal developer",
                "Principal developer - management",
            ],
        ),
        (
            "data-scientist",
            [
                "Trainee data scientist",
                "Associate data scientist",
                "Data scientist",
                "Lead data scientist",
                "Principal data scientist",
                "Head of data science",
            ],
        ),
        (
            "service-desk-manager",
            ["Service desk analyst", "Senior service desk analyst", "Service desk manager", "Head of service desk"],
        ),
        ("data-architect", ["Data architect", "Senior data architect", "Chief data architect"]),
        ("incident-manager", ["Incident manager", "Major incident manager"]),
        (
            "content-designer",
            [
                "Junior content designer",
                "Associate content designer",
                "Content designer",
                "Senior content designer",
                "Lead content designer",
                "Head of content design",
            ],
        ),
        ("data-ethicist", ["Data ethics lead", "Head of data ethics"]),
    ],
)
def test_level_order_derived_from_titles(imported, role_slug, expected):
    role = selectors.role_get(slug=role_slug)
    assert [lv.name for lv in role.levels.all()] == expected


def test_import_over_demo_creates_new_current_version_matching_demo_slugs(db, official):
    from framework.demo import seed

    seed()
    demo = selectors.version_current()
    demo_slugs = set(Skill.objects.filter(version=demo).values_list("slug", flat=True))
    demo_levels = set(RoleLevel.objects.filter(version=demo).values_list("slug", flat=True))
    result = framework_import(roles_csv=official[0], skills_csv=official[1], make_current=True)
    assert result.created and result.made_current
    demo.refresh_from_db()
    assert demo.status == FrameworkVersion.Status.ARCHIVED
    assert selectors.version_current() == result.version
    official_skills = set(Skill.objects.filter(version=result.version).values_list("slug", flat=True))
    official_levels = set(RoleLevel.objects.filter(version=result.version).values_list("slug", flat=True))
    assert demo_slugs <= official_skills
    assert demo_levels <= official_levels
    assert result.diff["skills"]["added"] and not result.diff["skills"]["removed"]


def test_import_without_make_current_leaves_a_draft_when_one_is_current(imported, official):
    roles, skills = official
    rows = _rows(roles)
    header = rows[0]
    name_col = header.index("Role Level Description")
    rows[1][name_col] = rows[1][name_col] + " Changed."
    result = framework_import(roles_csv=_csv(rows), skills_csv=skills)
    assert result.created and not result.made_current
    assert result.version.status == FrameworkVersion.Status.DRAFT
    assert selectors.version_current() == imported.version
    framework_version_make_current(version=result.version)
    assert selectors.version_current() == result.version


def _column(rows, name):
    return rows[0].index(name)


def _assert_rejected(roles, skills, *fragments):
    before = FrameworkVersion.objects.count(), Skill.objects.count(), RoleLevelSkill.objects.count()
    with pytest.raises(FrameworkImportError) as caught:
        framework_import(roles_csv=roles, skills_csv=skills)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert (FrameworkVersion.objects.count(), Skill.objects.count(), RoleLevelSkill.objects.count()) == before
    return caught.value


def test_missing_column_names_the_column(db, official):
    rows = _rows(official[0])
    col = _column(rows, "Skill Level")
    cut = [r[:col] + r[col + 1 :] for r in rows]
    _assert_rejected(_csv(cut), official[1], "roles.csv row 1", "missing column “Skill Level”")


def test_unknown_skill_level_names_the_row(db, official):
    rows = _rows(official[0])
    rows[10][_column(rows, "Skill Level")] = "Guru"
    _assert_rejected(_csv(rows), official[1], "roles.csv row 11", "unknown skill level “Guru”")


def test_role_level_with_no_skills_names_the_row(db, official):
    rows = _rows(official[0])
    rows[5][_column(rows, "Skill Name")] = ""
    _assert_rejected(_csv(rows), official[1], "roles.csv row 6", "has no “Skill Name”")


def test_skill_not_in_skills_file_names_the_row(db, official):
    rows = _rows(official[0])
    rows[7][_column(rows, "Skill Name")] = "Telepathy"
    _assert_rejected(_csv(rows), official[1], "roles.csv row 8", "“Telepathy” is not in skills.csv")


def test_conflicting_duplicate_requirement_names_both_rows(db, official):
    rows = _rows(official[0])
    duplicate = list(rows[3])
    duplicate[_column(rows, "Skill Level")] = (
        "Expert" if rows[3][_column(rows, "Skill Level")] != "Expert" else "Working"
    )
    rows.insert(4, duplicate)
    _assert_rejected(_csv(rows), official[1], "roles.csv row 5", "on row 4")


def test_not_in_use_level_outside_senior_civil_service_is_rejected(db, official):
    rows = _rows(official[0])
    rows[2][_column(rows, "Skill Level")] = "NOT IN USE"
    _assert_rejected(_csv(rows), official[1], "roles.csv row 3", "only allowed for Senior Civil Service")


def test_encoding_problem_names_the_line(db, official):
    data = official[0].replace(b"Accessibility", b"Accessibilit\xe9", 1)
    line = official[0][: official[0].index(b"Accessibility")].count(b"\n") + 1
    _assert_rejected(data, official[1], f"roles.csv line {line}", "not valid UTF-8")


def test_utf16_file_is_rejected_with_advice(db, official):
    data = official[1].decode("utf-8-sig").encode("utf-16")
    _assert_rejected(official[0], data, "skills.csv", "UTF-16")


@pytest.mark.parametrize("content", [b"", b"  \n", b"\xef\xbb\xbf"])
def test_empty_file_is_rejected(db, official, content):
    _assert_rejected(content, official[1], "roles.csv is empty")


def test_header_only_file_is_rejected(db, official):
    header = official[1].split(b"\n", 1)[0] + b"\n"
    _assert_rejected(official[0], header, "skills.csv has a header but no rows")


def test_duplicate_skill_in_skills_file_names_both_rows(db, official):
    rows = _rows(official[1])
    rows.append(list(rows[4]))
    _assert_rejected(official[0], _csv(rows), f"skills.csv row {len(rows)}", "first on row 5")


def test_bad_input_leaves_current_version_untouched(imported, official):
    rows = _rows(official[0])
    rows[10][_column(rows, "Skill Level")] = ""
    _assert_rejected(_csv(rows), official[1], "roles.csv row 11", "unknown skill level “(empty)”")
    assert selectors.version_current() == imported.version


def test_diff_of_a_modified_copy(imported, official):
    roles, skills = _rows(official[0]), _rows(official[1])
    level_col, skill_col, role_col = (
        _column(roles, "Skill Level"),
        _column(roles, "Skill Name"),
        _column(roles, "Role"),
    )
    # 1. change a required level
    target = next(i for i, r in enumerate(roles) if r[role_col] == "Data analyst" and r[level_col] == "Working")
    changed_level, changed_skill = roles[target][_column(roles, "Role Level")], roles[target][skill_col]
    roles[target][level_col] = "Practitioner"
    # 2. rename a skill (same description) everywhere
    for r in roles[1:]:
        if r[skill_col] == "Prototyping":
            r[skill_col] = "Prototyping and experimenting"
    for r in skills[1:]:
        if r[0] == "Prototyping":
            r[0] = "Prototyping and experimenting"
    # 3. remove a role entirely
    roles = [roles[0]] + [r for r in roles[1:] if r[role_col] != "Technical writer"]
    # 4. add a role in an existing family
    template = next(r for r in roles if r[role_col] == "Content strategist")
    added = list(template)
    added[role_col] = "Content operations manager"
    added[_column(roles, "Role Level")] = "Content operations manager"
    roles.append(added)

    result = framework_import(roles_csv=_csv(roles), skills_csv=_csv(skills), label="modified")
    assert result.created and not result.made_current
    diff = result.diff
    assert [r["name"] for r in diff["roles"]["added"]] == ["Content operations manager"]
    assert [r["name"] for r in diff["roles"]["removed"]] == ["Technical writer"]
    assert diff["skills"]["renamed"] == [
        {
            "from": "prototyping",
            "from_name": "Prototyping",
            "to": "prototyping-and-experimenting",
            "to_name": "Prototyping and experimenting",
        }
    ]
    changes = [
        (c["role_level_name"], c["skill_name"], c["from"], c["to"])
        for c in diff["requirements"]
        if c["skill"] == "data-analysis-and-synthesis" or c["role_level_name"] == changed_level
    ]
    assert (changed_level, changed_skill, SkillLevel.WORKING, SkillLevel.PRACTITIONER) in changes
    lines = result.diff_lines()
    assert "+ Role added: Content operations manager" in lines
    assert "- Role removed: Technical writer" in lines
    assert "~ Skill renamed? Prototyping → Prototyping and experimenting" in lines
    # The draft is not visible; the current version still is the official one.
    assert selectors.version_current() == imported.version


def test_roles_that_could_lead_here_are_seeded(imported):
    def feeders(slug):
        return {r.slug for r in selectors.role_feeders(role=selectors.role_get(slug=slug))}

    assert {"data-analyst", "data-engineer", "analytics-engineer"} <= feeders("data-scientist")
    assert "data-scientist" not in feeders("data-scientist")
    cto = feeders("chief-technology-officer")
    assert "enterprise-architect" in cto and "software-developer" in cto
    assert "security-architect" in feeders("chief-information-security-officer")
    assert "data-engineer" in feeders("chief-data-officer")
    assert all(feeders(role.slug) for role in Role.objects.filter(version=imported.version))
