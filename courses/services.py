"""Writes for the course catalogue. Keyword-only, typed; atomic where they write."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

from framework.models import FrameworkVersion, Skill

from .models import CatalogueIndexPage, CoursePage, CoursePrerequisite, CourseSkill, RequiredLearning
from .selectors import CACHE_TOKEN_KEY


def catalogue_cache_invalidate() -> None:
    """Tell every process that the live catalogue changed (the plain-data catalogue is rebuilt on next read)."""
    cache.set(CACHE_TOKEN_KEY, uuid.uuid4().hex, timeout=None)


@transaction.atomic
def course_skills_remap(*, version: FrameworkVersion | None = None) -> dict[str, int]:
    """Point course skill mappings and skill prerequisites at `version`'s skills (default: the current version),
    matching by slug. Mappings to skills the new version no longer has keep pointing at their old row, so nothing
    an editor wrote is lost; the coverage report and search simply stop counting them."""
    if version is None:
        version = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.CURRENT).first()
    if version is None:
        return {"remapped": 0, "kept": 0}
    new_by_slug = dict(Skill.objects.filter(version=version).values_list("slug", "id"))
    remapped = kept = 0
    for model in (CourseSkill, CoursePrerequisite):
        rows = list(model.objects.filter(skill__isnull=False).exclude(skill__version=version).select_related("skill"))
        changed = []
        for row in rows:
            new_id = new_by_slug.get(row.skill.slug)
            if new_id is None:
                kept += 1
                continue
            row.skill_id = new_id
            changed.append(row)
        if model is CourseSkill and changed:
            # A course could map two old rows to one new slug only if slugs collided; keep the first, drop the rest.
            seen, unique = set(), []
            for row in changed:
                key = (row.course_id, row.skill_id)
                if key in seen or model.objects.filter(course_id=row.course_id, skill_id=row.skill_id).exists():
                    row.delete()
                    continue
                seen.add(key)
                unique.append(row)
            changed = unique
        model.objects.bulk_update(changed, ["skill"], batch_size=1000)
        remapped += len(changed)
    _remap_revisions(new_by_slug)
    transaction.on_commit(catalogue_cache_invalidate)
    return {"remapped": remapped, "kept": kept}


def _remap_revisions(new_by_slug: dict[str, int]) -> None:
    """Draft revisions hold skill ids too; move them by slug so publishing a draft does not revert the remap."""
    from wagtail.models import Revision

    from .models import CoursePage

    old_ids = set()
    revisions = list(
        Revision.page_revisions.filter(
            content_type__app_label="courses", content_type__model=CoursePage._meta.model_name
        ).filter(pk__in=CoursePage.objects.filter(has_unpublished_changes=True).values("latest_revision_id"))
    )
    for revision in revisions:
        for key in ("skills_taught", "prerequisites"):
            for row in revision.content.get(key, []):
                if row.get("skill"):
                    old_ids.add(row["skill"])
    if not old_ids:
        return
    slug_of = dict(Skill.objects.filter(pk__in=old_ids).values_list("id", "slug"))
    for revision in revisions:
        touched = False
        for key in ("skills_taught", "prerequisites"):
            for row in revision.content.get(key, []):
                new_id = new_by_slug.get(slug_of.get(row.get("skill")))
                if new_id and new_id != row.get("skill"):
                    row["skill"] = new_id
                    touched = True
        if touched:
            revision.save(update_fields=["content"])


CATALOGUE_INTRODUCTION = (
    "<p>Courses chosen by learning and development teams across government, each mapped to the skills in the "
    "Government Digital and Data Profession Capability Framework and the level it takes you to.</p>"
)


@transaction.atomic
def catalogue_ensure_index(*, home=None) -> CatalogueIndexPage:
    """The one catalogue index page, under the home page at /courses/. Idempotent."""
    existing = CatalogueIndexPage.objects.first()
    if existing is not None:
        return existing
    from core.models import HomePage

    home = home or HomePage.objects.first()
    if home is None:
        from core.services import site_ensure_home

        home = site_ensure_home()
    index = CatalogueIndexPage(
        title="Digital Skills Toolkit",
        slug="courses",
        summary="Courses mapped to the skills in the Digital and Data capability framework.",
        introduction=CATALOGUE_INTRODUCTION,
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def current_skill_ids(slugs) -> dict[str, int]:
    version = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.CURRENT).first()
    if version is None:
        return {}
    return dict(Skill.objects.filter(version=version, slug__in=list(slugs)).values_list("slug", "id"))


COURSE_FIELDS = {
    "summary",
    "description",
    "provider",
    "format",
    "duration_minutes",
    "cost_pence",
    "booking_url",
    "how_to_start",
    "location",
    "accessibility",
    "audience_open",
    "activity_iri",
    "external_id",
    "review_by",
}


def _apply(course: CoursePage, *, title, skills, prerequisites, audience, required, fields) -> None:
    unknown = set(fields) - COURSE_FIELDS
    if unknown:
        raise TypeError(f"Unknown course fields: {', '.join(sorted(unknown))}")
    course.title = title
    course.draft_title = title
    for name, value in fields.items():
        setattr(course, name, value)
    if skills is not None:
        ids = current_skill_ids(slug for slug, _ in skills)
        course.skills_taught = [
            CourseSkill(skill_id=ids[slug], level=int(level), sort_order=n)
            for n, (slug, level) in enumerate(skills)
            if slug in ids
        ]
    if prerequisites is not None:
        rows = []
        ids = current_skill_ids(p[0] for p in prerequisites if isinstance(p, tuple))
        for n, prerequisite in enumerate(prerequisites):
            if isinstance(prerequisite, CoursePage):
                rows.append(CoursePrerequisite(required_course=prerequisite, sort_order=n))
            elif prerequisite[0] in ids:
                rows.append(CoursePrerequisite(skill_id=ids[prerequisite[0]], level=int(prerequisite[1]), sort_order=n))
        course.prerequisites = rows
    if audience is not None:
        course.audience_open = not any(audience.get(k) for k in ("organisations", "professions", "grades"))
        course.audience_organisations = list(audience.get("organisations", []))
        course.audience_professions = list(audience.get("professions", []))
        course.audience_grades = list(audience.get("grades", []))
    if required is not None:
        course.required_for = [
            RequiredLearning(
                organisation=rule.get("organisation"),
                profession=rule.get("profession"),
                grade=rule.get("grade"),
                recurrence_months=rule.get("recurrence_months"),
                sort_order=n,
            )
            for n, rule in enumerate(required)
        ]


@transaction.atomic
def course_create(
    *,
    index: CatalogueIndexPage,
    title: str,
    skills: list[tuple[str, int]] = (),
    prerequisites: list | None = None,
    audience: dict | None = None,
    required: list[dict] | None = None,
    publish: bool = True,
    user=None,
    slug: str = "",
    **fields,
) -> CoursePage:
    """Create a course under the catalogue, mapping skills by slug in the current framework version (slugs the
    version does not have are skipped). Saved as a revision; published when `publish`."""
    course = CoursePage(slug=slug or _unique_slug(index, title), live=False)
    _apply(
        course,
        title=title,
        skills=skills,
        prerequisites=prerequisites,
        audience=audience,
        required=required,
        fields=fields,
    )
    index.add_child(instance=course)
    revision = course.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        course.refresh_from_db()
    return course


@transaction.atomic
def course_update(
    *,
    course: CoursePage,
    title: str,
    skills: list[tuple[str, int]] | None = None,
    prerequisites: list | None = None,
    audience: dict | None = None,
    required: list[dict] | None = None,
    publish: bool = False,
    user=None,
    **fields,
) -> CoursePage:
    """Change a course as a new revision (a draft unless `publish`), so moderation and history still apply."""
    course = course.get_latest_revision_as_object() if course.has_unpublished_changes else course
    _apply(
        course,
        title=title,
        skills=skills,
        prerequisites=prerequisites,
        audience=audience,
        required=required,
        fields=fields,
    )
    revision = course.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        course.refresh_from_db()
    return course


def _unique_slug(index, title: str) -> str:
    from django.utils.text import slugify

    base = slugify(title)[:200] or "course"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug
