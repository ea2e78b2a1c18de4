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
    catalogue_workflow_ensure(index=index)
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


@transaction.atomic
def courses_bulk_create(
    *, index: CatalogueIndexPage, specs: list[dict], batch_size: int = 500, progress=None, search_index: bool = False
) -> list[CoursePage]:
    """Create many live courses at once (demo data, the 20,000-course benchmark catalogue).

    Each spec: the CoursePage fields plus `title`, `slug`, optional `skills` [(slug, level)] and `audience`
    {organisations, professions, grades: [ids]}. Pages are inserted in batches with their tree paths computed
    here rather than one `add_child` at a time; they are published without a revision (the first edit in the
    admin creates one). Slugs must be unique under the index. `progress(n)` is called after each batch.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale, Page

    index = Page.objects.select_for_update().get(pk=index.pk).specific
    content_type = ContentType.objects.get_for_model(CoursePage)
    locale_id = index.locale_id or Locale.get_default().pk
    last = index.get_last_child()
    step = CoursePage._str2int(last.path[-CoursePage.steplen :]) if last else 0
    depth = index.depth + 1
    now = timezone.now()
    skill_ids = current_skill_ids({slug for spec in specs for slug, _ in spec.get("skills", ())})
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    created = []
    for start in range(0, len(specs), batch_size):
        batch = specs[start : start + batch_size]
        courses = []
        for spec in batch:
            step += 1
            fields = {k: v for k, v in spec.items() if k not in ("skills", "audience", "slug", "title")}
            course = CoursePage(
                title=spec["title"],
                draft_title=spec["title"],
                slug=spec["slug"],
                content_type=content_type,
                locale_id=locale_id,
                path=CoursePage._get_path(index.path, depth, step),
                depth=depth,
                numchild=0,
                url_path=f"{index.url_path}{spec['slug']}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                **fields,
            )
            courses.append(course)
        pages = Page.objects.bulk_create(
            [Page(**{f.attname: getattr(c, f.attname) for f in page_fields}) for c in courses]
        )
        for course, page in zip(courses, pages, strict=True):
            course.page_ptr_id = course.pk = page.pk
            course.id = page.pk
        CoursePage._base_manager._insert(courses, fields=CoursePage._meta.local_concrete_fields, using="default")
        CourseSkill.objects.bulk_create(
            [
                CourseSkill(course_id=course.pk, skill_id=skill_ids[slug], level=int(level), sort_order=n)
                for course, spec in zip(courses, batch, strict=True)
                for n, (slug, level) in enumerate(dict(spec.get("skills", ())).items())
                if slug in skill_ids
            ]
        )
        for name in ("organisations", "professions", "grades"):
            through = getattr(CoursePage, f"audience_{name}").through
            column = f"{name[:-1]}_id"
            through.objects.bulk_create(
                [
                    through(coursepage_id=course.pk, **{column: other})
                    for course, spec in zip(courses, batch, strict=True)
                    for other in (spec.get("audience") or {}).get(name, ())
                ]
            )
        created.extend(courses)
        if progress:
            progress(len(batch))
    from django.db.models import F

    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + len(created))
    if search_index:
        from wagtail.search.index import insert_or_update_object

        for course in CoursePage.objects.filter(pk__in=[c.pk for c in created]):
            insert_or_update_object(course)
    transaction.on_commit(catalogue_cache_invalidate)
    return created


WORKFLOW_NAME = "Course moderation"
TASK_NAME = "A second curator approves"
CURATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]
ADMINISTRATOR_PAGE_PERMISSIONS = [*CURATOR_PAGE_PERMISSIONS, "publish_page", "delete_page"]


@transaction.atomic
def catalogue_workflow_ensure(*, index: CatalogueIndexPage | None = None):
    """Set up moderation on the catalogue: curators may draft and submit courses but not publish; a second
    curator approves, which publishes (or schedules) it. Administrators may publish directly. Idempotent."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

    from people.roles import ADMINISTRATOR, CURATOR, ROLE_NAMES

    from .models import SecondCuratorApprovalTask

    index = index or CatalogueIndexPage.objects.first()
    if index is None:
        return None
    curators, _ = Group.objects.get_or_create(name=ROLE_NAMES[CURATOR])
    administrators, _ = Group.objects.get_or_create(name=ROLE_NAMES[ADMINISTRATOR])
    for group, codenames in ((curators, CURATOR_PAGE_PERMISSIONS), (administrators, ADMINISTRATOR_PAGE_PERMISSIONS)):
        for perm in Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=codenames):
            GroupPagePermission.objects.get_or_create(group=group, page=index, permission=perm)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = SecondCuratorApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = SecondCuratorApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(curators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow
