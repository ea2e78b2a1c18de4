"""Writes for the course catalogue. Keyword-only, typed; atomic where they write."""

from __future__ import annotations

import uuid

from django.conf import settings
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
        # Callers decide who may publish (views check the permission); the service records who did it.
        revision.publish(user=user, skip_permission_checks=True)
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
        # Callers decide who may publish (views check the permission); the service records who did it.
        revision.publish(user=user, skip_permission_checks=True)
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


# --- Bulk import ------------------------------------------------------------------------------------------------

IMPORT_FIELDS = [
    "summary",
    "description",
    "format",
    "duration_minutes",
    "cost_pence",
    "booking_url",
    "location",
    "accessibility",
    "how_to_start",
    "review_by",
    "activity_iri",
]


def import_progress_key(import_id: int) -> str:
    return f"courses:import:{import_id}:done"


def _course_state(course: CoursePage) -> dict:
    """The importable fields of a course's latest version (its draft if it has one), for the preview diff."""
    latest = course.get_latest_revision_as_object() if course.has_unpublished_changes else course
    state = {name: getattr(latest, name) for name in IMPORT_FIELDS}
    state["title"] = latest.title
    state["review_by"] = state["review_by"].isoformat() if state["review_by"] else None
    state["skills"] = sorted([cs.skill.slug, cs.level] for cs in latest.skills_taught.all())
    for name in ("organisations", "professions", "grades"):
        state[f"audience_{name}"] = sorted(o.pk for o in getattr(latest, f"audience_{name}").all())
    return state


def _row_changes(course: CoursePage, row: dict) -> list[str]:
    state = _course_state(course)
    changed = []
    for name, current in state.items():
        wanted = sorted(row[name]) if name == "skills" or name.startswith("audience_") else row[name]
        if (current or None) != (wanted or None):
            changed.append(name)
    return changed


def import_preview(*, provider, rows: list[dict]) -> dict:
    existing = {
        c.external_id: c
        for c in CoursePage.objects.filter(provider=provider, external_id__in=[r["external_id"] for r in rows])
    }
    items = []
    for row in rows:
        course = existing.get(row["external_id"])
        if course is None:
            items.append(
                {"row": row["row"], "external_id": row["external_id"], "title": row["title"], "action": "create"}
            )
            continue
        changes = _row_changes(course, row)
        items.append(
            {
                "row": row["row"],
                "external_id": row["external_id"],
                "title": row["title"],
                "action": "update" if changes else "unchanged",
                "changes": changes,
                "course_id": course.pk,
            }
        )
    counts = {action: sum(1 for i in items if i["action"] == action) for action in ("create", "update", "unchanged")}
    return {"items": items, "counts": counts}


@transaction.atomic
def catalogue_import_prepare(*, provider, filename: str, content: bytes, user=None):
    """Read and check a file and save what would happen (the dry run). Writes no course; an import with errors
    can never be run. Raises importing.ImportFileError when the file itself is unusable."""
    from . import importing
    from .models import CatalogueImport

    parsed = importing.parse_catalogue(filename=filename, content=content)
    errors = [e.as_dict() for e in parsed.errors]
    return CatalogueImport.objects.create(
        created_by=user if getattr(user, "is_authenticated", False) else None,
        filename=filename[:255],
        provider=provider,
        rows=parsed.rows if not errors else [],
        errors=errors,
        preview=import_preview(provider=provider, rows=parsed.rows) if not errors else {},
        status=CatalogueImport.Status.INVALID if errors else CatalogueImport.Status.PREVIEWED,
        total=len(parsed.rows),
    )


@transaction.atomic
def catalogue_import_start(*, catalogue_import, publish: bool = False, user=None):
    """Queue a previewed, error-free import as a Celery task (after this transaction commits)."""
    from .models import CatalogueImport

    catalogue_import = CatalogueImport.objects.select_for_update().get(pk=catalogue_import.pk)
    if catalogue_import.status != CatalogueImport.Status.PREVIEWED:
        raise ValueError(f"This import cannot be started: it is {catalogue_import.get_status_display().lower()}.")
    catalogue_import.status = CatalogueImport.Status.QUEUED
    catalogue_import.result = {"publish": bool(publish)}
    catalogue_import.save(update_fields=["status", "result"])
    from .tasks import catalogue_import_run

    transaction.on_commit(lambda: catalogue_import_run.delay(catalogue_import.pk))
    return catalogue_import


def catalogue_import_apply(*, import_id: int) -> dict:
    """Create or update every course of an import in one transaction (all or nothing); progress goes to the cache
    so the admin can show it while the transaction is open. Rows already matching are left untouched."""
    from django.utils import timezone

    from .models import CatalogueImport

    catalogue_import = CatalogueImport.objects.get(pk=import_id)
    if catalogue_import.status not in (CatalogueImport.Status.QUEUED, CatalogueImport.Status.RUNNING):
        return catalogue_import.result
    CatalogueImport.objects.filter(pk=import_id).update(status=CatalogueImport.Status.RUNNING, done=0)
    key = import_progress_key(import_id)
    cache.set(key, 0, timeout=60 * 60 * 6)
    publish = bool(catalogue_import.result.get("publish"))
    try:
        with transaction.atomic():
            counts = _import_rows(catalogue_import, publish=publish, progress=lambda n: cache.set(key, n, 60 * 60 * 6))
    except Exception as exc:
        CatalogueImport.objects.filter(pk=import_id).update(
            status=CatalogueImport.Status.FAILED, result={"publish": publish, "error": str(exc)[:500]}
        )
        raise
    result = {"publish": publish, **counts}
    CatalogueImport.objects.filter(pk=import_id).update(
        status=CatalogueImport.Status.DONE, done=catalogue_import.total, result=result, finished_at=timezone.now()
    )
    cache.delete(key)
    return result


def _import_rows(catalogue_import, *, publish: bool, progress) -> dict:
    from people.models import Grade, Organisation, Profession

    index = catalogue_ensure_index()
    provider = catalogue_import.provider
    user = catalogue_import.created_by
    models_by_name = {"organisations": Organisation, "professions": Profession, "grades": Grade}
    existing = {
        c.external_id: c
        for c in CoursePage.objects.filter(
            provider=provider, external_id__in=[r["external_id"] for r in catalogue_import.rows]
        )
    }
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for n, row in enumerate(catalogue_import.rows, start=1):
        fields = {name: row[name] for name in IMPORT_FIELDS}
        if fields["review_by"]:
            import datetime as dt

            fields["review_by"] = dt.date.fromisoformat(fields["review_by"])
        audience = {
            name: list(model.objects.filter(pk__in=row[f"audience_{name}"])) for name, model in models_by_name.items()
        }
        skills = [tuple(pair) for pair in row["skills"]]
        course = existing.get(row["external_id"])
        if course is None:
            course_create(
                index=index,
                title=row["title"],
                skills=skills,
                audience=audience,
                publish=publish,
                user=user,
                provider=provider,
                external_id=row["external_id"],
                **fields,
            )
            counts["created"] += 1
        elif not _row_changes(course, row):
            counts["unchanged"] += 1
        else:
            course_update(
                course=course,
                title=row["title"],
                skills=skills,
                audience=audience,
                publish=publish,
                user=user,
                **fields,
            )
            counts["updated"] += 1
        progress(n)
    return counts


# --- Daily review and link check ---------------------------------------------------------------------------------

LINK_CHECK_USER_AGENT = "SkillsForTheCivilService-LinkCheck/1.0 (+catalogue booking link check)"


LINK_CHECK_MAX_REDIRECTS = 5


def _address_refusal(url: str) -> str:
    """Why the link checker will not fetch `url` ("" when it may). Booking links are typed by curators, so the
    checker must not become a way to reach inside the network it runs in: only http(s) to public addresses, and to
    the hosts named in settings.LINK_CHECK_PRIVATE_HOSTS_ALLOWED (empty by default; a local test server)."""
    import ipaddress
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "Not checked: only http and https addresses are checked."
    if parts.hostname in settings.LINK_CHECK_PRIVATE_HOSTS_ALLOWED:
        return ""
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError, ValueError):
        return "Could not find the server (the name does not resolve)."
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global:
            return "Not checked: the address points inside a private network."
    return ""


def link_check(url: str, *, timeout: float = 10.0) -> tuple[bool, int | None, str]:
    """(ok, status code, error) for one address: HEAD first, GET when a server refuses HEAD; redirects followed
    (each hop checked against private addresses, at most LINK_CHECK_MAX_REDIRECTS)."""
    import requests

    from .linkcheck import PrivateAddressRefused, public_session

    headers = {"User-Agent": LINK_CHECK_USER_AGENT}
    try:
        with public_session() as session:
            response = _fetch_following_redirects(session, url, timeout=timeout, headers=headers)
        if isinstance(response, str):
            return False, None, response
    except PrivateAddressRefused:
        return False, None, "Not checked: the address points inside a private network."
    except requests.exceptions.Timeout:
        return False, None, f"No answer within {timeout:g} seconds."
    except requests.exceptions.SSLError:
        return False, None, "The secure connection failed (certificate problem)."
    except requests.exceptions.ConnectionError:
        return False, None, "Could not connect to the server."
    except requests.exceptions.RequestException as exc:
        return False, None, f"The request failed: {exc.__class__.__name__}."
    if response.status_code >= 400:
        return False, response.status_code, f"The page answered {response.status_code} {response.reason or ''}".strip()
    return True, response.status_code, ""


def _fetch_following_redirects(session, url: str, *, timeout: float, headers: dict):
    """The final response, or why the address was not fetched (a message)."""
    from urllib.parse import urljoin

    for _ in range(LINK_CHECK_MAX_REDIRECTS + 1):
        refusal = _address_refusal(url)
        if refusal:
            return refusal
        response = session.head(url, allow_redirects=False, timeout=timeout, headers=headers)
        if response.status_code in (403, 405, 501):
            response = session.get(url, allow_redirects=False, timeout=timeout, headers=headers, stream=True)
            response.close()
        if not (response.is_redirect and response.headers.get("location")):
            return response
        url = urljoin(url, response.headers["location"])
    return f"More than {LINK_CHECK_MAX_REDIRECTS} redirects."


def catalogue_check_links(*, timeout: float = 10.0, workers: int = 8, today=None) -> dict:
    """The daily L&D job: list live courses past their review-by date and check every live booking link.

    Results are stored per course (`CourseLinkCheck`) and shown in the admin's catalogue reports; nothing is
    unpublished or blocked. Each distinct address is checked once.
    """
    from concurrent.futures import ThreadPoolExecutor

    from django.utils import timezone

    from .models import CourseLinkCheck
    from .selectors import courses_live, courses_past_review

    overdue = list(courses_past_review(today=today).values_list("pk", "title", "review_by"))
    courses = list(courses_live().exclude(booking_url="").values_list("pk", "booking_url"))
    urls = sorted({url for _, url in courses})
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = dict(zip(urls, pool.map(lambda u: link_check(u, timeout=timeout), urls), strict=True))
    now = timezone.now()
    existing = {c.course_id: c for c in CourseLinkCheck.objects.filter(course_id__in=[pk for pk, _ in courses])}
    to_create, to_update = [], []
    for pk, url in courses:
        ok, status, error = results[url]
        check = existing.get(pk) or CourseLinkCheck(course_id=pk)
        check.url, check.checked_at, check.ok, check.status_code, check.error = url, now, ok, status, error
        (to_update if check.pk else to_create).append(check)
    with transaction.atomic():
        CourseLinkCheck.objects.bulk_create(to_create, batch_size=1000)
        CourseLinkCheck.objects.bulk_update(
            to_update, ["url", "checked_at", "ok", "status_code", "error"], batch_size=1000
        )
        # A course whose link was removed has nothing left to report.
        CourseLinkCheck.objects.exclude(course_id__in=[pk for pk, _ in courses]).delete()
    broken = [pk for pk, url in courses if not results[url][0]]
    return {
        "checked_courses": len(courses),
        "checked_addresses": len(urls),
        "broken": len(broken),
        "broken_course_ids": broken,
        "past_review": [{"id": pk, "title": title, "review_by": str(review_by)} for pk, title, review_by in overdue],
    }
