"""Reads for pathways: a learner's gap against a role level, comparisons, curated pathways and plans."""

from __future__ import annotations

from dataclasses import dataclass, field

from people.models import LearnerProfile, SkillAssessment

from . import sources
from .generator import Need, level_name
from .models import CuratedPathwayPage, LearnerCompletion, PlanItem

MET, CLOSE, GAP = "met", "close", "gap"
STATUS_LABELS = {MET: ("Met", "green"), CLOSE: ("Close", "yellow"), GAP: ("Gap", "red")}


@dataclass
class GapRow:
    skill_id: int
    skill_slug: str
    skill_name: str
    required: int
    requirement: str  # what the skill means at this level for this role level
    assessed: int | None  # the learner's own assessment
    confirmed: int | None  # the line manager's confirmation or adjustment
    evidenced: int | None  # from completed courses and statements that carry the skill
    current: int
    status: str
    basis: str  # how we know the current level, in words

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status][0]

    @property
    def status_colour(self) -> str:
        return STATUS_LABELS[self.status][1]

    def as_need(self) -> Need:
        return Need(
            skill_slug=self.skill_slug,
            skill_name=self.skill_name,
            required=self.required,
            current=self.current,
            basis=self.basis,
        )


@dataclass
class Gap:
    role_level: object  # framework RoleLevel
    rows: list[GapRow] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def met(self) -> int:
        return self.count(MET)

    @property
    def close(self) -> int:
        return self.count(CLOSE)

    @property
    def gap(self) -> int:
        return self.count(GAP)

    @property
    def summary(self) -> str:
        total = len(self.rows)
        if total == 0:
            return f"The framework lists no skills for {self.role_level.name}."
        if self.met == total:
            return f"You meet all {total} skills {self.role_level.name} needs."
        return (
            f"You meet {self.met} of the {total} skills {self.role_level.name} needs. "
            f"{self.close} {'is' if self.close == 1 else 'are'} one level away and "
            f"{self.gap} {'needs' if self.gap == 1 else 'need'} more."
        )

    @property
    def needs(self) -> list[Need]:
        return [row.as_need() for row in self.rows if row.status != MET]


def learner_profile(*, user, for_planning: bool = False) -> LearnerProfile:
    """The user's profile (unsaved and empty if they have not set one up yet).

    `for_planning` loads only what gap analysis and pathway generation read (organisation for audience checks,
    the role levels), which keeps the hot path of generation to a lighter query.
    """
    related = ["organisation", "current_role_level", "target_role_level"]
    if not for_planning:
        related += ["profession", "grade", "line_manager"]
    profile = LearnerProfile.objects.select_related(*related).filter(user=user).first()
    return profile or LearnerProfile(user=user)


def assessments_by_slug(*, user) -> dict[str, SkillAssessment]:
    """The learner's assessments keyed by skill slug (the newest where several framework versions were assessed)."""
    found: dict[str, SkillAssessment] = {}
    rows = SkillAssessment.objects.filter(user=user).select_related("skill").order_by("self_assessed_at")
    for assessment in rows:
        found[assessment.skill.slug] = assessment
    return found


@dataclass
class LearnerLevels:
    assessments: dict[str, SkillAssessment]  # by skill slug
    evidenced: dict[str, int]
    current: dict[str, int]  # the level to plan with: assessment (manager's if confirmed) or evidence, if higher
    completed_ids: set[int]  # live courses completed or passed


def learner_levels(*, user) -> LearnerLevels:
    """Everything we know about the learner's levels, keyed by skill slug (three queries)."""
    assessments = assessments_by_slug(user=user)
    evidenced, completed = sources.learner_records(user_id=user.pk)
    current: dict[str, int] = {slug: a.level for slug, a in assessments.items()}
    for slug, level in evidenced.items():
        current[slug] = max(current.get(slug, 0), level)
    return LearnerLevels(assessments=assessments, evidenced=evidenced, current=current, completed_ids=completed)


def _basis(assessment: SkillAssessment | None, evidenced: int | None, current: int) -> str:
    if evidenced and evidenced == current and (assessment is None or assessment.level < evidenced):
        return f"your completed learning shows {level_name(evidenced)}"
    if assessment is None:
        return "you have not assessed it yet"
    if assessment.manager_level is not None:
        if assessment.manager_level == assessment.self_level:
            return f"your line manager confirmed {level_name(assessment.manager_level)}"
        return (
            f"your line manager assessed {level_name(assessment.manager_level)} "
            f"(you said {level_name(assessment.self_level)})"
        )
    return f"you assessed {level_name(assessment.self_level)}"


def _status(current: int, required: int) -> str:
    if current >= required:
        return MET
    if required - current == 1:
        return CLOSE
    return GAP


def gap_for_learner(*, user, role_level=None, levels: LearnerLevels | None = None, profile=None) -> Gap | None:
    """Each skill the role level (default: the learner's target) needs, the learner's levels and a status."""
    if role_level is None:
        role_level = (profile or learner_profile(user=user)).target_role_level
        if role_level is None:
            return None
    role_level = sources.role_level_current(role_level=role_level)
    levels = levels or learner_levels(user=user)
    assessments, evidenced, current = levels.assessments, levels.evidenced, levels.current
    gap = Gap(role_level=role_level)
    for requirement in sources.role_level_requirements(role_level=role_level):
        skill = requirement.skill
        assessment = assessments.get(skill.slug)
        now = current.get(skill.slug, 0)
        gap.rows.append(
            GapRow(
                skill_id=skill.pk,
                skill_slug=skill.slug,
                skill_name=skill.name,
                required=requirement.level,
                requirement=requirement.description,
                assessed=assessment.self_level if assessment else None,
                confirmed=assessment.manager_level if assessment else None,
                evidenced=evidenced.get(skill.slug),
                current=now,
                status=_status(now, requirement.level),
                basis=_basis(assessment, evidenced.get(skill.slug), now),
            )
        )
    order = {GAP: 0, CLOSE: 1, MET: 2}
    gap.rows.sort(key=lambda r: (order[r.status], r.current - r.required, r.skill_name))
    return gap


@dataclass
class Comparison:
    gaps: list[Gap]
    rows: list[tuple[str, list[GapRow | None]]]  # (skill name, the row for each role level or None if not needed)


def gaps_compare(*, user, role_levels: list) -> Comparison:
    """Gaps for two or three candidate role levels side by side, skills in any of them as rows."""
    levels = learner_levels(user=user)
    gaps = [gap_for_learner(user=user, role_level=rl, levels=levels) for rl in role_levels]
    by_skill: dict[str, list[GapRow | None]] = {}
    names: dict[str, str] = {}
    for index, gap in enumerate(gaps):
        for row in gap.rows:
            names[row.skill_slug] = row.skill_name
            by_skill.setdefault(row.skill_slug, [None] * len(gaps))[index] = row
    rows = sorted(by_skill.items(), key=lambda item: (-sum(1 for r in item[1] if r), names[item[0]]))
    return Comparison(gaps=gaps, rows=[(names[slug], cells) for slug, cells in rows])


def assessment_skills(*, user) -> list:
    """The skills a learner should assess: those their current and target role levels require, by name."""
    profile = learner_profile(user=user)
    skills = {}
    for role_level in (profile.current_role_level, profile.target_role_level):
        if role_level is None:
            continue
        role_level = sources.role_level_get(slug=role_level.slug) or role_level
        for requirement in sources.role_level_requirements(role_level=role_level):
            skills.setdefault(requirement.skill.slug, requirement.skill)
    return sorted(skills.values(), key=lambda s: s.name)


def curated_pathways_for_move(*, current_slug: str | None, target_slug: str) -> list[CuratedPathwayPage]:
    """Live curated pathways to this target whose starting point suits the learner (any, or their current level)."""
    pages = CuratedPathwayPage.objects.live().select_related("target_role_level", "from_role_level")
    fitting = []
    for page in pages.filter(target_role_level__slug=target_slug):
        if page.from_role_level is None:
            fitting.append((1, page.title, page))
        elif current_slug and page.from_role_level.slug == current_slug:
            fitting.append((0, page.title, page))
    return [page for _, _, page in sorted(fitting, key=lambda f: (f[0], f[1]))]


@dataclass
class CuratedFit:
    page: CuratedPathwayPage
    closes: int
    needs: int
    missing: list[str]

    @property
    def summary(self) -> str:
        if not self.needs:
            return "You already meet every skill this move needs."
        text = f"Its steps close {self.closes} of your {self.needs} gaps."
        if self.missing:
            text += f" Not covered: {', '.join(self.missing)}."
        return text


def curated_fits(*, pages: list[CuratedPathwayPage], gap: Gap) -> list[CuratedFit]:
    """How far each curated pathway goes towards the learner's gaps, so the offer explains itself."""
    needs = [row for row in gap.rows if row.status != MET]
    fits = []
    for page in pages:
        reached: dict[str, int] = {}
        for step in curated_pathway_steps(pathway=page):
            for course in ([step.course] if step.course else []) + step.alternatives:
                facts = sources.course_facts(course_id=course.pk)
                for slug, level in facts.skills if facts else ():
                    reached[slug] = max(reached.get(slug, 0), level)
        missing = [row.skill_name for row in needs if reached.get(row.skill_slug, 0) < row.required]
        fits.append(CuratedFit(page=page, closes=len(needs) - len(missing), needs=len(needs), missing=missing))
    return sorted(fits, key=lambda f: (-f.closes, f.page.title))


@dataclass
class CuratedStep:
    number: int
    course: object  # a course Page (specific) or None if unpublished
    alternatives: list
    note: str
    optional: bool


def curated_pathway_steps(*, pathway: CuratedPathwayPage) -> list[CuratedStep]:
    steps = []
    for number, block in enumerate(pathway.steps, start=1):
        value = block.value
        course = value.get("course")
        alternatives = [alt for alt in (value.get("alternatives") or []) if alt is not None and alt.live]
        steps.append(
            CuratedStep(
                number=number,
                course=course.specific if course is not None and course.live else None,
                alternatives=[alt.specific for alt in alternatives],
                note=value.get("note") or "",
                optional=bool(value.get("optional")),
            )
        )
    return steps


@dataclass
class PlanRow:
    item: PlanItem
    status: str  # "not started", "in progress", "completed", "passed", "failed"
    status_label: str
    colour: str
    overdue: bool


PROGRESS_LABELS = {
    "not_started": ("Not started", "grey"),
    "registered": ("Registered", "blue"),
    "in_progress": ("In progress", "light-blue"),
    "completed": ("Completed", "green"),
    "passed": ("Passed", "green"),
    "failed": ("Failed", "red"),
}


def course_in_plan(*, user, course_id: int) -> bool:
    return PlanItem.objects.filter(user=user, course_id=course_id).exists()


def people_with_plans(*, user_ids: list[int] | None = None) -> set[int]:
    """Ids of the people with at least one course in their plan (for aggregate figures; nothing else about them)."""
    queryset = PlanItem.objects.all()
    if user_ids is not None:
        queryset = queryset.filter(user_id__in=user_ids)
    return set(queryset.values_list("user_id", flat=True).distinct())


def plan_for_user(*, user) -> list[PlanRow]:
    """The learner's plan items with their progress read from the learning record store."""
    from django.utils import timezone

    items = list(PlanItem.objects.filter(user=user).select_related("course"))
    progress = sources.course_progress(user_id=user.pk, activity_iris=[i.activity_iri for i in items if i.activity_iri])
    today = timezone.localdate()
    rows = []
    for item in items:
        status = progress.get(item.activity_iri, "not_started") if item.activity_iri else "not_started"
        label, colour = PROGRESS_LABELS.get(status, (status.replace("_", " ").capitalize(), "grey"))
        done = status in ("completed", "passed")
        rows.append(
            PlanRow(
                item=item,
                status=status,
                status_label=label,
                colour=colour,
                overdue=bool(item.target_date and item.target_date < today and not done),
            )
        )
    return rows


def plan_summary(rows: list[PlanRow]) -> dict[str, int]:
    return {
        "total": len(rows),
        "completed": sum(1 for r in rows if r.status in ("completed", "passed")),
        # Counted under the same words the rows' status tags use.
        "in_progress": sum(1 for r in rows if r.status == "in_progress"),
        "registered": sum(1 for r in rows if r.status == "registered"),
        "failed": sum(1 for r in rows if r.status == "failed"),
        "overdue": sum(1 for r in rows if r.overdue),
    }


@dataclass
class RequiredRow:
    title: str
    url: str
    recurrence: str
    due: object  # date, or None when completed once and never due again
    status_label: str
    colour: str


def required_learning(*, user) -> list[RequiredRow]:
    """Required learning for the learner's audience, with the next due date from their last completion."""
    profile = learner_profile(user=user)
    if profile.pk is None:
        return []
    completions = sources.last_completions(user_id=user.pk)
    # Completions the LRS no longer holds a statement for (none in normal running) still count.
    for iri, when in LearnerCompletion.objects.filter(user=user).values_list("activity_iri", "completed_at"):
        completions.setdefault(iri, when)
    rows = []
    for status in sources.required_learning(profile=profile, completions=completions):
        months = status.recurrence_months
        if status.overdue:
            label, colour = ("Overdue", "red") if status.last_completed else ("To do", "yellow")
        elif status.due is None:
            label, colour = "Completed", "green"
        else:
            label, colour = "Up to date", "green"
        rows.append(
            RequiredRow(
                title=status.course.title,
                url=status.course.url,
                recurrence=("Once" if not months else f"Every {months} month{'s' if months != 1 else ''}"),
                due=status.due,
                status_label=label,
                colour=colour,
            )
        )
    return rows


SMALL_NUMBER = 5  # counts below this are shown as "fewer than 5", so no one can be singled out


@dataclass
class DemandRow:
    skill_name: str
    level: int
    learners: int
    best_level: int  # the highest level any live course reaches in this skill (0: none teaches it)

    @property
    def learners_text(self) -> str:
        return f"fewer than {SMALL_NUMBER}" if self.learners < SMALL_NUMBER else str(self.learners)


def catalogue_unmet_demand() -> list[DemandRow]:
    """For L&D: skill levels that learners' target role levels need and no live course reaches, with how many
    learners aim for them (counts only, small numbers suppressed). Most wanted first."""
    from django.db.models import Count

    targets = (
        LearnerProfile.objects.filter(target_role_level__isnull=False)
        .values_list("target_role_level__slug")
        .annotate(n=Count("id"))
    )
    index = sources.catalogue_for(profile=None)
    best: dict[str, int] = {}
    demand: dict[tuple[str, int], int] = {}
    names: dict[str, str] = {}
    for slug, learners in targets:
        role_level = sources.role_level_get(slug=slug)
        if role_level is None:
            continue
        for requirement in sources.role_level_requirements(role_level=role_level):
            skill = requirement.skill
            if skill.slug not in best:
                best[skill.slug] = max((c.level_for(skill.slug) for c in index.teaching(skill.slug)), default=0)
            if best[skill.slug] < requirement.level:
                names[skill.slug] = skill.name
                key = (skill.slug, requirement.level)
                demand[key] = demand.get(key, 0) + learners
    rows = [
        DemandRow(skill_name=names[slug], level=level, learners=n, best_level=best[slug])
        for (slug, level), n in demand.items()
    ]
    return sorted(rows, key=lambda r: (-r.learners, r.skill_name, r.level))
