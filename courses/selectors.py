"""Reads of the course catalogue, for pages and for the other apps (pathways, search, insights).

Other apps use these functions, never the models' internals. The contract:

- `courses_live()`: a queryset of live `CoursePage`s.
- `course_for_activity_iri(*, iri)`: the live or draft course whose xAPI activity IRI is `iri` (the editor's
  override, or the course's own `SITE_BASE_URL/courses/activities/<stable id>`), else None.
- `catalogue_facts()`: the whole live catalogue as plain, immutable data (`CourseFacts`), built with five queries
  and memoised in-process until a course, its skills or a provider changes (a token in the shared cache is bumped
  by `services.catalogue_cache_invalidate`, so every worker sees the change). Built once, reads cost microseconds,
  which is what pathway generation over a 20,000-course catalogue needs.
- `courses_teaching(*, skill_slugs)`: `CourseFacts` of live courses teaching any of the skills (by framework slug,
  so it works across framework versions), each with duration, cost, skills [(slug, level)], prerequisites and
  audience. Ordered by course id.
- `course_open_to(*, course, profile)`: whether a learner profile is in a course's audience (a `CoursePage` or a
  `CourseFacts`; a profile of None is only admitted to courses open to all).
- `required_learning_for(*, profile)`: [(CoursePage, recurrence months or None)] that are mandatory for the learner.
- `required_learning_status(*, profile, completions, today)`: each required course with its due date and whether it
  is overdue, given the learner's completions {activity IRI: last completed datetime} (from learning_records).
- `course_search_documents(*, ids=None)`: one plain dict per course (live and not live, so the index can drop the
  latter) with: id, url, title, summary, description (plain text), provider_name, provider_type,
  provider_type_label, format, format_label, duration_minutes, cost_pence, is_free, skills
  [{slug, name, level, level_label, family_slugs, family_names}], role_family_slugs, audience {open,
  organisation_ids, profession_ids, grade_ids}, review_by (ISO date or None), review_overdue, first_published_at
  (ISO datetime or None), live, activity_iri.
- `coverage_report()`: for L&D, each current framework skill and level with the number of live courses reaching
  exactly that level, split by provider type, skills with no course first.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import strip_tags

from framework.models import FrameworkVersion, RoleLevelSkill, Skill, SkillLevel

from .models import CourseLinkCheck, CoursePage, CoursePrerequisite, CourseSkill, Provider, RequiredLearning

CACHE_TOKEN_KEY = "courses:catalogue-token"
LEVEL_LABELS = dict(SkillLevel.choices)


@dataclass(frozen=True, slots=True)
class Audience:
    open: bool
    organisation_ids: frozenset[int] = frozenset()
    profession_ids: frozenset[int] = frozenset()
    grade_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class CourseFacts:
    """What pathway generation needs to know about one live course, as plain data."""

    id: int
    title: str
    url: str
    activity_iri: str
    format: str
    provider_type: str
    duration_minutes: int | None
    cost_pence: int
    skills: tuple[tuple[str, int], ...]
    prerequisite_course_ids: tuple[int, ...]
    prerequisite_skills: tuple[tuple[str, int], ...]
    audience: Audience

    @property
    def is_free(self) -> bool:
        return not self.cost_pence

    def level_for(self, skill_slug: str) -> int:
        return next((level for slug, level in self.skills if slug == skill_slug), 0)


@dataclass(frozen=True)
class CatalogueFacts:
    courses: dict[int, CourseFacts]
    by_skill: dict[str, tuple[CourseFacts, ...]] = field(default_factory=dict)
    ids_by_skill: dict[str, frozenset[int]] = field(default_factory=dict)


def courses_live() -> QuerySet[CoursePage]:
    return CoursePage.objects.live().public()


def _site_root_path() -> str:
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page.url_path if site else "/"


def _url(url_path: str, root_path: str) -> str:
    if url_path.startswith(root_path):
        return "/" + url_path[len(root_path) :]
    return url_path


def course_for_activity_iri(*, iri: str) -> CoursePage | None:
    """The course whose activity IRI is `iri`: an editor's override first, else the course's own IRI."""
    course = CoursePage.objects.filter(activity_iri=iri).order_by("-live", "pk").first()
    if course is not None:
        return course
    prefix = f"{settings.SITE_BASE_URL}/courses/activities/"
    if iri.startswith(prefix):
        try:
            stable_id = uuid.UUID(iri[len(prefix) :].strip("/"))
        except ValueError:
            return None
        return CoursePage.objects.filter(stable_id=stable_id).first()
    return None


# --- The plain-data catalogue --------------------------------------------------------------------------------

_memo_lock = threading.Lock()
_memo: dict[str, object] = {"token": None, "facts": None}


def catalogue_token() -> str:
    token = cache.get(CACHE_TOKEN_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(CACHE_TOKEN_KEY, token, timeout=None)
        token = cache.get(CACHE_TOKEN_KEY, token)
    return token


def _build_facts() -> CatalogueFacts:
    live = courses_live()
    root = _site_root_path()
    rows = list(
        live.values_list(
            "id",
            "title",
            "url_path",
            "activity_iri",
            "stable_id",
            "format",
            "provider__provider_type",
            "duration_minutes",
            "cost_pence",
            "audience_open",
        )
    )
    ids = {row[0] for row in rows}
    skills = defaultdict(list)
    for course_id, slug, level in CourseSkill.objects.filter(course__in=live).values_list(
        "course_id", "skill__slug", "level"
    ):
        skills[course_id].append((slug, level))
    prereq_courses, prereq_skills = defaultdict(list), defaultdict(list)
    for course_id, required_id, slug, level in CoursePrerequisite.objects.filter(course__in=live).values_list(
        "course_id", "required_course_id", "skill__slug", "level"
    ):
        if required_id:
            prereq_courses[course_id].append(required_id)
        else:
            prereq_skills[course_id].append((slug, level))
    restricted = {row[0] for row in rows if not row[9]}
    audience_sets = {name: defaultdict(set) for name in ("organisations", "professions", "grades")}
    if restricted:
        for name, column in (
            ("organisations", "organisation_id"),
            ("professions", "profession_id"),
            ("grades", "grade_id"),
        ):
            through = getattr(CoursePage, f"audience_{name}").through
            for course_id, other_id in through.objects.filter(coursepage_id__in=live).values_list(
                "coursepage_id", column
            ):
                audience_sets[name][course_id].add(other_id)
    courses = {}
    base = f"{settings.SITE_BASE_URL}/courses/activities/"
    for cid, title, url_path, iri, stable_id, fmt, ptype, minutes, cost, is_open in rows:
        audience = (
            Audience(open=True)
            if is_open
            else Audience(
                open=False,
                organisation_ids=frozenset(audience_sets["organisations"][cid]),
                profession_ids=frozenset(audience_sets["professions"][cid]),
                grade_ids=frozenset(audience_sets["grades"][cid]),
            )
        )
        courses[cid] = CourseFacts(
            id=cid,
            title=title,
            url=_url(url_path, root),
            activity_iri=iri or f"{base}{stable_id}",
            format=fmt,
            provider_type=ptype or "",
            duration_minutes=minutes,
            cost_pence=cost,
            skills=tuple(sorted(skills[cid])),
            prerequisite_course_ids=tuple(p for p in prereq_courses[cid] if p in ids),
            prerequisite_skills=tuple(sorted(prereq_skills[cid])),
            audience=audience,
        )
    by_skill = defaultdict(list)
    for facts in courses.values():
        for slug, _level in facts.skills:
            by_skill[slug].append(facts)
    return CatalogueFacts(
        courses=courses,
        by_skill={k: tuple(v) for k, v in by_skill.items()},
        ids_by_skill={k: frozenset(c.id for c in v) for k, v in by_skill.items()},
    )


def catalogue_facts() -> CatalogueFacts:
    """The live catalogue as plain data, rebuilt only when the catalogue has changed (see the module docstring)."""
    token = catalogue_token()
    facts = _memo["facts"]
    if facts is not None and _memo["token"] == token:
        return facts
    with _memo_lock:
        if _memo["facts"] is not None and _memo["token"] == token:
            return _memo["facts"]
        facts = _build_facts()
        _memo["token"], _memo["facts"] = token, facts
        return facts


def courses_teaching(*, skill_slugs: Iterable[str]) -> list[CourseFacts]:
    """Live courses teaching any of these skills (by framework slug), as `CourseFacts`, ordered by id."""
    facts = catalogue_facts()
    empty = frozenset()
    ids = empty.union(*(facts.ids_by_skill.get(slug, empty) for slug in skill_slugs))
    courses = facts.courses
    return [courses[i] for i in sorted(ids)]


# --- Audience and required learning ----------------------------------------------------------------------------


def _audience_of(course) -> Audience:
    if isinstance(course, CourseFacts):
        return course.audience
    if course.audience_open:
        return Audience(open=True)
    return Audience(
        open=False,
        organisation_ids=frozenset(o.pk for o in course.audience_organisations.all()),
        profession_ids=frozenset(p.pk for p in course.audience_professions.all()),
        grade_ids=frozenset(g.pk for g in course.audience_grades.all()),
    )


def _organisation_ids_of(profile) -> set[int]:
    """The learner's organisation and all its ancestors (a course for HMRC is open to the VOA inside it)."""
    org = getattr(profile, "organisation", None)
    if org is None:
        return set()
    if org.path:
        return {int(part) for part in org.path.strip("/").split("/") if part}
    return {org.pk}


def course_open_to(*, course, profile) -> bool:
    """True when the course is open to all, or the learner matches every audience dimension the course limits.

    Within a dimension any choice matches (organisations include their sub-organisations); across dimensions all
    must match, so "HMRC, grades HEO and SEO" means HEO or SEO staff in HMRC.
    """
    audience = _audience_of(course)
    if audience.open:
        return True
    if profile is None:
        return False
    if audience.organisation_ids and not (audience.organisation_ids & _organisation_ids_of(profile)):
        return False
    if audience.profession_ids and getattr(profile, "profession_id", None) not in audience.profession_ids:
        return False
    if audience.grade_ids and getattr(profile, "grade_id", None) not in audience.grade_ids:
        return False
    return bool(audience.organisation_ids or audience.profession_ids or audience.grade_ids)


def _rule_matches(rule: RequiredLearning, profile) -> bool:
    if rule.organisation_id and rule.organisation_id not in _organisation_ids_of(profile):
        return False
    if rule.profession_id and rule.profession_id != getattr(profile, "profession_id", None):
        return False
    return not (rule.grade_id and rule.grade_id != getattr(profile, "grade_id", None))


def required_learning_audiences() -> list[tuple[int | None, int | None, int | None]]:
    """(organisation id, profession id, grade id) of every required-learning rule: who the rules can apply to."""
    return list(RequiredLearning.objects.values_list("organisation_id", "profession_id", "grade_id"))


def required_learning_for(*, profile) -> list[tuple[CoursePage, int | None]]:
    """Live courses mandatory for this learner, with the recurrence in months (None: complete once).

    When several rules of one course apply, the most frequent recurrence wins.
    """
    found: dict[int, tuple[CoursePage, int | None]] = {}
    rules = RequiredLearning.objects.filter(course__live=True).select_related("course").order_by("course__title")
    for rule in rules:
        if profile is None or not _rule_matches(rule, profile):
            continue
        previous = found.get(rule.course_id)
        months = rule.recurrence_months
        if previous is not None:
            before = previous[1]
            months = None if before is None and months is None else min(m for m in (before, months) if m is not None)
        found[rule.course_id] = (rule.course, months)
    return list(found.values())


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole calendar months, clamped to the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RequiredLearningStatus:
    course: CoursePage
    recurrence_months: int | None
    last_completed: dt.date | None
    due: dt.date | None  # None: completed once and never due again
    overdue: bool


def required_learning_status(
    *, profile, completions: Mapping[str, dt.datetime | dt.date], today: dt.date | None = None
) -> list[RequiredLearningStatus]:
    """Each required course with when it is next due. Never completed: due now. Recurring: due `months` after the
    last completion. Once only: done for good once completed. `completions` maps activity IRI to last completion."""
    today = today or timezone.localdate()
    result = []
    for course, months in required_learning_for(profile=profile):
        last = completions.get(course.xapi_activity_iri)
        if isinstance(last, dt.datetime):
            last = timezone.localtime(last).date() if timezone.is_aware(last) else last.date()
        if last is None:
            due = today
        elif months is None:
            due = None
        else:
            due = add_months(last, months)
        result.append(
            RequiredLearningStatus(
                course=course,
                recurrence_months=months,
                last_completed=last,
                due=due,
                overdue=due is not None and (last is None or due <= today),
            )
        )
    return result


# --- Search documents -------------------------------------------------------------------------------------------


def _skill_families(skill_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    families = defaultdict(set)
    for skill_id, slug, name in (
        RoleLevelSkill.objects.filter(skill_id__in=list(skill_ids))
        .values_list("skill_id", "role_level__role__family__slug", "role_level__role__family__name")
        .distinct()
    ):
        families[skill_id].add((slug, name))
    return {k: sorted(v) for k, v in families.items()}


def course_search_documents(*, ids: Iterable[int] | None = None, batch_size: int = 1000) -> Iterator[dict]:
    """One plain dict per course for the search index (see the module docstring for the fields)."""
    queryset = CoursePage.objects.all().order_by("pk")
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    root = _site_root_path()
    today = timezone.localdate()
    base = f"{settings.SITE_BASE_URL}/courses/activities/"
    formats = dict(CoursePage.Format.choices)
    provider_types = dict(Provider.Type.choices)
    pks = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(pks), batch_size):
        chunk = pks[start : start + batch_size]
        pages = list(CoursePage.objects.filter(pk__in=chunk).select_related("provider").order_by("pk"))
        skills = defaultdict(list)
        skill_rows = list(
            CourseSkill.objects.filter(course_id__in=chunk)
            .order_by("course_id", "sort_order")
            .values_list("course_id", "skill_id", "skill__slug", "skill__name", "level")
        )
        families = _skill_families({row[1] for row in skill_rows})
        for course_id, skill_id, slug, name, level in skill_rows:
            fams = families.get(skill_id, [])
            skills[course_id].append(
                {
                    "slug": slug,
                    "name": name,
                    "level": level,
                    "level_label": LEVEL_LABELS.get(level, ""),
                    "family_slugs": [f[0] for f in fams],
                    "family_names": [f[1] for f in fams],
                }
            )
        audience = {name: defaultdict(list) for name in ("organisation", "profession", "grade")}
        for name in audience:
            through = getattr(CoursePage, f"audience_{name}s").through
            for course_id, other in through.objects.filter(coursepage_id__in=chunk).values_list(
                "coursepage_id", f"{name}_id"
            ):
                audience[name][course_id].append(other)
        for page in pages:
            course_skills = skills[page.pk]
            yield {
                "id": page.pk,
                "url": _url(page.url_path, root),
                "title": page.title,
                "summary": page.summary,
                "description": " ".join(strip_tags(page.description or "").split()),
                "provider_name": page.provider.name if page.provider else "",
                "provider_type": page.provider.provider_type if page.provider else "",
                "provider_type_label": provider_types.get(page.provider.provider_type, "") if page.provider else "",
                "format": page.format,
                "format_label": formats.get(page.format, page.format),
                "duration_minutes": page.duration_minutes,
                "cost_pence": page.cost_pence,
                "is_free": not page.cost_pence,
                "skills": course_skills,
                "role_family_slugs": sorted({slug for s in course_skills for slug in s["family_slugs"]}),
                "audience": {
                    "open": page.audience_open,
                    "organisation_ids": sorted(audience["organisation"][page.pk]),
                    "profession_ids": sorted(audience["profession"][page.pk]),
                    "grade_ids": sorted(audience["grade"][page.pk]),
                },
                "review_by": page.review_by.isoformat() if page.review_by else None,
                "review_overdue": bool(page.review_by and page.review_by < today),
                "first_published_at": page.first_published_at.isoformat() if page.first_published_at else None,
                "live": page.live,
                "activity_iri": page.activity_iri or f"{base}{page.stable_id}",
            }


# --- Pages ------------------------------------------------------------------------------------------------------


def course_related(*, course: CoursePage, limit: int = 4) -> list[CourseFacts]:
    """Other live courses sharing the most skills with this one (ties: the one reaching nearer levels first)."""
    mine = dict(CourseSkill.objects.filter(course=course).values_list("skill__slug", "level"))
    if not mine:
        return []
    scored = []
    for other in courses_teaching(skill_slugs=mine):
        if other.id == course.pk:
            continue
        shared = [slug for slug, _ in other.skills if slug in mine]
        distance = sum(abs(other.level_for(s) - mine[s]) for s in shared)
        scored.append((-len(shared), distance, other.title, other))
    scored.sort(key=lambda item: item[:3])
    return [item[3] for item in scored[:limit]]


def audience_description(*, course: CoursePage) -> str:
    """ "Open to all civil servants", or who it is for in plain words."""
    if course.audience_open:
        return "Open to all civil servants"

    def either(names):
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]

    parts = []
    orgs = [o.name for o in course.audience_organisations.all()]
    profs = [p.name for p in course.audience_professions.all()]
    grades = [g.code for g in course.audience_grades.all()]
    if orgs:
        parts.append(f"in {either(orgs)} (including sub-organisations)")
    if profs:
        parts.append(f"in the {either(profs)} profession")
    if grades:
        parts.append(f"at grade {either(grades)}")
    return "Only for civil servants " + " ".join(parts) if parts else "Only for a limited audience"


def _skill_href(slug: str) -> str:
    """The framework's page for a skill, when the framework app has one."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("framework:skill", kwargs={"slug": slug})
    except NoReverseMatch:
        return ""


def course_page_actions(*, course: CoursePage, request=None) -> list[dict]:
    """What a reader can do with a course besides starting it, offered by higher layers through the Wagtail hook
    `course_page_actions` (e.g. pathways' "Add to my learning plan"): each hook takes (request, course) and returns
    a list of {"text", "href"} links ("button": True to show it as a secondary button), or
    {"text", "href", "link_text", "done": True} for an action already taken."""
    from wagtail import hooks

    if request is None:
        return []
    actions = []
    for hook in hooks.get_hooks("course_page_actions"):
        actions.extend(hook(request, course) or [])
    return actions


def course_page_context(*, course: CoursePage, request=None) -> dict:
    skills = list(course.skills_taught.select_related("skill").all())
    prerequisites = list(course.prerequisites.select_related("skill", "required_course").all())
    profile = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        profile = getattr(user, "profile", None)
    rows = [
        {"key": "Provider", "value": course.provider.name if course.provider else "Not set"},
        {"key": "Format", "value": course.get_format_display()},
        {"key": "Duration", "value": course.duration_text or "Varies"},
        {"key": "Cost", "value": f"£{course.cost_pounds} per learner" if course.cost_pence else "Free"},
        {"key": "Who it is for", "value": audience_description(course=course)},
    ]
    if course.location:
        rows.insert(3, {"key": "Location", "value": course.location})
    index = course.get_parent()
    return {
        "summary_rows": rows,
        "breadcrumbs": [{"text": "Home", "href": "/"}, {"text": index.title, "href": index.url}],
        "skills_head": ["Skill", "Level you reach"],
        "skills_rows": [
            [{"text": cs.skill.name, "href": _skill_href(cs.skill.slug)}, LEVEL_LABELS.get(cs.level, "")]
            for cs in skills
        ],
        "start_label": "Start now" if course.format in ("e_learning", "video", "reading") else "Book a place",
        "skills": [
            {"skill": cs.skill, "level": cs.level, "level_label": LEVEL_LABELS.get(cs.level, "")} for cs in skills
        ],
        "prerequisites": [
            {
                "course": p.required_course if p.required_course_id and p.required_course.live else None,
                "skill": p.skill,
                "level_label": LEVEL_LABELS.get(p.level, "") if p.level else "",
            }
            for p in prerequisites
            if p.skill_id or (p.required_course_id and p.required_course.live)
        ],
        "audience_text": audience_description(course=course),
        "open_to_me": course_open_to(course=course, profile=profile) if profile is not None else None,
        "actions": course_page_actions(course=course, request=request),
        "related": course_related(course=course),
        "required_rules": list(course.required_for.select_related("organisation", "profession", "grade").all()),
    }


def catalogue_filter(
    *,
    query: str = "",
    formats: Iterable[str] = (),
    provider_types: Iterable[str] = (),
    family_slug: str = "",
    free_only: bool = False,
) -> QuerySet[CoursePage]:
    """Live courses for the catalogue index's simple filters (faceted search is the search app's job)."""
    queryset = courses_live().select_related("provider").order_by("title")
    if query:
        queryset = queryset.filter(title__icontains=query.strip())
    if formats := [f for f in formats if f]:
        queryset = queryset.filter(format__in=formats)
    if provider_types := [p for p in provider_types if p]:
        queryset = queryset.filter(provider__provider_type__in=provider_types)
    if free_only:
        queryset = queryset.filter(cost_pence=0)
    if family_slug:
        slugs = RoleLevelSkill.objects.filter(role_level__role__family__slug=family_slug).values("skill__slug")
        queryset = queryset.filter(skills_taught__skill__slug__in=slugs).distinct()
    return queryset


def current_families() -> list[tuple[str, str]]:
    from framework.models import RoleFamily

    version = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.CURRENT).first()
    if version is None:
        return []
    return list(RoleFamily.objects.filter(version=version).order_by("name").values_list("slug", "name"))


# --- L&D reports ------------------------------------------------------------------------------------------------


def courses_past_review(*, today: dt.date | None = None) -> QuerySet[CoursePage]:
    today = today or timezone.localdate()
    return courses_live().filter(review_by__lt=today).select_related("provider").order_by("review_by", "title")


def broken_links() -> QuerySet[CourseLinkCheck]:
    return (
        CourseLinkCheck.objects.filter(ok=False, course__live=True).select_related("course").order_by("course__title")
    )


def coverage_report() -> list[dict]:
    """Every current skill × level (Awareness..Expert) with live courses reaching exactly that level.

    Each row: skill_slug, skill_name, level, level_label, courses (total), by_provider_type {type: count}.
    Rows for skills with no live course at any level come first, then by skill name and level.
    """
    version = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.CURRENT).first()
    if version is None:
        return []
    counts: dict[tuple[str, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for slug, level, ptype in (
        CourseSkill.objects.filter(course__in=courses_live())
        .values_list("skill__slug", "level", "course__provider__provider_type")
        .iterator()
    ):
        counts[(slug, level)][ptype or ""] += 1
    rows = []
    for slug, name in Skill.objects.filter(version=version).order_by("name").values_list("slug", "name"):
        skill_total = sum(sum(counts[(slug, level)].values()) for level in range(1, 5) if (slug, level) in counts)
        for level in range(1, 5):
            split = dict(counts.get((slug, level), {}))
            rows.append(
                {
                    "skill_slug": slug,
                    "skill_name": name,
                    "level": level,
                    "level_label": LEVEL_LABELS[level],
                    "courses": sum(split.values()),
                    "by_provider_type": {t: split.get(t, 0) for t, _ in Provider.Type.choices},
                    "skill_has_none": skill_total == 0,
                }
            )
    rows.sort(key=lambda r: (not r["skill_has_none"], r["skill_name"].lower(), r["level"]))
    return rows
