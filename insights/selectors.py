"""Reads for the HR insights dashboard. Every table returned here has already passed disclosure control, and the
page, the CSV and the XLSX are all rendered from the same `Table` objects, so downloads match the page exactly."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Sum

from framework.models import FrameworkVersion, RoleFamily, Skill
from people.models import Grade, Organisation, Profession, User
from people.selectors import organisations_visible_to_analyst

from .disclosure import ACTIVITY_COLUMNS, GAP_COLUMNS, LEARNING_COLUMNS, SKILL_COLUMNS, protect
from .models import GroupActivityMonth, GroupAggregate, GroupSkillAggregate, MonthlySnapshot
from .services import LEARNING, METRICS, min_cell_size, reportable_versions

SUMMED = METRICS + LEARNING

HIDDEN = "[c]"
NOT_SHOWN = "Not recorded, or in a group too small to show"


@dataclass
class Filters:
    version: FrameworkVersion
    organisation: Organisation | None = None
    family: str = ""
    profession: Profession | None = None
    grade: Grade | None = None

    def query(self, **changes) -> dict[str, str]:
        """The filter state as URL parameters (with `changes` applied), for links that keep it."""
        values = {
            "version": self.version.pk,
            "organisation": self.organisation.pk if self.organisation else "",
            "family": self.family,
            "profession": self.profession.pk if self.profession else "",
            "grade": self.grade.pk if self.grade else "",
        }
        values.update(changes)
        return {k: str(v) for k, v in values.items() if v not in ("", None)}


@dataclass
class Table:
    """A table as shown and downloaded: `rows` and `total` hold display strings; `links` hold drill-down hrefs."""

    slug: str
    caption: str
    head: list[str]
    rows: list[list[str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    total: list[str] | None = None
    chart: list[tuple[str, float | None]] = field(default_factory=list)
    chart_label: str = ""
    summary: str = ""

    def all_rows(self) -> list[list[str]]:
        return [*self.rows, *([self.total] if self.total else [])]


def analyst_scope(*, user: User) -> list[Organisation] | None:
    """The organisations whose subtrees the user may see (the highest ones only); None means every organisation."""
    if user.is_superuser or user.has_perm("insights.view_all_organisations"):
        return None
    visible = list(organisations_visible_to_analyst(user=user))
    return [o for o in visible if not any(o.path != p.path and o.path.startswith(p.path) for p in visible)]


def organisations_for_filter(*, user: User) -> QuerySet[Organisation]:
    scope = analyst_scope(user=user)
    if scope is None:
        return Organisation.objects.order_by("path")
    return organisations_visible_to_analyst(user=user).order_by("path")


def default_version() -> FrameworkVersion | None:
    versions = reportable_versions()
    current = [v for v in versions if v.status == FrameworkVersion.Status.CURRENT]
    return (current or versions or [None])[0]


def _scoped(
    queryset: QuerySet, *, filters: Filters, scope: list[Organisation] | None, versioned: bool = True
) -> QuerySet:
    if versioned:
        queryset = queryset.filter(version=filters.version)
    if filters.organisation is not None:
        queryset = queryset.filter(organisation_path__startswith=filters.organisation.path)
    elif scope is not None:
        if not scope:
            return queryset.none()
        where = Q()
        for org in scope:
            where |= Q(organisation_path__startswith=org.path)
        queryset = queryset.filter(where)
    if filters.family:
        queryset = queryset.filter(family_slug=filters.family)
    if filters.profession is not None:
        queryset = queryset.filter(profession=filters.profession)
    if filters.grade is not None:
        queryset = queryset.filter(grade=filters.grade)
    return queryset


def _empty() -> dict:
    return dict.fromkeys(SUMMED, 0)


def _add(target: dict, source: dict) -> None:
    for name in SUMMED:
        target[name] += source.get(name) or 0


def _percent(part: int, whole: int) -> str:
    """A whole-number percentage, halves rounded up (so 62.5% shows as 63%, as people expect)."""
    return f"{int(100 * part / whole + 0.5)}%" if whole else "–"


GAP_HEAD = [
    "People in scope",
    "People assessed",
    "Meeting current role level",
    "Meeting target role level",
    "Average gap to target (levels)",
]


def _gap_cells(row: dict) -> list[str]:
    hidden = row["hidden"]
    return [
        HIDDEN if hidden["people"] else f"{row['people']:,}",
        HIDDEN if hidden["assessed"] else f"{row['assessed']:,}",
        HIDDEN if hidden["current"] else _percent(row["meeting_current"], row["with_current"]),
        HIDDEN if hidden["target"] else _percent(row["meeting_target"], row["with_target"]),
        HIDDEN if hidden["target"] else (f"{row['gap_sum'] / row['gap_pairs']:.2f}" if row["gap_pairs"] else "–"),
    ]


def _gap_table(slug: str, caption: str, first: str, rows: list[dict], total: dict, n: int) -> Table:
    rows = [r for r in rows if r["people"]]
    protect(rows, total, GAP_COLUMNS, n=n, partition=True)
    table = Table(slug=slug, caption=caption, head=[first, *GAP_HEAD])
    for row in rows:
        table.rows.append([row["label"], *_gap_cells(row)])
        table.links.append(row.get("href", ""))
        share = None
        if not row["hidden"]["target"] and row["with_target"]:
            share = 100 * row["meeting_target"] / row["with_target"]
        table.chart.append((row["label"], share))
    table.total = ["Total", *_gap_cells(total)]
    table.chart_label = "Share of assessed people meeting their target role level"
    shown = [(label, share) for label, share in table.chart if share is not None]
    if shown:
        best = max(shown, key=lambda item: item[1])
        worst = min(shown, key=lambda item: item[1])
        table.summary = (
            f"Of {len(table.rows)} groups, {len(shown)} can be shown. The highest share meeting their target role "
            f"level is {best[0]} ({round(best[1])}%); the lowest is {worst[0]} ({round(worst[1])}%)."
        )
    else:
        table.summary = "No group is large enough to show the share meeting their target role level."
    return table


def _grouped(queryset: QuerySet, by: str) -> dict:
    return {row[by]: row for row in queryset.values(by).annotate(**{m: Sum(m) for m in SUMMED}).order_by()}


def _link(base: str, filters: Filters, **changes) -> str:
    from urllib.parse import urlencode

    return f"{base}?{urlencode(filters.query(**changes))}"


def gap_dashboard(*, user: User, filters: Filters, base_url: str = "") -> dict:
    """The skills-gap figures for the user's scope and filters: a total and five protected tables."""
    n = min_cell_size()
    scope = analyst_scope(user=user)
    aggregates = _scoped(GroupAggregate.objects.all(), filters=filters, scope=scope)
    total = _empty()
    _add(total, aggregates.aggregate(**{m: Sum(m) for m in SUMMED}))

    # By organisation: the sub-organisations of the chosen one (or the user's top organisations), plus the
    # people counted directly in the chosen one, so the rows add up to the total.
    by_path = _grouped(aggregates, "organisation_path")
    parent = filters.organisation
    if parent is not None:
        tops = list(parent.children.order_by("name"))
    elif scope is not None:
        tops = sorted(scope, key=lambda o: o.name)
    else:
        tops = list(Organisation.objects.filter(parent=None).order_by("name"))
    org_rows = []
    for org in tops:
        row = {"label": org.name, "href": _link(base_url, filters, organisation=org.pk), **_empty()}
        for path, sums in by_path.items():
            if path.startswith(org.path):
                _add(row, sums)
        org_rows.append(row)
    rest = {"label": f"Directly in {parent.name}" if parent else "No organisation recorded", **_empty()}
    for path, sums in by_path.items():
        if (parent is not None and path == parent.path) or (parent is None and path == ""):
            _add(rest, sums)
    org_rows.append(rest)
    org_caption = f"By sub-organisation of {parent.name}" if parent else "By organisation"

    families = dict(RoleFamily.objects.filter(version=filters.version).values_list("slug", "name"))
    family_rows = []
    for slug, sums in _grouped(aggregates, "family_slug").items():
        label = families.get(slug) or (NOT_SHOWN if not slug else slug.replace("-", " ").capitalize())
        href = _link(base_url, filters, family=slug) if slug else ""
        family_rows.append({"label": label, "href": href, "order": (not slug, label), **sums})
    family_rows.sort(key=lambda r: r["order"])

    professions = dict(Profession.objects.values_list("pk", "name"))
    profession_rows = []
    for pk, sums in _grouped(aggregates, "profession_id").items():
        label = professions.get(pk, NOT_SHOWN)
        href = _link(base_url, filters, profession=pk) if pk else ""
        profession_rows.append({"label": label, "href": href, "order": (pk is None, label), **sums})
    profession_rows.sort(key=lambda r: r["order"])

    grades = {g.pk: g for g in Grade.objects.all()}
    grade_rows = []
    for pk, sums in _grouped(aggregates, "grade_id").items():
        grade = grades.get(pk)
        href = _link(base_url, filters, grade=pk) if pk else ""
        grade_rows.append(
            {"label": grade.name if grade else NOT_SHOWN, "href": href, "order": grade.rank if grade else 999, **sums}
        )
    grade_rows.sort(key=lambda r: r["order"])

    learning_rows = [dict(row) for row in org_rows]
    tables = [
        _gap_table("organisation", org_caption, "Organisation", org_rows, dict(total), n),
        _gap_table("family", "By role family (of current role)", "Role family", family_rows, dict(total), n),
        _gap_table("profession", "By profession", "Profession", profession_rows, dict(total), n),
        _gap_table("grade", "By grade", "Grade", grade_rows, dict(total), n),
        skills_table(filters=filters, scope=scope, n=n),
        _learning_table(learning_rows, dict(total), n, parent),
        activity_table(filters=filters, scope=scope, n=n),
    ]
    protect([], total, GAP_COLUMNS, n=n, partition=False)
    return {"total": total, "total_cells": dict(zip(GAP_HEAD, _gap_cells(total), strict=True)), "tables": tables}


def skills_table(*, filters: Filters, scope: list[Organisation] | None, n: int) -> Table:
    """Skills required by people's target role levels, largest average gap first."""
    queryset = _scoped(GroupSkillAggregate.objects.all(), filters=filters, scope=scope)
    sums = queryset.values("skill_slug").annotate(p=Sum("people"), b=Sum("below"), g=Sum("gap_sum")).order_by()
    names = dict(Skill.objects.filter(version=filters.version).values_list("slug", "name"))
    rows = [
        {"label": names.get(r["skill_slug"], r["skill_slug"]), "people": r["p"], "below": r["b"], "gap": r["g"]}
        for r in sums
    ]
    protect(rows, None, SKILL_COLUMNS, n=n, partition=False)
    shown = [r for r in rows if not r["hidden"]["people"]]
    shown.sort(key=lambda r: (-r["gap"] / r["people"], r["label"]))
    table = Table(
        slug="skills",
        caption="Skills with the largest gaps (against target role levels)",
        head=["Skill", "People whose target needs it", "Below the required level", "Average gap (levels)"],
    )
    for row in shown:
        below = HIDDEN if row["hidden"]["below"] else _percent(row["below"], row["people"])
        table.rows.append([row["label"], f"{row['people']:,}", below, f"{row['gap'] / row['people']:.2f}"])
        table.links.append("")
        table.chart.append((row["label"], row["gap"] / row["people"]))
    table.chart = table.chart[:10]
    table.chart_label = "Average gap in levels, largest first"
    hidden = len(rows) - len(shown)
    if shown:
        top = ", ".join(f"{label} ({value:.2f})" for label, value in table.chart[:3])
        table.summary = f"The largest average gaps are in {top}."
    else:
        table.summary = "No skill is needed by enough people in this selection to show."
    if hidden:
        table.summary += f" {hidden} skill{'s' if hidden != 1 else ''} needed by fewer than {n} people not shown."
    return table


def trend_table(*, user: User, filters: Filters) -> Table:
    """Month by month: people assessed and the share meeting their target role level, from the snapshots."""
    n = min_cell_size()
    snapshots = _scoped(MonthlySnapshot.objects.all(), filters=filters, scope=analyst_scope(user=user))
    months = snapshots.values("month").annotate(**{m: Sum(m) for m in METRICS}).order_by("month")
    table = Table(
        slug="trend",
        caption="Over time (monthly snapshots)",
        head=["Month", "People in scope", "People assessed", "Meeting target role level", "Average gap (levels)"],
    )
    for row in months:
        protect([], row, GAP_COLUMNS, n=n, partition=False)
        cells = _gap_cells(row)
        label = row["month"].strftime("%B %Y")
        table.rows.append([label, cells[0], cells[1], cells[3], cells[4]])
        table.links.append("")
        share = None
        if not row["hidden"]["target"] and row["with_target"]:
            share = 100 * row["meeting_target"] / row["with_target"]
        table.chart.append((label, share))
    table.chart_label = "Share of assessed people meeting their target role level"
    shown = [(label, v) for label, v in table.chart if v is not None]
    if len(shown) >= 2:
        first, last = shown[0], shown[-1]
        change = "rose" if last[1] > first[1] else "fell" if last[1] < first[1] else "was unchanged"
        table.summary = (
            f"The share meeting their target role level {change}: {round(first[1])}% in {first[0]}, "
            f"{round(last[1])}% in {last[0]}."
        )
    elif shown:
        table.summary = f"One month so far: {round(shown[0][1])}% met their target role level in {shown[0][0]}."
    else:
        table.summary = (
            "There are no monthly snapshots for this selection yet. They are taken on the 1st of each month."
        )
    return table


LEARNING_HEAD = [
    "People in scope",
    "With a learning plan",
    "People with required learning",
    "Required courses completed",
]


def _learning_cells(row: dict) -> list[str]:
    hidden = row["hidden"]
    return [
        HIDDEN if hidden["people"] else f"{row['people']:,}",
        HIDDEN if hidden["plan"] else _percent(row["with_plan"], row["people"]),
        HIDDEN if hidden["required"] else f"{row['required_people']:,}",
        HIDDEN if hidden["required"] else _percent(row["required_completed"], row["required_assignments"]),
    ]


def _learning_table(rows: list[dict], total: dict, n: int, parent: Organisation | None) -> Table:
    """Plan uptake and required learning compliance by organisation (the same rows as the gap table)."""
    rows = [r for r in rows if r["people"]]
    protect(rows, total, LEARNING_COLUMNS, n=n, partition=True)
    caption = (
        f"Learning plans and required learning, by sub-organisation of {parent.name}"
        if parent
        else ("Learning plans and required learning, by organisation")
    )
    table = Table(slug="learning", caption=caption, head=["Organisation", *LEARNING_HEAD])
    for row in rows:
        table.rows.append([row["label"], *_learning_cells(row)])
        table.links.append(row.get("href", ""))
        share = None
        if not row["hidden"]["required"] and row["required_assignments"]:
            share = 100 * row["required_completed"] / row["required_assignments"]
        table.chart.append((row["label"], share))
    table.total = ["Total", *_learning_cells(total)]
    table.chart_label = "Share of required courses completed"
    cells = dict(zip(LEARNING_HEAD, table.total[1:], strict=True))
    table.summary = (
        f"Across this selection, {cells['With a learning plan']} of people have a learning plan and "
        f"{cells['Required courses completed']} of required courses have been completed "
        "(a course counts once completed or passed; recurring courses are not checked for renewal here)."
    )
    return table


def activity_table(*, filters: Filters, scope: list[Organisation] | None, n: int) -> Table:
    """Course starts and completions per month (from xAPI statements), over the last 12 months with activity."""
    queryset = _scoped(GroupActivityMonth.objects.all(), filters=filters, scope=scope, versioned=False)
    months = list(
        queryset.values("month").annotate(starts=Sum("starts"), completions=Sum("completions")).order_by("-month")[:12]
    )
    months.reverse()
    table = Table(
        slug="activity",
        caption="Course starts and completions by month",
        head=["Month", "Course starts", "Course completions"],
    )
    protect(months, None, ACTIVITY_COLUMNS, n=n, partition=False)
    for row in months:
        label = row["month"].strftime("%B %Y")
        table.rows.append(
            [
                label,
                HIDDEN if row["hidden"]["starts"] else f"{row['starts']:,}",
                HIDDEN if row["hidden"]["completions"] else f"{row['completions']:,}",
            ]
        )
        table.links.append("")
        table.chart.append((label, None if row["hidden"]["completions"] else row["completions"]))
    table.chart_label = "Course completions by month"
    if months:
        shown = [r for r in months if not r["hidden"]["completions"]]
        total = sum(r["completions"] for r in shown)
        table.summary = (
            f"{total:,} course completions in the {len(months)} month{'s' if len(months) != 1 else ''} shown"
            " (a person completing two courses counts twice; months with fewer than "
            f"{n} are not shown)."
        )
    else:
        table.summary = "No course activity has been recorded for this selection yet."
    return table
