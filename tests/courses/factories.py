"""Builders for catalogue tests: a current framework version with a few skills, providers and courses."""

from __future__ import annotations

from django.utils.text import slugify

from framework.models import FrameworkVersion, Role, RoleFamily, RoleLevel, RoleLevelSkill, Skill


def framework_version(*, label="test-1", status="current", skills=("Data modelling", "User research", "Python")):
    """A framework version with one family per two skills, one role and level requiring every skill."""
    version = FrameworkVersion.objects.create(label=label, status=status)
    family = RoleFamily.objects.create(version=version, slug="data", name="Data")
    role = Role.objects.create(version=version, family=family, slug="data-analyst", name="Data analyst")
    level = RoleLevel.objects.create(version=version, role=role, slug="data-analyst-data-analyst", name="Data analyst")
    for name in skills:
        skill = Skill.objects.create(version=version, slug=slugify(name), name=name)
        RoleLevelSkill.objects.create(role_level=level, skill=skill, level=2)
    return version


def skill(slug, version=None):
    qs = Skill.objects.filter(slug=slug)
    if version is not None:
        qs = qs.filter(version=version)
    else:
        qs = qs.filter(version__status="current")
    return qs.get()
