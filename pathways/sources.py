"""Everything pathways reads from other apps, in one place.

Pathways sits above the framework, the catalogue and the learning records. It reads them only through their
selectors and services, and only from this module, so the rest of the app works with plain values (course facts,
dicts of levels keyed by skill slug) and the seams are easy to see and to test.
"""

from __future__ import annotations

import threading

from django.db.models import prefetch_related_objects

from courses import selectors as course_selectors
from framework import selectors as framework_selectors
from learning_records import selectors as lr_selectors
from learning_records import services as lr_services

from .generator import CatalogueIndex

COMPLETED_STATUSES = ("completed", "passed")


# --- Framework --------------------------------------------------------------------------------------------------
def framework_version_current():
    return framework_selectors.version_current()


def role_level_get(*, slug: str):
    """The role level with this slug in the current version (else the newest published version that has it)."""
    return framework_selectors.role_level_get_any_version(slug=slug)


CURRENT_VERSION_KEY = "pathways:current-framework-version-id"


def current_version_id() -> int | None:
    """The current framework version's id, cached (cleared when a version is activated; five minutes at most)."""
    from django.core.cache import cache

    version_id = cache.get(CURRENT_VERSION_KEY)
    if version_id is None:
        version = framework_selectors.version_current()
        version_id = version.pk if version else 0
        cache.set(CURRENT_VERSION_KEY, version_id, timeout=300)
    return version_id or None


def current_version_forget() -> None:
    from django.core.cache import cache

    cache.delete(CURRENT_VERSION_KEY)


def role_level_current(*, role_level):
    """The same role level (by slug) in the current version; no query when it already is current."""
    if role_level.version_id == current_version_id():
        return role_level
    return role_level_get(slug=role_level.slug) or role_level


def role_level_requirements(*, role_level) -> list:
    return framework_selectors.role_level_requirements(role_level=role_level)


def skill_level_descriptions(*, skills) -> dict[int, dict[int, str]]:
    """{skill id: {level: what the skill means at that level}} for these skills."""
    skills = list(skills)
    prefetch_related_objects(skills, "level_descriptions")
    return {skill.pk: framework_selectors.skill_level_descriptions(skill=skill) for skill in skills}


def role_level_choices() -> list[tuple[str, str]]:
    """(role level slug, "Family: role level") for every role level in the current version, by family and role."""
    choices = []
    for family in framework_selectors.families_with_roles():
        for role in family.roles.all():
            for level in role.levels.all():
                choices.append((level.slug, f"{family.name}: {level.name}"))
    return choices


def skill_names(*, version_id: int | None = None) -> dict[str, str]:
    """{slug: name} for a version's skills (cached for five minutes: names only label prerequisites)."""
    from django.core.cache import cache

    version = framework_selectors.version_current() if version_id is None else None
    if version_id is None and version is None:
        return {}
    version_id = version_id or version.pk
    key = f"pathways:skill-names:{version_id}"
    names = cache.get(key)
    if names is None:
        from framework.models import FrameworkVersion

        version = FrameworkVersion(pk=version_id)
        names = dict(framework_selectors.skills_in_version(version=version).values_list("slug", "name"))
        cache.set(key, names, timeout=300)
    return names


# --- Learning records -------------------------------------------------------------------------------------------
def course_progress(*, user_id: int, activity_iris=None) -> dict[str, str]:
    """{activity IRI: status} ("registered", "in_progress", "completed", "passed", "failed")."""
    return lr_selectors.course_progress_for_user(
        user_id=user_id, activity_iris=list(activity_iris) if activity_iris is not None else None
    )


def last_completions(*, user_id: int) -> dict:
    """{activity IRI: when the learner last completed or passed it}, from the statements' own timestamps (so a
    course done again a year later counts, though its status stayed "completed")."""
    return lr_selectors.completions_for_user(user_id=user_id)


def completed_course_ids(*, user_id: int, progress: dict[str, str] | None = None) -> set[int]:
    """Live courses the learner has completed or passed, according to the learning record store."""
    by_iri = _courses_by_iri()
    if progress is None:
        progress = lr_selectors.course_progress_for_user(user_id=user_id)
    return {by_iri[iri] for iri, status in progress.items() if status in COMPLETED_STATUSES and iri in by_iri}


def learner_records(*, user_id: int) -> tuple[dict[str, int], set[int]]:
    """({skill slug: level} the learner has shown, {ids of live courses they completed}), in two queries.

    Evidence is statements that carry a framework skill, and completed courses: a completed course that teaches a
    skill to a level is evidence of that level.
    """
    levels = {slug: evidence.level for slug, evidence in lr_selectors.skill_evidence_for_user(user_id=user_id).items()}
    completed = completed_course_ids(user_id=user_id, progress=lr_selectors.course_progress_for_user(user_id=user_id))
    facts = course_selectors.catalogue_facts().courses
    for course_id in completed:
        for slug, level in facts[course_id].skills:
            levels[slug] = max(levels.get(slug, 0), level)
    return levels, completed


def learner_evidence(*, user_id: int) -> dict[str, int]:
    return learner_records(user_id=user_id)[0]


def record_platform_event(*, user, verb: str, activity_iri: str, activity_name: str) -> str:
    """Record a platform event ("planned", "started", "completed") as an xAPI statement through the LRS service."""
    return lr_services.statement_record_platform_event(
        user=user, verb=verb, activity_iri=activity_iri, activity_name=activity_name
    )


# --- Courses ----------------------------------------------------------------------------------------------------
_memo_lock = threading.Lock()
_memo: dict[str, object] = {"facts": None, "index": None, "by_iri": None}


def _shared_index() -> CatalogueIndex:
    """One index over the live catalogue per process, rebuilt when the catalogue changes (courses memoises the facts
    and hands back the same object until then), so per-skill orderings are sorted once, not per request."""
    facts = course_selectors.catalogue_facts()
    if _memo["facts"] is facts:
        return _memo["index"]
    with _memo_lock:
        if _memo["facts"] is not facts:
            _memo["index"] = CatalogueIndex(facts.courses.values())
            _memo["by_iri"] = {course.activity_iri: course.id for course in facts.courses.values()}
            _memo["facts"] = facts
    return _memo["index"]


def _courses_by_iri() -> dict[str, int]:
    _shared_index()
    return _memo["by_iri"]


def catalogue_for(*, profile) -> CatalogueIndex:
    """The live catalogue, with the audience check for this learner (courses they cannot attend are left out)."""
    return _shared_index().for_learner(
        is_open=lambda course: course_selectors.course_open_to(course=course, profile=profile)
    )


def course_facts(*, course_id: int):
    return course_selectors.catalogue_facts().courses.get(course_id)


def required_learning(*, profile, completions: dict) -> list:
    """Required learning for the learner's audience with due dates, from {activity IRI: last completed}."""
    return course_selectors.required_learning_status(profile=profile, completions=completions)
