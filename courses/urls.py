from django.urls import path, re_path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    # A course's own xAPI activity IRI (SITE_BASE_URL/courses/activities/<stable id>) resolves to its page.
    re_path(r"^activities/(?P<stable_id>[0-9a-f-]{36})/?$", views.activity, name="activity"),
]
