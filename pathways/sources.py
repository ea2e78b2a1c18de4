"""Everything pathways reads from other apps, in one place.

Pathways sits above the framework, the catalogue and the learning records. It reads them only through their
selectors and services, and only from this module, so the rest of the app works with plain values
(`generator.CourseOption`, dicts of levels keyed by skill slug) and the seams are easy to see and to test.
"""

from __future__ import annotations

from django.db.models import Prefetch

from framework.models import FrameworkVersion, RoleFamily, RoleLevel, RoleLevelSkill, SkillLevelDescription

from .generator import CatalogueIndex, CourseOption


# --- Framework --------------------------------------------------------------------------------------------------
# TODO(merge): switch to framework.selectors once the framework branch lands on main.
def framework_version_current() -> FrameworkVersion | None:
    return FrameworkVersion.objects.filter(status=FrameworkVersion.Status.CURRENT).first()


def role_level_get(*, slug: str) -> RoleLevel | None:
    """The role level with this slug in the current version (or the newest version that has it)."""
    levels = RoleLevel.objects.select_related("role__family", "version").filter(slug=slug)
    current = levels.filter(version__status=FrameworkVersion.Status.CURRENT).first()
    return current or levels.order_by("-version__imported_at").first()


def role_level_requirements(*, role_level: RoleLevel) -> list[RoleLevelSkill]:
    return list(RoleLevelSkill.objects.filter(role_level=role_level).select_related("skill").order_by("skill__name"))


def skill_level_descriptions(*, skill_ids) -> dict[int, dict[int, str]]:
    result: dict[int, dict[int, str]] = {}
    for row in SkillLevelDescription.objects.filter(skill_id__in=list(skill_ids)):
        result.setdefault(row.skill_id, {})[row.level] = row.description
    return result


def role_level_choices() -> list[tuple[str, str]]:
    """(role level slug, "Family: role level") for every role level in the current version, by family and role."""
    version = framework_version_current()
    if version is None:
        return []
    families = RoleFamily.objects.filter(version=version).prefetch_related(
        "roles", Prefetch("roles__levels", queryset=RoleLevel.objects.order_by("order", "name"))
    )
    choices = []
    for family in families:
        for role in family.roles.all():
            for level in role.levels.all():
                choices.append((level.slug, f"{family.name}: {level.name}"))
    return choices


# --- Learning records -------------------------------------------------------------------------------------------
def _optional(module: str):
    """The other app's module, or None while that app has not landed (pathways then shows what it can)."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def course_progress(*, user_id: int, activity_iris=None) -> dict[str, str]:
    """{activity IRI: progress status} ("registered", "in_progress", "completed", "passed", "failed")."""
    lr_selectors = _optional("learning_records.selectors")
    if lr_selectors is None or not hasattr(lr_selectors, "course_progress_for_user"):
        return {}
    progress = lr_selectors.course_progress_for_user(user_id=user_id, activity_iris=activity_iris)
    result = {}
    items = progress.items() if isinstance(progress, dict) else ((getattr(p, "activity_iri", ""), p) for p in progress)
    for iri, value in items:
        status = value if isinstance(value, str) else getattr(value, "status", "")
        result[str(iri)] = str(getattr(status, "value", status))
    return result


def learner_evidence(*, user_id: int) -> dict[str, int]:
    """{skill slug: level} the learner has shown: statements that carry a framework skill, and completed courses."""
    levels: dict[str, int] = {}
    lr_selectors = _optional("learning_records.selectors")
    if lr_selectors is not None and hasattr(lr_selectors, "skill_evidence_for_user"):
        levels = _evidence_levels(lr_selectors.skill_evidence_for_user(user_id=user_id))
    for option in completed_course_options(user_id=user_id):
        for slug, level in option.teaches:
            levels[slug] = max(levels.get(slug, 0), level)
    return levels


def _evidence_levels(evidence) -> dict[str, int]:
    levels: dict[str, int] = {}
    items = evidence.items() if isinstance(evidence, dict) else evidence
    for item in items:
        if isinstance(item, tuple):
            key, value = item
        else:
            key, value = getattr(item, "skill_iri", None) or getattr(item, "skill_slug", ""), item.level
        level = value if isinstance(value, int) else getattr(value, "level", 0)
        slug = str(key).rstrip("/").rsplit("/", 1)[-1]
        levels[slug] = max(levels.get(slug, 0), int(level or 0))
    return levels


def record_platform_event(*, user, verb: str, activity_iri: str, activity_name: str) -> bool:
    """Record a platform event ("started", "completed"...) as an xAPI statement in the LRS. False if no LRS."""
    lr_services = _optional("learning_records.services")
    if lr_services is None or not hasattr(lr_services, "statement_record_platform_event"):
        return False
    lr_services.statement_record_platform_event(
        user=user, verb=verb, activity_iri=activity_iri, activity_name=activity_name
    )
    return True


# --- Courses ----------------------------------------------------------------------------------------------------
def catalogue_for(*, profile, skill_slugs) -> CatalogueIndex:
    """Courses that teach any of these skills, with an audience check for this learner."""
    return CatalogueIndex([])


def completed_course_options(*, user_id: int) -> list[CourseOption]:
    return []


def required_learning(*, profile, user_id: int) -> list[dict]:
    """[{title, url, recurrence, due, completed}] for the learner's audience."""
    return []
