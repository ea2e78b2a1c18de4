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


# On every course page: add it to your own plan (a confirmation page says what it does for your goal), or see
# that it is already there. Signed-out readers are offered the same after signing in.
@hooks.register("course_page_actions")
def add_to_plan_action(request, course):
    from django.contrib.auth import REDIRECT_FIELD_NAME
    from django.utils.http import urlencode

    from .selectors import course_in_plan

    add = reverse("pathways:plan_add_course", args=[course.pk])
    if not request.user.is_authenticated:
        login = reverse("account_login") + "?" + urlencode({REDIRECT_FIELD_NAME: add})
        return [{"text": "Sign in to add this course to your learning plan", "href": login}]
    if course_in_plan(user=request.user, course_id=course.pk):
        return [
            {
                "text": "This course is in your learning plan.",
                "href": reverse("pathways:plan"),
                "link_text": "View your plan",
                "done": True,
            }
        ]
    return [{"text": "Add to my learning plan", "href": add, "button": True}]
