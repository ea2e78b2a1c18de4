from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import Provider


class ProviderViewSet(SnippetViewSet):
    model = Provider
    icon = "group"
    menu_label = "Course providers"
    list_display = ["name", "provider_type", "website"]
    list_filter = ["provider_type"]
    search_fields = ["name"]


register_snippet(ProviderViewSet)


@hooks.register("register_admin_urls")
def register_catalogue_admin_urls():
    urls = [
        path("reports/", admin_views.catalogue_reports, name="reports"),
        path("reports/coverage.csv", admin_views.coverage_download, name="coverage_csv"),
        path("import/", admin_views.import_index, name="import_index"),
        path("import/<int:pk>/", admin_views.import_detail, name="import_detail"),
        path("import/<int:pk>/run/", admin_views.import_run, name="import_run"),
        path("import/template.<str:kind>", admin_views.import_template, name="import_template"),
    ]
    return [path("catalogue/", include((urls, "courses_admin"), namespace="courses_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


catalogue_menu = Menu(
    register_hook_name="register_catalogue_menu_item",
    construct_hook_name="construct_catalogue_menu",
)


@hooks.register("register_catalogue_menu_item")
def catalogue_reports_item():
    return PermissionMenuItem(
        "Reports", reverse("courses_admin:reports"), icon_name="doc-full", permission=admin_views.REPORT_PERMISSION
    )


@hooks.register("register_catalogue_menu_item")
def catalogue_import_item():
    return PermissionMenuItem(
        "Import courses",
        reverse("courses_admin:import_index"),
        icon_name="upload",
        permission=admin_views.IMPORT_PERMISSION,
    )


@hooks.register("register_admin_menu_item")
def catalogue_menu_item():
    return SubmenuMenuItem("Catalogue", catalogue_menu, icon_name="list-ul", order=250)


class CatalogueChecksPanel(Component):
    """On the admin home page: how many live courses are past review or have a broken booking link."""

    name = "catalogue_checks"
    order = 150
    template_name = "courses/admin/checks_panel.html"

    def get_context_data(self, parent_context=None):
        from .selectors import broken_links, courses_past_review

        return {"past_review": courses_past_review().count(), "broken": broken_links().count()}


@hooks.register("construct_homepage_panels")
def add_catalogue_checks_panel(request, panels):
    if request.user.has_perm(admin_views.REPORT_PERMISSION):
        panels.append(CatalogueChecksPanel())
