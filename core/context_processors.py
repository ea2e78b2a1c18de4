from django.conf import settings

from .navigation import service_navigation


def service(request):
    return {
        "service_name": settings.SERVICE_NAME,
        "service_navigation": service_navigation(request),
    }
