"""The JSON API, version 1. Each app contributes its routes from `<app>/api_urls.py`."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("framework/", include("framework.api_urls")),
]
