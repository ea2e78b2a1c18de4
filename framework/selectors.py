"""Reads for the framework. Other apps use these, never the models' internals.

`version=None` always means the current version. Rows of other versions are reached by passing the version;
compare across versions by slug.
"""

from django.db.models import Prefetch, QuerySet

from .models import (
    ChangeNote,
    FrameworkVersion,
    Role,
    RoleFamily,
    RoleLevel,
    RoleLevelSkill,
    Skill,
    SkillLevel,
    SkillLevelDescription,
)


def version_current() -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(status=FrameworkVersion.Status.CURRENT).first()


def _version(version: FrameworkVersion | None) -> FrameworkVersion | None:
    return version if version is not None else version_current()


def versions_published() -> QuerySet[FrameworkVersion]:
    """The current and archived versions, newest first (drafts are for editors)."""
    return FrameworkVersion.objects.exclude(status=FrameworkVersion.Status.DRAFT).order_by("-imported_at")


def version_get(*, label: str) -> FrameworkVersion | None:
    return versions_published().filter(label=label).first()


def skill_get(*, slug: str, version: FrameworkVersion | None = None) -> Skill | None:
    version = _version(version)
    if version is None:
        return None
    return Skill.objects.filter(version=version, slug=slug).prefetch_related("level_descriptions").first()


def skill_get_any_version(*, slug: str) -> Skill | None:
    """The skill in the current version, or else in the newest published version that has it (so old IRIs resolve)."""
    return (
        Skill.objects.filter(slug=slug)
        .exclude(version__status=FrameworkVersion.Status.DRAFT)
        .select_related("version")
        .order_by("-version__status", "-version__imported_at")  # "current" before "archived", then newest
        .first()
    )


def role_level_get(*, slug: str, version: FrameworkVersion | None = None) -> RoleLevel | None:
    version = _version(version)
    if version is None:
        return None
    return RoleLevel.objects.filter(version=version, slug=slug).select_related("role", "role__family").first()


def role_level_get_any_version(*, slug: str) -> RoleLevel | None:
    return (
        RoleLevel.objects.filter(slug=slug)
        .exclude(version__status=FrameworkVersion.Status.DRAFT)
        .select_related("role", "role__family", "version")
        .order_by("-version__status", "-version__imported_at")
        .first()
    )


def role_get(*, slug: str, version: FrameworkVersion | None = None) -> Role | None:
    version = _version(version)
    if version is None:
        return None
    return (
        Role.objects.filter(version=version, slug=slug)
        .select_related("family")
        .prefetch_related(Prefetch("levels", queryset=RoleLevel.objects.order_by("order", "name")))
        .first()
    )


def role_get_any_version(*, slug: str) -> Role | None:
    found = (
        Role.objects.filter(slug=slug)
        .exclude(version__status=FrameworkVersion.Status.DRAFT)
        .order_by("-version__status", "-version__imported_at")
        .values_list("version_id", flat=True)
        .first()
    )
    if found is None:
        return None
    return role_get(slug=slug, version=FrameworkVersion.objects.get(pk=found))


def family_get(*, slug: str, version: FrameworkVersion | None = None) -> RoleFamily | None:
    version = _version(version)
    if version is None:
        return None
    return (
        RoleFamily.objects.filter(version=version, slug=slug)
        .prefetch_related(
            Prefetch("roles", queryset=Role.objects.order_by("name")),
            Prefetch("roles__levels", queryset=RoleLevel.objects.order_by("order", "name")),
        )
        .first()
    )


def role_level_requirements(*, role_level: RoleLevel) -> list[RoleLevelSkill]:
    """What a role level needs, skill by skill (skill prefetched), by skill name."""
    return list(role_level.required_skills.select_related("skill").order_by("skill__name"))


def role_levels_in_order(*, role: Role) -> list[RoleLevel]:
    return list(RoleLevel.objects.filter(role=role).order_by("order", "name"))


def role_level_next(*, role_level: RoleLevel) -> RoleLevel | None:
    """The level above this one in its role, or None at the top."""
    levels = role_levels_in_order(role=role_level.role)
    index = next(i for i, lv in enumerate(levels) if lv.pk == role_level.pk)
    return levels[index + 1] if index + 1 < len(levels) else None


def role_level_previous(*, role_level: RoleLevel) -> RoleLevel | None:
    levels = role_levels_in_order(role=role_level.role)
    index = next(i for i, lv in enumerate(levels) if lv.pk == role_level.pk)
    return levels[index - 1] if index > 0 else None


def role_level_compare(*, role_level: RoleLevel, target: RoleLevel) -> list[dict]:
    """Skill by skill, what moving from `role_level` to `target` asks for: rows with skill, from, to, change
    ("new", "higher", "same", "lower", "dropped") and the description at the target level."""
    here = {r.skill.slug: r for r in role_level_requirements(role_level=role_level)}
    there = {r.skill.slug: r for r in role_level_requirements(role_level=target)}
    descriptions = {
        (d.skill.slug, d.level): d.description
        for d in SkillLevelDescription.objects.filter(
            skill__version=target.version_id, skill__slug__in=there.keys()
        ).select_related("skill")
    }
    rows = []
    for slug in sorted(here.keys() | there.keys(), key=lambda s: (there.get(s) or here[s]).skill.name.lower()):
        a, b = here.get(slug), there.get(slug)
        before = a.level if a else None
        after = b.level if b else None
        if a is None:
            change = "new"
        elif b is None:
            change = "dropped"
        elif after > before:
            change = "higher"
        elif after < before:
            change = "lower"
        else:
            change = "same"
        rows.append(
            {
                "skill": (b or a).skill,
                "from": before,
                "to": after,
                "change": change,
                "description": (b.description or descriptions.get((slug, after), "")) if b else "",
            }
        )
    return rows


def skills_in_version(*, version: FrameworkVersion | None = None) -> QuerySet[Skill]:
    version = _version(version)
    if version is None:
        return Skill.objects.none()
    return Skill.objects.filter(version=version).order_by("name")


def role_levels_in_version(*, version: FrameworkVersion | None = None, include_senior_civil_service=True):
    version = _version(version)
    if version is None:
        return RoleLevel.objects.none()
    qs = RoleLevel.objects.filter(version=version).select_related("role", "role__family")
    if not include_senior_civil_service:
        qs = qs.filter(role__is_senior_civil_service=False)
    return qs.order_by("role__family__name", "role__name", "order", "name")


def families_with_roles(*, version: FrameworkVersion | None = None) -> QuerySet[RoleFamily]:
    """Families by name, each with `.roles.all()` by name and each role's `.levels.all()` in order."""
    version = _version(version)
    if version is None:
        return RoleFamily.objects.none()
    return (
        RoleFamily.objects.filter(version=version)
        .order_by("name")
        .prefetch_related(
            Prefetch("roles", queryset=Role.objects.order_by("name")),
            Prefetch("roles__levels", queryset=RoleLevel.objects.order_by("order", "name")),
        )
    )


def skill_level_descriptions(*, skill: Skill) -> dict[int, str]:
    """{1: "Awareness text", ..., 4: "Expert text"} for the levels that have a description."""
    return {d.level: d.description for d in skill.level_descriptions.all() if d.description}


def skill_required_by(*, skill: Skill) -> list[RoleLevelSkill]:
    """The role levels (of the skill's version) that need this skill, by family, role and level order."""
    return list(
        skill.required_by.select_related("role_level", "role_level__role", "role_level__role__family").order_by(
            "role_level__role__family__name", "role_level__role__name", "role_level__order", "role_level__name"
        )
    )


def role_feeders(*, role: Role) -> list[Role]:
    return list(role.feeder_roles.select_related("family").order_by("family__name", "name"))


def change_notes(*, kind: str, slug: str) -> QuerySet[ChangeNote]:
    """Notes for a role or skill, newest first, leaving out notes of versions still in draft."""
    return ChangeNote.objects.filter(kind=kind, slug=slug).exclude(version__status=FrameworkVersion.Status.DRAFT)


def skills_a_to_z(*, version: FrameworkVersion | None = None) -> list[tuple[str, list[Skill]]]:
    groups: dict[str, list[Skill]] = {}
    for skill in skills_in_version(version=version):
        letter = skill.name[:1].upper()
        groups.setdefault(letter if letter.isalpha() else "#", []).append(skill)
    return sorted(groups.items())


SKILL_LEVEL_LABELS = dict(SkillLevel.choices)
