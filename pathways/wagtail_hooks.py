from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def register_pathways_admin_urls():
    urls = [path("unmet-demand/", admin_views.unmet_demand, name="unmet_demand")]
    return [path("pathways/", include((urls, "pathways_admin"), namespace="pathways_admin"))]


class DemandMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.DEMAND_PERMISSION)


# Listed beside the catalogue reports (the catalogue's submenu), where L&D look for gaps in coverage.
@hooks.register("register_catalogue_menu_item")
def unmet_demand_item():
    return DemandMenuItem("Skills no course teaches", reverse("pathways_admin:unmet_demand"), icon_name="warning")
