"""Wagtail admin pages for L&D: catalogue reports (review, links, coverage) and the bulk import."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import importing, reports, selectors, services
from .models import CatalogueImport, Provider

REPORT_PERMISSION = "courses.view_courselinkcheck"
IMPORT_PERMISSION = "courses.add_catalogueimport"


@permission_required(REPORT_PERMISSION, raise_exception=True)
def catalogue_reports(request):
    coverage = selectors.coverage_report()
    none_skills = sorted({r["skill_name"] for r in coverage if r["skill_has_none"]})
    return TemplateResponse(
        request,
        "courses/admin/reports.html",
        {
            "past_review": selectors.courses_past_review(),
            "broken": selectors.broken_links(),
            "coverage": coverage,
            "skills_without_courses": none_skills,
            "provider_types": Provider.Type.choices,
            "today": timezone.localdate(),
        },
    )


@permission_required(REPORT_PERMISSION, raise_exception=True)
def coverage_download(request):
    response = HttpResponse(reports.coverage_csv(selectors.coverage_report()), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="catalogue-coverage-{stamp}.csv"'
    return response


class ImportForm(forms.Form):
    provider = forms.ModelChoiceField(queryset=Provider.objects.all(), help_text="Whose catalogue this is.")
    file = forms.FileField(
        help_text=f"A .csv or .json file in the documented format, at most {importing.MAX_ROWS} courses."
    )


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_index(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            catalogue_import = services.catalogue_import_prepare(
                provider=form.cleaned_data["provider"], filename=upload.name, content=upload.read(), user=request.user
            )
        except importing.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("courses_admin:import_detail", catalogue_import.pk)
    return TemplateResponse(
        request,
        "courses/admin/import_index.html",
        {"form": form, "imports": CatalogueImport.objects.select_related("provider", "created_by")[:30]},
    )


def _progress(catalogue_import) -> dict:
    done = catalogue_import.done
    if catalogue_import.status == CatalogueImport.Status.RUNNING:
        done = cache.get(services.import_progress_key(catalogue_import.pk), done)
    total = catalogue_import.total or 1
    return {
        "status": catalogue_import.status,
        "status_label": catalogue_import.get_status_display(),
        "done": done,
        "total": catalogue_import.total,
        "percent": 100 if catalogue_import.status == "done" else int(100 * done / total),
        "result": catalogue_import.result,
    }


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_detail(request, pk):
    catalogue_import = get_object_or_404(CatalogueImport.objects.select_related("provider"), pk=pk)
    if request.GET.get("format") == "json":
        return JsonResponse(_progress(catalogue_import))
    can_publish = _can_publish(request.user)
    return TemplateResponse(
        request,
        "courses/admin/import_detail.html",
        {"imp": catalogue_import, "progress": _progress(catalogue_import), "can_publish": can_publish},
    )


def _can_publish(user) -> bool:
    from wagtail.models import PagePermissionTester

    from .models import CatalogueIndexPage

    index = CatalogueIndexPage.objects.first()
    return bool(index and PagePermissionTester(user, index).can_publish_subpage())


@require_POST
@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_run(request, pk):
    catalogue_import = get_object_or_404(CatalogueImport, pk=pk)
    publish = request.POST.get("publish") == "on" and _can_publish(request.user)
    try:
        services.catalogue_import_start(catalogue_import=catalogue_import, publish=publish, user=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The import has started. This page shows its progress.")
    return redirect("courses_admin:import_detail", pk)


@permission_required(IMPORT_PERMISSION, raise_exception=True)
def import_template(request, kind):
    if kind == "json":
        response = HttpResponse(importing.template_json(), content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="course-import-template.{kind}"'
    return response
