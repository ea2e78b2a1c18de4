"""The search service: every caller (views, tasks, commands) goes through these functions.

Which backend answers is a setting (SEARCH_BACKEND: "database", the embedded default, or "engine");
nothing outside `search/backends/` imports an engine library.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import documents
from .backends.base import SearchBackend
from .models import IndexRebuild
from .query import ANONYMOUS, Learner, SearchRequest, SearchResponse, build_clauses
from .selectors import SYNONYM_CACHE_KEY, synonym_groups


def get_backend(name: str | None = None) -> SearchBackend:
    name = name or settings.SEARCH_BACKEND
    if name == "engine":
        from .backends.engine import EngineBackend

        return EngineBackend()
    if name == "database":
        from .backends.database import DatabaseBackend

        return DatabaseBackend()
    raise ValueError(f'Unknown SEARCH_BACKEND "{name}": use "database" or "engine".')


def course_search(*, request: SearchRequest, backend: SearchBackend | None = None) -> SearchResponse:
    backend = backend or get_backend()
    return backend.search(request, build_clauses(request.text, synonym_groups()))


def learner_for_user(user) -> Learner:
    """The audience facts "open to me" needs: organisation (with its ancestors), profession and grade."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    profile = getattr(user, "learner_profile", None) or getattr(user, "learnerprofile", None)
    if profile is None:
        return ANONYMOUS
    organisation = getattr(profile, "organisation", None)
    organisation_ids: tuple[int, ...] = ()
    if organisation is not None:
        path_ids = [int(part) for part in (organisation.path or "").strip("/").split("/") if part]
        organisation_ids = tuple(sorted(set(path_ids) | {organisation.pk}))
    return Learner(
        organisation_ids=organisation_ids,
        profession_id=getattr(profile, "profession_id", None),
        grade_id=getattr(profile, "grade_id", None),
    )


# --- index maintenance -------------------------------------------------------------------------------------


def search_index_courses(*, course_ids: Iterable[int], backend: SearchBackend | None = None) -> int:
    """Bring these courses up to date in the index: live ones (re)written, the others removed."""
    backend = backend or get_backend()
    course_ids = {int(i) for i in course_ids}
    prepared = [documents.prepare(d) for d in documents.course_documents(ids=course_ids)]
    written = backend.index(prepared) if prepared else 0
    gone = course_ids - {d.course_id for d in prepared}
    if gone:
        backend.remove(gone)
    return written


def search_remove_courses(*, course_ids: Iterable[int], backend: SearchBackend | None = None) -> None:
    (backend or get_backend()).remove([int(i) for i in course_ids])


def search_enqueue_reindex(*, course_ids: Iterable[int]) -> None:
    """Reindex after the surrounding transaction commits (a worker never sees a rolled-back course)."""
    from .tasks import search_index_courses_task

    ids = sorted({int(i) for i in course_ids})
    if ids:
        transaction.on_commit(lambda: search_index_courses_task.delay(ids))


def search_index_rebuild(
    *,
    backend: SearchBackend | None = None,
    source: Iterable[dict] | None = None,
    progress: Callable[[int], None] | None = None,
) -> IndexRebuild:
    """Rebuild the whole index from the live catalogue; searches keep answering from the old one meanwhile."""
    backend = backend or get_backend()
    record = IndexRebuild.objects.create(backend=backend.name)
    try:
        rows = source if source is not None else documents.course_documents()
        written = backend.rebuild((documents.prepare(d) for d in rows if d.get("live", True)), progress=progress)
    except Exception as exc:
        record.status = IndexRebuild.Status.FAILED
        record.message = f"{type(exc).__name__}: {exc}"[:2000]
        record.finished_at = timezone.now()
        record.save()
        raise
    record.status = IndexRebuild.Status.DONE
    record.documents = written
    record.finished_at = timezone.now()
    record.save()
    return record


def transient_search_errors() -> tuple[type[BaseException], ...]:
    from .backends.client import transient_errors

    return transient_errors()


def synonyms_changed() -> None:
    cache.delete(SYNONYM_CACHE_KEY)


# --- header search across the site ------------------------------------------------------------------------


@dataclass
class SiteMatch:
    kind: str
    title: str
    url: str
    summary: str = ""
    exact: bool = False


@dataclass
class SiteResults:
    text: str
    groups: dict[str, list[SiteMatch]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.groups.values())


def _rank(matches: list[SiteMatch], text: str) -> list[SiteMatch]:
    """A name equal to the query first, then names starting with it, then the rest in their order."""
    wanted = text.strip().casefold()
    for match in matches:
        match.exact = match.title.strip().casefold() == wanted
    return sorted(
        matches,
        key=lambda m: (not m.exact, not m.title.casefold().startswith(wanted)),
    )


def site_search(*, text: str, limit: int = 5) -> SiteResults:
    """Roles, skills and content pages matching the header search (courses come from `course_search`)."""
    from django.db.models import Q
    from wagtail.models import Page

    results = SiteResults(text=text)
    text = text.strip()
    if not text:
        return results
    from framework.models import Role, Skill

    words = [w for w in text.split() if w]
    for kind, model, prefix in (("Roles", Role, "roles"), ("Skills", Skill, "skills")):
        query = Q()
        for word in words:
            query &= Q(name__icontains=word) | Q(description__icontains=word)
        rows = list(model.objects.filter(version__status="current").filter(query).order_by("name")[:50])
        matches = [
            SiteMatch(kind=kind, title=row.name, url=_framework_url(prefix, row.slug), summary=_first_line(row))
            for row in rows
        ]
        results.groups[kind] = _rank(matches, text)[:limit]
    pages = []
    course_type = _course_content_type_id()
    candidates = Page.objects.live().public().filter(depth__gt=1)
    if course_type:
        candidates = candidates.exclude(content_type_id=course_type)
    for page in candidates.search(text)[:50]:
        pages.append(SiteMatch(kind="Pages", title=page.title, url=page.url or "", summary=page.search_description))
    results.groups["Pages"] = _rank(pages, text)[:limit]
    return results


def _framework_url(prefix: str, slug: str) -> str:
    from django.urls import NoReverseMatch, reverse

    name = {"roles": "framework:role", "skills": "framework:skill"}[prefix]
    try:
        return reverse(name, kwargs={"slug": slug})
    except NoReverseMatch:
        return f"/framework/{prefix}/{slug}/"


def _first_line(row) -> str:
    description = getattr(row, "description", "") or ""
    return description.strip().split("\n")[0][:200]


def _course_content_type_id() -> int | None:
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    try:
        model = apps.get_model("courses", "CoursePage")
    except LookupError:
        return None
    return ContentType.objects.get_for_model(model).pk


def search_enqueue_reindex_subtree(*, page) -> None:
    """Reindex every course at or below a moved page (their URLs changed)."""
    from django.apps import apps

    if page is None:
        return
    try:
        model = apps.get_model("courses", "CoursePage")
    except LookupError:
        return
    page_path = getattr(page, "path", "")
    ids = list(model.objects.filter(path__startswith=page_path).values_list("pk", flat=True)) if page_path else []
    search_enqueue_reindex(course_ids=ids)
