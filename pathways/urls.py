from django.urls import path

from . import views

app_name = "pathways"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("profile/", views.profile_edit, name="profile"),
    path("assessment/", views.assessment, name="assessment"),
    path("gap/", views.gap, name="gap"),
    path("compare/", views.compare, name="compare"),
    path("pathway/", views.pathway, name="pathway"),
    path("pathway/add/", views.pathway_add, name="pathway_add"),
    path("curated/<int:page_id>/add/", views.curated_add, name="curated_add"),
    path("plan/", views.plan, name="plan"),
    path("plan/<int:item_id>/", views.plan_item, name="plan_item"),
    path("plan/add/<int:course_id>/", views.plan_add_course, name="plan_add_course"),
    path("team/", views.team, name="team"),
    path("team/<int:user_id>/", views.report, name="report"),
]
