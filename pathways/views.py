"""Pages for learners (profile, self-assessment, gap, pathway, plan) and line managers (their team)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from people import services as people_services
from people.selectors import direct_reports

from . import selectors, services, sources
from .forms import ChooseStepsForm, CompareForm, OptimiseForm, ProfileForm, SkillLevelsForm, TargetDateForm
from .generator import OPTIMISE_CHOICES, OPTIMISE_TIME, level_name
from .models import CuratedPathwayPage, PlanItem

MY_SKILLS = {"text": "My skills", "href": "/pathways/"}


def _crumbs(*items):
    return [{"text": "Home", "href": "/"}, *items]


def _tag(text, colour):
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


def _level(value):
    return "Not assessed" if value is None else level_name(value)


def _duration(minutes: int) -> str:
    if not minutes:
        return "Not stated"
    hours, mins = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts)


def _cost(pence: int) -> str:
    return "Free" if not pence else f"£{pence / 100:,.2f}".replace(".00", "")


def gap_table_rows(gap):
    return [
        [
            {"text": row.skill_name},
            level_name(row.required),
            _level(row.assessed),
            _level(row.confirmed),
            _level(row.evidenced),
            {"html": _tag(row.status_label, row.status_colour)},
        ]
        for row in gap.rows
    ]


GAP_HEAD = ["Skill", "Needed", "You assessed", "Manager confirmed", "Evidence", "Status"]


@login_required
def dashboard(request):
    profile = selectors.learner_profile(user=request.user)
    gap = selectors.gap_for_learner(user=request.user) if profile.target_role_level_id else None
    plan_rows = selectors.plan_for_user(user=request.user)
    profile_rows = _profile_rows(profile, change=reverse("pathways:profile"))
    return render(
        request,
        "pathways/dashboard.html",
        {
            "page_title": "My skills",
            "profile": profile,
            "profile_rows": profile_rows,
            "gap": gap,
            "plan_summary": selectors.plan_summary(plan_rows),
            "assessed": len(selectors.assessments_by_slug(user=request.user)),
            "to_assess": len(selectors.assessment_skills(user=request.user)),
            "breadcrumbs": _crumbs(),
        },
    )


def _profile_rows(profile, change=None):
    action = {"href": change, "text": "Change"} if change else None
    rows = [
        ("Organisation", profile.organisation),
        ("Profession", profile.profession),
        ("Grade", profile.grade),
        ("Current role level", profile.current_role_level),
        ("Target role level", profile.target_role_level),
    ]
    return [{"key": key, "value": str(value) if value else "", "action": action} for key, value in rows]


@login_required
def profile_edit(request):
    profile = selectors.learner_profile(user=request.user)
    initial = {
        "organisation": profile.organisation_id,
        "profession": profile.profession_id,
        "grade": profile.grade_id,
        "current_role_level": profile.current_role_level.slug if profile.current_role_level else "",
        "target_role_level": profile.target_role_level.slug if profile.target_role_level else "",
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        people_services.learner_profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, "Your profile has been saved.")
        return redirect("pathways:dashboard")
    return render(
        request,
        "pathways/profile_form.html",
        {"page_title": "Your role and goal", "form": form, "breadcrumbs": _crumbs(MY_SKILLS)},
    )


def _assessment_form(request, *, user, data=None, for_manager=False):
    skills = selectors.assessment_skills(user=user)
    profile = selectors.learner_profile(user=user)
    needed = {}
    for label, role_level in (("current", profile.current_role_level), ("target", profile.target_role_level)):
        if role_level is None:
            continue
        role_level = sources.role_level_get(slug=role_level.slug) or role_level
        for requirement in sources.role_level_requirements(role_level=role_level):
            needed.setdefault(requirement.skill.slug, []).append(
                f"{role_level.name} ({'current' if label == 'current' else 'target'}) needs "
                f"{level_name(requirement.level)}."
            )
    assessments = selectors.assessments_by_slug(user=user)
    initial, hints = {}, {}
    for skill in skills:
        assessment = assessments.get(skill.slug)
        hint = " ".join(needed.get(skill.slug, []))
        if for_manager:
            if assessment is None:
                continue
            initial[skill.pk] = assessment.level
            hint = f"They assessed {level_name(assessment.self_level)}. {hint}"
            if assessment.manager_assessed_at and assessment.self_assessed_at > assessment.manager_assessed_at:
                hint = f"They changed their assessment after you last confirmed it. {hint}"
            elif assessment.manager_level is not None:
                who = "You" if assessment.manager_id == request.user.pk else "Their previous manager"
                hint = f"{who} confirmed {level_name(assessment.manager_level)} on {assessment.manager_assessed_at:%-d %B %Y}. {hint}"
        elif assessment is not None:
            initial[skill.pk] = assessment.self_level
        hints[skill.pk] = hint
    if for_manager:
        skills = [s for s in skills if s.pk in initial]
    descriptions = sources.skill_level_descriptions(skills=skills)
    return SkillLevelsForm(
        data, skills=skills, descriptions=descriptions, required_levels=hints, initial_levels=initial
    ), assessments


@login_required
def assessment(request):
    form, _ = _assessment_form(request, user=request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        changed = people_services.skill_assessments_record(user=request.user, levels=form.levels())
        messages.success(request, f"Your self-assessment has been saved ({changed} changed).")
        return redirect("pathways:gap")
    return render(
        request,
        "pathways/assessment.html",
        {"page_title": "Assess your skills", "form": form, "breadcrumbs": _crumbs(MY_SKILLS)},
    )


@login_required
def gap(request):
    slug = request.GET.get("role_level", "")
    role_level = None
    if slug:
        role_level = sources.role_level_get(slug=slug)
        if role_level is None:
            raise Http404("No such role level")
    gap = selectors.gap_for_learner(user=request.user, role_level=role_level)
    if gap is None:
        messages.info(request, "Choose a target role level to see your skills gap.")
        return redirect("pathways:profile")
    return render(
        request,
        "pathways/gap.html",
        {
            "page_title": f"Your skills gap for {gap.role_level.name}",
            "gap": gap,
            "head": GAP_HEAD,
            "rows": gap_table_rows(gap),
            "is_target": role_level is None,
            "breadcrumbs": _crumbs(MY_SKILLS),
        },
    )


@login_required
def compare(request):
    form = CompareForm(request.GET or None)
    comparison = None
    head, rows = [], []
    if request.GET and form.is_valid():
        comparison = selectors.gaps_compare(user=request.user, role_levels=form.cleaned_data["role_levels"])
        head = ["Skill"] + [g.role_level.name for g in comparison.gaps]
        for name, cells in comparison.rows:
            row = [{"text": name}]
            for cell in cells:
                if cell is None:
                    row.append("Not needed")
                else:
                    row.append(
                        {
                            "html": format_html(
                                "{} needed {}", level_name(cell.required), _tag(cell.status_label, cell.status_colour)
                            )
                        }
                    )
            rows.append(row)
    return render(
        request,
        "pathways/compare.html",
        {
            "page_title": "Compare role levels",
            "form": form,
            "comparison": comparison,
            "head": head,
            "rows": rows,
            "breadcrumbs": _crumbs(MY_SKILLS),
        },
    )


@login_required
def pathway(request):
    optimise = request.GET.get("optimise") or OPTIMISE_TIME
    if optimise not in OPTIMISE_CHOICES:
        optimise = OPTIMISE_TIME
    profile = selectors.learner_profile(user=request.user)
    if profile.target_role_level is None:
        messages.info(request, "Choose a target role level to get a pathway.")
        return redirect("pathways:profile")
    gap, generated = services.pathway_generate(user=request.user, optimise=optimise)
    curated = selectors.curated_fits(
        pages=selectors.curated_pathways_for_move(
            current_slug=profile.current_role_level.slug if profile.current_role_level else None,
            target_slug=gap.role_level.slug,
        ),
        gap=gap,
    )
    in_plan = set(PlanItem.objects.filter(user=request.user).values_list("course_id", flat=True))
    steps = [
        {
            "number": number,
            "step": step,
            "duration": _duration(step.course.duration_minutes),
            "cost": _cost(step.course.cost_pence),
            "in_plan": step.course.id in in_plan,
        }
        for number, step in enumerate(generated.steps, start=1)
    ]
    return render(
        request,
        "pathways/pathway.html",
        {
            "page_title": f"Your pathway to {gap.role_level.name}",
            "gap": gap,
            "pathway": generated,
            "steps": steps,
            "total_duration": _duration(generated.total_minutes),
            "total_cost": _cost(generated.total_cost_pence),
            "curated": curated,
            "unreachable_warning": (
                f"The catalogue cannot close {len(generated.unreachable)} of your "
                f"gap{'s' if len(generated.unreachable) != 1 else ''}."
            ),
            "choose_form": ChooseStepsForm(
                steps=[
                    (s["step"].course.id, f"Step {s['number']}: {s['step'].course.title}", "")
                    for s in steps
                    if not s["in_plan"]
                ]
            ),
            "optimise_form": OptimiseForm(initial={"optimise": optimise}),
            "optimise": optimise,
            "breadcrumbs": _crumbs(MY_SKILLS),
        },
    )


def _ids(request) -> list[int]:
    ids = []
    for value in request.POST.getlist("course"):
        try:
            ids.append(int(value))
        except ValueError:
            continue
    return ids


@login_required
@require_POST
def pathway_add(request):
    optimise = request.POST.get("optimise") or OPTIMISE_TIME
    try:
        added = services.plan_add_generated(user=request.user, course_ids=_ids(request), optimise=optimise)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('pathways:pathway')}?optimise={optimise}")
    messages.success(request, f"{len(added)} course{'s' if len(added) != 1 else ''} added to your plan.")
    return redirect("pathways:plan")


@login_required
@require_POST
def curated_add(request, page_id):
    page = get_object_or_404(CuratedPathwayPage.objects.live(), pk=page_id)
    try:
        added = services.plan_add_curated(user=request.user, pathway=page, course_ids=_ids(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(page.url)
    messages.success(request, f"{len(added)} course{'s' if len(added) != 1 else ''} added to your plan.")
    return redirect("pathways:plan")


def _plan_table(rows, *, editable):
    table = []
    for row in rows:
        item = row.item
        title = {"text": item.course_title}
        if item.course is not None and item.course.live:
            title["href"] = item.course.url
        date = item.target_date.strftime("%-d %B %Y") if item.target_date else "No date"
        if row.overdue:
            date += " (overdue)"
        cells = [title, {"html": _tag(row.status_label, row.colour)}, date, item.get_source_display()]
        if editable:
            cells.append(
                {
                    "html": format_html(
                        '<a class="govuk-link" href="{}">Update<span class="govuk-visually-hidden"> {}</span></a>',
                        reverse("pathways:plan_item", args=[item.pk]),
                        item.course_title,
                    )
                }
            )
        table.append(cells)
    return table


@login_required
def plan(request):
    rows = selectors.plan_for_user(user=request.user)
    required = selectors.required_learning(user=request.user)
    return render(
        request,
        "pathways/plan.html",
        {
            "page_title": "My learning plan",
            "rows": rows,
            "head": ["Course", "Progress", "Target date", "Added from", "Action"],
            "table": _plan_table(rows, editable=True),
            "summary": selectors.plan_summary(rows),
            "required": required,
            "required_head": ["Course", "Repeats", "Due", "Status"],
            "required_table": [
                [
                    {"text": r.title, "href": r.url},
                    r.recurrence,
                    r.due.strftime("%-d %B %Y") if r.due else "Now",
                    {"html": _tag(r.status_label, r.colour)},
                ]
                for r in required
            ],
            "breadcrumbs": _crumbs(MY_SKILLS),
        },
    )


@login_required
def plan_item(request, item_id):
    item = get_object_or_404(PlanItem.objects.select_related("course"), pk=item_id, user=request.user)
    row = next((r for r in selectors.plan_for_user(user=request.user) if r.item.pk == item.pk), None)
    form = TargetDateForm(request.POST or None, initial={"target_date": item.target_date})
    if request.method == "POST":
        action = request.POST.get("action", "date")
        try:
            if action in ("started", "completed"):
                services.plan_item_record(user=request.user, item_id=item.pk, verb=action)
                messages.success(request, f"Recorded that you {action} this course.")
                return redirect("pathways:plan")
            if action == "remove":
                services.plan_item_remove(user=request.user, item_id=item.pk)
                messages.success(request, f"“{item.course_title}” was removed from your plan.")
                return redirect("pathways:plan")
            if form.is_valid():
                services.plan_item_set_target_date(
                    user=request.user, item_id=item.pk, target_date=form.cleaned_data["target_date"]
                )
                messages.success(request, "Target date saved.")
                return redirect("pathways:plan")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return render(
        request,
        "pathways/plan_item.html",
        {
            "page_title": item.course_title,
            "item": item,
            "row": row,
            "form": form,
            "breadcrumbs": _crumbs(MY_SKILLS, {"text": "My learning plan", "href": reverse("pathways:plan")}),
        },
    )


@login_required
@permission_required("people.view_direct_reports", raise_exception=True)
def team(request):
    people = []
    for report in direct_reports(manager=request.user):
        summary = selectors.plan_summary(selectors.plan_for_user(user=report))
        profile = selectors.learner_profile(user=report)
        people.append(
            [
                {"text": report.name or report.email, "href": reverse("pathways:report", args=[report.pk])},
                str(profile.target_role_level or "Not chosen"),
                {"text": str(summary["total"]), "numeric": True},
                {"text": str(summary["completed"]), "numeric": True},
                {"text": str(summary["overdue"]), "numeric": True},
            ]
        )
    return render(
        request,
        "pathways/team.html",
        {
            "page_title": "My team",
            "head": [
                "Name",
                "Target role level",
                {"text": "Plan steps", "numeric": True},
                {"text": "Completed", "numeric": True},
                {"text": "Overdue", "numeric": True},
            ],
            "rows": people,
            "breadcrumbs": _crumbs(),
        },
    )


def _own_report(request, user_id):
    report = direct_reports(manager=request.user).filter(pk=user_id).first()
    if report is None:  # not theirs: say nothing about whether the person exists
        raise Http404("Not one of your direct reports")
    return report


@login_required
@permission_required("people.view_direct_reports", raise_exception=True)
def report(request, user_id):
    report = _own_report(request, user_id)
    form, assessments = _assessment_form(request, user=report, data=request.POST or None, for_manager=True)
    if request.method == "POST" and form.is_valid():
        changed = people_services.skill_assessment_confirm(manager=request.user, report=report, levels=form.levels())
        messages.success(request, f"You confirmed {changed} assessment{'s' if changed != 1 else ''}.")
        return redirect("pathways:report", user_id=report.pk)
    profile = selectors.learner_profile(user=report)
    gap = selectors.gap_for_learner(user=report) if profile.target_role_level_id else None
    plan_rows = selectors.plan_for_user(user=report)
    return render(
        request,
        "pathways/report.html",
        {
            "page_title": report.name or report.email,
            "report": report,
            "profile_rows": _profile_rows(profile),
            "gap": gap,
            "gap_head": GAP_HEAD,
            "gap_rows": gap_table_rows(gap) if gap else [],
            "plan_head": ["Course", "Progress", "Target date", "Added from"],
            "plan_table": _plan_table(plan_rows, editable=False),
            "form": form,
            "breadcrumbs": _crumbs({"text": "My team", "href": reverse("pathways:team")}),
        },
    )


@login_required
def plan_add_course(request, course_id):
    """Add one course the learner found themselves: a confirmation page that says what it does for their goal."""
    facts = sources.course_facts(course_id=course_id)
    if facts is None:
        raise Http404("No such live course")
    gap = selectors.gap_for_learner(user=request.user)
    reason = services.course_reason(facts=facts, gap=gap)
    if request.method == "POST":
        added = services.plan_add_courses(
            user=request.user,
            course_ids=[facts.id],
            source=PlanItem.Source.CHOSEN,
            reasons={facts.id: reason},
            titles={facts.id: facts.title},
            iris={facts.id: facts.activity_iri},
            target_role_level_slug=gap.role_level.slug if gap else "",
        )
        if added:
            messages.success(request, f"“{facts.title}” was added to your plan.")
        else:
            messages.info(request, f"“{facts.title}” is already in your plan.")
        return redirect("pathways:plan")
    return render(
        request,
        "pathways/plan_add_course.html",
        {
            "page_title": f"Add {facts.title} to your plan",
            "course": facts,
            "reason": reason,
            "open_to_you": services.course_open_to_user(facts=facts, user=request.user),
            "in_plan": PlanItem.objects.filter(user=request.user, course_id=facts.id).exists(),
            "breadcrumbs": _crumbs(MY_SKILLS, {"text": "My learning plan", "href": reverse("pathways:plan")}),
        },
    )
