"""Public pages of the framework. Each URL of a family, role, role level or skill is also its IRI; it shows the
current version, or, if the item has left the framework, the newest published version that had it."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from . import selectors
from .models import ChangeNote, FrameworkVersion, SkillLevel
from .services import framework_export_csv
from .skos import version_as_skos

LEVEL_LABELS = dict(SkillLevel.choices)


def _level_label(level):
    if level is None:
        return "Not required"
    if level == SkillLevel.NONE:
        return "Not set (Senior Civil Service)"
    return LEVEL_LABELS[level]


def _requested_version(request) -> FrameworkVersion | None:
    label = request.GET.get("version")
    if label:
        version = selectors.version_get(label=label)
        if version is None:
            raise Http404("No published framework version has that label.")
        return version
    return selectors.version_current()


def _version_query(version: FrameworkVersion) -> str:
    return "" if version.status == FrameworkVersion.Status.CURRENT else f"?version={version.label}"


def _crumbs(*items):
    return [{"text": "Home", "href": "/"}, {"text": "Framework", "href": reverse("framework:home")}, *items]


def _version_context(version):
    if version is None:
        return {}
    return {"version": version, "version_query": _version_query(version), "is_archived": version.status != "current"}


def _not_loaded(request):
    return render(
        request,
        "framework/not_loaded.html",
        {"page_title": "The framework has not been loaded yet", "breadcrumbs": _crumbs()[:1]},
        status=404,
    )


@require_GET
def home(request):
    version = _requested_version(request)
    if version is None:
        return _not_loaded(request)
    families = list(selectors.families_with_roles(version=version))
    context = {
        "page_title": "Digital and data capability framework",
        "breadcrumbs": [{"text": "Home", "href": "/"}],
        "families": families,
        "skill_count": selectors.skills_in_version(version=version).count(),
        **_version_context(version),
    }
    return render(request, "framework/home.html", context)


def _resolve(request, getter, any_getter, slug):
    """The item in the requested version; for the current version, fall back to the newest published version
    that has it, so that IRIs of retired items still resolve."""
    version = _requested_version(request)
    item = getter(slug=slug, version=version) if version else None
    if item is None and "version" not in request.GET:
        item = any_getter(slug=slug)
    if item is None:
        raise Http404
    return item


@require_GET
def family(request, slug):
    version = _requested_version(request)
    found = selectors.family_get(slug=slug, version=version) if version else None
    if found is None:
        raise Http404
    q = _version_query(found.version)
    rows = [
        [
            {"text": role.name, "href": reverse("framework:role", args=[role.slug]) + q},
            "Senior Civil Service" if role.is_senior_civil_service else ", ".join(lv.name for lv in role.levels.all()),
        ]
        for role in found.roles.all()
    ]
    context = {
        "page_title": found.name,
        "breadcrumbs": _crumbs(),
        "family": found,
        "rows": rows,
        "table_head": ["Role", "Levels, most junior first"],
        **_version_context(found.version),
    }
    return render(request, "framework/family.html", context)


@require_GET
def role(request, slug):
    found = _resolve(request, selectors.role_get, selectors.role_get_any_version, slug)
    q = _version_query(found.version)
    levels = list(found.levels.all())
    level_rows = [
        [
            {"text": lv.name, "href": reverse("framework:role_level", args=[lv.slug]) + q},
            lv.indicative_grades or "Not set",
        ]
        for lv in levels
    ]
    context = {
        "page_title": found.name,
        "breadcrumbs": _crumbs(
            {"text": found.family.name, "href": reverse("framework:family", args=[found.family.slug]) + q}
        ),
        "role": found,
        "levels": levels,
        "level_rows": level_rows,
        "level_head": ["Level", "Indicative grades"],
        "feeders": selectors.role_feeders(role=found),
        "leads_to": list(found.leads_to.select_related("family").order_by("name")),
        "notes": selectors.change_notes(kind=ChangeNote.Kind.ROLE, slug=found.slug),
        **_version_context(found.version),
    }
    return render(request, "framework/role.html", context)


@require_GET
def role_level(request, slug):
    found = _resolve(request, selectors.role_level_get, selectors.role_level_get_any_version, slug)
    q = _version_query(found.version)
    requirements = selectors.role_level_requirements(role_level=found)
    rows = [
        [
            {"text": r.skill.name, "href": reverse("framework:skill", args=[r.skill.slug]) + q},
            _level_label(r.level),
            {"html": _paragraphs(r.description)} if r.description else "",
        ]
        for r in requirements
    ]
    context = {
        "page_title": found.name,
        "breadcrumbs": _crumbs(
            {"text": found.role.family.name, "href": reverse("framework:family", args=[found.role.family.slug]) + q},
            {"text": found.role.name, "href": reverse("framework:role", args=[found.role.slug]) + q},
        ),
        "level": found,
        "rows": rows,
        "skills_head": ["Skill", "Level needed", "What it means at this level"],
        "summary": [
            {"key": "Role", "html": _link(reverse("framework:role", args=[found.role.slug]) + q, found.role.name)},
            {"key": "Indicative grades", "value": found.indicative_grades or "Not set"},
            {"key": "Skills needed", "value": str(len(requirements))},
        ],
        "next_level": selectors.role_level_next(role_level=found),
        "previous_level": selectors.role_level_previous(role_level=found),
        **_version_context(found.version),
    }
    return render(request, "framework/role_level.html", context)


def _link(href, text):
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


def _paragraphs(text):
    from core.templatetags.govuk import govuk_paragraphs

    return govuk_paragraphs(text)


@require_GET
def compare(request, slug):
    found = _resolve(request, selectors.role_level_get, selectors.role_level_get_any_version, slug)
    q = _version_query(found.version)
    target_slug = request.GET.get("with")
    if target_slug:
        target = selectors.role_level_get(slug=target_slug, version=found.version)
        if target is None or target.role_id != found.role_id:
            raise Http404("Compare with another level of the same role.")
    else:
        target = selectors.role_level_next(role_level=found)
    context = {
        "page_title": f"Moving up from {found.name}",
        "breadcrumbs": _crumbs(
            {"text": found.role.name, "href": reverse("framework:role", args=[found.role.slug]) + q},
            {"text": found.name, "href": reverse("framework:role_level", args=[found.slug]) + q},
        ),
        "level": found,
        "target": target,
        "develop_head": ["Skill", "Level now", "Level needed", "What the new level means"],
        "same_head": ["Skill", "Level"],
        "other_head": ["Skill", "Level now", "Level at the next level"],
        **_version_context(found.version),
    }
    if target is not None:
        rows = selectors.role_level_compare(role_level=found, target=target)
        context["develop_rows"] = [
            [
                {"text": r["skill"].name, "href": reverse("framework:skill", args=[r["skill"].slug]) + q},
                _level_label(r["from"]),
                _level_label(r["to"]),
                {"html": _paragraphs(r["description"])} if r["description"] else "",
            ]
            for r in rows
            if r["change"] in ("new", "higher")
        ]
        context["same_rows"] = [
            [
                {"text": r["skill"].name, "href": reverse("framework:skill", args=[r["skill"].slug]) + q},
                _level_label(r["to"]),
            ]
            for r in rows
            if r["change"] == "same"
        ]
        context["other_rows"] = [
            [
                {"text": r["skill"].name, "href": reverse("framework:skill", args=[r["skill"].slug]) + q},
                _level_label(r["from"]),
                _level_label(r["to"]),
            ]
            for r in rows
            if r["change"] in ("lower", "dropped")
        ]
    return render(request, "framework/compare.html", context)


@require_GET
def skill(request, slug):
    found = _resolve(request, selectors.skill_get, selectors.skill_get_any_version, slug)
    q = _version_query(found.version)
    descriptions = selectors.skill_level_descriptions(skill=found)
    levels = [
        {"key": label, "html": _paragraphs(descriptions[value])}
        for value, label in SkillLevel.choices
        if value in descriptions
    ]
    required_by = [
        [
            {"text": r.role_level.name, "href": reverse("framework:role_level", args=[r.role_level.slug]) + q},
            {"text": r.role_level.role.name, "href": reverse("framework:role", args=[r.role_level.role.slug]) + q},
            _level_label(r.level),
        ]
        for r in selectors.skill_required_by(skill=found)
    ]
    context = {
        "page_title": found.name,
        "breadcrumbs": _crumbs({"text": "Skills A to Z", "href": reverse("framework:skills") + q}),
        "skill": found,
        "levels": levels,
        "required_by": required_by,
        "required_head": ["Role level", "Role", "Level needed"],
        "notes": selectors.change_notes(kind=ChangeNote.Kind.SKILL, slug=found.slug),
        **_version_context(found.version),
    }
    return render(request, "framework/skill.html", context)


@require_GET
def skills(request):
    version = _requested_version(request)
    if version is None:
        return _not_loaded(request)
    groups = selectors.skills_a_to_z(version=version)
    context = {
        "page_title": "Skills A to Z",
        "breadcrumbs": _crumbs(),
        "groups": groups,
        "count": sum(len(items) for _, items in groups),
        **_version_context(version),
    }
    return render(request, "framework/skills.html", context)


@require_GET
def versions(request):
    rows = []
    for v in selectors.versions_published():
        summary = (v.diff or {}).get("summary", {})
        rows.append(
            [
                {"text": v.label, "href": reverse("framework:home") + _version_query(v)},
                v.get_status_display(),
                (v.activated_at or v.imported_at).strftime("%-d %B %Y"),
                v.source or "",
                str(summary.get("total", "")) if v.compared_with_id else "First version",
            ]
        )
    context = {
        "page_title": "Framework versions",
        "breadcrumbs": _crumbs(),
        "rows": rows,
        "head": ["Version", "Status", "Date", "Source", "Changes from the version before"],
    }
    return render(request, "framework/versions.html", context)


@require_GET
def download(request):
    version = _requested_version(request)
    if version is None:
        return _not_loaded(request)
    context = {"page_title": "Download the framework", "breadcrumbs": _crumbs(), **_version_context(version)}
    return render(request, "framework/download.html", context)


def _filename(version, name):
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in version.label)
    return f"framework-{safe}-{name}"


@require_GET
def export_csv(request, kind):
    version = _requested_version(request)
    if version is None:
        raise Http404
    roles_csv, skills_csv = framework_export_csv(version=version)
    body = roles_csv if kind == "roles" else skills_csv
    response = HttpResponse(body.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(version, kind + ".csv")}"'
    return response


@require_GET
def export_skos(request):
    version = _requested_version(request)
    if version is None:
        raise Http404
    response = JsonResponse(version_as_skos(version=version), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    response["Content-Disposition"] = f'inline; filename="{_filename(version, "skos.jsonld")}"'
    return response
