"""HR insights pages and downloads: aggregates only, scoped to the organisations the analyst may see."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify

from .charts import bar_chart, line_chart
from .exports import table_csv, table_xlsx
from .forms import DashboardFilterForm
from .selectors import gap_dashboard, trend_table
from .services import min_cell_size

EXPORT_TYPES = {
    "csv": ("text/csv; charset=utf-8", table_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", table_xlsx),
}


def _notes(filters) -> list[str]:
    n = min_cell_size()
    parts = [f"Framework version: {filters.version.label}"]
    if filters.organisation:
        parts.append(f"Organisation: {filters.organisation.name} and its sub-organisations")
    if filters.family:
        parts.append(f"Role family: {filters.family}")
    if filters.profession:
        parts.append(f"Profession: {filters.profession.name}")
    if filters.grade:
        parts.append(f"Grade: {filters.grade.name}")
    return [
        "; ".join(parts),
        f"[c] = not shown to protect privacy: it describes fewer than {n} people, or could be worked out from a "
        "figure that does.",
        f"People in groups of fewer than {n} are counted at a broader level (for example with their grade not shown).",
    ]


def _build(request):
    form = DashboardFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if request.GET else None
    if filters is None and not request.GET:
        form = DashboardFilterForm({}, user=request.user)
        filters = form.filters()
    if filters is None:
        return form, None, None
    base = reverse("insights:dashboard")
    data = gap_dashboard(user=request.user, filters=filters, base_url=base)
    data["tables"].append(trend_table(user=request.user, filters=filters))
    return form, filters, data


@login_required
@permission_required("insights.view_aggregates", raise_exception=True)
def dashboard(request):
    form, filters, data = _build(request)
    context = {"page_title": "Skills gaps across the Civil Service", "form": form, "filters": filters}
    if data is not None:
        from urllib.parse import urlencode

        query = urlencode(filters.query())
        sections = []
        for table in data["tables"]:
            chart_id = f"chart-{table.slug}"
            common = {"chart_id": chart_id, "title": table.chart_label, "description": table.summary}
            values = [v for _, v in table.chart if v is not None]
            if table.slug == "trend":
                chart = line_chart(**common, items=table.chart)
            elif table.slug in ("skills", "activity"):
                top = max(values, default=0) or 1
                chart = bar_chart(**common, items=table.chart, maximum=top, unit="")
            else:
                chart = bar_chart(**common, items=table.chart, maximum=100, unit="%")
            rows = []
            for cells, href in zip(table.rows, table.links, strict=True):
                first = {"text": cells[0], "href": href} if href else cells[0]
                rows.append([first, *({"text": c, "numeric": True} for c in cells[1:])])
            if table.total:
                rows.append([table.total[0], *({"text": c, "numeric": True} for c in table.total[1:])])
            sections.append(
                {
                    "table": table,
                    "chart": chart if table.chart else "",
                    "head": [table.head[0], *({"text": h, "numeric": True} for h in table.head[1:])],
                    "rows": rows,
                    "csv": f"{reverse('insights:download', args=[table.slug, 'csv'])}?{query}",
                    "xlsx": f"{reverse('insights:download', args=[table.slug, 'xlsx'])}?{query}",
                }
            )
        context.update(
            sections=sections,
            total_rows=[{"key": k, "value": v} for k, v in data["total_cells"].items()],
            min_cell_size=min_cell_size(),
            breadcrumbs=_breadcrumbs(filters),
        )
    return render(request, "insights/dashboard.html", context)


def _breadcrumbs(filters):
    from urllib.parse import urlencode

    base = reverse("insights:dashboard")
    crumbs = [{"text": "Insights", "href": f"{base}?{urlencode(filters.query(organisation=''))}"}]
    org = filters.organisation
    chain = []
    while org is not None:
        chain.insert(0, org)
        org = org.parent
    for org in chain[:-1]:
        crumbs.append({"text": org.name, "href": f"{base}?{urlencode(filters.query(organisation=org.pk))}"})
    return crumbs if chain else []


@login_required
@permission_required("insights.view_aggregates", raise_exception=True)
def download(request, table, fmt):
    if fmt not in EXPORT_TYPES:
        raise Http404("Unknown download format.")
    form, filters, data = _build(request)
    if data is None:
        return HttpResponse(
            "Those filters are not valid: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    found = next((t for t in data["tables"] if t.slug == table), None)
    if found is None:
        raise Http404("No such table.")
    content_type, render_table = EXPORT_TYPES[fmt]
    response = HttpResponse(render_table(found, notes=_notes(filters)), content_type=content_type)
    name = slugify(f"skills-gaps-{found.slug}-{filters.version.label}")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
