import pytest
from django.utils.text import slugify

from courses.demo import course_specs, seed
from courses.models import CoursePage, CoursePrerequisite, RequiredLearning

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_framework(db):
    """A current framework holding every skill the demo catalogue names, under the families it says."""
    from framework.models import FrameworkVersion, Role, RoleFamily, RoleLevel, RoleLevelSkill, Skill

    version = FrameworkVersion.objects.create(label="demo", status="current")
    skills = {}
    for spec in course_specs():
        family_slug = spec.get("family", "data")
        family, _ = RoleFamily.objects.get_or_create(version=version, slug=family_slug, defaults={"name": family_slug})
        role, _ = Role.objects.get_or_create(
            version=version, slug=f"{family_slug}-role", defaults={"family": family, "name": family_slug}
        )
        level, _ = RoleLevel.objects.get_or_create(
            version=version, slug=f"{family_slug}-level", defaults={"role": role, "name": family_slug}
        )
        for slug, _lvl in spec["skills"]:
            if slug not in skills:
                skills[slug] = Skill.objects.create(version=version, slug=slug, name=slug.replace("-", " ").title())
            RoleLevelSkill.objects.get_or_create(role_level=level, skill=skills[slug], defaults={"level": 2})
    return version


def test_demo_catalogue_covers_every_role_family_and_is_idempotent(home_page, reference_data, demo_framework):
    seed()
    live = CoursePage.objects.live()
    assert live.count() >= 150
    families = {spec["family"] for spec in course_specs() if "family" in spec}
    assert families == {
        "architecture",
        "chief-digital-and-data",
        "data",
        "it-operations",
        "product-and-delivery",
        "quality-assurance-testing-qat",
        "software-development",
        "user-centred-design",
    }
    # Every course teaches at least one skill, and titles are unique.
    assert not live.filter(skills_taught__isnull=True).exists()
    assert len({slugify(t) for t in live.values_list("title", flat=True)}) == live.count()
    assert RequiredLearning.objects.filter(recurrence_months=12).exists()
    assert CoursePrerequisite.objects.filter(required_course__isnull=False).exists()
    counts = (live.count(), CoursePrerequisite.objects.count(), RequiredLearning.objects.count())
    seed()
    assert (
        CoursePage.objects.live().count(),
        CoursePrerequisite.objects.count(),
        RequiredLearning.objects.count(),
    ) == counts


def test_demo_courses_render(client, home_page, reference_data, demo_framework):
    seed()
    course = CoursePage.objects.live().get(external_id="demo-user-research-2")
    response = client.get(course.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "User Research Methods" in html and "Working" in html
    assert "User research: an introduction" in html  # the prerequisite course is linked
