"""Demo data for pathways: a curated pathway, and the demo learner's profile, self-assessment and plan.

Runs after the people, framework and courses seeds. Safe to run repeatedly: it fills in what is missing and leaves
anything a person has changed alone.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from people.models import LearnerProfile, SkillAssessment, User

from . import sources
from .models import CuratedPathwayPage, PlanItem
from .services import curated_pathway_create, pathway_generate, pathway_index_ensure, plan_add_generated

CURRENT, TARGET = "delivery-manager", "product-manager"


def _shortest_courses(*, skill_slug: str, level: int, count: int = 2) -> list:
    from courses.models import CoursePage

    facts = sorted(
        (c for c in sources.catalogue_for(profile=None).teaching(skill_slug) if c.level_for(skill_slug) >= level),
        key=lambda c: (c.duration_minutes or 10_000, c.id),
    )
    return list(CoursePage.objects.filter(pk__in=[f.id for f in facts[:count]]).order_by("duration_minutes", "pk"))


@transaction.atomic
def seed() -> str:
    index = pathway_index_ensure()
    current, target = sources.role_level_get(slug=CURRENT), sources.role_level_get(slug=TARGET)
    if current is None or target is None:
        return "pathways: curated pathway index ready; the demo role levels are not in the loaded framework"

    if not CuratedPathwayPage.objects.filter(target_role_level__slug=TARGET).exists():
        steps = []
        for requirement in sources.role_level_requirements(role_level=target):
            courses = _shortest_courses(skill_slug=requirement.skill.slug, level=requirement.level)
            if courses and all(courses[0].pk != s["course"].pk for s in steps):
                steps.append(
                    {
                        "course": courses[0],
                        "alternatives": courses[1:],
                        "note": f"Builds {requirement.skill.name}, which product managers need from day one.",
                    }
                )
        if steps:
            curated_pathway_create(
                title="Delivery manager to product manager",
                summary="A route from running delivery to owning a product, written by the DDaT Academy.",
                from_role_level=current,
                target_role_level=target,
                steps=steps,
                index=index,
            )

    learner = User.objects.filter(email="learner@example.gov.uk").first()
    if learner is None:
        return "pathways: curated pathway ready; no demo learner to seed"
    profile, _ = LearnerProfile.objects.get_or_create(user=learner)
    if profile.target_role_level_id is None:
        profile.current_role_level, profile.target_role_level = current, target
        profile.save(update_fields=["current_role_level", "target_role_level"])

    manager = User.objects.filter(email="manager@example.gov.uk").first()
    requirements = {r.skill.slug: r for r in sources.role_level_requirements(role_level=current)}
    requirements.update({r.skill.slug: r for r in sources.role_level_requirements(role_level=target)})
    for n, (_, requirement) in enumerate(sorted(requirements.items())):
        level = max(0, requirement.level - (n % 3))
        assessment, created = SkillAssessment.objects.get_or_create(
            user=learner, skill=requirement.skill, defaults={"self_level": level}
        )
        if created and manager is not None and n == 0:
            assessment.manager_level, assessment.manager = min(4, level + 1), manager
            assessment.manager_assessed_at = timezone.now()
            assessment.save(update_fields=["manager_level", "manager", "manager_assessed_at"])

    if not PlanItem.objects.filter(user=learner).exists():
        _, pathway = pathway_generate(user=learner)
        chosen = [step.course.id for step in pathway.steps[:2]] if pathway else []
        if chosen:
            items = plan_add_generated(user=learner, course_ids=chosen)
            for months, item in enumerate(items, start=1):
                item.target_date = timezone.localdate() + datetime.timedelta(days=30 * months)
                item.save(update_fields=["target_date"])
    return (
        f"pathways: {CuratedPathwayPage.objects.count()} curated pathway(s); demo learner has "
        f"{SkillAssessment.objects.filter(user=learner).count()} assessments and "
        f"{PlanItem.objects.filter(user=learner).count()} plan steps"
    )
