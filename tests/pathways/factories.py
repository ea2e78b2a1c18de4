"""A small framework written for these tests (the real export is used where a test says so)."""

from framework.models import (
    FrameworkVersion,
    Role,
    RoleFamily,
    RoleLevel,
    RoleLevelSkill,
    Skill,
    SkillLevelDescription,
)

SKILLS = {
    "data-modelling": "Data modelling",
    "data-analysis": "Data analysis",
    "programming-and-build": "Programming and build",
    "user-focus": "User focus",
    "agile-working": "Agile working",
    "stakeholder-relationship-management": "Stakeholder relationship management",
}

# role level slug -> (role slug, name, order, {skill slug: level})
ROLE_LEVELS = {
    "delivery-manager": ("delivery-manager-role", "Delivery manager", 2, {"agile-working": 3, "user-focus": 2}),
    "data-engineer": (
        "data-engineer-role",
        "Data engineer",
        2,
        {"data-modelling": 2, "data-analysis": 3, "programming-and-build": 2, "agile-working": 1},
    ),
    "senior-data-engineer": (
        "data-engineer-role",
        "Senior data engineer",
        3,
        {"data-modelling": 3, "data-analysis": 3, "programming-and-build": 3, "stakeholder-relationship-management": 2},
    ),
}


def make_framework(*, label="test-1", status=FrameworkVersion.Status.CURRENT):
    version = FrameworkVersion.objects.create(label=label, status=status)
    family = RoleFamily.objects.create(version=version, slug="data", name="Data")
    delivery = RoleFamily.objects.create(version=version, slug="product-and-delivery", name="Product and delivery")
    skills = {}
    for slug, name in SKILLS.items():
        skill = Skill.objects.create(version=version, slug=slug, name=name, description=f"About {name}.")
        skills[slug] = skill
        for level, label_ in ((1, "Awareness"), (2, "Working"), (3, "Practitioner"), (4, "Expert")):
            SkillLevelDescription.objects.create(
                skill=skill, level=level, description=f"{name} at {label_}: you can do level {level} things."
            )
    roles, levels = {}, {}
    for slug, (role_slug, name, order, required) in ROLE_LEVELS.items():
        if role_slug not in roles:
            roles[role_slug] = Role.objects.create(
                version=version,
                family=delivery if role_slug.startswith("delivery") else family,
                slug=role_slug,
                name=name,
            )
        level = RoleLevel.objects.create(version=version, role=roles[role_slug], slug=slug, name=name, order=order)
        for skill_slug, required_level in required.items():
            RoleLevelSkill.objects.create(
                role_level=level,
                skill=skills[skill_slug],
                level=required_level,
                description=f"{name} needs {skills[skill_slug].name}.",
            )
        levels[slug] = level
    return {"version": version, "skills": skills, "levels": levels}
