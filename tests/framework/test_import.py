"""The importer against the official export (the `ddat_dir` fixture) and against broken copies of it."""

import csv
import io

import pytest

from framework import selectors
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
