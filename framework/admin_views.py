"""Admin views for framework versions: upload an export, follow the import, review the diff, make it current."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from .admin_forms import UploadForm
from .csvformat import diff_lines
from .models import FrameworkImport, FrameworkVersion, Role, RoleFamily, RoleLevel, Skill
from .services import framework_import_upload, framework_version_make_current


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def versions_index(request):
    _require(request, "framework.view_frameworkversion")
    context = {
        "page_title": "Framework versions",
        "header_icon": "doc-full",
        "versions": FrameworkVersion.objects.order_by("-imported_at"),
        "imports": FrameworkImport.objects.select_related("version", "uploaded_by").defer("roles_data", "skills_data")[
            :10
        ],
        "can_import": request.user.has_perm("framework.import_framework"),
    }
    return TemplateResponse(request, "framework/admin/versions_index.html", context)


def version_detail(request, pk):
    _require(request, "framework.view_frameworkversion")
    version = get_object_or_404(FrameworkVersion, pk=pk)
    diff = version.diff or {}
    sections = []
    labels = {"families": "Families", "roles": "Roles", "role_levels": "Role levels", "skills": "Skills"}
    for key, label in labels.items():
        part = diff.get(key, {})
        sections.append(
            {
                "label": label,
                "added": part.get("added", []),
                "removed": part.get("removed", []),
                "renamed": part.get("renamed", []),
                "changed": part.get("changed", []),
            }
        )
    context = {
        "page_title": f"Version {version.label}",
        "header_icon": "doc-full",
        "version": version,
        "counts": {
            "families": RoleFamily.objects.filter(version=version).count(),
            "roles": Role.objects.filter(version=version).count(),
            "role_levels": RoleLevel.objects.filter(version=version, role__is_senior_civil_service=False).count(),
            "skills": Skill.objects.filter(version=version).count(),
        },
        "sections": sections,
        "requirement_lines": diff_lines({"requirements": diff.get("requirements", [])}),
        "total": diff.get("summary", {}).get("total", 0),
        "can_activate": version.status == FrameworkVersion.Status.DRAFT
        and request.user.has_perm("framework.activate_frameworkversion"),
    }
    return TemplateResponse(request, "framework/admin/version_detail.html", context)


@require_POST
def version_make_current(request, pk):
    _require(request, "framework.activate_frameworkversion")
    version = get_object_or_404(FrameworkVersion, pk=pk)
    if version.status != FrameworkVersion.Status.DRAFT:
        messages.error(request, f"Version {version.label} is not a draft, so it cannot be made current.")
    else:
        framework_version_make_current(version=version)
        messages.success(request, f"Version {version.label} is now the current framework.")
    return redirect("framework_admin:version", pk=version.pk)


def import_upload(request):
    _require(request, "framework.import_framework")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = framework_import_upload(
            roles_data=form.cleaned_data["roles_file"].read(),
            skills_data=form.cleaned_data["skills_file"].read(),
            roles_filename=form.cleaned_data["roles_file"].name,
            skills_filename=form.cleaned_data["skills_file"].name,
            label=form.cleaned_data["label"],
            user=request.user,
        )
        return redirect("framework_admin:import", pk=job.pk)
    context = {"page_title": "Import a framework export", "header_icon": "upload", "form": form}
    return TemplateResponse(request, "framework/admin/import_upload.html", context)


def import_status(request, pk):
    _require(request, "framework.view_frameworkimport")
    job = get_object_or_404(FrameworkImport.objects.defer("roles_data", "skills_data"), pk=pk)
    running = job.status in (FrameworkImport.Status.PENDING, FrameworkImport.Status.RUNNING)
    context = {
        "page_title": f"Import {job.pk}",
        "header_icon": "upload",
        "job": job,
        "running": running,
        "version_url": reverse("framework_admin:version", args=[job.version_id]) if job.version_id else "",
    }
    return TemplateResponse(request, "framework/admin/import_status.html", context)
