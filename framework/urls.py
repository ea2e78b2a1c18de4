from django.urls import path

from . import views

app_name = "framework"

# The paths of families, roles, role levels and skills are their IRIs (see the models' `iri`): keep them stable.
urlpatterns = [
    path("", views.home, name="home"),
    path("families/<slug:slug>", views.family, name="family"),
    path("roles/<slug:slug>", views.role, name="role"),
    path("role-levels/<slug:slug>", views.role_level, name="role_level"),
    path("role-levels/<slug:slug>/compare", views.compare, name="compare"),
    path("skills/", views.skills, name="skills"),
    path("skills/<slug:slug>", views.skill, name="skill"),
    path("versions/", views.versions, name="versions"),
    path("download/", views.download, name="download"),
    path("download/roles.csv", views.export_csv, {"kind": "roles"}, name="export_roles"),
    path("download/skills.csv", views.export_csv, {"kind": "skills"}, name="export_skills"),
    path("download/skos.jsonld", views.export_skos, name="export_skos"),
]
