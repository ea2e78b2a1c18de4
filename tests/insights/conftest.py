"""A small, known population for checking insights' numbers by hand."""

import pytest

from framework.models import FrameworkVersion, Role, RoleFamily, RoleLevel, RoleLevelSkill, Skill
from people.models import Grade, LearnerProfile, Profession, SkillAssessment, User
from people.services import organisation_create


@pytest.fixture
def framework(db):
    """One current version: role "Data analyst" with levels da-1 (needs s1 at 2) and da-2 (s1 at 3, s2 at 2)."""
    version = FrameworkVersion.objects.create(label="2026-11", status=FrameworkVersion.Status.CURRENT)
    family = RoleFamily.objects.create(version=version, slug="data", name="Data")
    role = Role.objects.create(version=version, family=family, slug="data-analyst", name="Data analyst")
    da1 = RoleLevel.objects.create(version=version, role=role, slug="da-1", name="Associate data analyst", order=1)
    da2 = RoleLevel.objects.create(version=version, role=role, slug="da-2", name="Data analyst", order=2)
    s1 = Skill.objects.create(version=version, slug="s1", name="Data analysis")
    s2 = Skill.objects.create(version=version, slug="s2", name="Data visualisation")
    RoleLevelSkill.objects.create(role_level=da1, skill=s1, level=2)
    RoleLevelSkill.objects.create(role_level=da2, skill=s1, level=3)
    RoleLevelSkill.objects.create(role_level=da2, skill=s2, level=2)
    return {"version": version, "da1": da1, "da2": da2, "s1": s1, "s2": s2, "family": family}


@pytest.fixture
def orgs(db):
    a = organisation_create(name="Department A", slug="dept-a")
    a1 = organisation_create(name="Agency A1", slug="agency-a1", parent=a, kind="agency")
    b = organisation_create(name="Department B", slug="dept-b")
    return {"a": a, "a1": a1, "b": b}


@pytest.fixture
def dims(db):
    g7 = Grade.objects.create(code="G7", name="Grade 7", rank=6)
    heo = Grade.objects.create(code="HEO", name="Higher Executive Officer", rank=4)
    digital = Profession.objects.create(name="Digital and Data", slug="digital-and-data")
    return {"g7": g7, "heo": heo, "digital": digital}


class PersonMaker:
    def __init__(self, framework):
        self.framework = framework
        self.count = 0

    def __call__(self, *, org, grade, profession, current="da1", target="da2", levels=None, copies=1):
        made = []
        for _ in range(copies):
            self.count += 1
            user = User.objects.create_user(email=f"p{self.count}@example.gov.uk", password=None)
            LearnerProfile.objects.create(
                user=user,
                organisation=org,
                grade=grade,
                profession=profession,
                current_role_level=self.framework[current] if current else None,
                target_role_level=self.framework[target] if target else None,
            )
            for skill, value in (levels or {}).items():
                self_level, manager_level = value if isinstance(value, tuple) else (value, None)
                SkillAssessment.objects.create(
                    user=user, skill=self.framework[skill], self_level=self_level, manager_level=manager_level
                )
            made.append(user)
        return made


@pytest.fixture
def person(framework):
    return PersonMaker(framework)


@pytest.fixture
def population(framework, orgs, dims, person):
    """Ten personas, five copies of each (so every count is a multiple of five):

    p1  A1 G7  da-1 -> da-2  s1=3 s2=2            meets current and target, gap 0
    p2  A1 G7                s1=2 s2=1            meets current; target gap 1+1 = 2
    p3  A1 G7                s1=1                 misses current; target gap 2+2 = 4
    p4  A1 G7                (not assessed)
    p5  A  HEO               s1 self 2 manager 3, s2=2   meets both (manager's level counts), gap 0
    p6  A  HEO               s1=2 s2=2            meets current; target gap 1
    p7  A  HEO               s1=0                 misses current; target gap 3+2 = 5
    p8  A1 HEO               s1=4 s2=4            meets both, gap 0
    p9  B  G7                (not assessed)
    p10 B  G7  da-1, no target  s1=1              misses current
    """
    a, a1, b = orgs["a"], orgs["a1"], orgs["b"]
    g7, heo, dd = dims["g7"], dims["heo"], dims["digital"]
    person(org=a1, grade=g7, profession=dd, levels={"s1": 3, "s2": 2}, copies=5)
    person(org=a1, grade=g7, profession=dd, levels={"s1": 2, "s2": 1}, copies=5)
    person(org=a1, grade=g7, profession=dd, levels={"s1": 1}, copies=5)
    person(org=a1, grade=g7, profession=dd, copies=5)
    person(org=a, grade=heo, profession=dd, levels={"s1": (2, 3), "s2": 2}, copies=5)
    person(org=a, grade=heo, profession=dd, levels={"s1": 2, "s2": 2}, copies=5)
    person(org=a, grade=heo, profession=dd, levels={"s1": 0}, copies=5)
    person(org=a1, grade=heo, profession=dd, levels={"s1": 4, "s2": 4}, copies=5)
    person(org=b, grade=g7, profession=dd, copies=5)
    person(org=b, grade=g7, profession=dd, target=None, levels={"s1": 1}, copies=5)
    from insights.services import aggregates_rebuild

    aggregates_rebuild()
    return {"orgs": orgs, "dims": dims}
