"""Writes for pathways, and pathway generation (which reads many things and is kept beside the plan it feeds)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from . import selectors, sources
from .generator import OPTIMISE_CHOICES, OPTIMISE_TIME, Pathway, pathway_build
from .models import CuratedPathwayPage, LearnerCompletion, PlanItem


def pathway_generate(*, user, role_level=None, optimise: str = OPTIMISE_TIME, gap=None) -> tuple:
    """(gap, pathway) for the learner's target (or the given role level). Nothing is saved."""
    if optimise not in OPTIMISE_CHOICES:
        raise ValidationError(f"Choose how to optimise: {', '.join(OPTIMISE_CHOICES)}.")
    profile = selectors.learner_profile(user=user, for_planning=True)
    levels = selectors.learner_levels(user=user)
    gap = gap or selectors.gap_for_learner(user=user, role_level=role_level, levels=levels, profile=profile)
    if gap is None:
        return None, None
    pathway: Pathway = pathway_build(
        needs=gap.needs,
        catalogue=sources.catalogue_for(profile=profile),
        learner_levels=levels.current,
        completed_ids=levels.completed_ids,
        optimise=optimise,
        target_name=gap.role_level.name,
        skill_names=sources.skill_names(version_id=gap.role_level.version_id),
    )
    return gap, pathway


def course_reason(*, facts, gap) -> str:
    """Why a course the learner picked helps their target, in words (or that it does not touch their gaps)."""
    from .generator import level_name

    if gap is None:
        return "You chose this course."
    rows = {row.skill_slug: row for row in gap.rows}
    helps = []
    for slug, level in facts.skills:
        row = rows.get(slug)
        if row is not None and row.status != "met" and level > row.current:
            helps.append(
                f"Teaches {row.skill_name} to {level_name(level)}, which {gap.role_level.name} needs at "
                f"{level_name(row.required)}; {row.basis}."
            )
    if not helps:
        return f"You chose this course. It does not close any of your gaps for {gap.role_level.name}."
    return " ".join(helps)


def course_open_to_user(*, facts, user) -> bool:
    from courses import selectors as course_selectors

    return course_selectors.course_open_to(course=facts, profile=selectors.learner_profile(user=user))


def _next_position(user) -> int:
    return (PlanItem.objects.filter(user=user).aggregate(m=Max("position"))["m"] or 0) + 1


def _record_added(*, user, item: PlanItem) -> None:
    if item.activity_iri:
        transaction.on_commit(
            lambda: sources.record_platform_event(
                user=user, verb="planned", activity_iri=item.activity_iri, activity_name=item.course_title
            )
        )


@transaction.atomic
def plan_add_courses(
    *,
    user,
    course_ids: list[int],
    source: str,
    reasons: dict[int, str],
    titles: dict[int, str],
    iris: dict[int, str],
    target_role_level_slug: str = "",
    curated_pathway: CuratedPathwayPage | None = None,
) -> list[PlanItem]:
    """Add the courses the learner chose, in order, skipping any already in their plan."""
    from wagtail.models import Page

    if not course_ids:
        raise ValidationError("Select at least one course to add to your plan.")
    existing = set(PlanItem.objects.filter(user=user, course_id__in=course_ids).values_list("course_id", flat=True))
    pages = {p.pk: p for p in Page.objects.filter(pk__in=course_ids)}
    position = _next_position(user)
    added = []
    for course_id in course_ids:
        if course_id in existing or course_id not in pages:
            continue
        item = PlanItem.objects.create(
            user=user,
            course=pages[course_id],
            course_title=titles.get(course_id) or pages[course_id].title,
            activity_iri=iris.get(course_id, ""),
            source=source,
            curated_pathway=curated_pathway,
            target_role_level_slug=target_role_level_slug,
            reason=reasons.get(course_id, ""),
            position=position,
        )
        position += 1
        added.append(item)
        _record_added(user=user, item=item)
    return added


@transaction.atomic
def plan_add_generated(*, user, course_ids: list[int], optimise: str = OPTIMISE_TIME) -> list[PlanItem]:
    """Add chosen steps of the learner's generated pathway. Only steps the generator proposes can be added."""
    gap, pathway = pathway_generate(user=user, optimise=optimise)
    if pathway is None:
        raise ValidationError("Set a target role level before adding a pathway.")
    steps = {s.course.id: s for s in pathway.steps}
    unknown = [i for i in course_ids if i not in steps]
    if unknown:
        raise ValidationError("Your pathway has changed since you viewed it. Check it again and choose the steps.")
    ordered = [s.course.id for s in pathway.steps if s.course.id in set(course_ids)]
    return plan_add_courses(
        user=user,
        course_ids=ordered,
        source=PlanItem.Source.GENERATED,
        reasons={i: steps[i].explanation for i in ordered},
        titles={i: steps[i].course.title for i in ordered},
        iris={i: steps[i].course.activity_iri for i in ordered},
        target_role_level_slug=gap.role_level.slug,
    )


@transaction.atomic
def plan_add_curated(*, user, pathway: CuratedPathwayPage, course_ids: list[int]) -> list[PlanItem]:
    """Add chosen steps (or their alternatives) of a curated pathway."""
    allowed: dict[int, tuple[str, object]] = {}
    for step in selectors.curated_pathway_steps(pathway=pathway):
        note = step.note or f"Step {step.number} of the curated pathway “{pathway.title}”."
        for course in ([step.course] if step.course else []) + step.alternatives:
            allowed.setdefault(course.pk, (note, course))
    unknown = [i for i in course_ids if i not in allowed]
    if unknown:
        raise ValidationError("Choose steps from this pathway.")
    return plan_add_courses(
        user=user,
        course_ids=course_ids,
        source=PlanItem.Source.CURATED,
        reasons={i: allowed[i][0] for i in course_ids},
        titles={i: allowed[i][1].title for i in course_ids},
        iris={i: getattr(allowed[i][1], "activity_iri", "") or "" for i in course_ids},
        target_role_level_slug=pathway.target_role_level.slug if pathway.target_role_level else "",
        curated_pathway=pathway,
    )


@transaction.atomic
def plan_item_set_target_date(*, user, item_id: int, target_date: datetime.date | None) -> PlanItem:
    item = PlanItem.objects.select_for_update().filter(user=user, pk=item_id).first()
    if item is None:
        raise ValidationError("That step is not in your plan.")
    item.target_date = target_date
    item.save(update_fields=["target_date"])
    return item


@transaction.atomic
def plan_item_remove(*, user, item_id: int) -> None:
    deleted, _ = PlanItem.objects.filter(user=user, pk=item_id).delete()
    if not deleted:
        raise ValidationError("That step is not in your plan.")


def plan_item_record(*, user, item_id: int, verb: str) -> PlanItem:
    """Record that the learner started or completed a step, as an xAPI statement through the LRS service."""
    if verb not in ("started", "completed"):
        raise ValidationError("You can mark a step as started or completed.")
    item = PlanItem.objects.filter(user=user, pk=item_id).first()
    if item is None:
        raise ValidationError("That step is not in your plan.")
    if not item.activity_iri:
        raise ValidationError("This course has no activity identifier, so progress cannot be recorded.")
    sources.record_platform_event(user=user, verb=verb, activity_iri=item.activity_iri, activity_name=item.course_title)
    return item


@transaction.atomic
def completion_record(*, user_id: int, activity_iri: str, status: str | None) -> None:
    """Keep the date a learner last completed an activity (called when the LRS reports a progress change)."""
    if status not in sources.COMPLETED_STATUSES:
        return
    from django.utils import timezone

    LearnerCompletion.objects.update_or_create(
        user_id=user_id, activity_iri=activity_iri, defaults={"completed_at": timezone.now()}
    )


INDEX_INTRODUCTION = (
    "<p>Pathways that learning and development teams recommend for common moves between roles. Each step says why "
    "it is there. When one fits your move, your own pathway page offers it first.</p>"
)


@transaction.atomic
def pathway_index_ensure(*, home=None):
    """The one index of curated pathways, under the home page at /role-pathways/, editable by curators. Idempotent."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from core.models import HomePage
    from people.roles import ADMINISTRATOR, CURATOR, ROLE_NAMES

    from .models import PathwayIndexPage

    index = PathwayIndexPage.objects.first()
    if index is None:
        home = home or HomePage.objects.first()
        if home is None:
            from core.services import site_ensure_home

            home = site_ensure_home()
        index = PathwayIndexPage(
            title="Role pathways",
            slug="role-pathways",
            summary="Routes into digital, data and technology roles recommended by learning and development teams.",
            introduction=INDEX_INTRODUCTION,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    for role in (CURATOR, ADMINISTRATOR):
        group, _ = Group.objects.get_or_create(name=ROLE_NAMES[role])
        for perm in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=["add_page", "change_page", "publish_page"]
        ):
            GroupPagePermission.objects.get_or_create(group=group, page=index, permission=perm)
    return index


@transaction.atomic
def curated_pathway_create(
    *, title: str, target_role_level, from_role_level=None, summary: str = "", steps: list[dict], index=None
) -> CuratedPathwayPage:
    """Publish a curated pathway. `steps`: [{"course": CoursePage, "alternatives": [...], "note": "", "optional": False}]."""
    from django.utils.text import slugify

    index = index or pathway_index_ensure()
    page = CuratedPathwayPage(
        title=title,
        slug=slugify(title)[:200],
        summary=summary,
        target_role_level=target_role_level,
        from_role_level=from_role_level,
        steps=[
            (
                "step",
                {
                    "course": s["course"],
                    "alternatives": list(s.get("alternatives", [])),
                    "note": s.get("note", ""),
                    "optional": bool(s.get("optional")),
                },
            )
            for s in steps
        ],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page
