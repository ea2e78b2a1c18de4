from django.urls import path, re_path

from . import views

app_name = "learning_records"

urlpatterns = [
    re_path(r"^statements/?$", views.statements_view, name="statements"),
    path("statements/more/<str:token>", views.statements_more_view, name="statements_more"),
    re_path(r"^activities/state/?$", views.state_view, name="state"),
    re_path(r"^activities/profile/?$", views.activity_profile_view, name="activity_profile"),
    re_path(r"^activities/?$", views.activities_view, name="activities"),
    re_path(r"^agents/profile/?$", views.agent_profile_view, name="agent_profile"),
    re_path(r"^agents/?$", views.agents_view, name="agents"),
    re_path(r"^about/?$", views.about_view, name="about"),
    path("profile/", views.profile_page, name="profile"),
]
