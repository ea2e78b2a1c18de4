from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views

handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
handler403 = "core.views.permission_denied"

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("accessibility/", core_views.accessibility_statement, name="accessibility"),
    path("privacy/", core_views.privacy_notice, name="privacy"),
    path("cookies/", core_views.cookies, name="cookies"),
    path("healthz", core_views.healthcheck, name="healthcheck"),
    path("people/", include("people.urls")),
    path("framework/", include("framework.urls")),
    path("courses/", include("courses.urls")),
    path("xapi/", include("learning_records.urls")),
    path("pathways/", include("pathways.urls")),
    path("search/", include("search.urls")),
    path("insights/", include("insights.urls")),
    path("api/v1/", include("skills_site.api_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last so that the paths above win.
urlpatterns += [path("", include(wagtail_urls))]
