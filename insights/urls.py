from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("download/<slug:table>.<str:fmt>", views.download, name="download"),
]
