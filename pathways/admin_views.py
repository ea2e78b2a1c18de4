"""Wagtail admin page for L&D: skill levels learners aim for that the catalogue cannot teach."""

from django.contrib.auth.decorators import permission_required
from django.template.response import TemplateResponse

from . import selectors
from .generator import level_name

DEMAND_PERMISSION = "pathways.view_demand_report"


@permission_required(DEMAND_PERMISSION, raise_exception=True)
def unmet_demand(request):
    rows = [
        {
            "skill": row.skill_name,
            "level": level_name(row.level),
            "learners": row.learners_text,
            "best": level_name(row.best_level) if row.best_level else "No course",
        }
        for row in selectors.catalogue_unmet_demand()
    ]
    return TemplateResponse(request, "pathways/admin/unmet_demand.html", {"rows": rows})
